//! The TUI's state machine. Synchronous and pure: `update` takes a message, changes the
//! model and returns the side effects it wants as plain data. It never awaits, never reads
//! the clock (time arrives as `Msg::Tick`) and never touches the terminal.

pub mod keymap;
pub mod text_input;
pub mod token_view;

use crate::domain::{DecodeError, Inspection};
use chrono::FixedOffset;
use crossterm::event::{KeyEvent, KeyModifiers};
use keymap::Action;
use text_input::{InputOutcome, TextInput};
use token_view::TokenView;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Inspector,
}

impl Pane {
    pub const ALL: [Pane; 1] = [Pane::Inspector];

    pub fn title(self) -> &'static str {
        match self {
            Pane::Inspector => "Inspector",
        }
    }
}

/// Where the inspected token came from; shown so nobody mistakes a sample for their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenOrigin {
    Argument,
    Pasted,
    Typed,
    Sample,
}

impl TokenOrigin {
    pub fn label(self) -> &'static str {
        match self {
            TokenOrigin::Argument => "from the command line",
            TokenOrigin::Pasted => "pasted",
            TokenOrigin::Typed => "typed",
            TokenOrigin::Sample => "built-in sample",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct InspectedToken {
    pub inspection: Inspection,
    pub view: TokenView,
    pub origin: TokenOrigin,
}

impl InspectedToken {
    pub fn new(inspection: Inspection, origin: TokenOrigin) -> Self {
        let view = TokenView::new(&inspection);
        Self { inspection, view, origin }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeLevel {
    Info,
    Error,
}

/// A one-line message about the last thing that happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub level: NoticeLevel,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq)]
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
            should_quit: false,
            dirty: true,
        }
    }

    /// Replaces the inspected token if `text` holds one; otherwise keeps it and says why.
    pub fn load_token(&mut self, text: &str, origin: TokenOrigin) -> Result<(), DecodeError> {
        match Inspection::from_pasted(text) {
            Ok(inspection) => {
                self.token = Some(InspectedToken::new(inspection, origin));
                self.scroll = 0;
                self.notice = Some(Notice {
                    level: NoticeLevel::Info,
                    text: format!("Token loaded ({}).", origin.label()),
                });
                Ok(())
            }
            Err(error) => {
                let kept = if self.token.is_some() { " The previous token is kept." } else { "" };
                self.notice =
                    Some(Notice { level: NoticeLevel::Error, text: format!("Not a token: {error}.{kept}") });
                Err(error)
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Msg {
    Key(KeyEvent),
    /// A bracketed paste: one atomic edit, never interpreted as key presses.
    Paste(String),
    Tick(i64),
    Resize(u16, u16),
    /// The renderer's largest useful scroll offset changed.
    ScrollLimit(u16),
    /// The clipboard write finished (or failed softly).
    Copied(Result<(), String>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cmd {
    /// Put this text on the clipboard.
    Copy(String),
}

/// The one place state changes.
pub fn update(model: &mut Model, msg: Msg) -> Vec<Cmd> {
    match msg {
        Msg::Tick(now) => {
            if now != model.now {
                model.now = now;
                // Only a live countdown needs the new second on screen.
                model.dirty |= model.token.is_some();
            }
            Vec::new()
        }
        Msg::Resize(width, height) => {
            model.viewport = (width, height);
            model.dirty = true;
            Vec::new()
        }
        Msg::Paste(text) => {
            model.dirty = true;
            if let Some(input) = model.input.as_mut() {
                input.insert(&text);
            } else {
                let _ = model.load_token(&text, TokenOrigin::Pasted);
            }
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
        Msg::Copied(result) => {
            model.dirty = true;
            model.notice = Some(match result {
                Ok(()) => Notice {
                    level: NoticeLevel::Info,
                    text: "Token copied to the clipboard (OSC 52; your terminal must allow it).".to_owned(),
                },
                Err(reason) => Notice { level: NoticeLevel::Error, text: format!("Copy failed: {reason}") },
            });
            Vec::new()
        }
        Msg::Key(key) => on_key(model, key),
    }
}

fn on_key(model: &mut Model, key: KeyEvent) -> Vec<Cmd> {
    if let Some(input) = model.input.as_mut() {
        // Ctrl-C always quits, even mid-edit.
        if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == crossterm::event::KeyCode::Char('c') {
            model.should_quit = true;
            return Vec::new();
        }
        match input.handle_key(&key) {
            InputOutcome::Ignored => return Vec::new(),
            InputOutcome::Edited => {}
            InputOutcome::Cancelled => model.input = None,
            InputOutcome::Submitted(text) => {
                if model.load_token(&text, TokenOrigin::Typed).is_ok() {
                    model.input = None;
                }
            }
        }
        model.dirty = true;
        return Vec::new();
    }
    if model.show_help {
        // Any key closes the overlay; only quitting keys also act.
        model.show_help = false;
        model.dirty = true;
        if keymap::action_for(&key) == Some(Action::Quit) {
            model.should_quit = true;
        }
        return Vec::new();
    }
    let Some(action) = keymap::action_for(&key) else {
        return Vec::new();
    };
    model.dirty = true;
    let page = model.viewport.1.saturating_sub(8).max(1);
    match action {
        Action::Quit => model.should_quit = true,
        Action::ToggleHelp => model.show_help = true,
        Action::EditToken => {
            let current = model.token.as_ref().map(|t| t.inspection.jwt.raw.as_str()).unwrap_or("");
            model.input = Some(TextInput::with_text(current));
        }
        Action::CopyToken => match model.token.as_ref() {
            Some(token) => return vec![Cmd::Copy(token.inspection.jwt.raw.clone())],
            None => {
                model.notice = Some(Notice {
                    level: NoticeLevel::Error,
                    text: "Nothing to copy: no token yet.".to_owned(),
                })
            }
        },
        Action::ScrollDown => model.scroll = model.scroll.saturating_add(1).min(model.scroll_limit),
        Action::ScrollUp => model.scroll = model.scroll.saturating_sub(1),
        Action::PageDown => model.scroll = model.scroll.saturating_add(page).min(model.scroll_limit),
        Action::PageUp => model.scroll = model.scroll.saturating_sub(page),
        Action::ScrollTop => model.scroll = 0,
        Action::ScrollBottom => model.scroll = model.scroll_limit,
        Action::ShowInspector => model.pane = Pane::Inspector,
        Action::NextPane => {
            let index = Pane::ALL.iter().position(|p| *p == model.pane).unwrap_or(0);
            model.pane = Pane::ALL[(index + 1) % Pane::ALL.len()];
        }
    }
    Vec::new()
}
