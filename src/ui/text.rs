//! Drawing helpers shared by every pane: laid-out text (segments with roles) as ratatui lines,
//! section titles that carry the focus mark, the spinner and the signature's one-line state.

use super::theme;
use crate::app::SignatureStatus;
use crate::app::text::Segment;
use crate::app::text::fit::{fit_parts, shorten};
use crate::domain::sanitize::escape_control;
use crate::domain::verify::SignatureState;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

/// The mark in front of the focused section's title.
pub const FOCUS_MARK: &str = "▶ ";

/// `segments` as a line, each part in its role's style.
pub fn line<'a>(segments: impl IntoIterator<Item = Segment<'a>>) -> Line<'a> {
    Line::from(
        segments.into_iter().map(|(text, role)| Span::styled(text, theme::style(role))).collect::<Vec<_>>(),
    )
}

/// `spans` as a line of at most `width` columns, cut with `…` where it overflows.
pub fn fitted_line(spans: Vec<Span<'_>>, width: u16) -> Line<'static> {
    let parts = spans.into_iter().map(|span| (span.content, span.style)).collect();
    Line::from(
        fit_parts(parts, usize::from(width))
            .into_iter()
            .map(|(text, style)| Span::styled(text, style))
            .collect::<Vec<_>>(),
    )
}

/// The style of the focused section's title and of the footer's section name: reverse video
/// and bold, so it shows with `NO_COLOR` too.
pub fn focus_style() -> Style {
    Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
}

/// A section title for a box `width` columns wide, marked (`▶`, reverse, bold) while the
/// section has the keyboard, and cut with `…` when the box is narrower than the title.
pub fn section_title(title: &str, focused: bool, width: u16) -> Line<'static> {
    // The corners, the spaces around the title and the mark.
    let room = usize::from(width).saturating_sub(4 + if focused { FOCUS_MARK.width() } else { 0 });
    let title = shorten(title.trim(), room);
    if focused {
        Line::from(Span::styled(format!(" {FOCUS_MARK}{title} "), focus_style()))
    } else {
        Line::from(format!(" {title} "))
    }
}

pub use crate::app::tabs::spinner_frame;

/// One span saying where a token's signature stands, coloured by trust.
pub fn signature_span(status: &SignatureStatus, spinner: usize) -> Span<'static> {
    if status.pending {
        return Span::styled(format!("{} verifying…", spinner_frame(spinner)), theme::info());
    }
    let verification = &status.verification;
    let blocking: Vec<String> =
        verification.findings.iter().filter(|f| f.blocks_use()).map(|f| f.to_string()).collect();
    let text = escape_control(&verification.signature.to_string()).into_owned();
    match &verification.signature {
        SignatureState::Verified { .. } if blocking.is_empty() => {
            Span::styled(format!("✓ {text}"), theme::info())
        }
        SignatureState::Verified { .. } => {
            Span::styled(format!("✓ {text}, but {}", escape_control(&blocking.join("; "))), theme::warning())
        }
        SignatureState::NotVerified => Span::styled(format!("○ {text}"), theme::dim()),
        SignatureState::NoJwks { .. } | SignatureState::UnknownKey { .. } => {
            Span::styled(format!("? {text}"), theme::warning())
        }
        SignatureState::Invalid { .. } => Span::styled(format!("✗ {text}"), theme::error()),
    }
}
