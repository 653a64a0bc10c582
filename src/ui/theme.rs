//! Colours and styles in one place. Colour carries meaning here (expiry urgency, token
//! parts), so every use goes through a named function.

use crate::app::ColourScheme;
use crate::domain::Urgency;
use ratatui::buffer::Buffer;
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

/// Applies the colour scheme to a drawn frame: the palette above is the dark one; the light
/// one darkens what is unreadable on white (dark grey, yellow, cyan, green); monochrome
/// (`NO_COLOR`) drops every colour and shows former backgrounds (the active tab, key caps) in
/// reverse video, so what was marked by colour stays marked.
pub fn apply_scheme(buffer: &mut Buffer, scheme: ColourScheme) {
    match scheme {
        ColourScheme::Dark => {}
        ColourScheme::Light => {
            for cell in buffer.content.iter_mut() {
                cell.fg = for_light_background(cell.fg);
            }
        }
        ColourScheme::Monochrome => {
            for cell in buffer.content.iter_mut() {
                if cell.bg != Color::Reset {
                    cell.modifier.insert(Modifier::REVERSED);
                }
                cell.fg = Color::Reset;
                cell.bg = Color::Reset;
            }
        }
    }
}

/// 256-colour indices that keep their hue but read on white.
fn for_light_background(colour: Color) -> Color {
    match colour {
        Color::DarkGray => Color::Indexed(238),
        Color::Yellow => Color::Indexed(130),
        Color::Cyan => Color::Indexed(30),
        Color::Green => Color::Indexed(28),
        Color::White | Color::Gray => Color::Black,
        other => other,
    }
}
