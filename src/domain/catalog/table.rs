//! The catalog as `tokex endpoints` prints it: a text table that fits a given width, or JSON;
//! with a token, each row carries its verdict and the scopes the token lacks.

use super::Endpoint;
use crate::domain::scope_rule::ScopeCheck;
use serde_json::{Value, json};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// One row: an operation and, when a token was given, how the token fares with it.
#[derive(Debug, Clone)]
pub struct TableRow<'a> {
    pub endpoint: &'a Endpoint,
    pub verdict: Option<ScopeCheck>,
}

impl<'a> TableRow<'a> {
    pub fn new(endpoint: &'a Endpoint, verdict: Option<ScopeCheck>) -> Self {
        TableRow { endpoint, verdict }
    }

    fn missing(&self) -> &[String] {
        match &self.verdict {
            Some(ScopeCheck::Missing(scopes)) => scopes,
            _ => &[],
        }
    }
}

/// `tokex endpoints --json`: one object per row, in order; with a verdict it also says
/// `allowed` and `missing`.
pub fn to_json(rows: &[TableRow]) -> Value {
    Value::Array(
        rows.iter()
            .map(|row| {
                let mut item = row.endpoint.to_json();
                if let (Some(verdict), Some(object)) = (&row.verdict, item.as_object_mut()) {
                    object.insert("allowed".into(), json!(verdict.is_allowed()));
                    object.insert("missing".into(), json!(row.missing()));
                }
                item
            })
            .collect(),
    )
}

/// Columns that give up width, first to last, when the table is too wide; each keeps at least
/// this many cells.
const SHRINK_FLOOR: usize = 8;
const GAP: usize = 2;

/// `tokex endpoints`' table in its three parts, so a front end can send the header and legend
/// elsewhere than the rows (`tokex endpoints | wc -l` counts operations).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedTable {
    /// The column names, one line.
    pub header: String,
    /// One line per operation.
    pub rows: String,
    /// A blank line, then what the marks mean.
    pub legend: String,
}

impl RenderedTable {
    /// Header, rows and legend, as a terminal shows them.
    pub fn whole(&self) -> String {
        format!("{}{}{}", self.header, self.rows, self.legend)
    }
}

/// `tokex endpoints`: a plain-text table (no colour), one operation per line, then a legend.
/// With `width`, every line fits it: long cells are cut with `…`, never wrapped; without, the
/// table is as wide as its longest cells (for pipes).
pub fn render_table(rows: &[TableRow], width: Option<usize>) -> RenderedTable {
    let with_verdict = rows.iter().any(|r| r.verdict.is_some());
    let mut headers: Vec<&str> = Vec::new();
    if with_verdict {
        headers.push("OK");
    }
    headers.extend(["METHOD", "PATH", "SCOPES"]);
    if with_verdict {
        headers.push("MISSING");
    }
    headers.extend(["STAGE", "DESCRIPTION"]);
    let cells: Vec<Vec<String>> = rows.iter().map(|row| cells_of(row, with_verdict)).collect();

    let mut widths: Vec<usize> = (0..headers.len())
        .map(|col| cells.iter().map(|r| r[col].width()).chain([headers[col].width()]).max().unwrap_or(0))
        .collect();
    if let Some(width) = width {
        fit(&mut widths, &headers, width);
    }

    let mut out = String::new();
    let line = |out: &mut String, cells: &[&str]| {
        let mut text = String::new();
        for (col, (cell, w)) in cells.iter().zip(&widths).enumerate() {
            let cell = cut(cell, *w);
            text.push_str(&cell);
            if col + 1 < cells.len() {
                text.push_str(&" ".repeat(w.saturating_sub(cell.width()) + GAP));
            }
        }
        push_line(out, text.trim_end(), width);
    };
    let mut header = String::new();
    line(&mut header, &headers);
    for row in &cells {
        line(&mut out, &row.iter().map(String::as_str).collect::<Vec<_>>());
    }
    let mut legend = String::from("\n");
    let mut notes = vec![
        "METHOD! = destructive (asks for confirmation); a | b = any one of the scopes; a + b = all of them"
            .to_owned(),
        "STAGE: EA = early access, beta = beta (empty: generally available)".to_owned(),
    ];
    if with_verdict {
        let allowed = rows.iter().filter(|r| r.verdict.as_ref().is_some_and(ScopeCheck::is_allowed)).count();
        notes.push(format!(
            "OK: ✓ the token passes, ✗ it lacks the MISSING scopes; {allowed} of {} shown are allowed",
            rows.len()
        ));
    }
    for text in notes {
        push_line(&mut legend, &text, width);
    }
    RenderedTable { header, rows: out, legend }
}

