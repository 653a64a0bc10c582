//! Colours and styles in one place. Colour carries meaning here (expiry urgency, token
//! parts), so every use goes through a named function.

use crate::domain::Urgency;
use ratatui::style::{Color, Modifier, Style};

pub fn urgency(urgency: Urgency) -> Style {
    let color = match urgency {
        Urgency::Calm => Color::Green,
        Urgency::Soon => Color::Yellow,
        Urgency::Critical => Color::Red,
        Urgency::Unknown => Color::Magenta,
    };
    Style::new().fg(color).add_modifier(Modifier::BOLD)
}

pub fn section() -> Style {
    Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD)
}

pub fn label() -> Style {
    Style::new().fg(Color::Blue)
}

pub fn dim() -> Style {
    Style::new().fg(Color::DarkGray)
}

pub fn warning() -> Style {
    Style::new().fg(Color::Yellow)
}

pub fn error() -> Style {
    Style::new().fg(Color::Red).add_modifier(Modifier::BOLD)
}

pub fn info() -> Style {
    Style::new().fg(Color::Green)
}

pub fn key() -> Style {
    Style::new().fg(Color::Black).bg(Color::Gray)
}

pub fn active_tab() -> Style {
    Style::new().fg(Color::Black).bg(Color::Cyan).add_modifier(Modifier::BOLD)
}

/// The three parts of a raw JWT, coloured as jwt.io does so they are easy to tell apart.
pub fn token_part(index: usize) -> Style {
    match index {
        0 => Style::new().fg(Color::Red),
        1 => Style::new().fg(Color::Magenta),
        _ => Style::new().fg(Color::Cyan),
    }
}
