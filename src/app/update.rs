//! The one place state changes: `update` and the handlers it dispatches to.

use super::api_pane::{ApiContext, ApiEffect, ApiPane};
use super::help::{self, HelpKey};
use super::inspected::{InspectedToken, TokenOrigin};
use super::keymap::{self, Action};
use super::model::Model;
use super::msg::FetchedToken;
use super::msg::{Cmd, Msg};
use super::notice::{Notice, NoticeLevel};
use super::pane::Pane;
use super::text_input::{InputOutcome, TextInput};
use super::tokens::Row;
use crate::domain::Inspection;
use crate::domain::sanitize::escape_control;
use crate::domain::verify::SignatureState;
use crate::net::FetchError;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The one place state changes.
pub fn update(model: &mut Model, msg: Msg) -> Vec<Cmd> {
    match msg {
        Msg::Tick(now) => {
            if now == model.now {
                return Vec::new();
            }
            model.now = now;
            model.drift_tick();
            if model.tokens.diff().is_some() {
                model.tokens.refresh_diff(model.session.profiles.len(), now);
            }
            // A retry scheduled for the rate-limit reset fires from here.
            let mut cmds = with_api(model, |api, context| api.on_tick(context));
            // Only a live countdown (or rate-limit reset) needs the new second on screen.
            model.dirty |= model.token.is_some()
                || model.api.shows_countdown(model.now)
                || model.pane == Pane::Tokens
                || !cmds.is_empty();
            if model.wants_auto_renew() {
                model.dirty = true;
                cmds.extend(model.start_fetch(true));
            }
            cmds
        }
        Msg::Spinner => {
            if model.busy() {
                model.screen.spinner = model.screen.spinner.wrapping_add(1);
                model.dirty = true;
            }
            Vec::new()
        }
        Msg::Resize(width, height) => {
            model.screen.viewport = (width, height);
            model.dirty = true;
            Vec::new()
        }
        Msg::BodyLaidOut(layout) => {
            model.inspector.layout = Some(layout);
            model.dirty = true;
            Vec::new()
        }
        Msg::ScrollLimit(limit) => {
            model.inspector.scroll_limit = limit;
            if model.inspector.scroll > limit {
                model.inspector.scroll = limit;
                model.dirty = true;
            }
            Vec::new()
        }
        Msg::Paste(text) => {
            model.dirty = true;
            if let Some(input) = model.inspector.input.as_mut() {
                input.insert(&text);
                return Vec::new();
            }
            if model.pane == Pane::Api && model.api.accepts_paste() {
                model.api.on_paste(&text);
                return Vec::new();
            }
            model.load_token(text, TokenOrigin::Pasted).unwrap_or_default()
        }
        Msg::Copied { what, result } => {
            model.dirty = true;
            model.notice = Some(match result {
                // OSC 52 has no answer: whether the terminal took it cannot be known.
                Ok(()) => Notice::info(format!(
                    "Sent {what} to the terminal's clipboard (OSC 52; works if the terminal allows it)."
                )),
                Err(reason) => Notice::error(format!("Copy failed: {reason}")),
            });
            Vec::new()
        }
        Msg::TokenFetched { id, result } => on_token_fetched(model, id, result),
        Msg::Verified { raw, verification } => {
            model.dirty = true;
            model.apply_verification(&raw, verification);
            Vec::new()
        }
        Msg::ApiDone { id, result } => {
            // A cancelled or superseded call's answer is ignored.
            if model.session.api_call == Some(id) {
                model.session.api_call = None;
                model.dirty = true;
                model.api.on_response(result, model.now);
            }
            Vec::new()
        }
        Msg::DriftChecked { id, result } => {
            model.on_drift_checked(id, result);
            Vec::new()
        }
        Msg::DocOpened { url, result } => {
            model.dirty = true;
            match result {
                Ok(()) => {
                    model.notice = Some(Notice::info(format!(
                        "Opened the documentation page in the browser: {}",
                        escape_control(&url)
                    )));
                    Vec::new()
                }
                // No browser here (SSH, a container): the link goes to the clipboard instead,
                // and the copy's own notice says so.
                Err(reason) => vec![Cmd::Copy {
                    what: format!("the documentation link (no browser opened: {reason})"),
                    text: url,
                }],
            }
        }
        Msg::BodyEdited(result) => {
            model.dirty = true;
            model.notice = Some(match result {
                Ok(text) => Notice::info(model.api.on_body_edited(&text)),
                Err(error) => Notice::error(format!("External editor: {error}")),
            });
            Vec::new()
        }
        Msg::Key(key) => on_key(model, key),
    }
}

