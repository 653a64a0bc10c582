//! Modal input: a prompt, an editor, a picker, a confirmation or the help. While one is open it
//! takes every key (Ctrl-C still quits): no key reaches a pane or a global binding behind it.
//! A modal knows the mechanics (editing, moving, whether a typed answer matches) and reports
//! what happened as a [`ModalEvent`]; its owner (`update` for the token prompt and the help, a
//! pane for its own) decides what the answer means, and may keep the modal open with a reason.

pub mod confirm;
pub mod confirm_layout;
pub mod help;
mod mouse;
pub mod picker;

pub use confirm::{Confirm, Question};
pub use help::Help;
pub use picker::Picker;

/// A box of `width` × `height` centred on `screen`, and its inside within the border: where
/// the help, a confirmation and a picker are drawn and where their clicks land.
pub fn centred_box(
    screen: ratatui::layout::Rect,
    width: u16,
    height: u16,
) -> (ratatui::layout::Rect, ratatui::layout::Rect) {
    use ratatui::layout::{Constraint, Flex, Layout, Rect};
    let [vertical] = Layout::vertical([Constraint::Length(height)]).flex(Flex::Center).areas(screen);
    let [area] = Layout::horizontal([Constraint::Length(width)]).flex(Flex::Center).areas(vertical);
    let inner = Rect::new(
        area.x.saturating_add(1),
        area.y.saturating_add(1),
        area.width.saturating_sub(2),
        area.height.saturating_sub(2),
    );
    (area, inner)
}

use super::text::{InputOutcome, TextArea, TextInput};
use crossterm::event::KeyEvent;

/// An open modal and what its owner will do with the answer (`P`: the owner's purposes).
#[derive(Debug, Clone, PartialEq)]
pub struct Modal<P> {
    pub kind: ModalKind,
    pub purpose: P,
}

/// The kinds of modal, each drawn one way wherever it is opened.
#[derive(Debug, Clone, PartialEq)]
pub enum ModalKind {
    /// A one-line prompt (a token, a filter, a field, a search) at the bottom of the screen.
    Line(LinePrompt),
    /// The multi-line editor (a JSON body).
    Text(TextPrompt),
    /// A list to choose from, filtered by typing.
    Pick(Picker),
    /// A typed confirmation.
    Confirm(Box<Confirm>),
    /// The key help.
    Help(Help),
}

#[derive(Debug, Clone, PartialEq)]
pub struct LinePrompt {
    /// What the prompt acts on, shown in front of the text (`filter operations`).
    pub title: String,
    pub input: TextInput,
    /// Why the last Enter was refused (the prompt stays open).
    pub error: Option<String>,
    /// Whether each edit is reported (a live filter), not only Enter.
    pub live: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TextPrompt {
    pub title: String,
    pub area: TextArea,
    pub error: Option<String>,
}

/// What a key did to an open modal.
#[derive(Debug, Clone, PartialEq)]
pub enum ModalEvent {
    /// Nothing for the owner to do: the modal changed (or ignored the key) and stays open.
    Stay,
    /// A live prompt's text changed.
    Edited(String),
    /// The text typed, the value picked, or the confirmation given.
    Submitted(Answer),
    /// The modal's other way out (Tab in a foreign-tenant confirmation).
    Alternative,
    /// Esc (or `?`/`q` in the help): nothing is done.
    Cancelled,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    Text(String),
    /// The value of the picked option.
    Picked(String),
    Confirmed,
}

impl<P> Modal<P> {
    pub fn new(kind: ModalKind, purpose: P) -> Self {
        Self { kind, purpose }
    }

    pub fn on_key(&mut self, key: &KeyEvent) -> ModalEvent {
        self.kind.on_key(key)
    }

    pub fn on_paste(&mut self, text: &str) -> ModalEvent {
        self.kind.on_paste(text)
    }
}

impl ModalKind {
    /// A one-line prompt starting with `text` selected: typing replaces it, a movement key
    /// keeps it and edits it.
    pub fn line(title: impl Into<String>, text: &str, live: bool) -> Self {
        ModalKind::Line(LinePrompt {
            title: title.into(),
            input: TextInput::with_selected_text(text),
            error: None,
            live,
        })
    }

    pub fn text(title: impl Into<String>, text: &str) -> Self {
        ModalKind::Text(TextPrompt { title: title.into(), area: TextArea::with_text(text), error: None })
    }

    /// Keeps the modal open with `reason` shown (a refused answer).
    pub fn refuse(&mut self, reason: impl Into<String>) {
        let reason = Some(reason.into());
        match self {
            ModalKind::Line(prompt) => prompt.error = reason,
            ModalKind::Text(prompt) => prompt.error = reason,
            ModalKind::Confirm(confirm) => confirm.mismatch = reason,
            ModalKind::Pick(_) | ModalKind::Help(_) => {}
        }
    }

