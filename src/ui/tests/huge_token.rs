//! A huge token stays usable: its body is laid out once per token and width (kept in the
//! model), every part of it can be scrolled to, and a frame shows the right rows.

use crate::test_support::*;

use crate::app::{Model, Msg, update};
use crate::net::Http;
use crate::runtime::Runtime;
use crate::runtime::clipboard::RecordingClipboard;
use crate::runtime::clock::ManualClock;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::json;

const SIGNATURE: &str = "TheVeryEndOfTheSignature";

/// A token of about `size` bytes: a `filler` claim of words, and a recognisable signature.
fn token_of_size(size: usize) -> String {
    let filler = "lorem ipsum dolor sit amet ".repeat(size * 3 / 4 / 27 + 1);
    let payload =
        json!({"iss": "https://acme.eu.auth0.com/", "iat": NOW, "exp": NOW + 86_400, "filler": filler});
    format!(
        "{}.{}.{SIGNATURE}",
        URL_SAFE_NO_PAD.encode(json!({"alg": "RS256"}).to_string()),
        URL_SAFE_NO_PAD.encode(payload.to_string())
    )
}

/// The inner rows of the body (between its borders), concatenated.
fn body_text(terminal: &Terminal<TestBackend>) -> String {
    body_rows(terminal).iter().map(|row| row.trim_end()).collect()
}

fn key(code: KeyCode) -> std::io::Result<Event> {
    Ok(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

async fn run(events: Vec<std::io::Result<Event>>) -> (Model, Terminal<TestBackend>) {
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    let mut runtime = Runtime::new(
        ManualClock::new(NOW),
        RecordingClipboard::default(),
        Http::with_defaults().expect("http"),
    );
    let model = Model::new(NOW, chrono::FixedOffset::east_opt(0).expect("offset"));
    let model = runtime
        .run(&mut terminal, futures_util::stream::iter(events), model, Vec::new())
        .await
        .expect("runs");
    (model, terminal)
}

/// 5 MB wrap into more than 65,535 rows at 118 columns; the end must still be reachable.
#[tokio::test]
async fn the_end_of_a_5_mb_token_can_be_scrolled_to() {
    let token = token_of_size(5_000_000);
    let (model, terminal) = run(vec![Ok(Event::Paste(token)), key(KeyCode::End)]).await;
    assert!(
        model.panes.inspector.scroll > usize::from(u16::MAX),
        "scrolled to row {}",
        model.panes.inspector.scroll
    );
    assert_eq!(model.panes.inspector.scroll, model.panes.inspector.max_scroll());
    let body = body_text(&terminal);
    assert!(body.ends_with(SIGNATURE), "the last rows show the end of the raw token: …{}", tail(&body));
    let layout = model.panes.inspector.body.as_ref().expect("the runtime laid the body out");
    assert_eq!(layout.width(), 118, "laid out for the body's inner width");
}

fn tail(text: &str) -> &str {
    &text[text.len().saturating_sub(300)..]
}

/// The layout belongs to the token and width: a new token or a resize replaces it, a tick
/// keeps it.
#[test]
fn the_layout_follows_the_token_and_the_width() {
    let mut model = Model::new(NOW, chrono::FixedOffset::east_opt(0).expect("offset"));
    update(&mut model, Msg::Resize(120, 40));
    update(&mut model, Msg::Paste(token_of_size(20_000)));
    let laid_out = |model: &Model| model.panes.inspector.body.as_ref().map(|l| (l.width(), l.lines.as_ptr()));
    let first = laid_out(&model).expect("laid out with the token");
    assert_eq!(first.0, 118, "for the body's inner width");
    update(&mut model, Msg::Tick(NOW + 1));
    assert_eq!(laid_out(&model), Some(first), "a tick keeps it");
    update(&mut model, Msg::Resize(90, 40));
    assert_eq!(laid_out(&model).map(|l| l.0), Some(88), "a resize replaces it");
    update(&mut model, Msg::Paste(token_of_size(30_000)));
    let token = model.token.as_ref().expect("token");
    let layout = model.panes.inspector.body.as_ref().expect("layout");
    assert!(layout.fits(token, 88, model.now, model.utc_offset), "a new token gets a layout of its own");
}

/// Rows of long lines split once at layout time: scrolling by one row shifts the frame by
/// exactly one row wherever it starts, and the rows, read in order, spell the raw token
/// without a character lost or repeated.
#[test]
fn every_row_of_a_long_line_is_shown_once() {
    let token = token_of_size(20_000);
    let mut model = Model::new(NOW, chrono::FixedOffset::east_opt(0).expect("offset"));
    update(&mut model, Msg::Resize(120, 40));
    update(&mut model, Msg::Paste(token.clone()));
    let limit = model.panes.inspector.max_scroll();
    assert!(limit > 100, "the filler claim and the raw token wrap into many rows");
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    let mut frame_at = |scroll: usize| {
        model.panes.inspector.scroll = scroll;
        terminal.draw(|frame| crate::ui::render(frame, &model)).expect("draw");
        body_rows(&terminal)
    };
    let mut rows: Vec<String> = Vec::new();
    let mut previous = frame_at(0);
    for scroll in 1..=limit {
        let current = frame_at(scroll);
        assert_eq!(previous[1..], current[..current.len() - 1], "scrolling from row {} by one", scroll - 1);
        rows.push(previous[0].clone());
        previous = current;
    }
    rows.extend(previous);
    let text: String = rows.iter().map(|row| row.trim_end()).collect();
    assert!(text.contains(&token), "the rows spell the raw token");
}

/// The inner rows of the body, one string each.
fn body_rows(terminal: &Terminal<TestBackend>) -> Vec<String> {
    let buffer = terminal.backend().buffer();
    let mut rows = Vec::new();
    let mut in_body = false;
    for y in 0..buffer.area.height {
        let row: String = (0..buffer.area.width).map(|x| buffer[(x, y)].symbol().to_owned()).collect();
        // The body is the focused section: its title carries the focus mark.
        if row.starts_with("┌ Decoded") || row.starts_with("┌ ▶ Decoded") {
            in_body = true;
        } else if let Some(inner) =
            row.strip_prefix('│').and_then(|r| r.strip_suffix('│')).filter(|_| in_body)
        {
            rows.push(inner.to_owned());
        }
    }
    rows
}
