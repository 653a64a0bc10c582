//! The pane laid out in `update`: a header (the headline with its countdown, and what was read
//! when) and a body (the story's lines wrapped to the width, or the list of clients), so the
//! renderer only draws rows and the scroll keys know what is on screen.

use super::{ExposurePane, View};
use crate::app::context::PaneContext;
use crate::app::text::fit::{fit_words, shorten};
use crate::app::text::{Segment, fixed, owned};
use crate::domain::exposure::{StoryLine, TimeFormat, headline, story_lines};
use crate::domain::sanitize::escape_control;
use crate::palette::Role;
use ratatui::layout::{Constraint, Layout, Rect};

/// Header rows inside its border.
pub const HEADER_ROWS: u16 = 2;

/// `line` wrapped at spaces into rows of `width` columns, its indentation kept on every row.
fn wrap_line(line: &StoryLine, width: usize) -> Vec<Vec<Segment<'static>>> {
    let text = line.text.trim_start_matches(' ');
    let indent = line.text.len() - text.len();
    let role = Role::from(line.kind);
    let words: Vec<(String, Role)> =
        text.split(' ').filter(|w| !w.is_empty()).map(|w| (w.to_owned(), role)).collect();
    if words.is_empty() {
        return vec![Vec::new()];
    }
    let rows = fit_words(&words, width.saturating_sub(indent).max(8), usize::MAX);
    rows.into_iter()
        .map(|mut row| {
            if indent > 0 {
                row.insert(0, owned(" ".repeat(indent), Role::Plain));
            }
            row
        })
        .collect()
}

impl ExposurePane {
    pub(super) fn lay_out_rows(&mut self, area: Rect, ctx: &PaneContext) {
        let [header, body] =
            Layout::vertical([Constraint::Length(HEADER_ROWS + 2), Constraint::Min(3)]).areas(area);
        self.header_area = header;
        self.body_area = body;
        let width = usize::from(body.width.saturating_sub(2));
        let time = TimeFormat { offset: ctx.utc_offset, now: ctx.now };
        self.header = self.header_rows(&time, usize::from(header.width.saturating_sub(2)));
        // A failed read is said in full above whatever is shown.
        let failure = self.failure.iter().flat_map(|text| {
            wrap_line(
                &StoryLine { kind: crate::domain::exposure::LineKind::Alert, text: text.clone() },
                width,
            )
        });
        let failure: Vec<Vec<Segment<'static>>> = failure.collect();
        let rows = match (self.view, self.story.as_ref(), self.list.as_ref()) {
            (View::List, _, Some(list)) => list_rows(list, &time, width),
            (View::Story, Some(view), _) => story_lines(&view.story, &time)
                .iter()
                .skip(2)
                .flat_map(|line| wrap_line(line, width))
                .collect(),
            _ => empty_rows(width),
        };
        self.rows = failure.into_iter().chain(rows).collect();
        if self.view == View::List
            && let Some(list) = self.list.as_ref()
        {
            // The selected client stays on screen (the heading is row 0).
            let visible = self.visible_rows();
            let row = list.selected + 1;
            if row < self.scroll + 1 {
                self.scroll = row.saturating_sub(1);
            } else if row >= self.scroll + visible {
                self.scroll = row + 1 - visible;
            }
        }
        self.scroll = self.scroll.min(self.max_scroll());
    }

