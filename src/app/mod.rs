//! The TUI's state machine. Synchronous and pure: `update` takes a message, changes the
//! model and returns the side effects it wants as plain data. It never awaits, never reads
//! the clock (time arrives as `Msg::Tick`) and never touches the terminal.

pub mod api_pane;
pub mod keymap;
mod session;
pub mod text_input;
pub mod token_view;
pub mod tokens;

use crate::config::Profile;
use crate::domain::verify::{SignatureState, Verification};
use crate::domain::{DecodeError, Inspection};
use crate::net::{ApiResponse, CallError};
use api_pane::{ApiContext, ApiEffect, ApiPane};
use chrono::FixedOffset;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use keymap::Action;
use text_input::{InputOutcome, TextInput};
use token_view::TokenView;
use tokens::{HistoryEntry, TokensPane};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Inspector,
    Tokens,
    Api,
}

impl Pane {
    pub const ALL: [Pane; 3] = [Pane::Inspector, Pane::Tokens, Pane::Api];

    pub fn title(self) -> &'static str {
        match self {
            Pane::Inspector => "Inspector",
            Pane::Tokens => "Tokens",
            Pane::Api => "API",
        }
    }
}

/// Where the inspected token came from; shown so nobody mistakes a sample for their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenOrigin {
    Argument,
    Pasted,
    Typed,
    Fetched,
}

impl TokenOrigin {
    pub fn label(self) -> &'static str {
        match self {
            TokenOrigin::Argument => "from the command line",
            TokenOrigin::Pasted => "pasted",
            TokenOrigin::Typed => "typed",
            TokenOrigin::Fetched => "fetched",
        }
    }
}

/// Verification as the UI tracks it: the latest result, and whether a check is running.
#[derive(Debug, Clone, PartialEq)]
pub struct SignatureStatus {
    pub verification: Verification,
    pub pending: bool,
}

impl SignatureStatus {
    fn not_verified() -> Self {
        Self {
            verification: Verification { signature: SignatureState::NotVerified, findings: Vec::new() },
            pending: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct InspectedToken {
    pub inspection: Inspection,
    pub view: TokenView,
    pub origin: TokenOrigin,
    pub signature: SignatureStatus,
}

impl InspectedToken {
    pub fn new(inspection: Inspection, origin: TokenOrigin) -> Self {
        let view = TokenView::new(&inspection);
        Self { inspection, view, origin, signature: SignatureStatus::not_verified() }
    }

    pub fn raw(&self) -> &str {
        &self.inspection.jwt.raw
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeLevel {
    Info,
    Error,
}

/// A message about the last thing that happened; `hint` says what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub level: NoticeLevel,
    pub text: String,
    pub hint: Option<String>,
}

impl Notice {
    pub fn info(text: impl Into<String>) -> Self {
        Self { level: NoticeLevel::Info, text: text.into(), hint: None }
    }

    pub fn error(text: impl Into<String>) -> Self {
        Self { level: NoticeLevel::Error, text: text.into(), hint: None }
    }
}

/// A token request in flight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingFetch {
    pub id: u64,
    pub profile: String,
    /// Whether auto-renew started it (shown, so a surprise fetch is explained).
    pub automatic: bool,
}

/// A fetched token as the runtime hands it back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchedToken {
    pub access_token: String,
    pub profile: String,
}

/// A failed fetch, already in words: the message and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchFailure {
    pub message: String,
    pub hint: Option<String>,
}

/// Auto-renew fetches when less than this share of the lifetime is left.
pub const AUTO_RENEW_REMAINING: f64 = 0.05;
/// After a failed automatic fetch, wait this long before trying again by itself.
pub const AUTO_RENEW_BACKOFF_SECS: i64 = 30;

#[derive(Debug, Clone)]
pub struct Model {
    /// Seconds since the epoch, from the last tick. The only clock the UI knows.
    pub now: i64,
    /// The local zone's offset, captured once at start, so rendering stays pure.
    pub utc_offset: FixedOffset,
    pub pane: Pane,
    pub token: Option<InspectedToken>,
    pub notice: Option<Notice>,
    /// The `e` input line, while open.
    pub input: Option<TextInput>,
    pub show_help: bool,
    pub scroll: u16,
    /// Terminal size, for page-sized scrolling.
    pub viewport: (u16, u16),
    /// Largest useful scroll offset for the current content and size, reported by the
    /// runtime after each draw (only layout knows how text wraps).
    pub scroll_limit: u16,
    pub profiles: Vec<Profile>,
    pub active_profile: Option<usize>,
    /// Problems found while loading the configuration, shown in the Tokens pane.
    pub config_problems: Vec<String>,
    pub tokens: TokensPane,
    pub fetch: Option<PendingFetch>,
    pub auto_renew: bool,
    /// When the last automatic fetch failed, to back off instead of retrying every tick.
    pub auto_renew_failed_at: Option<i64>,
    pub api: ApiPane,
    /// The request id of the API pane's call in flight.
    api_call: Option<u64>,
    /// Advances while a request is in flight, for the spinner.
    pub spinner: usize,
    next_request_id: u64,
    pub should_quit: bool,
    /// Set by `update` when something visible changed; the runtime clears it after drawing.
    pub dirty: bool,
}

impl Model {
    pub fn new(now: i64, utc_offset: FixedOffset) -> Self {
        Self {
            now,
            utc_offset,
            pane: Pane::Inspector,
            token: None,
            notice: None,
            input: None,
            show_help: false,
            scroll: 0,
            viewport: (80, 24),
            scroll_limit: u16::MAX,
            profiles: Vec::new(),
            active_profile: None,
            config_problems: Vec::new(),
            tokens: TokensPane::default(),
            fetch: None,
            auto_renew: false,
            auto_renew_failed_at: None,
            api: ApiPane::new(),
            api_call: None,
            spinner: 0,
            next_request_id: 1,
            should_quit: false,
            dirty: true,
        }
    }

