//! Pure rendering of `&Model` into a frame. Never mutates, never reads the clock.

pub mod api_pane;
mod drift_line;
pub mod fit;
pub mod footer;
pub mod help;
pub mod inspector;
pub mod inspector_body;
pub mod json;
mod plain_text;
pub mod theme;
pub mod token_diff;
pub mod tokens;

use crate::app::{BodyLayout, Model, Pane, SignatureStatus};
use crate::domain::sanitize::escape_control;
use crate::domain::verify::SignatureState;
use plain_text::PlainRows;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

/// Below this the layout cannot show a token meaningfully.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 15;

pub fn render(frame: &mut Frame, model: &Model) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        render_too_small(frame, area);
        return;
    }
    let [tabs_area, main_area, input_area, notice_area, footer_area] = layout(model, area);
    render_tabs(frame, tabs_area, model);
    match model.pane {
        Pane::Inspector => inspector::render(frame, main_area, model),
        Pane::Tokens => tokens::render(frame, main_area, model),
        Pane::Api => api_pane::render(frame, main_area, model),
    }
    if model.inspector.input.is_some() {
        render_input(frame, input_area, model);
    }
    frame.render_widget(PlainRows(footer::notice_lines(model, notice_area.width)), notice_area);
    frame.render_widget(PlainRows(vec![footer::footer_line(model, footer_area.width)]), footer_area);
    if model.show_help {
        help::render(frame, area, model);
    }
    theme::apply_scheme(frame.buffer_mut(), model.colours);
}

/// Tabs, main pane, input line (only while open), the notice (only while there is one; two
/// lines when it needs them) and the focus footer.
fn layout(model: &Model, area: Rect) -> [Rect; 5] {
    let input_height = if model.inspector.input.is_some() { 3 } else { 0 };
    let notice_height = u16::try_from(footer::notice_lines(model, area.width).len()).unwrap_or(0);
    Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(5),
        Constraint::Length(input_height),
        Constraint::Length(notice_height),
        Constraint::Length(1),
    ])
    .areas(area)
}

/// The main pane's area for a terminal of `size`, as `render` lays it out.
pub fn main_area(model: &Model, size: Rect) -> Rect {
    layout(model, size)[1]
}

/// The largest useful scroll offset of the current pane at this terminal size.
pub fn scroll_limit(model: &Model, size: Rect) -> usize {
    match model.pane {
        Pane::Inspector => inspector::scroll_limit(model, main_area(model, size)),
        Pane::Tokens | Pane::Api => 0,
    }
}

/// A new layout of the inspector's body when the model's no longer fits this terminal size
/// (another token or width); the runtime hands it to `update` before drawing.
pub fn layout_update(model: &Model, size: Rect) -> Option<BodyLayout> {
    match model.pane {
        Pane::Inspector => inspector::layout_update(model, main_area(model, size)),
        Pane::Tokens | Pane::Api => None,
    }
}

fn render_too_small(frame: &mut Frame, area: Rect) {
    let text = format!(
        "Terminal too small: {}×{}. tokex needs at least {MIN_WIDTH}×{MIN_HEIGHT}. Enlarge it, or press q to quit.",
        area.width, area.height
    );
    frame.render_widget(Paragraph::new(text).style(theme::warning()).wrap(Wrap { trim: true }), area);
}

fn render_tabs(frame: &mut Frame, area: Rect, model: &Model) {
    let mut spans = vec![Span::styled(" tokex ", theme::section()), Span::raw(" ")];
    for (index, pane) in Pane::ALL.iter().enumerate() {
        let text = format!(" {} {} ", index + 1, pane.title());
        let style = if *pane == model.pane { theme::active_tab() } else { theme::dim() };
        spans.push(Span::styled(text, style));
        spans.push(Span::raw(" "));
    }
    if let Some(profile) = model.active_profile() {
        spans.push(Span::styled(" profile ", theme::dim()));
        spans.push(Span::styled(escape_control(&profile.name).into_owned(), theme::label()));
    }
    if model.session.auto_renew {
        spans.push(Span::styled("  auto-renew", theme::info()));
    }
    if let Some(fetch) = model.session.fetch.as_ref() {
        spans.push(Span::styled(
            format!(
                "  {} fetching a token from {}… (Esc cancels)",
                spinner_frame(model.screen.spinner),
                escape_control(&fetch.profile)
            ),
            theme::info(),
        ));
    }
    frame.render_widget(PlainRows(vec![Line::from(spans)]), area);
}

fn render_input(frame: &mut Frame, area: Rect, model: &Model) {
    let Some(input) = model.inspector.input.as_ref() else { return };
    let block =
        Block::new().borders(Borders::ALL).title(" Token: Enter decodes · Esc cancels · Ctrl-U clears ");
    let inner = block.inner(area);
    // Keep the cursor visible in long tokens by showing the tail that contains it.
    let (visible, cursor_column) = input.window(usize::from(inner.width.saturating_sub(1)));
    let shown = crate::domain::sanitize::escape_control(&visible).into_owned();
    frame.render_widget(Paragraph::new(shown).block(block), area);
    let cursor_x = inner.x + u16::try_from(cursor_column).unwrap_or(0);
    frame.set_cursor_position((cursor_x.min(inner.right().saturating_sub(1)), inner.y));
}

/// Braille spinner, advanced by `Msg::Spinner` while a request is in flight.
pub fn spinner_frame(step: usize) -> &'static str {
    const FRAMES: [&str; 8] = ["⣾", "⣽", "⣻", "⢿", "⡿", "⣟", "⣯", "⣷"];
    FRAMES[step % FRAMES.len()]
}

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
