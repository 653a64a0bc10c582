//! Frame cost: rendering the inspector (what one countdown tick or key press costs), and
//! paste-to-frame (decode + update + render), which must fit well inside one frame.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use criterion::{Criterion, criterion_group, criterion_main};
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

fn benches(c: &mut Criterion) {
    let token = token();
    let offset = chrono::FixedOffset::east_opt(0).expect("offset");
    let mut model = Model::new(1_764_320_000, offset);
    update(&mut model, Msg::Paste(token.clone()));
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
}

criterion_group!(render, benches);
criterion_main!(render);