    /// Adds profiles; the first one becomes active unless one already is.
    pub fn with_profiles(mut self, profiles: Vec<Profile>, active: Option<usize>) -> Self {
        self.active_profile = active.or(if profiles.is_empty() { None } else { Some(0) });
        self.profiles = profiles;
        self
    }

    pub fn active_profile(&self) -> Option<&Profile> {
        self.active_profile.and_then(|index| self.profiles.get(index))
    }

    /// True while any request runs: the runtime then ticks the spinner.
    pub fn busy(&self) -> bool {
        self.fetch.is_some()
            || self.token.as_ref().is_some_and(|t| t.signature.pending)
            || self.api.in_flight()
    }

    fn next_id(&mut self) -> u64 {
        let id = self.next_request_id;
        self.next_request_id += 1;
        id
    }

    /// Decodes `text` and, if it is a token, inspects it (returning the verification to run);
    /// otherwise keeps the current token and says why.
    pub fn load_token(&mut self, text: &str, origin: TokenOrigin) -> Result<Vec<Cmd>, DecodeError> {
        match Inspection::from_pasted(text) {
            Ok(inspection) => Ok(self.inspect(InspectedToken::new(inspection, origin), None)),
            Err(error) => {
                let kept = if self.token.is_some() { " The previous token is kept." } else { "" };
                self.notice = Some(Notice::error(format!("Not a token: {error}.{kept}")));
                Err(error)
            }
        }
    }

    /// Makes `token` the inspected one, records it in the history and asks for its
    /// verification when its issuer is a configured profile (never otherwise).
    fn inspect(&mut self, mut token: InspectedToken, profile_name: Option<String>) -> Vec<Cmd> {
        let mut cmds = Vec::new();
        if let Some(profile) = self.profile_for(&token) {
            token.signature.pending = true;
            cmds.push(Cmd::Verify { raw: token.raw().to_owned(), profile: Some(profile.clone()) });
        }
        self.notice = Some(Notice::info(format!("Token loaded ({}).", token.origin.label())));
        self.tokens.remember(HistoryEntry { token: token.clone(), seen_at: self.now, profile: profile_name });
        self.api.on_token_changed(&token.inspection.claims.scopes);
        self.token = Some(token);
        self.scroll = 0;
        cmds
    }

