//! The Encoder's modals: the claims editor, the scope pickers, the key picker and the key
//! file's path. The modal takes every key; what an answer means is decided here, and an
//! answer that cannot be used keeps its modal open with the reason.

use super::EncoderPane;
use super::source::{self, Choice, KeySource};
use crate::app::context::PaneContext;
use crate::app::modal::{Answer, Modal, ModalEvent, ModalKind, Picker, Reply};
use crate::app::notice::Notice;
use crate::app::panes::effect::Effect;
use crate::domain::sanitize::escape_control;
use crate::domain::scope_catalog::known_scopes;
use crate::domain::signing::claims::{add_scopes, claims_from_text, remove_scopes};
use crossterm::event::KeyEvent;
use serde_json::Value;
use std::path::PathBuf;

/// What an open modal of the pane is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Purpose {
    /// The claims, in the multi-line editor.
    Claims,
    /// A Management API scope to add.
    AddScope,
    /// One of the claims' scopes to remove.
    RemoveScope,
    /// The key to sign with.
    Key,
    /// The path of a key file.
    KeyFile,
}

impl EncoderPane {
    pub(super) fn on_modal_key(&mut self, key: &KeyEvent, ctx: &PaneContext) -> Vec<Effect> {
        let Some(modal) = self.modal.as_mut() else { return Vec::new() };
        let event = modal.on_key(key);
        self.on_modal_event(event, ctx)
    }

    pub(super) fn on_modal_paste(&mut self, text: &str, ctx: &PaneContext) -> Vec<Effect> {
        let Some(modal) = self.modal.as_mut() else { return Vec::new() };
        let event = modal.on_paste(text);
        self.on_modal_event(event, ctx)
    }

    fn on_modal_event(&mut self, event: ModalEvent, ctx: &PaneContext) -> Vec<Effect> {
        match event {
            ModalEvent::Stay | ModalEvent::Edited(_) | ModalEvent::Alternative => Vec::new(),
            ModalEvent::Cancelled => match self.modal.take().map(|m| m.purpose) {
                Some(Purpose::Claims) => {
                    vec![Effect::Notice(Notice::info(
                        "The claims are as they were (Enter edits them again).",
                    ))]
                }
                _ => Vec::new(),
            },
            // Taken out before the answer is handled: handling it may open the next modal, or
            // put this one back with the reason.
            ModalEvent::Submitted(answer) => {
                let Some(mut modal) = self.modal.take() else { return Vec::new() };
                match self.on_answer(&modal.purpose, answer, ctx) {
                    Reply::Close(effects) => effects,
                    Reply::Refuse(reason) => {
                        modal.kind.refuse(reason);
                        self.modal = Some(modal);
                        Vec::new()
                    }
                }
            }
        }
    }

    fn on_answer(&mut self, purpose: &Purpose, answer: Answer, ctx: &PaneContext) -> Reply<Effect> {
        match (purpose, answer) {
            (Purpose::Claims, Answer::Text(text)) => match claims_from_text(&text) {
                Ok(claims) => {
                    self.claims = claims;
                    self.sign(ctx.now);
                    Reply::Close(vec![Effect::Notice(self.signed_notice("The claims changed"))])
                }
                // The editor stays open with the reason; the text is kept as typed.
                Err(reason) => Reply::Refuse(capitalise(&reason.to_string())),
            },
            (Purpose::AddScope | Purpose::RemoveScope, Answer::Picked(scope)) => {
                let adding = *purpose == Purpose::AddScope;
                let mut claims = self.claims.clone();
                let changed = if adding {
                    add_scopes(&mut claims, &[&scope])
                } else {
                    remove_scopes(&mut claims, &[&scope])
                };
                match changed {
                    Ok(_) => {
                        self.claims = claims;
                        self.sign(ctx.now);
                        let what = format!(
                            "{} {}",
                            if adding { "Added" } else { "Removed" },
                            escape_control(&scope)
                        );
                        Reply::Close(vec![Effect::Notice(self.signed_notice(&what))])
                    }
                    Err(reason) => Reply::Close(vec![Effect::Notice(Notice::error(format!(
                        "{}; Enter edits the claims.",
                        capitalise(&reason.to_string())
                    )))]),
                }
            }
            (Purpose::Key, Answer::Picked(value)) => {
                match source::choose(&value, self.local.as_ref(), ctx.profiles) {
                    Ok(Choice::Key(key)) => Reply::Close(self.use_key(key, ctx.now)),
                    Ok(Choice::AskPath) => {
                        let typed = match self.key.as_ref().map(|k| &k.source) {
                            Some(KeySource::File { path }) => path.clone(),
                            _ => String::new(),
                        };
                        self.ask_path(&typed, None);
                        Reply::Close(Vec::new())
                    }
                    Ok(Choice::Read { path, source }) => Reply::Close(self.read(path, source)),
                    Err(reason) => Reply::Refuse(capitalise(&reason.to_string())),
                }
            }
            (Purpose::KeyFile, Answer::Text(text)) => {
                let typed = text.trim();
                if typed.is_empty() {
                    return Reply::Refuse(
                        "Type the path of a PEM or JWK file holding a private key.".to_owned(),
                    );
                }
                let source = KeySource::File { path: typed.to_owned() };
                Reply::Close(self.read(PathBuf::from(typed), source))
            }
            _ => Reply::Close(Vec::new()),
        }
    }

