//! The tab bar: tokex's name, one tab per pane, then who acts (the active profile, the
//! inspected token's client) and what runs (auto-renew, a fetch). Built here, not in the
//! renderer, so a click finds the tab it hit where the tab is drawn.

use super::model::Model;
use super::panes::PaneId;
use super::text::{Segment, fixed, owned};
use crate::domain::sanitize::escape_control;
use crate::palette::Role;
use unicode_width::UnicodeWidthStr;

/// One run of the tab bar, and the pane it shows when it is a tab.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TabPart {
    pub segment: Segment<'static>,
    pub pane: Option<PaneId>,
}

fn part(segment: Segment<'static>) -> TabPart {
    TabPart { segment, pane: None }
}

/// The braille spinner's frame `step`, advanced while a request is in flight.
pub fn spinner_frame(step: usize) -> &'static str {
    const FRAMES: [&str; 8] = ["⣾", "⣽", "⣻", "⢿", "⡿", "⣟", "⣯", "⣷"];
    FRAMES[step % FRAMES.len()]
}

/// The tab bar for the model's screen width. When every tab's title and who acts do not fit,
/// the tabs behind are shown by their key alone, so who acts stays readable at 80 columns.
pub fn tab_bar(model: &Model) -> Vec<TabPart> {
    let full = tab_bar_with(model, true);
    let width: usize = full.iter().map(|p| p.segment.0.width()).sum();
    if width <= usize::from(model.screen.viewport.0) { full } else { tab_bar_with(model, false) }
}

fn tab_bar_with(model: &Model, titled: bool) -> Vec<TabPart> {
    let mut parts = vec![part(fixed(" tokex ", Role::Section)), part(fixed(" ", Role::Plain))];
    for pane in PaneId::ALL {
        let focused = *pane == model.focus;
        let role = if focused { Role::ActiveTab } else { Role::Dim };
        let label = if titled || focused {
            format!(" {} {} ", pane.key(), pane.title())
        } else {
            format!(" {} ", pane.key())
        };
        parts.push(TabPart { segment: owned(label, role), pane: Some(*pane) });
        parts.push(part(fixed(" ", Role::Plain)));
    }
    if let Some(profile) = model.active_profile() {
        parts.push(part(fixed(" profile ", Role::Dim)));
        parts.push(part(owned(escape_control(&profile.name), Role::Label)));
    }
    // Who a call acts as: the inspected token's client, which need not be the active profile's.
    if let Some(owner) = model.context().token_owner() {
        parts.push(part(fixed(" · token of ", Role::Dim)));
        parts.push(part(owned(owner, Role::Label)));
    }
    if model.session.auto_renew {
        parts.push(part(fixed("  auto-renew", Role::Info)));
    }
    if let Some(fetch) = model.session.fetch.as_ref() {
        parts.push(part(owned(
            format!(
                "  {} fetching a token from {}… (Esc cancels)",
                spinner_frame(model.screen.spinner),
                escape_control(&fetch.profile)
            ),
            Role::Info,
        )));
    }
    parts
}

/// The key that shows `pane`, as the global key table names it: the tab says what to press.
/// The pane whose tab is drawn at column `x` of the tab bar.
pub fn tab_at(model: &Model, x: u16) -> Option<PaneId> {
    let mut left = 0usize;
    for part in tab_bar(model) {
        let right = left + part.segment.0.width();
        if (left..right).contains(&usize::from(x)) {
            return part.pane;
        }
        left = right;
    }
    None
}
