//! Pure rendering of `&Model` into a frame: it never mutates and never reads the clock, and it
//! draws into the areas `update` laid out (`model.screen.layout`, each pane's own areas), so
//! what is on screen is what the model says is there.

pub mod api;
pub mod encoder;
pub mod exposure;
mod footer;
pub mod inspector;
pub mod json;
mod modal;
pub mod text;
pub mod theme;
pub mod tokens;

#[cfg(test)]
mod tests;

pub use text::{signature_span, spinner_frame};

use crate::app::layout::{MIN_HEIGHT, MIN_WIDTH, ScreenLayout};
use crate::app::tabs::tab_bar;
use crate::app::text::fit::fit_segments;
use crate::app::{Model, PaneId};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use text::line;

pub fn render(frame: &mut Frame, model: &Model) {
    let area = frame.area();
    // The model is laid out for the size it was last told; a frame of another size (a resize
    // not yet handled) is drawn into a layout of its own size, never past its edges.
    let layout = if model.screen.layout.screen == area {
        model.screen.layout
    } else {
        ScreenLayout::new(
            area.width,
            area.height,
            model.screen.layout.notice.height,
            model.screen.layout.prompt.height > 0,
        )
    };
    if layout.too_small() {
        render_too_small(frame, area);
        return;
    }
    render_tabs(frame, layout.tabs, model);
    let pane = layout.pane;
    match model.focus {
        PaneId::Inspector => inspector::render(frame, pane, model),
        PaneId::Tokens => tokens::render(frame, model),
        PaneId::Api => api::render(frame, pane, model),
        PaneId::Exposure => exposure::render(frame, pane, model),
        PaneId::Encoder => encoder::render(frame, pane, model),
    }
    let notice: Vec<Line> = model
        .screen
        .notice_rows
        .iter()
        .map(|row| {
            let mut line = text::line(row.iter().cloned());
            line.spans.insert(0, Span::raw(" "));
            line
        })
        .collect();
    frame.render_widget(Paragraph::new(notice), layout.notice);
    frame.render_widget(Paragraph::new(footer::footer_line(model, layout.footer.width)), layout.footer);
    modal::render(frame, &layout, model);
    theme::apply_scheme(frame.buffer_mut(), model.colours);
}

fn render_too_small(frame: &mut Frame, area: Rect) {
    let text = format!(
        "Terminal too small: {}×{}. tokex needs at least {MIN_WIDTH}×{MIN_HEIGHT}. Enlarge it, or press q to quit.",
        area.width, area.height
    );
    frame.render_widget(Paragraph::new(text).style(theme::warning()).wrap(Wrap { trim: true }), area);
}

fn render_tabs(frame: &mut Frame, area: Rect, model: &Model) {
    let parts: Vec<_> = tab_bar(model).into_iter().map(|part| part.segment).collect();
    frame.render_widget(Paragraph::new(line(fit_segments(parts, usize::from(area.width)))), area);
}
