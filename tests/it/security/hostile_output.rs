//! One hostile fixture through every command: a token whose claims carry terminal escapes,
//! bidi and invisible characters; a tenant whose token response, JWKS, API bodies and headers
//! carry them too; a config file and an environment that do the same. Nothing of it may reach
//! the terminal raw: no C0 (beyond newline and tab), DEL, C1, bidi or zero-width character in
//! any byte written to stdout or stderr. Loopback only.

use crate::cli_support;
use crate::net_support;

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use cli_support::args;
use net_support::server::{self, json};
use serde_json::{Value, json};
use std::ffi::OsString;
use std::process::Output;

/// Every kind of character the promise covers, in one string.
pub const HOSTILE: &str = "\u{1b}]0;owned\u{7}\u{1b}[2J\u{1b}]52;c;ZXZpbA==\u{7}\r\u{8}\u{7f}\u{85}\u{9b}31m\u{202e}fdp.exe\u{2066}\u{200b}\u{200d}\u{feff}\u{200e}\u{61c}\u{2028}\u{2029}";

fn unsafe_chars(output: &str) -> Vec<char> {
    output
        .chars()
        .filter(|c| !matches!(c, '\n' | '\t') && tokex::domain::sanitize::is_unsafe_char(*c))
        .collect()
}

fn unsigned_token(claims: Value) -> String {
    use base64::Engine;
    let part = |v: Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string());
    let header = json!({"alg": "RS256", "typ": "JWT", "kid": format!("k{HOSTILE}")});
    format!("{}.{}.c2ln", part(header), part(claims))
}

fn hostile_claims(base: &str) -> Value {
    json!({
        "iss": format!("{base}/"),
        "aud": format!("{base}/api/v2/"),
        "sub": format!("client{HOSTILE}@clients"),
        "azp": HOSTILE,
        "sc\u{200b}ope": "read:users",
        "scope": format!("read:users read:{HOSTILE}"),
        format!("claim{HOSTILE}"): HOSTILE,
        "iat": 1_700_000_000i64,
        "exp": 4_000_000_000i64,
    })
}

fn hostile_response(status: u16, body: Value) -> Response {
    let mut response = (
        StatusCode::from_u16(status).expect("status"),
        [("content-type", "application/json")],
        body.to_string(),
    )
        .into_response();
    // Header values may carry bytes ≥ 0x80: C1 controls and bidi characters in UTF-8.
    let value = HeaderValue::from_bytes(format!("x{}", "\u{9b}\u{202e}\u{200b}").as_bytes()).expect("header");
    response.headers_mut().insert("x-hostile", value);
    response
}

async fn hostile_tenant() -> server::TestServer {
    let base = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let for_script = base.clone();
    let tenant = server::start(move |request| {
        let base = for_script.lock().expect("lock").clone();
        match request.path.as_str() {
            "/oauth/token" => json(
                200,
                json!({
                    "access_token": unsigned_token(hostile_claims(&base)),
                    "expires_in": 86400,
                    "token_type": format!("Bearer{HOSTILE}"),
                    "scope": format!("read:users {HOSTILE}"),
                }),
            ),
            "/.well-known/jwks.json" => {
                json(200, json!({"keys": [{"kty": "RSA", "kid": HOSTILE, "n": "x", "e": "AQAB"}]}))
            }
            path if path.starts_with("/api/v2/") => hostile_response(
                400,
                json!({
                    "statusCode": 400,
                    "error": HOSTILE,
                    "message": format!("Insufficient scope, expected any of: read:{HOSTILE}"),
                    "errorCode": HOSTILE,
                    HOSTILE: [HOSTILE, {"nested": HOSTILE}],
                }),
            ),
            _ => server::not_found(),
        }
    })
    .await;
    *base.lock().expect("lock") = tenant.base();
    tenant
}

/// Runs the binary with a hostile config file and the given environment.
async fn tokex(args: Vec<OsString>, env: Vec<(&'static str, String)>) -> Output {
    let home = std::env::temp_dir().join(format!("tokex-hostile-{}", std::process::id()));
    let config_dir = home.join("tokex");
    std::fs::create_dir_all(&config_dir).expect("config dir");
    let toml = format!(
        "default_profile = {d}\n[profiles.{p}]\ndomain = {d}\nclient_id = {d}\nclient_secret_env = {d}\n",
        d = toml_string(&format!("x{HOSTILE}")),
        p = toml_string(&format!("p{HOSTILE}")),
    );
    std::fs::write(config_dir.join("config.toml"), toml).expect("write config");
    cli_support::tokex_in(home, args, "", env).await
}

/// A TOML basic string with every non-printable character as a `\uXXXX` escape.
fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        if c.is_control() || tokex::domain::sanitize::is_unsafe_char(c) || c == '"' || c == '\\' {
            out.push_str(&format!("\\u{:04X}", c as u32));
        } else {
            out.push(c);
        }
    }
    out.push('"');
    out
}

fn assert_clean(what: &str, output: &Output) {
    for (stream, bytes) in [("stdout", &output.stdout), ("stderr", &output.stderr)] {
        let text = String::from_utf8_lossy(bytes);
        let found = unsafe_chars(&text);
        assert!(found.is_empty(), "{what}: {stream} carries {found:?}:\n{text}");
    }
}

