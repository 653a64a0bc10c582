//! The Encoder: the inspected token's claims, edited and signed again with a key you choose,
//! and what that changes. `E` in the Inspector starts it from the inspected token (the claims
//! open in the multi-line editor); every edit that is JSON signs anew and shows the new token,
//! what it could call of the Management API (against what the original could) and the
//! difference from the original. `c` copies the new token, `i` inspects it.
//!
//! Signing is pure computation and happens here; a key file is read by the runtime
//! (`Effect::ReadKeyFile`), its text handed back to [`EncoderPane::on_key_file`].

mod keys;
pub mod layout;
mod modal;
pub mod outcome;
pub mod source;

use super::{CopiedToken, Footer, Pane, PaneId};
use crate::app::cmd::KeyFileError;
use crate::app::context::PaneContext;
use crate::app::keys::{documented, lookup};
use crate::app::modal::help::HelpSection;
use crate::app::modal::{Modal, ModalKind};
use crate::app::notice::Notice;
use crate::app::panes::effect::Effect;
use crate::app::panes::tokens::DiffView;
use crate::app::pointer::Pointer;
use crate::app::token::InspectedToken;
use crate::config::Secret;
use crate::domain::sanitize::escape_control;
use crate::domain::signing::claims::{Object, renew_times};
use crate::domain::signing::{Signer, alg_name};
use crossterm::event::KeyEvent;
use keys::{Action, KEYS};
use layout::EncoderLayout;
use modal::Purpose;
use outcome::Outcome;
use ratatui::layout::Rect;
use source::{ChosenKey, KeySource, LocalTenantKey};
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Debug, Clone, Default)]
pub struct EncoderPane {
    /// The token the claims came from, which the new one is compared with.
    pub(crate) original: Option<InspectedToken>,
    /// The claims as last accepted: what is signed, and what the editor opens with.
    pub(crate) claims: Object,
    pub(crate) key: Option<ChosenKey>,
    /// The last signing of `claims` (also without a key: then unsigned, for the verdicts).
    pub(crate) outcome: Option<Outcome>,
    /// Why the claims could not be signed (they are kept as they are).
    pub(crate) problem: Option<String>,
    pub(crate) modal: Option<Modal<Purpose>>,
    /// The difference from the original as rows (the Tokens pane's), and how far it is scrolled.
    pub(crate) diff_view: DiffView,
    /// The local tenant's key, when `tokex demo` runs it in this process.
    local: Option<LocalTenantKey>,
    /// A key file asked of the runtime, and where its key will have come from.
    pending_read: Option<(PathBuf, KeySource)>,
    pub(crate) layout: EncoderLayout,
}

impl EncoderPane {
    /// Offers the local tenant's own key (the demo runs the tenant in this process).
    pub fn with_local_tenant(mut self, local: LocalTenantKey) -> Self {
        self.local = Some(local);
        self
    }

    /// Starts from the inspected token: its claims, opened in the editor. The local tenant's
    /// key signs when the local tenant issued the token and no other key was chosen.
    pub fn start(&mut self, ctx: &PaneContext) -> Vec<Effect> {
        let Some(token) = ctx.token else {
            return vec![Effect::Notice(Notice::info(
                "No token to start from: paste one, e types one, f fetches one; then E in the Inspector.",
            ))];
        };
        self.original = Some(token.clone());
        self.claims = token.inspection.jwt.payload.clone();
        self.diff_view = DiffView::default();
        if let Some(local) = self.local.as_ref()
            && token.inspection.claims.iss.as_deref() == Some(local.issuer.as_str())
            && !self.key.as_ref().is_some_and(|k| !matches!(k.source, KeySource::LocalTenant { .. }))
        {
            let source = KeySource::LocalTenant { issuer: local.issuer.clone() };
            self.key = Some(ChosenKey { source, signer: local.signer.clone() });
        }
        self.sign(ctx.now);
        self.open_editor();
        let how = match self.key.as_ref() {
            Some(key) => format!("Ctrl-S signs with {}", escape_control(&key.source.label())),
            None => "Ctrl-S keeps them; k then chooses a key to sign with".to_owned(),
        };
        vec![Effect::Notice(Notice::info(format!(
            "Encoder: the inspected token's claims, to change. {how}; Esc leaves them as they are."
        )))]
    }

    /// Signs the claims again with the chosen key (or judges them unsigned without one).
    fn sign(&mut self, now: i64) {
        let Some(original) = self.original.as_ref() else { return };
        match Outcome::sign(original, &self.claims, self.key.as_ref(), now) {
            Ok(outcome) => {
                self.outcome = Some(outcome);
                self.problem = None;
            }
            Err(error) => self.problem = Some(format!("Not signed: {error}")),
        }
    }

