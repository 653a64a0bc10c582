//! Frame cost: rendering the inspector (what one countdown tick or key press costs), and
//! paste-to-frame (decode + update + render), which must fit well inside one frame. A 5 MB
//! token must cost a frame about what a 1 KB one does: only what is on screen is laid out.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::json;
use tokex::app::{Model, Msg, update};

fn token() -> String {
    let scopes: Vec<String> = ["users", "clients", "client_grants", "logs", "roles", "connections", "stats"]
        .iter()
        .flat_map(|r| ["read", "create", "update", "delete"].map(|a| format!("{a}:{r}")))
        .collect();
    let payload = json!({
        "iss": "https://acme.eu.auth0.com/", "sub": "abc@clients", "aud": "https://acme.eu.auth0.com/api/v2/",
        "iat": 1_764_316_800, "exp": 1_764_403_200, "scope": scopes.join(" "), "gty": "client-credentials", "azp": "abc"
    });
    format!(
        "{}.{}.{}",
        URL_SAFE_NO_PAD.encode(json!({"alg": "RS256", "typ": "JWT", "kid": "k"}).to_string()),
        URL_SAFE_NO_PAD.encode(payload.to_string()),
        URL_SAFE_NO_PAD.encode([1u8; 256])
    )
}

/// A token of about `size` bytes: the usual claims plus one big claim (words, so it wraps by word).
fn token_of_size(size: usize) -> String {
    let filler = "lorem ipsum dolor sit amet ".repeat(size * 3 / 4 / 27 + 1);
    let payload = json!({
        "iss": "https://acme.eu.auth0.com/", "sub": "abc@clients", "aud": "https://acme.eu.auth0.com/api/v2/",
        "iat": 1_764_316_800, "exp": 1_764_403_200, "scope": "read:users read:clients", "blob": filler,
    });
    format!(
        "{}.{}.{}",
        URL_SAFE_NO_PAD.encode(json!({"alg": "RS256", "typ": "JWT", "kid": "k"}).to_string()),
        URL_SAFE_NO_PAD.encode(payload.to_string()),
        URL_SAFE_NO_PAD.encode([1u8; 256])
    )
}

fn model_with(token: &str) -> Model {
    let offset = chrono::FixedOffset::east_opt(0).expect("offset");
    let mut model = Model::new(1_764_320_000, offset);
    update(&mut model, Msg::Resize(120, 40));
    update(&mut model, Msg::Paste(token.to_owned()));
    model
}

/// What the runtime does for one message: update (which lays out what changed), then draw.
fn message_to_frame(model: &mut Model, terminal: &mut Terminal<TestBackend>, msg: Msg) {
    update(model, msg);
    terminal.draw(|frame| tokex::ui::render(frame, model)).expect("draw");
}

fn benches(c: &mut Criterion) {
    let token = token();
    let offset = chrono::FixedOffset::east_opt(0).expect("offset");
    let model = model_with(&token);
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    c.bench_function("render inspector 120x40", |b| {
        b.iter(|| {
            terminal.draw(|frame| tokex::ui::render(frame, &model)).expect("draw");
        })
    });
    c.bench_function("paste to frame 120x40", |b| {
        b.iter(|| {
            let mut model = Model::new(1_764_320_000, offset);
            update(&mut model, Msg::Paste(token.clone()));
            terminal.draw(|frame| tokex::ui::render(frame, &model)).expect("draw");
        })
    });

    let mut group = c.benchmark_group("huge token");
    group.sample_size(10);
    for (name, size) in [("1 KB", 1_000), ("5 MB", 5_000_000)] {
        let token = token_of_size(size);
        let mut model = model_with(&token);
        message_to_frame(&mut model, &mut terminal, Msg::Tick(1_764_320_001));
        group.bench_function(format!("tick to frame, {name} token"), |b| {
            let mut now = 1_764_320_001;
            b.iter(|| {
                now += 1;
                message_to_frame(&mut model, &mut terminal, Msg::Tick(now));
            })
        });
        group.bench_function(format!("key to frame, {name} token"), |b| {
            let mut down = true;
            b.iter(|| {
                // Page down, then back up, so every frame shows different rows.
                let code = if down { KeyCode::PageDown } else { KeyCode::PageUp };
                down = !down;
                message_to_frame(
                    &mut model,
                    &mut terminal,
                    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)),
                );
            })
        });
    }
    group.finish();
}

criterion_group!(render, benches);
criterion_main!(render);
