//! The catalog as `tokex endpoints` prints it: a text table or JSON.

use super::Endpoint;
use serde_json::Value;

/// `tokex endpoints --json`: an array with one object per endpoint, in catalog order.
pub fn to_json(endpoints: &[Endpoint]) -> Value {
    Value::Array(endpoints.iter().map(Endpoint::to_json).collect())
}

/// `tokex endpoints`: a plain-text table (no colour), one endpoint per line, then a legend.
pub fn render_table(endpoints: &[Endpoint]) -> String {
    const HEADERS: [&str; 4] = ["METHOD", "PATH", "SCOPES", "DESCRIPTION"];
    let rows: Vec<[String; 4]> = endpoints
        .iter()
        .map(|e| {
            let method = if e.destructive { format!("{}!", e.method) } else { e.method.to_string() };
            [method, e.path.clone(), e.scopes_cell(), e.description.clone()]
        })
        .collect();
    let width = |col: usize| {
        rows.iter().map(|r| r[col].chars().count()).chain([HEADERS[col].len()]).max().unwrap_or(0)
    };
    let widths = [width(0), width(1), width(2)];
    let mut out = String::new();
    let mut line = |cells: [&str; 4]| {
        for (cell, w) in cells.iter().zip(widths) {
            out.push_str(cell);
            out.push_str(&" ".repeat(w.saturating_sub(cell.chars().count()) + 2));
        }
        out.push_str(cells[3]);
        out.push('\n');
    };
    line(HEADERS);
    for row in &rows {
        line([&row[0], &row[1], &row[2], &row[3]]);
    }
    out.push_str("\nMETHOD! = destructive (asks for confirmation); a | b = any one of the scopes; a + b = all of them\n");
    out
}
