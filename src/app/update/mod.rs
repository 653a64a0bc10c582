//! The one place state changes: `update` takes a message, routes it (to the open modal, the
//! global keys or the focused pane), turns what the panes ask for into commands, and lays the
//! screen out again. It never awaits, never reads the clock and never touches the terminal.

mod effects;
mod keys;
mod mouse;
mod session;

pub use session::NotAToken;
pub(crate) use session::load_token;

use super::cmd::Cmd;
use super::model::Model;
use super::msg::Msg;
use super::notice::Notice;
use crate::domain::sanitize::escape_control;

/// The one place state changes.
pub fn update(model: &mut Model, msg: Msg) -> Vec<Cmd> {
    let cmds = route(model, msg);
    model.relayout();
    cmds
}

fn route(model: &mut Model, msg: Msg) -> Vec<Cmd> {
    match msg {
        Msg::Tick(now) => on_tick(model, now),
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
        Msg::Key(key) => keys::on_key(model, &key),
        Msg::Paste(text) => keys::on_paste(model, text),
        Msg::Mouse(event) => mouse::on_mouse(model, &event),
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
        Msg::TokenFetched { id, result } => session::on_token_fetched(model, id, result),
        Msg::Verified { raw, verification } => {
            session::apply_verification(model, &raw, verification);
            Vec::new()
        }
        Msg::ApiDone { id, result } => {
            if model.session.requests.remedy == Some(id) {
                model.session.requests.remedy = None;
                model.dirty = true;
                let effects = model.panes.exposure.on_remedy_done(result, model.now);
                return effects::apply(model, effects);
            }
            // A cancelled or superseded call's answer is ignored.
            if model.session.requests.api != Some(id) {
                return Vec::new();
            }
            model.session.requests.api = None;
            model.dirty = true;
            let effects = model.panes.api.on_response(result, model.now);
            effects::apply(model, effects)
        }
        Msg::DriftChecked { id, result } => {
            if model.session.requests.drift != Some(id) {
                return Vec::new();
            }
            model.session.requests.drift = None;
            model.dirty = true;
            model.panes.inspector.on_drift_checked(result, model.now);
            model.end(super::notice::Topic::GrantCheck);
            Vec::new()
        }
        Msg::ExposureRead { id, result } => {
            if model.session.requests.exposure != Some(id) {
                return Vec::new();
            }
            model.session.requests.exposure = None;
            model.dirty = true;
            let effects = model.panes.exposure.on_read(result, model.now);
            effects::apply(model, effects)
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
        Msg::KeyFileRead { path, result } => {
            model.dirty = true;
            let (panes, ctx) = model.split();
            let effects = panes.encoder.on_key_file(&path, result, &ctx);
            effects::apply(model, effects)
        }
        Msg::BodyEdited(result) => {
            model.dirty = true;
            model.notice = Some(match result {
                Ok(text) => model.panes.api.on_body_edited(&text),
                Err(error) => Notice::error(format!("External editor: {error}")),
            });
            Vec::new()
        }
    }
}

fn on_tick(model: &mut Model, now: i64) -> Vec<Cmd> {
    if now == model.now {
        return Vec::new();
    }
    model.now = now;
    let mut effects = Vec::new();
    let focus = model.focus;
    let (panes, ctx) = model.split();
    for id in super::panes::PaneId::ALL {
        effects.extend(panes.get_mut(*id).on_tick(&ctx));
    }
    // Only what follows the clock on screen needs the new second drawn.
    let follows = panes.get(focus).follows_clock(&ctx);
    model.dirty |= follows || !effects.is_empty();
    let mut cmds = effects::apply(model, effects);
    if session::wants_auto_renew(model) {
        model.dirty = true;
        cmds.extend(session::start_fetch(model, true));
    }
    cmds
}