    /// The configured profile whose tenant issued this token, if any.
    fn profile_for(&self, token: &InspectedToken) -> Option<&Profile> {
        let iss = token.inspection.claims.iss.as_deref()?;
        self.profiles.iter().find(|p| p.matches_issuer(iss))
    }
}

#[derive(Debug, Clone)]
pub enum Msg {
    Key(KeyEvent),
    /// A bracketed paste: one atomic edit, never interpreted as key presses.
    Paste(String),
    Tick(i64),
    /// A faster tick that only animates the spinner while something is in flight.
    Spinner,
    Resize(u16, u16),
    /// The renderer's largest useful scroll offset changed.
    ScrollLimit(u16),
    /// The clipboard write finished (or failed softly).
    Copied {
        what: String,
        result: Result<(), String>,
    },
    TokenFetched {
        id: u64,
        result: Result<FetchedToken, FetchFailure>,
    },
    Verified {
        raw: String,
        verification: Verification,
    },
    ApiDone {
        id: u64,
        result: Result<ApiResponse, CallError>,
    },
}

#[derive(Debug, Clone)]
pub enum Cmd {
    /// Put this text on the clipboard; `what` names it in the confirmation.
    Copy {
        what: String,
        text: String,
    },
    FetchToken {
        id: u64,
        profile: Profile,
    },
    /// Verify a token: against `profile`'s tenant, or (when `None`, only on explicit request)
    /// against the token's own issuer.
    Verify {
        raw: String,
        profile: Option<Profile>,
    },
    CallApi {
        id: u64,
        request: ApiRequest,
    },
    /// Abort the task with this request id.
    Cancel(u64),
}

/// One Management API call, as plain data.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiRequest {
    pub domain: String,
    pub method: String,
    /// Path below the domain, with query string (`/api/v2/users?page=0`).
    pub path_and_query: String,
    pub token: String,
    pub body: Option<serde_json::Value>,
}