    /// Whether it is drawn as the prompt line at the bottom of the screen.
    pub fn is_line(&self) -> bool {
        matches!(self, ModalKind::Line(_))
    }

    pub fn on_key(&mut self, key: &KeyEvent) -> ModalEvent {
        match self {
            ModalKind::Line(prompt) => {
                let outcome = prompt.input.handle_key(key);
                if matches!(outcome, InputOutcome::Edited) {
                    prompt.error = None;
                }
                match outcome {
                    InputOutcome::Submitted(text) => ModalEvent::Submitted(Answer::Text(text)),
                    InputOutcome::Cancelled => ModalEvent::Cancelled,
                    InputOutcome::Edited if prompt.live => ModalEvent::Edited(prompt.input.text().to_owned()),
                    InputOutcome::Edited | InputOutcome::Ignored => ModalEvent::Stay,
                }
            }
            ModalKind::Text(prompt) => match prompt.area.handle_key(key) {
                InputOutcome::Submitted(text) => ModalEvent::Submitted(Answer::Text(text)),
                InputOutcome::Cancelled => ModalEvent::Cancelled,
                InputOutcome::Edited => {
                    prompt.error = None;
                    ModalEvent::Stay
                }
                InputOutcome::Ignored => ModalEvent::Stay,
            },
            ModalKind::Pick(picker) => picker.on_key(key),
            ModalKind::Confirm(confirm) => confirm.on_key(key),
            ModalKind::Help(help) => help.on_key(key),
        }
    }

    /// Pasted text goes into the modal's text (line breaks only where they belong: the body);
    /// it never acts as keys.
    pub fn on_paste(&mut self, text: &str) -> ModalEvent {
        let one_line = || text.chars().filter(|c| *c != '\n' && *c != '\r').collect::<String>();
        match self {
            ModalKind::Line(prompt) => {
                prompt.input.insert(&one_line());
                prompt.error = None;
                if prompt.live {
                    ModalEvent::Edited(prompt.input.text().to_owned())
                } else {
                    ModalEvent::Stay
                }
            }
            ModalKind::Text(prompt) => {
                prompt.area.insert(text);
                prompt.error = None;
                ModalEvent::Stay
            }
            ModalKind::Pick(picker) => {
                picker.type_text(&one_line());
                ModalEvent::Stay
            }
            ModalKind::Confirm(confirm) => {
                confirm.input.insert(&one_line());
                confirm.mismatch = None;
                ModalEvent::Stay
            }
            ModalKind::Help(_) => ModalEvent::Stay,
        }
    }
}

/// What an owner does with a submitted answer: closes the modal (with effects), or keeps it
/// open with the reason the answer was refused.
#[derive(Debug)]
pub enum Reply<E> {
    Close(Vec<E>),
    Refuse(String),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyCode;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::from(code)
    }

    #[test]
    fn a_line_prompt_reports_edits_only_when_live() {
        let mut live = ModalKind::line("filter", "", true);
        assert_eq!(live.on_key(&key(KeyCode::Char('u'))), ModalEvent::Edited("u".into()));
        let mut quiet = ModalKind::line("token", "", false);
        assert_eq!(quiet.on_key(&key(KeyCode::Char('u'))), ModalEvent::Stay);
        assert_eq!(quiet.on_key(&key(KeyCode::Enter)), ModalEvent::Submitted(Answer::Text("u".into())));
        assert_eq!(quiet.on_key(&key(KeyCode::Esc)), ModalEvent::Cancelled);
    }

    #[test]
    fn a_refused_answer_shows_until_the_next_edit() {
        let mut prompt = ModalKind::line("token", "abc", false);
        prompt.refuse("Not a token");
        let ModalKind::Line(line) = &prompt else { panic!("line") };
        assert_eq!(line.error.as_deref(), Some("Not a token"));
        prompt.on_key(&key(KeyCode::Char('x')));
        let ModalKind::Line(line) = &prompt else { panic!("line") };
        assert_eq!(line.error, None);
    }

    #[test]
    fn pasted_line_breaks_stay_out_of_one_line_prompts() {
        let mut prompt = ModalKind::line("field", "", false);
        prompt.on_paste("a\nb\r\nc");
        let ModalKind::Line(line) = &prompt else { panic!("line") };
        assert_eq!(line.input.text(), "abc");
        let mut body = ModalKind::text("body", "");
        body.on_paste("{\n}");
        let ModalKind::Text(text) = &body else { panic!("text") };
        assert_eq!(text.area.text(), "{\n}");
    }
}