    fn header_rows(&self, time: &TimeFormat, width: usize) -> Vec<Vec<Segment<'static>>> {
        let mut rows = Vec::new();
        let first = match (self.view, self.story.as_ref(), self.list.as_ref()) {
            (View::Story, Some(view), _) => {
                let line = headline(&view.story, time);
                vec![owned(line.text, Role::from(line.kind))]
            }
            (View::List, _, Some(list)) => {
                let live: usize = list.ranking.clients.iter().filter(|c| c.live > 0).count();
                let text = format!("{} clients · {live} with live tokens", list.ranking.clients.len());
                vec![owned(text, if live > 0 { Role::Error } else { Role::Info })]
            }
            _ => vec![fixed("Not read yet: r reads the tenant's log, l lists every client", Role::Dim)],
        };
        rows.push(first);
        let read_at = match self.view {
            View::List => self.list.as_ref().map(|l| (l.read_at, l.data.cost)),
            View::Story => self.story.as_ref().map(|s| (s.read_at, s.data.cost)),
        };
        let status = if self.failure.is_some() {
            fixed("the last read failed: see below", Role::Error)
        } else if let Some(pending) = &self.pending {
            owned(
                format!(
                    "reading the log of {} for {}… (Esc cancels)",
                    escape_control(pending.question.tenant()),
                    match pending.question.query.client_id() {
                        Some(id) => escape_control(id).into_owned(),
                        None => "every client".to_owned(),
                    }
                ),
                Role::Info,
            )
        } else if let Some((at, cost)) = read_at {
            let watching = if self.watch {
                format!(
                    " · watching, again {}",
                    time.relative((at + super::WATCH_SECS).max(self.next_read_at))
                )
            } else {
                " · w watches".to_owned()
            };
            owned(
                format!(
                    "read {} · {} event{} in {} request{}{watching}",
                    time.relative(at),
                    cost.events_read,
                    if cost.events_read == 1 { "" } else { "s" },
                    cost.requests,
                    if cost.requests == 1 { "" } else { "s" },
                ),
                Role::Dim,
            )
        } else {
            fixed("", Role::Dim)
        };
        rows.push(vec![status]);
        rows.into_iter()
            .map(|row| {
                row.into_iter()
                    .map(|(text, role)| (shorten(&text, width).into_owned().into(), role))
                    .collect()
            })
            .collect()
    }
}

fn list_rows(list: &super::ListView, time: &TimeFormat, width: usize) -> Vec<Vec<Segment<'static>>> {
    let mut rows = vec![vec![owned(
        shorten(
            &format!(
                "{:>5} {:>5}  {:<19} {:>4} {:>6}  client · privileged scopes",
                "risk", "live", "last issued", "ips", "knocks"
            ),
            width,
        ),
        Role::Dim,
    )]];
    for client in &list.ranking.clients {
        let name = if client.client_name.is_empty() {
            client.client_id.clone()
        } else {
            format!("{} ({})", client.client_name, client.client_id)
        };
        let grant = if client.has_grant == Some(false) { " (grant deleted)" } else { "" };
        let privileged = if client.privileged.is_empty() {
            format!("none of {}", client.scopes.len())
        } else {
            format!("{} of {}", client.privileged.join(", "), client.scopes.len())
        };
        let text = format!(
            "{:>5} {:>5}  {:<19} {:>4} {:>6}  {}{grant} · {}",
            client.risk,
            client.live,
            client.last_issue.map_or_else(|| "-".to_owned(), |at| time.short(at)),
            client.distinct_ips,
            client.knocks,
            escape_control(&name),
            escape_control(&privileged)
        );
        let role = if client.risk > 0 {
            Role::Error
        } else if client.live > 0 {
            Role::Warning
        } else {
            Role::Plain
        };
        rows.push(vec![owned(shorten(&text, width).into_owned(), role)]);
    }
    if list.ranking.clients.is_empty() {
        rows.push(vec![fixed("No client has a grant for this API.", Role::Dim)]);
    }
    rows
}

fn empty_rows(width: usize) -> Vec<Vec<Segment<'static>>> {
    let texts = [
        (
            "A Management API token cannot be revoked: deleting the grant or rotating the secret stops new tokens only.",
            Role::Plain,
        ),
        (
            "This pane reads the tenant's log and tells the story of the inspected token's client: how many of its tokens are still live, where they went, who knocks with an old secret, what they did, and when the last one expires.",
            Role::Plain,
        ),
        (
            "r reads the log (with the inspected token when it has read:logs, else a token this session or the cache holds; never a new one). l lists every client with a grant, riskiest first.",
            Role::Dim,
        ),
    ];
    let mut rows = Vec::new();
    for (text, role) in texts {
        rows.extend(wrap_line(&StoryLine { kind: kind_of(role), text: text.to_owned() }, width));
        rows.push(Vec::new());
    }
    rows
}

fn kind_of(role: Role) -> crate::domain::exposure::LineKind {
    use crate::domain::exposure::LineKind;
    if role == Role::Dim { LineKind::Dim } else { LineKind::Plain }
}
