//! Where a confirmation goes and what it says, row by row: the question (who, where, what, and
//! what it will and will not do), then the instruction, the typed answer, why the last answer
//! did not match, and two buttons. Laid out here so the renderer draws these rows and a click
//! on a button is found where the button is drawn.

use super::confirm::{Confirm, Question};
use crate::app::text::rows::wrap_all;
use crate::app::text::{Segment, fixed, owned};
use crate::domain::sanitize::escape_control;
use crate::palette::Role;
use ratatui::layout::{Constraint, Layout, Rect};
use unicode_width::UnicodeWidthStr;

/// The button that sends (as Enter does: only when the typed answer matches).
pub const SEND_BUTTON: &str = "[ Enter: send ]";
/// The button that closes the box without sending (as Esc does).
pub const CANCEL_BUTTON: &str = "[ Esc: cancel ]";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfirmLayout {
    /// The whole box, borders included.
    pub area: Rect,
    pub title: String,
    /// The question, wrapped to the box, and where its visible part goes.
    pub body_rows: Vec<Vec<Segment<'static>>>,
    pub body: Rect,
    /// The question's first row shown (a long body scrolls).
    pub scroll: usize,
    /// The instruction, the answer line, the mismatch and the buttons row.
    pub tail_rows: Vec<Vec<Segment<'static>>>,
    pub tail: Rect,
    pub send: Rect,
    pub cancel: Rect,
}

/// The question's title and rows: `(label, value, role)`, a value possibly spanning lines.
fn question_rows(question: &Question) -> (String, Vec<(String, String, Role)>) {
    match question {
        Question::Change(change) => {
            let rows = change
                .rows()
                .into_iter()
                .map(|(label, value)| {
                    let role = match label {
                        "will" => Role::Warning,
                        "will not" => Role::Info,
                        _ => Role::Plain,
                    };
                    (label.to_owned(), value, role)
                })
                .collect();
            ("Confirm a call that changes the tenant".to_owned(), rows)
        }
        Question::ForeignTenant { token_tenant, target, .. } => {
            let why = "An Auth0 token cannot be revoked: a tenant that is not its own could keep and use it until it expires.";
            let issued = match token_tenant {
                Some(own) => format!("it was issued for {}", escape_control(own)),
                None => "it names no tenant (no https://DOMAIN/api/v2/ audience, no issuer)".to_owned(),
            };
            let rows = vec![
                (
                    "where".to_owned(),
                    format!("{} did not issue this token: {issued}", escape_control(target)),
                    Role::Error,
                ),
                ("why".to_owned(), why.to_owned(), Role::Warning),
            ];
            ("Send the token to a tenant that did not issue it?".to_owned(), rows)
        }
    }
}

impl Confirm {
    pub fn layout(&self, screen: Rect) -> ConfirmLayout {
        let (title, rows) = question_rows(&self.question);
        let label_width = rows.iter().map(|(label, _, _)| label.width()).max().unwrap_or(4) + 2;
        let mut body: Vec<Vec<Segment<'static>>> = Vec::new();
        for (label, value, role) in &rows {
            let label_role = if *role == Role::Plain { Role::StrongLabel } else { *role };
            for (index, part) in value.split('\n').enumerate() {
                let label =
                    if index == 0 { format!("{label:<label_width$}") } else { " ".repeat(label_width) };
                body.push(vec![owned(label, label_role), owned(part, *role)]);
            }
        }
        let width = screen.width.saturating_sub(6).min(110);
        let inner_width = width.saturating_sub(2);
        let mut tail = vec![
            Vec::new(),
            vec![owned(self.question.instruction(), Role::Key)],
            vec![fixed("> ", Role::Section), owned(escape_control(self.input.text()), Role::Plain)],
        ];
        if let Some(mismatch) = self.mismatch.as_ref() {
            tail.push(vec![owned(mismatch.clone(), Role::Error)]);
        }
        tail.push(vec![
            fixed(SEND_BUTTON, Role::Key),
            fixed("  ", Role::Plain),
            fixed(CANCEL_BUTTON, Role::Key),
        ]);
        let body_rows = wrap_all(&body, inner_width);
        let tail_rows = wrap_all(&tail, inner_width);
        let tail_height = u16::try_from(tail_rows.len()).unwrap_or(u16::MAX);
        let body_height = u16::try_from(body_rows.len()).unwrap_or(u16::MAX);
        let height =
            body_height.saturating_add(tail_height).saturating_add(2).min(screen.height.saturating_sub(2));
        let (area, inner) = super::centred_box(screen, width, height);
        let [body_area, tail_area] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(tail_height)]).areas(inner);
        let hidden = body_rows.len().saturating_sub(usize::from(body_area.height));
        let buttons_y = tail_area.bottom().saturating_sub(1);
        let button = |x: u16, text: &str| {
            let width = u16::try_from(text.width()).unwrap_or(0).min(tail_area.right().saturating_sub(x));
            Rect::new(x, buttons_y, width, u16::from(tail_area.height > 0))
        };
        let send = button(tail_area.x, SEND_BUTTON);
        let cancel = button(send.right().saturating_add(2), CANCEL_BUTTON);
        ConfirmLayout {
            area,
            title,
            body_rows,
            body: body_area,
            scroll: self.scroll.min(hidden),
            tail_rows,
            tail: tail_area,
            send,
            cancel,
        }
    }
}

impl Confirm {
    /// Keeps the scroll on the question's rows at this screen size, so ↑ after an overshooting
    /// PgDn moves at once (`update` calls it after every message, as for the help).
    pub fn clamp(&mut self, screen: Rect) {
        self.scroll = self.layout(screen).scroll;
    }
}