    /// Whether a token was made from the claims that can be copied or inspected.
    pub fn new_token(&self) -> Option<&InspectedToken> {
        self.outcome.as_ref().filter(|o| o.signed).map(|o| &o.token)
    }

    fn open_editor(&mut self) {
        let text = serde_json::to_string_pretty(&self.claims).unwrap_or_default();
        let kind = ModalKind::text("Claims of the new token (JSON)", &text);
        self.modal = Some(Modal::new(kind, Purpose::Claims));
    }

    /// Takes `key` from now on and signs with it.
    fn use_key(&mut self, key: ChosenKey, now: i64) -> Vec<Effect> {
        let what = format!(
            "Signing with {} ({}{}).",
            escape_control(&key.source.label()),
            alg_name(key.signer.alg),
            key.signer.kid.as_deref().map(|kid| format!(", kid {}", escape_control(kid))).unwrap_or_default()
        );
        self.key = Some(key);
        self.sign(now);
        vec![Effect::Notice(Notice::info(what))]
    }

    /// The runtime read the key file asked for: a signer from its text, or why not (a typed
    /// path comes back in its prompt with the reason).
    pub fn on_key_file(
        &mut self,
        path: &Path,
        result: Result<Secret, KeyFileError>,
        ctx: &PaneContext,
    ) -> Vec<Effect> {
        let Some((asked, source)) = self.pending_read.take() else { return Vec::new() };
        if asked != path {
            self.pending_read = Some((asked, source));
            return Vec::new();
        }
        let signer = result
            .map_err(|error| error.to_string())
            .and_then(|text| source::signer_from_text(&source, text.expose()).map_err(|e| e.to_string()));
        match signer {
            Ok(signer) => self.use_key(ChosenKey { source, signer: Arc::new(signer) }, ctx.now),
            // A typed path comes back in its prompt, with the reason under it.
            Err(reason) => match &source {
                KeySource::File { path } => {
                    self.ask_path(path, Some(reason));
                    Vec::new()
                }
                _ => vec![Effect::Notice(Notice::error(format!("No key from {}: {reason}", source.label())))],
            },
        }
    }

    fn on_action(&mut self, action: Action, ctx: &PaneContext) -> Vec<Effect> {
        match action {
            Action::EditClaims if self.original.is_none() => return self.start(ctx),
            _ if self.original.is_none() => {
                let notice = Notice::info("Enter starts from the inspected token (or E in the Inspector).");
                return vec![Effect::Notice(notice)];
            }
            Action::EditClaims => self.open_editor(),
            Action::AddScope => return self.open_scope_picker(true),
            Action::RemoveScope => return self.open_scope_picker(false),
            Action::ChooseKey => self.open_key_picker(ctx),
            Action::NextAlgorithm => return self.next_algorithm(ctx.now),
            Action::RenewTimes => {
                let exp = renew_times(&mut self.claims, ctx.now);
                self.sign(ctx.now);
                let left = crate::domain::format_duration(exp.saturating_sub(ctx.now));
                return vec![Effect::Notice(Notice::info(format!(
                    "Times renewed: issued now, expiring in {left}."
                )))];
            }
            Action::Inspect => {
                let Some(token) = self.new_token().cloned() else {
                    return vec![Effect::Notice(Notice::info(
                        "Nothing signed to inspect yet: k chooses a key.",
                    ))];
                };
                return vec![
                    Effect::Inspect(token),
                    Effect::Focus(PaneId::Inspector),
                    Effect::Notice(Notice::info(
                        "Inspecting the token made in the encoder (5 goes back to it; 3 calls the API with it).",
                    )),
                ];
            }
            Action::ExpandDiff => {
                let Some(outcome) = self.outcome.as_ref() else { return Vec::new() };
                let open = self.diff_view.toggle_all(&outcome.diff);
                return vec![Effect::Notice(Notice::info(if open {
                    "The difference lists every operation gained and lost (o: only counts per group)."
                } else {
                    "The difference shows counts per group (o: every operation)."
                }))];
            }
            Action::ScrollDown => self.diff_view.scroll(1, self.layout.diff_rows()),
            Action::ScrollUp => self.diff_view.scroll(-1, self.layout.diff_rows()),
            Action::PageDown => {
                let page = self.layout.diff_rows();
                self.diff_view.scroll(page as isize, page);
            }
            Action::PageUp => {
                let page = self.layout.diff_rows();
                self.diff_view.scroll(-(page as isize), page);
            }
        }
        Vec::new()
    }