/// The one place state changes.
pub fn update(model: &mut Model, msg: Msg) -> Vec<Cmd> {
    match msg {
        Msg::Tick(now) => {
            if now == model.now {
                return Vec::new();
            }
            model.now = now;
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
                model.spinner = model.spinner.wrapping_add(1);
                model.dirty = true;
            }
            Vec::new()
        }
        Msg::Resize(width, height) => {
            model.viewport = (width, height);
            model.dirty = true;
            Vec::new()
        }
        Msg::ScrollLimit(limit) => {
            model.scroll_limit = limit;
            if model.scroll > limit {
                model.scroll = limit;
                model.dirty = true;
            }
            Vec::new()
        }
        Msg::Paste(text) => {
            model.dirty = true;
            if let Some(input) = model.input.as_mut() {
                input.insert(&text);
                return Vec::new();
            }
            if model.pane == Pane::Api && model.api.accepts_paste() {
                model.api.on_paste(&text);
                return Vec::new();
            }
            model.load_token(&text, TokenOrigin::Pasted).unwrap_or_default()
        }
        Msg::Copied { what, result } => {
            model.dirty = true;
            model.notice = Some(match result {
                Ok(()) => Notice::info(format!(
                    "Copied {what} to the clipboard (OSC 52; your terminal must allow it)."
                )),
                Err(reason) => Notice::error(format!("Copy failed: {reason}")),
            });
            Vec::new()
        }
        Msg::TokenFetched { id, result } => session::on_token_fetched(model, id, result),
        Msg::Verified { raw, verification } => {
            model.dirty = true;
            model.apply_verification(&raw, verification);
            Vec::new()
        }
        Msg::ApiDone { id, result } => {
            // A cancelled or superseded call's answer is ignored.
            if model.api_call == Some(id) {
                model.api_call = None;
                model.dirty = true;
                model.api.on_response(result, model.now);
            }
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
    if let Some(input) = model.input.as_mut() {
        let outcome = input.handle_key(&key);
        model.dirty = true;
        return match outcome {
            InputOutcome::Ignored => Vec::new(),
            InputOutcome::Edited => Vec::new(),
            InputOutcome::Cancelled => {
                model.input = None;
                Vec::new()
            }
            InputOutcome::Submitted(text) => match model.load_token(&text, TokenOrigin::Typed) {
                Ok(cmds) => {
                    model.input = None;
                    cmds
                }
                Err(_) => Vec::new(),
            },
        };
    }
    if model.show_help {
        // Any key closes the overlay; only quitting keys also act.
        model.show_help = false;
        model.dirty = true;
        if keymap::action_for(&key, model.pane) == Some(Action::Quit) {
            model.should_quit = true;
        }
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
        token: model.token.as_ref().map(|t| t.raw().to_owned()),
        domain: model.active_profile().map(|p| p.domain.clone()),
        now: model.now,
        viewport: model.viewport,
    };
    let effects = f(&mut model.api, &context);
    effects
        .into_iter()
        .map(|effect| match effect {
            ApiEffect::Call(request) => {
                let id = model.next_id();
                model.api_call = Some(id);
                Cmd::CallApi { id, request }
            }
            ApiEffect::Copy { what, text } => Cmd::Copy { what, text },
        })
        .collect()
}

fn on_action(model: &mut Model, action: Action, key: &KeyEvent) -> Vec<Cmd> {
    let page = model.viewport.1.saturating_sub(8).max(1);
    match action {
        Action::Quit => model.should_quit = true,
        Action::ToggleHelp => model.show_help = true,
        Action::EditToken => {
            let current = model.token.as_ref().map(|t| t.raw()).unwrap_or("");
            model.input = Some(TextInput::with_text(current));
        }
        Action::CopyToken => match model.token.as_ref() {
            Some(token) => {
                return vec![Cmd::Copy { what: "the token".to_owned(), text: token.raw().to_owned() }];
            }
            None => model.notice = Some(Notice::error("Nothing to copy: no token yet.")),
        },
        Action::Fetch => return model.start_fetch(false),
        Action::Verify => return session::explicit_verify(model),
        Action::ToggleAutoRenew => {
            model.auto_renew = !model.auto_renew;
            model.auto_renew_failed_at = None;
            model.notice = Some(Notice::info(if model.auto_renew {
                "Auto-renew on: a new token is fetched when less than 5 % of the lifetime is left \
                 (tokens cannot be refreshed)."
            } else {
                "Auto-renew off."
            }));
        }
        Action::Cancel => return cancel(model),
        Action::ScrollDown => model.scroll = model.scroll.saturating_add(1).min(model.scroll_limit),
        Action::ScrollUp => model.scroll = model.scroll.saturating_sub(1),
        Action::PageDown => model.scroll = model.scroll.saturating_add(page).min(model.scroll_limit),
        Action::PageUp => model.scroll = model.scroll.saturating_sub(page),
        Action::ScrollTop => model.scroll = 0,
        Action::ScrollBottom => model.scroll = model.scroll_limit,
        Action::ShowInspector => model.pane = Pane::Inspector,
        Action::ShowTokens => model.pane = Pane::Tokens,
        Action::ShowApi => model.pane = Pane::Api,
        Action::NextPane => {
            let index = Pane::ALL.iter().position(|p| *p == model.pane).unwrap_or(0);
            model.pane = Pane::ALL[(index + 1) % Pane::ALL.len()];
        }
        Action::SelectDown => model.tokens.move_by(1, model.profiles.len()),
        Action::SelectUp => model.tokens.move_by(-1, model.profiles.len()),
        Action::Choose => return session::choose_token_row(model),
        Action::Api => {
            return with_api(model, |api, context| api.on_key(key, context));
        }
    }
    Vec::new()
}

fn cancel(model: &mut Model) -> Vec<Cmd> {
    if let Some(pending) = model.fetch.take() {
        model.notice = Some(Notice::info("Token request cancelled."));
        return vec![Cmd::Cancel(pending.id)];
    }
    if model.api.cancel() {
        model.notice = Some(Notice::info("API call cancelled."));
        return model.api_call.take().map(Cmd::Cancel).into_iter().collect();
    }
    model.notice = None;
    Vec::new()
}