fn on_key(model: &mut Model, key: KeyEvent) -> Vec<Cmd> {
    let ctrl_c = key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c');
    if ctrl_c {
        model.should_quit = true;
        return Vec::new();
    }
    if let Some(input) = model.inspector.input.as_mut() {
        let outcome = input.handle_key(&key);
        model.dirty = true;
        return match outcome {
            InputOutcome::Ignored => Vec::new(),
            InputOutcome::Edited => Vec::new(),
            InputOutcome::Cancelled => {
                model.inspector.input = None;
                Vec::new()
            }
            InputOutcome::Submitted(text) => match model.load_token(text, TokenOrigin::Typed) {
                Ok(cmds) => {
                    model.inspector.input = None;
                    cmds
                }
                Err(_) => Vec::new(),
            },
        };
    }
    if model.show_help {
        // The overlay keeps every key: `?`, Esc and `q` close it, the scrolling keys scroll it.
        match help::help_key(&key) {
            HelpKey::Close => {
                model.show_help = false;
                model.help_scroll = 0;
            }
            HelpKey::Quit => model.should_quit = true,
            HelpKey::Scroll(by) => model.help_scroll = help::scrolled(model.help_scroll, by, model.pane),
            HelpKey::Ignore => return Vec::new(),
        }
        model.dirty = true;
        return Vec::new();
    }
    if model.pane == Pane::Api && model.api.captures_keys() {
        model.dirty = true;
        return with_api(model, |api, context| api.on_key(&key, context));
    }
    let Some(action) = keymap::action_for(&key, model.pane) else {
        return Vec::new();
    };
    model.dirty = true;
    on_action(model, action, &key)
}

/// Runs `f` on the API pane with what it needs from the rest of the model, and turns the
/// effects it returns into commands (request ids are assigned here, unique across fetches
/// and calls).
fn with_api(model: &mut Model, f: impl FnOnce(&mut ApiPane, &ApiContext) -> Vec<ApiEffect>) -> Vec<Cmd> {
    let context = ApiContext {
        token: model.token.as_ref().map(InspectedToken::raw),
        domain: model.active_profile().map(|p| p.domain.clone()),
        tenant: model.tenant_verdict(),
        now: model.now,
        viewport: model.screen.viewport,
        profiles: model.session.profiles.iter().map(|p| (p.client_id.clone(), p.name.clone())).collect(),
    };
    let effects = f(&mut model.api, &context);
    effects
        .into_iter()
        .filter_map(|effect| match effect {
            ApiEffect::Call(request) => {
                let id = model.next_id();
                model.session.api_call = Some(id);
                Some(Cmd::CallApi { id, request })
            }
            ApiEffect::Copy { what, text } => Some(Cmd::Copy { what, text }),
            ApiEffect::OpenDoc { url } => Some(Cmd::OpenDoc { url }),
            ApiEffect::EditExternally { text } => Some(Cmd::EditBody { text }),
            ApiEffect::Notice(text) => {
                model.notice = Some(Notice::info(text));
                None
            }
        })
        .collect()
}