    /// Asks the runtime for a key file; its text comes back to `on_key_file`.
    fn read(&mut self, path: PathBuf, source: KeySource) -> Vec<Effect> {
        self.pending_read = Some((path.clone(), source));
        vec![Effect::ReadKeyFile { path }]
    }

    /// The key file prompt, with the path typed last and why it was refused.
    pub(super) fn ask_path(&mut self, typed: &str, refused: Option<String>) {
        let mut kind = ModalKind::line("key file (PEM or JWK, private) · Enter reads it", typed, false);
        if let Some(reason) = refused {
            kind.refuse(reason);
        }
        self.modal = Some(Modal::new(kind, Purpose::KeyFile));
    }

    pub(super) fn open_key_picker(&mut self, ctx: &PaneContext) {
        let options = source::options(self.local.as_ref(), ctx.profiles);
        let picker = Picker::new("Sign with", options);
        self.modal = Some(Modal::new(ModalKind::Pick(picker), Purpose::Key));
    }

    /// The scopes to add (every Management API scope the claims lack) or to remove (the
    /// claims' own).
    pub(super) fn open_scope_picker(&mut self, adding: bool) -> Vec<Effect> {
        let current: Vec<String> = match self.claims.get("scope") {
            Some(Value::String(text)) => text.split_whitespace().map(str::to_owned).collect(),
            Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
            _ => Vec::new(),
        };
        let options: Vec<(String, String)> = if adding {
            known_scopes()
                .filter(|(name, ..)| !current.iter().any(|s| s == name))
                .map(|(name, description, operations)| {
                    let unlocks = match operations {
                        0 => "no documented operation".to_owned(),
                        1 => "1 operation".to_owned(),
                        n => format!("{n} operations"),
                    };
                    let label =
                        if description.is_empty() { unlocks } else { format!("{description} · {unlocks}") };
                    (name.to_owned(), label)
                })
                .collect()
        } else {
            current.iter().map(|scope| (scope.clone(), String::new())).collect()
        };
        if options.is_empty() {
            let why = if adding {
                "The claims have every scope tokex knows."
            } else {
                "The claims have no scope to remove."
            };
            return vec![Effect::Notice(Notice::info(why))];
        }
        let title = if adding { "Add a scope" } else { "Remove a scope" };
        let purpose = if adding { Purpose::AddScope } else { Purpose::RemoveScope };
        self.modal = Some(Modal::new(ModalKind::Pick(Picker::new(title, options)), purpose));
        Vec::new()
    }

    /// What the last signing made, for the notice.
    fn signed_notice(&self, what: &str) -> Notice {
        if let Some(problem) = self.problem.as_ref() {
            return Notice::error(format!("{what}, but: {problem}"));
        }
        match (self.outcome.as_ref(), self.key.as_ref()) {
            (Some(outcome), Some(_)) if outcome.signed => Notice::info(format!(
                "{what}: signed again; it could call {} of {} operations (the original: {}). c copies it.",
                outcome.allowed, outcome.total, outcome.original_allowed
            )),
            (Some(outcome), _) => Notice::info(format!(
                "{what}: it could call {} of {} operations (the original: {}). k chooses a key to sign it.",
                outcome.allowed, outcome.total, outcome.original_allowed
            )),
            (None, _) => Notice::info(what.to_owned()),
        }
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}