fn cells_of(row: &TableRow, with_verdict: bool) -> Vec<String> {
    let e = row.endpoint;
    let mut cells = Vec::with_capacity(7);
    if with_verdict {
        let mark = match &row.verdict {
            Some(ScopeCheck::Allowed) => "✓",
            Some(ScopeCheck::Missing(_)) => "✗",
            None => "",
        };
        cells.push(mark.to_owned());
    }
    cells.push(if e.destructive { format!("{}!", e.method) } else { e.method.to_string() });
    cells.push(e.path.clone());
    cells.push(e.scopes_cell());
    if with_verdict {
        cells.push(row.missing().join(" "));
    }
    cells.push(e.lifecycle.and_then(|l| l.badge()).unwrap_or("").to_owned());
    cells.push(e.description.clone());
    cells
}

/// Narrows columns until the line fits `width`: the description first, then the widest of
/// the others that can still give (method, verdict and stage never shrink).
fn fit(widths: &mut [usize], headers: &[&str], width: usize) {
    let total = |widths: &[usize]| widths.iter().sum::<usize>() + GAP * widths.len().saturating_sub(1);
    let shrinkable = |col: usize| matches!(headers[col], "PATH" | "SCOPES" | "MISSING" | "DESCRIPTION");
    let description = headers.len() - 1;
    let excess = total(widths).saturating_sub(width);
    let give = excess.min(widths[description].saturating_sub(SHRINK_FLOOR));
    widths[description] -= give;
    while total(widths) > width {
        let widest = (0..widths.len())
            .filter(|&col| shrinkable(col) && widths[col] > SHRINK_FLOOR)
            .max_by_key(|&col| widths[col]);
        match widest {
            Some(col) => widths[col] -= 1,
            // Every column at its floor: the line itself is cut in push_line.
            None => break,
        }
    }
}

fn push_line(out: &mut String, text: &str, width: Option<usize>) {
    match width {
        Some(width) => out.push_str(&cut(text, width)),
        None => out.push_str(text),
    }
    out.push('\n');
}

/// `text` cut to `width` terminal cells, ending in `…` when something was cut.
fn cut(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::catalog::catalog;
    use crate::domain::scope_rule::ScopeSet;

    fn rows(token: Option<&ScopeSet>) -> Vec<TableRow<'static>> {
        catalog().iter().map(|e| TableRow::new(e, token.map(|t| e.check(t)))).collect()
    }

    #[test]
    fn cells_are_cut_with_an_ellipsis() {
        assert_eq!(cut("abcdef", 4), "abc…");
        assert_eq!(cut("abcd", 4), "abcd");
        assert_eq!(cut("✓✓✓", 2), "✓…");
        assert_eq!(cut("abc", 0), "");
    }

    #[test]
    fn every_line_fits_the_width() {
        let token = ScopeSet::new(&["read:users".to_owned()]);
        for width in [20, 60, 80, 120] {
            let table = render_table(&rows(Some(&token)), Some(width)).whole();
            for line in table.lines() {
                assert!(line.width() <= width, "{width}: {line:?}");
            }
            assert_eq!(table.lines().count(), catalog().len() + 5, "one line per row, never wrapped");
        }
        let wide = render_table(&rows(Some(&token)), Some(80)).whole();
        assert!(wide.contains('…'), "long descriptions are cut");
        let first = wide.lines().nth(1).unwrap_or_default();
        assert!(first.starts_with("✓   GET      /api/v2/users"), "{first:?}");
    }

    #[test]
    fn without_a_width_nothing_is_cut() {
        let table = render_table(&rows(None), None).whole();
        assert!(!table.contains('…'));
        assert!(table.lines().any(|l| l.len() > 200), "full width when piped");
    }

    #[test]
    fn verdicts_and_missing_scopes() {
        let token = ScopeSet::new(&["read:users".to_owned(), "read:roles".to_owned()]);
        let table = render_table(&rows(Some(&token)), None).whole();
        let line = |path: &str, method: &str| {
            table
                .lines()
                .find(|l| {
                    l.split_whitespace().nth(1) == Some(method) && l.split_whitespace().nth(2) == Some(path)
                })
                .unwrap_or_default()
                .to_owned()
        };
        assert!(line("/api/v2/users", "GET").starts_with('✓'));
        let roles = line("/api/v2/users/{id}/roles", "GET");
        assert!(roles.starts_with('✗') && roles.contains("  read:role_members  "), "{roles}");
        assert!(table.contains("of 469 shown are allowed"));
        let json = to_json(&rows(Some(&token)));
        let roles = json
            .as_array()
            .and_then(|a| a.iter().find(|i| i["path"] == "/api/v2/users/{id}/roles" && i["method"] == "GET"));
        assert_eq!(
            roles.map(|r| (&r["allowed"], &r["missing"])),
            Some((&json!(false), &json!(["read:role_members"])))
        );
        assert!(to_json(&rows(None))[0].get("allowed").is_none());
    }

    #[test]
    fn lifecycle_badges() {
        let table = render_table(&rows(None), None).whole();
        let early =
            catalog().iter().find(|e| e.lifecycle.and_then(|l| l.badge()) == Some("EA")).expect("EA ops");
        let line = table
            .lines()
            .find(|l| {
                l.split_whitespace().nth(1) == Some(early.path.as_str())
                    && l.starts_with(early.method.as_str())
            })
            .unwrap_or_default();
        assert!(line.contains("  EA  "), "{line}");
    }
}
