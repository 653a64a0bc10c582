//! One keystroke in the API pane's `/` filter, through `update` as the TUI handles it:
//! re-matching all 469 operations (method, path, group, description), re-grouping the rows,
//! keeping the selection, and laying the screen out again. It must stay well under one frame
//! (16 ms); the list then draws only the rows on screen.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent};
use std::hint::black_box;
use tokex::app::{Model, Msg, update};
use tokex::domain::catalog::catalog;

fn key(model: &mut Model, code: KeyCode) {
    black_box(update(model, Msg::Key(KeyEvent::from(code))));
}

fn benches(c: &mut Criterion) {
    assert_eq!(catalog().len(), 469);
    let payload = r#"{"iss":"https://acme.eu.auth0.com/","aud":"https://acme.eu.auth0.com/api/v2/","exp":4000000000,"scope":"read:users read:clients update:users"}"#;
    let token = format!(
        "{}.{}.{}",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"RS256"}"#),
        URL_SAFE_NO_PAD.encode(payload),
        URL_SAFE_NO_PAD.encode([1u8; 64])
    );
    let mut model = Model::new(1_764_320_000, chrono::FixedOffset::east_opt(0).expect("offset"));
    update(&mut model, Msg::Resize(120, 40));
    update(&mut model, Msg::Paste(token));
    key(&mut model, KeyCode::Char('3'));
    key(&mut model, KeyCode::Char('/'));
    for c in "get user".chars() {
        key(&mut model, KeyCode::Char(c));
    }
    let mut group = c.benchmark_group("api filter keystroke");
    // Typing the last letter of a two-word filter, then taking it back: each key re-filters.
    let mut typed = false;
    group.bench_function("469 operations, two words", |b| {
        b.iter(|| {
            typed = !typed;
            key(&mut model, if typed { KeyCode::Char('s') } else { KeyCode::Backspace });
        })
    });
    group.finish();
}

criterion_group!(api_filter, benches);
criterion_main!(api_filter);
