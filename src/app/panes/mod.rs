//! The panes and their one contract. Each pane lives in its own folder with its state, its key
//! table and its handlers; it sees the rest of the model only through a read-only
//! [`PaneContext`] and asks for everything else (a request, a copy, a notice, another pane) by
//! returning [`Effect`]s, which `update` turns into commands. Its layout is computed in
//! `update` (`lay_out`) whenever the token, its data or the screen changes, never fed back from
//! the renderer; its renderer lives in `ui/<pane>/`.
//!
//! Adding a pane: a folder here implementing [`Pane`], a renderer in `ui/`, and one line in
//! the registry below (see docs/architecture.md).

pub mod api;
pub mod effect;
pub mod encoder;
pub mod exposure;
pub mod inspector;
pub mod tokens;

use super::context::PaneContext;
use super::modal::ModalKind;
use super::modal::help::HelpSection;
use super::pointer::Pointer;
use crossterm::event::{KeyCode, KeyEvent};
use effect::Effect;
use ratatui::layout::Rect;

/// What the footer says while the pane has the keyboard: the focused section's name and its
/// main keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Footer {
    pub section: &'static str,
    pub keys: &'static [(&'static str, &'static str)],
}

/// What the global `c` copies in a pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CopiedToken<'a> {
    /// The inspected token (most panes).
    Inspected,
    /// A token of the pane's own, with what to call it.
    Own { what: &'static str, raw: &'a str },
    /// The pane's own token does not exist yet: why (the inspected one is not copied instead).
    NotYet(&'static str),
}

/// The contract every pane keeps.
pub trait Pane {
    /// The pane's keys, for the help overlay and the manual page (from its key tables).
    fn help() -> Vec<HelpSection>
    where
        Self: Sized;

    /// The section that has the keyboard, for the footer.
    fn footer(&self, ctx: &PaneContext) -> Footer;

    /// The pane's open modal, if any: it takes every key until it closes.
    fn modal(&self) -> Option<&ModalKind> {
        None
    }

    /// A key, unless a global binding took it; `None` when the pane has no use for it.
    fn on_key(&mut self, key: &KeyEvent, ctx: &PaneContext) -> Option<Vec<Effect>>;

    /// The open modal, to hand it a click or a turn of the wheel (which it may turn into the
    /// key it stands for, given back to `on_key`). Every pane with a modal returns it here too.
    fn modal_mut(&mut self) -> Option<&mut ModalKind> {
        None
    }

    /// A click or a turn of the wheel inside the pane (no modal is open); `None` when it hit
    /// nothing the pane acts on.
    fn on_mouse(&mut self, _pointer: Pointer, _ctx: &PaneContext) -> Option<Vec<Effect>> {
        None
    }

    /// Pasted text; `None` when the pane does not take it (then it replaces the token).
    fn on_paste(&mut self, _text: &str, _ctx: &PaneContext) -> Option<Vec<Effect>> {
        None
    }

    /// Once a second, with `ctx.now` the new second.
    fn on_tick(&mut self, _ctx: &PaneContext) -> Vec<Effect> {
        Vec::new()
    }

    /// The inspected token changed (or the first one arrived).
    fn on_token_changed(&mut self, _ctx: &PaneContext) -> Vec<Effect> {
        Vec::new()
    }

    /// Lays the pane out for `area` (the screen between the tabs and the notice); cheap when
    /// nothing it depends on changed.
    fn lay_out(&mut self, area: Rect, ctx: &PaneContext);

    /// What `c` copies while the pane has the focus: the inspected token, unless the pane has
    /// a token of its own (the encoder's new one).
    fn copied_token(&self) -> CopiedToken<'_> {
        CopiedToken::Inspected
    }

    /// Whether the pane shows something that follows the clock (a countdown) and so needs a
    /// frame every second.
    fn follows_clock(&self, _ctx: &PaneContext) -> bool {
        false
    }
}

/// The registry: one line per pane (its id, its field in [`Panes`], its type, its tab title,
/// the key that shows it and the help's words for it). The order is the tabs' order.
macro_rules! registry {
    ($($id:ident, $field:ident: $pane:ty, $title:literal, $key:literal, $about:literal;)+) => {
        /// Which pane.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum PaneId {
            $($id,)+
        }

        impl PaneId {
            pub const ALL: &'static [PaneId] = &[$(PaneId::$id,)+];

            pub fn title(self) -> &'static str {
                match self {
                    $(PaneId::$id => $title,)+
                }
            }

            /// The key that shows the pane, as the help and the tab bar name it.
            pub fn key(self) -> &'static str {
                match self {
                    $(PaneId::$id => $key,)+
                }
            }

            /// What the pane is for, in the help's global keys.
            pub fn about(self) -> &'static str {
                match self {
                    $(PaneId::$id => $about,)+
                }
            }

            /// The pane's own keys, for the help and the manual.
            pub fn help(self) -> Vec<HelpSection> {
                match self {
                    $(PaneId::$id => <$pane as Pane>::help(),)+
                }
            }
        }

        /// Every pane's state.
        #[derive(Debug, Clone, Default)]
        pub struct Panes {
            $(pub $field: $pane,)+
        }

        impl Panes {
            pub fn get(&self, id: PaneId) -> &dyn Pane {
                match id {
                    $(PaneId::$id => &self.$field,)+
                }
            }

            pub fn get_mut(&mut self, id: PaneId) -> &mut dyn Pane {
                match id {
                    $(PaneId::$id => &mut self.$field,)+
                }
            }
        }
    };
}

registry! {
    Inspector, inspector: inspector::InspectorPane, "Inspector", "1", "Inspector pane";
    Tokens, tokens: tokens::TokensPane, "Tokens", "2", "Tokens pane: profiles and this session's tokens";
    Api, api: api::ApiPane, "API", "3", "API pane: call Management API endpoints";
    Exposure, exposure: exposure::ExposurePane, "Exposure", "4",
        "Exposure pane: a client's live tokens, from the tenant's log";
    Encoder, encoder: encoder::EncoderPane, "Encoder", "5",
        "Encoder pane: change the inspected token's claims and sign it again";
}

impl PaneId {
    /// The pane after this one, for Tab.
    pub fn next(self) -> PaneId {
        let index = PaneId::ALL.iter().position(|p| *p == self).unwrap_or(0);
        PaneId::ALL[(index + 1) % PaneId::ALL.len()]
    }

    /// The pane a plain key shows (`1` … `5`).
    pub fn for_key(key: &KeyEvent) -> Option<PaneId> {
        let KeyCode::Char(c) = key.code else { return None };
        PaneId::ALL.iter().copied().find(|pane| {
            let mut chars = pane.key().chars();
            chars.next() == Some(c) && chars.next().is_none() && crate::app::keys::ch(c).matches(key)
        })
    }
}
