//! Where the API pane's sections go, and their rows, computed in `update` whenever the
//! selection, the focus, the response or the size changes. What matters to the focused section
//! comes first: with the form or the response focused the details shrink to their headline
//! (`i` unfolds them), a zoom (`m`) gives the focused section the whole pane, and the response
//! gets every row that is left.

use super::{ApiPane, Focus, details};
use crate::app::context::PaneContext;
use crate::app::text::Segment;
use crate::app::text::rows::{WrappedLines, wrap_all};
use ratatui::layout::{Constraint, Layout, Rect};

type Rows = Vec<Vec<Segment<'static>>>;

/// The response body's rows are rebuilt only when one of these changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct BodyKey {
    /// Which response (its lines, by address: a new response is a new vector).
    lines: usize,
    width: u16,
    wrap: bool,
}

#[derive(Debug, Clone, Default)]
pub struct ApiLayout {
    pub list: Rect,
    pub details: Rect,
    pub form: Rect,
    pub response: Rect,
    /// The details, wrapped to their box.
    pub details_rows: Rows,
    /// The parameter form, a row each (empty on a group header).
    pub form_rows: Rows,
    /// The response's header, wrapped to its box.
    pub header_rows: Rows,
    /// Where the response body is drawn (inside its box, under the header).
    pub body: Rect,
    /// The first row of the list on screen (the selected one stays visible).
    pub list_top: usize,
    /// The first row of the form on screen (the one under the cursor stays visible).
    pub form_top: usize,
    /// The body's rows: wrapped at the body's width, or one per line (scrolled sideways).
    pub body_rows: WrappedLines,
    body_key: BodyKey,
}

/// Rows of a box's inside.
fn inner_rows(height: u16) -> usize {
    usize::from(height.saturating_sub(2))
}

impl ApiPane {
    /// The list's width at this pane width: two fifths of it, kept readable.
    fn list_width(width: u16) -> u16 {
        (width * 2 / 5).clamp(30.min(width), 72)
    }

    pub(super) fn compute_layout(&mut self, area: Rect, ctx: &PaneContext) {
        let has_response = self.call.response.is_some() || self.call.pending.is_some();
        let zoomed = self.zoomed;
        let list_width = match (zoomed, self.focus) {
            (true, Focus::List) => area.width,
            (true, _) => 0,
            (false, _) => Self::list_width(area.width),
        };
        let [list, right] =
            Layout::horizontal([Constraint::Length(list_width), Constraint::Min(0)]).areas(area);
        let inner_width = right.width.saturating_sub(2);
        let open = self.details_unfolded || (self.focus == Focus::List && !zoomed);
        let content = details::details(self, ctx, open, self.details_unfolded, usize::from(inner_width));
        let details_rows = wrap_all(&content, inner_width);
        let form_rows = details::form(self, usize::from(inner_width)).unwrap_or_default();
        let (details, form, response) =
            self.split_right(right, details_rows.len(), form_rows.len(), has_response);
        let header = self
            .call
            .response
            .as_ref()
            .map(|r| wrap_all(&r.header_lines(ctx.now, self.call.retry_at), response.width.saturating_sub(2)))
            .unwrap_or_default();
        let inside = Rect::new(
            response.x.saturating_add(1),
            response.y.saturating_add(1),
            response.width.saturating_sub(2),
            response.height.saturating_sub(2),
        );
        let pending = usize::from(self.call.pending.is_some());
        let header_height = (header.len() + pending).min(usize::from(inside.height.saturating_sub(1)));
        let header_height = u16::try_from(header_height).unwrap_or(0);
        let body = Rect {
            y: inside.y + header_height,
            height: inside.height.saturating_sub(header_height),
            ..inside
        };
        self.layout.list = list;
        self.layout.details = details;
        self.layout.form = form;
        self.layout.response = response;
        self.layout.details_rows = details_rows;
        self.layout.form_rows = form_rows;
        self.layout.header_rows = header;
        self.layout.body = body;
        let shown = self.list_rows();
        self.layout.list_top = (self.list.selected + 1).saturating_sub(shown);
        let form_visible = inner_rows(form.height).max(1);
        self.layout.form_top =
            self.selected_form().map_or(0, |f| (f.cursor + 1).saturating_sub(form_visible));
        self.lay_out_body();
    }

    /// Splits the right column into the details, the form and the response, the focused
    /// section first: the list's focus favours the details, the form's the form, the
    /// response's the response (the others keep a few rows, and `m` gives it all).
    fn split_right(
        &self,
        right: Rect,
        details_rows: usize,
        form_rows: usize,
        has_response: bool,
    ) -> (Rect, Rect, Rect) {
        let height = usize::from(right.height);
        let boxed = |rows: usize| if rows == 0 { 0 } else { rows + 2 };
        if self.zoomed && self.focus == Focus::Response {
            return (Rect::default(), Rect::default(), right);
        }
        let has_response = has_response && !self.zoomed;
        // What the response keeps at least, and what the form shows at least (its title and a
        // row or two around the cursor).
        let response_floor = if has_response { 6 } else { 0 };
        let form_floor = boxed(form_rows.min(2));
        let details = boxed(details_rows).max(3.min(height));
        let form = boxed(form_rows);
        let (details, form) = match self.focus {
            Focus::List => {
                let details = details.min(height.saturating_sub(form_floor + response_floor).max(3));
                let form = form.min(height.saturating_sub(details + response_floor));
                (details, form)
            }
            Focus::Form => {
                let form = form.min(height.saturating_sub(details.min(3) + response_floor));
                let details = details.min(height.saturating_sub(form + response_floor));
                (details, form)
            }
            Focus::Response => {
                let details = details.min(3);
                let form = form.min(form_floor.max(if has_response { 0 } else { height - details }));
                (details, form)
            }
        };
        let length = |rows: usize| Constraint::Length(u16::try_from(rows).unwrap_or(u16::MAX));
        if !has_response {
            let [details, form] =
                Layout::vertical([length(height.saturating_sub(form)), length(form)]).areas(right);
            return (details, form, Rect::default());
        }
        let [details, form, response] =
            Layout::vertical([length(details), length(form), Constraint::Min(0)]).areas(right);
        (details, form, response)
    }

    /// The body's rows for the response shown, rebuilt when it, the width or the wrap changed;
    /// the scroll kept within them.
    fn lay_out_body(&mut self) {
        let Some(response) = self.call.response.as_mut() else {
            self.layout.body_rows = WrappedLines::default();
            self.layout.body_key = BodyKey::default();
            return;
        };
        let key = BodyKey {
            lines: response.lines.as_ptr() as usize,
            width: self.layout.body.width,
            wrap: self.wrap_body,
        };
        if key != self.layout.body_key {
            self.layout.body_rows = if self.wrap_body {
                WrappedLines::new(response.lines.len(), key.width, |i| response.line(i))
            } else {
                WrappedLines::unwrapped(response.lines.len())
            };
            self.layout.body_key = key;
        }
        let visible = usize::from(self.layout.body.height).max(1);
        response.scroll = response.scroll.min(self.layout.body_rows.total_rows().saturating_sub(visible));
    }

    /// Rows of the list on screen.
    pub(super) fn list_rows(&self) -> usize {
        inner_rows(self.layout.list.height).saturating_sub(usize::from(!self.list.filter.is_empty())).max(1)
    }

    /// Rows of the response body on screen.
    pub(super) fn body_rows_shown(&self) -> usize {
        usize::from(self.layout.body.height).max(1)
    }
}
