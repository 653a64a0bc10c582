//! The palette's roles as ratatui styles. Colour carries meaning here (expiry urgency, token
//! parts), so every use goes through a role (`crate::palette`), shared with the command line.

use crate::app::ColourScheme;
use crate::domain::Urgency;
use crate::palette::{Colour, Role};
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier, Style};

/// The style of `role`.
pub fn style(role: Role) -> Style {
    let look = role.look();
    let mut style = Style::new();
    if let Some(fg) = colour(look.fg) {
        style = style.fg(fg);
    }
    if let Some(bg) = colour(look.bg) {
        style = style.bg(bg);
    }
    if look.bold {
        style = style.add_modifier(Modifier::BOLD);
    }
    style
}

fn colour(colour: Colour) -> Option<Color> {
    Some(match colour {
        Colour::Default => return None,
        Colour::Black => Color::Black,
        Colour::Red => Color::Red,
        Colour::Green => Color::Green,
        Colour::Yellow => Color::Yellow,
        Colour::Blue => Color::Blue,
        Colour::Magenta => Color::Magenta,
        Colour::Cyan => Color::Cyan,
        Colour::Gray => Color::Gray,
        Colour::DarkGray => Color::DarkGray,
    })
}

pub fn urgency(urgency: Urgency) -> Style {
    style(Role::Urgency(urgency))
}

pub fn section() -> Style {
    style(Role::Section)
}

pub fn label() -> Style {
    style(Role::Label)
}

pub fn dim() -> Style {
    style(Role::Dim)
}

pub fn warning() -> Style {
    style(Role::Warning)
}

pub fn error() -> Style {
    style(Role::Error)
}

pub fn info() -> Style {
    style(Role::Info)
}

pub fn key() -> Style {
    style(Role::Key)
}

pub fn active_tab() -> Style {
    style(Role::ActiveTab)
}

/// The three parts of a raw JWT, coloured as jwt.io does so they are easy to tell apart.
pub fn token_part(index: usize) -> Style {
    style(Role::TokenPart(u8::try_from(index).unwrap_or(u8::MAX)))
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