    fn next_algorithm(&mut self, now: i64) -> Vec<Effect> {
        let Some(key) = self.key.as_ref() else {
            return vec![Effect::Notice(Notice::info("No key yet: k chooses one, then A its algorithm."))];
        };
        let family = key.signer.family();
        let algorithms = family.algorithms();
        let at = algorithms.iter().position(|a| *a == key.signer.alg).unwrap_or(0);
        let next = algorithms[(at + 1) % algorithms.len()];
        if next == key.signer.alg {
            return vec![Effect::Notice(Notice::info(format!(
                "A {} key signs with {} only.",
                family.name(),
                alg_name(next)
            )))];
        }
        match Signer::clone(&key.signer).with_alg(next) {
            Ok(signer) => {
                let key = ChosenKey { source: key.source.clone(), signer: Arc::new(signer) };
                self.use_key(key, now)
            }
            Err(error) => vec![Effect::Notice(Notice::error(error.to_string()))],
        }
    }
}

impl Pane for EncoderPane {
    fn help() -> Vec<HelpSection> {
        let mut rows: Vec<(&str, &str)> = documented(KEYS).collect();
        rows.push(keys::COPY_HELP);
        vec![HelpSection { heading: "Encoder pane".to_owned(), rows }]
    }

    fn footer(&self, _ctx: &PaneContext) -> Footer {
        if self.original.is_none() {
            return Footer {
                section: "Encoder",
                keys: &[("Enter", "start from the inspected token"), ("?", "help")],
            };
        }
        Footer {
            section: "Encoder",
            keys: &[
                ("Enter", "edit claims"),
                ("+ -", "scopes"),
                ("k", "key"),
                ("c", "copy"),
                ("i", "inspect"),
                ("t", "renew times"),
                ("?", "help"),
            ],
        }
    }

    fn modal(&self) -> Option<&ModalKind> {
        self.modal.as_ref().map(|m| &m.kind)
    }

    fn modal_mut(&mut self) -> Option<&mut ModalKind> {
        self.modal.as_mut().map(|m| &mut m.kind)
    }

    /// The wheel scrolls the difference; a click opens or closes a group there (its rows are
    /// built again when the pane is next laid out).
    fn on_mouse(&mut self, pointer: Pointer, _ctx: &PaneContext) -> Option<Vec<Effect>> {
        let area = self.layout.diff_area;
        (self.outcome.is_some() && pointer.within(area)).then(|| {
            self.diff_view.on_pointer(area, pointer);
            Vec::new()
        })
    }

    fn on_key(&mut self, key: &KeyEvent, ctx: &PaneContext) -> Option<Vec<Effect>> {
        if self.modal.is_some() {
            return Some(self.on_modal_key(key, ctx));
        }
        let action = lookup(KEYS, key)?;
        Some(self.on_action(action, ctx))
    }

    fn on_paste(&mut self, text: &str, ctx: &PaneContext) -> Option<Vec<Effect>> {
        self.modal.is_some().then(|| self.on_modal_paste(text, ctx))
    }

    fn on_tick(&mut self, ctx: &PaneContext) -> Vec<Effect> {
        if let (Some(original), Some(outcome)) = (self.original.as_ref(), self.outcome.as_mut()) {
            outcome.diff.refresh_time_left(&original.inspection, &outcome.token.inspection, ctx.now);
        }
        Vec::new()
    }

    fn lay_out(&mut self, area: Rect, ctx: &PaneContext) {
        self.layout = EncoderLayout::new(area, self, ctx);
        if let Some(outcome) = self.outcome.as_ref() {
            let width = usize::from(self.layout.diff_area.width.saturating_sub(2));
            self.diff_view.rebuild(&outcome.diff, width);
            // Keeps the rows on screen within the rows there are.
            self.diff_view.scroll(0, self.layout.diff_rows());
        }
    }

    fn copied_token(&self) -> CopiedToken<'_> {
        match self.new_token() {
            Some(token) => CopiedToken::Own { what: "the new token", raw: token.raw() },
            None if self.original.is_none() => CopiedToken::Inspected,
            None => CopiedToken::NotYet("Nothing signed to copy yet: k chooses a key."),
        }
    }

    fn follows_clock(&self, _ctx: &PaneContext) -> bool {
        // The difference's time left counts down.
        self.outcome.is_some()
    }
}