/// A command to run: a label, its arguments and its environment.
type Run = (&'static str, Vec<OsString>, Vec<(&'static str, String)>);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_hostile_character_reaches_the_terminal_from_any_command() {
    let tenant = hostile_tenant().await;
    let base = tenant.base();
    let token = unsigned_token(hostile_claims(&base));
    let env_profile = vec![
        ("AUTH0_DOMAIN", base.clone()),
        ("AUTH0_CLIENT_ID", format!("id{HOSTILE}")),
        ("AUTH0_CLIENT_SECRET", "s3cret-value".to_owned()),
    ];
    let runs: Vec<Run> = vec![
        ("decode", args(&["decode", &token]), vec![]),
        ("decode --json", args(&["decode", "--json", &token]), vec![]),
        ("decode --verify", args(&["decode", "--verify", &token]), vec![]),
        ("decode --verify --json", args(&["decode", "--verify", "--json", &token]), vec![]),
        ("fetch (hostile config)", args(&["fetch"]), vec![]),
        ("fetch --profile", args(&["fetch", "--profile", &format!("p{HOSTILE}")]), vec![]),
        (
            "fetch (hostile AUTH0_DOMAIN)",
            args(&["fetch"]),
            vec![("AUTH0_DOMAIN", format!("https://x{HOSTILE}")), ("AUTH0_CLIENT_ID", HOSTILE.to_owned())],
        ),
        ("fetch", args(&["fetch"]), env_profile.clone()),
        ("fetch --json", args(&["fetch", "--json"]), env_profile.clone()),
        ("call", args(&["call", "GET", "/users", "--token", &token, "--domain", &base]), vec![]),
        (
            "call --json",
            args(&["call", "GET", "/users", "--json", "--token", &token, "--domain", &base]),
            vec![],
        ),
        ("call (fetched token)", args(&["call", "GET", &format!("/users/{HOSTILE}")]), env_profile.clone()),
        ("call bad method", args(&["call", HOSTILE, "/users", "--token", &token]), vec![]),
        ("endpoints", args(&["endpoints"]), vec![]),
    ];
    for (what, arguments, env) in runs {
        let output = tokex(arguments, env).await;
        assert_clean(what, &output);
    }
    // The fixture really was hostile: the tenant was asked, and answered with it.
    assert!(tenant.hits("/oauth/token") >= 2, "{:?}", tenant.recorded().len());
    assert!(tenant.recorded().iter().any(|r| r.path.starts_with("/api/v2/users")));
}

/// Every cell of every pane, drawn into a `TestBackend`.
fn rendered(model: &tokex::app::Model) -> String {
    let mut model = model.clone();
    tokex::app::update(&mut model, tokex::app::Msg::Resize(160, 48));
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(160, 48)).expect("terminal");
    terminal.draw(|frame| tokex::ui::render(frame, &model)).expect("draw");
    terminal.backend().buffer().content().iter().map(|cell| cell.symbol()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_hostile_character_reaches_the_tui() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use tokex::app::{Cmd, Model, Msg, TokenOrigin, update};
    let tenant = hostile_tenant().await;
    let base = tenant.base();

    // A hostile config file: profile names, default_profile and values.
    let dir = std::env::temp_dir().join(format!("tokex-hostile-tui-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let file = dir.join("config.toml");
    std::fs::write(
        &file,
        format!(
            "default_profile = {d}\n[profiles.{p}]\ndomain = {d}\nclient_id = {d}\n[profiles.ok]\ndomain = {b}\nclient_id = {d}\nclient_secret = \"s3cret-value\"\n",
            d = toml_string(&format!("x{HOSTILE}")),
            p = toml_string(&format!("p{HOSTILE}")),
            b = toml_string(&base),
        ),
    )
    .expect("write");
    let options = tokex::config::LoadOptions { config_path: Some(file), ..Default::default() };
    let config = tokex::config::Config::load_with_env(&options, &|_| None);
    assert!(!config.problems.is_empty(), "the hostile file must cause problems");
    let active = config.profiles.iter().position(|p| p.name == "ok");

    let now = chrono::Utc::now().timestamp();
    let mut model = Model::new(now, chrono::FixedOffset::east_opt(0).expect("offset"))
        .with_profiles(config.profiles, active)
        .with_config_problems(config.problems);
    let key = |model: &mut Model, code| update(model, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    tokex::app::load_token(&mut model, unsigned_token(hostile_claims(&base)), TokenOrigin::Pasted)
        .expect("decodes");
    let inspector = rendered(&model);
    assert!(unsafe_chars(&inspector).is_empty(), "inspector: {:?}", unsafe_chars(&inspector));
    assert!(inspector.contains("sc\\u{200b}ope"), "zero-width stays visible:\n{inspector}");

    key(&mut model, KeyCode::Char('2'));
    let tokens = rendered(&model);
    assert!(unsafe_chars(&tokens).is_empty(), "tokens pane: {:?}", unsafe_chars(&tokens));

    // The API pane: call the hostile tenant (the token's own) and show its answer.
    key(&mut model, KeyCode::Char('3'));
    let cmds = key(&mut model, KeyCode::Enter);
    let http = tokex::net::Http::with_defaults().expect("http");
    let mut called = false;
    for cmd in cmds {
        if let Cmd::CallApi { id, request } = cmd {
            let result = tokex::runtime::perform_call(&http, &request).await;
            update(&mut model, Msg::ApiDone { id, result });
            called = true;
        }
    }
    assert!(called, "the pane called the hostile tenant");
    let api = rendered(&model);
    assert!(unsafe_chars(&api).is_empty(), "API pane: {:?}", unsafe_chars(&api));
    key(&mut model, KeyCode::Char('?'));
    let help = rendered(&model);
    assert!(unsafe_chars(&help).is_empty(), "help: {:?}", unsafe_chars(&help));
}