fn on_action(model: &mut Model, action: Action, key: &KeyEvent) -> Vec<Cmd> {
    let page = usize::from(model.screen.viewport.1.saturating_sub(8).max(1));
    match action {
        Action::Quit => model.should_quit = true,
        Action::ToggleHelp => model.show_help = true,
        Action::EditToken => {
            let current = model.token.as_ref().map(|t| t.raw()).unwrap_or("");
            model.inspector.input = Some(TextInput::with_text(current));
        }
        Action::CopyToken => match model.token.as_ref() {
            Some(token) => {
                return vec![Cmd::Copy { what: "the token".to_owned(), text: token.raw().to_owned() }];
            }
            None => model.notice = Some(Notice::error("Nothing to copy: no token yet.")),
        },
        Action::Fetch => return model.start_fetch(false),
        Action::Verify => return explicit_verify(model),
        Action::CheckDrift => return model.check_drift_now(),
        Action::ToggleAutoRenew => {
            model.session.auto_renew = !model.session.auto_renew;
            model.session.auto_renew_failed_at = None;
            model.notice = Some(Notice::info(if model.session.auto_renew {
                "Auto-renew on: a new token is fetched when less than 5 % of the lifetime is left \
                 (tokens cannot be refreshed)."
            } else {
                "Auto-renew off."
            }));
        }
        Action::Cancel => return cancel(model),
        Action::ScrollDown => {
            model.inspector.scroll =
                model.inspector.scroll.saturating_add(1).min(model.inspector.scroll_limit)
        }
        Action::ScrollUp => model.inspector.scroll = model.inspector.scroll.saturating_sub(1),
        Action::PageDown => {
            model.inspector.scroll =
                model.inspector.scroll.saturating_add(page).min(model.inspector.scroll_limit)
        }
        Action::PageUp => model.inspector.scroll = model.inspector.scroll.saturating_sub(page),
        Action::ScrollTop => model.inspector.scroll = 0,
        Action::ScrollBottom => model.inspector.scroll = model.inspector.scroll_limit,
        Action::ShowInspector => model.pane = Pane::Inspector,
        Action::ShowTokens => model.pane = Pane::Tokens,
        Action::ShowApi => model.pane = Pane::Api,
        Action::NextPane => {
            let index = Pane::ALL.iter().position(|p| *p == model.pane).unwrap_or(0);
            model.pane = Pane::ALL[(index + 1) % Pane::ALL.len()];
        }
        Action::SelectDown => {
            model.tokens.move_by(1, model.session.profiles.len());
            model.tokens.refresh_diff(model.session.profiles.len(), model.now);
        }
        Action::SelectUp => {
            model.tokens.move_by(-1, model.session.profiles.len());
            model.tokens.refresh_diff(model.session.profiles.len(), model.now);
        }
        Action::MarkToken => {
            model.notice = Some(match model.tokens.toggle_mark(model.session.profiles.len(), model.now) {
                Some(true) => {
                    Notice::info("Marked: move to another token to see the difference (m unmarks).")
                }
                Some(false) => Notice::info("Unmarked."),
                None => Notice::info("Select a token of this session's history to mark it."),
            });
        }
        Action::ExpandDiff => {
            model.tokens.diff_expanded = !model.tokens.diff_expanded;
            model.notice = Some(Notice::info(if model.tokens.diff_expanded {
                "The difference lists every operation gained and lost (o: only counts per group)."
            } else {
                "The difference shows counts per group (o: every operation)."
            }));
        }
        Action::Choose => return choose_token_row(model),
        Action::Api => {
            return with_api(model, |api, context| api.on_key(key, context));
        }
    }
    Vec::new()
}

fn cancel(model: &mut Model) -> Vec<Cmd> {
    if let Some(pending) = model.session.fetch.take() {
        model.notice = Some(Notice::info("Token request cancelled."));
        return vec![Cmd::Cancel(pending.id)];
    }
    if model.api.cancel() {
        model.notice = Some(Notice::info("API call cancelled."));
        return model.session.api_call.take().map(Cmd::Cancel).into_iter().collect();
    }
    // The grant check shows (and is cancelled) in the Inspector only; elsewhere Esc keeps its
    // meaning for that pane.
    if model.pane == Pane::Inspector
        && let Some(cmd) = model.cancel_drift()
    {
        return vec![cmd];
    }
    if model.pane == Pane::Api && model.api.clear_kept_filter() {
        model.notice = Some(Notice::info("Filter cleared: every operation shows again (/ sets one)."));
        return Vec::new();
    }
    model.notice = None;
    Vec::new()
}

