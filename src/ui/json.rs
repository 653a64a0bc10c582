//! Styles for the display lines of a JSON body (built once in `app`); only the lines on
//! screen are turned into `Line`s, each frame.

use crate::domain::json_lines::{JsonLine, Tok};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};

pub fn style(tok: Tok) -> Style {
    super::theme::style(crate::palette::Role::Json(tok))
}

/// How a line relates to the body search.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    None,
    Match,
    Current,
}

pub fn styled_line(line: &JsonLine, mark: Mark) -> Line<'static> {
    let extra = match mark {
        Mark::None => Style::new(),
        Mark::Match => Style::new().bg(Color::DarkGray),
        Mark::Current => Style::new().add_modifier(Modifier::REVERSED),
    };
    Line::from(
        line.segments
            .iter()
            .map(|(tok, text)| Span::styled(text.clone(), style(*tok).patch(extra)))
            .collect::<Vec<_>>(),
    )
}