fn on_token_fetched(model: &mut Model, id: u64, result: Result<FetchedToken, FetchError>) -> Vec<Cmd> {
    // A cancelled or superseded request's answer is ignored.
    if model.session.fetch.as_ref().is_none_or(|pending| pending.id != id) {
        return Vec::new();
    }
    let automatic = model.session.fetch.take().is_some_and(|pending| pending.automatic);
    model.dirty = true;
    match result {
        Ok(fetched) => match Inspection::from_pasted(&fetched.access_token) {
            Ok(inspection) => {
                model.session.auto_renew_failed_at = None;
                let token = InspectedToken::new(inspection, TokenOrigin::Fetched);
                let cmds = model.inspect(token, Some(fetched.profile.clone()));
                model.notice = Some(Notice::info(format!(
                    "New token from `{}`. It cannot be refreshed or revoked: it stays valid until exp.",
                    fetched.profile
                )));
                cmds
            }
            Err(error) => {
                model.notice =
                    Some(Notice::error(format!("The server returned something that is not a JWT: {error}")));
                Vec::new()
            }
        },
        Err(error) => {
            if automatic {
                model.session.auto_renew_failed_at = Some(model.now);
            }
            model.notice = Some(Notice {
                level: NoticeLevel::Error,
                text: error.to_string(),
                hint: error.hint().map(str::to_owned),
            });
            Vec::new()
        }
    }
}

fn explicit_verify(model: &mut Model) -> Vec<Cmd> {
    let Some(token) = model.token.as_ref() else {
        model.notice = Some(Notice::error("Nothing to verify: no token yet."));
        return Vec::new();
    };
    if token.inspection.claims.iss.is_none() {
        model.notice = Some(Notice::error("The token has no iss claim: there is no issuer to ask for keys."));
        return Vec::new();
    }
    let raw = token.raw().to_owned();
    let profile = model.profile_for(token).cloned();
    if profile.is_none() {
        model.notice = Some(Notice::info(format!(
            "Asking the token's issuer ({}) for its keys, as you requested…",
            crate::domain::sanitize::escape_control(token.inspection.claims.iss.as_deref().unwrap_or(""))
        )));
    }
    if let Some(token) = model.token.as_mut() {
        token.signature.pending = true;
    }
    vec![Cmd::Verify { raw, profile }]
}

fn choose_token_row(model: &mut Model) -> Vec<Cmd> {
    match model.tokens.row(model.session.profiles.len()) {
        Some(Row::Profile(index)) => {
            model.session.active = Some(index);
            let name = model.session.profiles.get(index).map(|p| p.name.clone()).unwrap_or_default();
            model.notice =
                Some(Notice::info(format!("Active profile: `{name}`. Press f to fetch a token from it.")));
            Vec::new()
        }
        Some(Row::History(index)) => {
            let Some(entry) = model.tokens.history.get(index).cloned() else { return Vec::new() };
            let already_verified =
                !matches!(entry.token.signature.verification.signature, SignatureState::NotVerified);
            let mut token = entry.token;
            let mut cmds = Vec::new();
            // Re-verify only what was never checked; a finished check's result is kept.
            if !already_verified && let Some(profile) = model.profile_for(&token).cloned() {
                token.signature.pending = true;
                cmds.push(Cmd::Verify { raw: token.raw().to_owned(), profile: Some(profile) });
            }
            model.api.on_token_changed(&token.inspection.claims.scopes);
            model.token = Some(token);
            model.inspector.scroll = 0;
            model.inspector.layout = None;
            model.pane = Pane::Inspector;
            model.notice = Some(Notice::info("Inspecting a token from this session's history."));
            cmds.extend(model.drift_on_token_changed());
            cmds
        }
        None => Vec::new(),
    }
}
