//! Issue 9 point 4 over real loopback HTTP: a token endpoint that echoes the request (body and
//! headers, in every spelling) never gets the client secret into an error message.

use crate::net_support as support;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::json;
use std::time::Duration;
use support::server::{self, Recorded, not_found, start};
use tokex::config::{AuthMethod, Profile, Secret};
use tokex::net::{Http, HttpOptions, fetch_token};

/// Every character form-encoding, percent-encoding and JSON escaping treat specially.
const SECRET: &str = "S3cr+/ t\"\\é%&=-0123456789-abcd";

fn http() -> Http {
    Http::new(HttpOptions { timeout: Duration::from_secs(2), ..Default::default() }).expect("client")
}

fn percent_lower(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02x}")
            }
        })
        .collect()
}

/// The echo each mode sends back, always with an error status.
fn echo(mode: &str, r: &Recorded) -> axum::response::Response {
    let secret = r.form_value("client_secret").unwrap_or_default();
    let authorization = r.header("authorization").unwrap_or_default();
    let json_text = serde_json::to_string(&json!({ "echo": secret })).expect("json");
    match mode {
        "form" => server::text(400, "text/plain", &r.body),
        // The secret starts 180 characters in, so a 200-character excerpt would cut it.
        "form-padded" => {
            let at = r.body.find("client_secret=").map_or(0, |i| i + "client_secret=".len());
            server::text(400, "text/plain", &format!("{}{}", "x".repeat(180 - at.min(180)), r.body))
        }
        "decoded" => server::json(
            400,
            json!({"error": "invalid_client", "error_description": format!("bad secret {secret}")}),
        ),
        "json" => server::text(400, "application/json", &json_text),
        "json-slash" => server::text(400, "application/json", &json_text.replace('/', "\\/")),
        "json-ascii" => server::text(400, "application/json", &json_text.replace('é', "\\u00e9")),
        "percent" => server::text(400, "text/plain", &format!("got {}", percent_lower(&secret))),
        "headers" => server::text(401, "text/plain", &format!("authorization: {authorization}")),
        "basic-decoded" => {
            let encoded = authorization.trim_start_matches("Basic ");
            let decoded = STANDARD.decode(encoded).unwrap_or_default();
            server::json(
                401,
                json!({"error": "invalid_client", "error_description": String::from_utf8_lossy(&decoded)}),
            )
        }
        "ok-not-json" => server::text(200, "text/plain", &format!("{} {authorization}", r.body)),
        // Parts of the secret, cut or changed in case: a prefix, the second half, the first
        // half and the rest apart, upper case.
        "prefix" => server::text(
            400,
            "text/plain",
            &format!("starts {}", secret.chars().take(12).collect::<String>()),
        ),
        "second-half" => {
            server::text(400, "text/plain", &format!("ends {}", secret.chars().skip(14).collect::<String>()))
        }
        "halves" => {
            let (first, rest): (String, String) =
                (secret.chars().take(14).collect(), secret.chars().skip(14).collect());
            server::text(400, "text/plain", &format!("first {first} then {rest}"))
        }
        "upper" => server::text(400, "text/plain", &format!("got {}", secret.to_uppercase())),
        // The client assertion of private_key_jwt, echoed in every way a form value can be.
        "assertion" => {
            let assertion = r.form_value("client_assertion").unwrap_or_default();
            let signature = assertion.rsplit('.').next().unwrap_or_default().to_owned();
            server::json(
                400,
                json!({"error": "invalid_client", "error_description": format!("bad assertion {assertion} sig {signature} {} {}", &signature[..20], signature.to_ascii_uppercase())}),
            )
        }
        _ => not_found(),
    }
}

async fn error_text(mode: &str, method: AuthMethod) -> String {
    let mode_owned = mode.to_owned();
    let server =
        start(
            move |r| {
                if r.path == "/.well-known/openid-configuration" { not_found() } else { echo(&mode_owned, r) }
            },
        )
        .await;
    let profile = Profile::new("p", &server.base(), "client id+1", Secret::new(SECRET))
        .expect("profile")
        .with_auth_method(method)
        .with_token_endpoint(&format!("{}/echo", server.base()))
        .expect("endpoint");
    let error = fetch_token(&http(), &profile).await.expect_err(mode);
    // The echo really carried the secret, so a pass means it was redacted.
    assert_eq!(server.hits("/echo"), 1);
    format!("{error} | {error:?}")
}

fn assert_no_secret(mode: &str, text: &str) {
    let basic = [
        STANDARD.encode(format!("client id+1:{SECRET}")),
        STANDARD.encode("client+id%2B1:S3cr%2B%2F+t%22%5C%C3%A9%25%26%3D-0123456789-abcd"),
    ];
    for leak in
        ["S3cr", "0123456789", "%2B%2F", "%2b%2f", "t\\\"", "cr+"].iter().map(|s| s.to_string()).chain(basic)
    {
        assert!(!text.contains(&leak), "{mode}: `{leak}` leaked in {text}");
    }
    assert!(text.contains("••••abcd"), "{mode}: the mask shows where the secret was: {text}");
}

#[tokio::test]
async fn every_spelling_of_the_secret_is_redacted_from_post_errors() {
    for mode in
        ["form", "form-padded", "decoded", "json", "json-slash", "json-ascii", "percent", "ok-not-json"]
    {
        let text = error_text(mode, AuthMethod::Post).await;
        assert_no_secret(mode, &text);
    }
}

#[tokio::test]
async fn the_basic_authorization_value_is_redacted() {
    for mode in ["headers", "basic-decoded", "ok-not-json"] {
        let text = error_text(mode, AuthMethod::Basic).await;
        assert_no_secret(mode, &text);
    }
}

/// The longest run of `secret` (ASCII case ignored) found in `text`, in bytes.
fn longest_shared_run(text: &str, secret: &str) -> usize {
    let (text, secret) = (text.to_ascii_lowercase().into_bytes(), secret.to_ascii_lowercase().into_bytes());
    let mut longest = 0;
    for i in 0..text.len() {
        for j in 0..secret.len() {
            let run = text[i..].iter().zip(&secret[j..]).take_while(|(a, b)| a == b).count();
            longest = longest.max(run);
        }
    }
    longest
}

#[tokio::test]
async fn a_prefix_a_half_or_an_upper_cased_secret_is_redacted() {
    for mode in ["prefix", "second-half", "halves", "upper"] {
        let text = error_text(mode, AuthMethod::Post).await;
        let run = longest_shared_run(&text, SECRET);
        assert!(run < 8, "{mode}: {run} characters of the secret in a row leaked: {text}");
        assert!(text.contains("••••abcd"), "{mode}: {text}");
    }
}

#[tokio::test]
async fn an_echoed_client_assertion_is_redacted_like_a_secret() {
    let key = crate::net_support::keys::rsa_key("k1");
    let server =
        start(
            |r| {
                if r.path == "/.well-known/openid-configuration" { not_found() } else { echo("assertion", r) }
            },
        )
        .await;
    let profile = Profile::new("p", &server.base(), "jwt-client", Secret::new("unused"))
        .expect("profile")
        .with_private_key_pem(key.pem.clone())
        .with_token_endpoint(&format!("{}/echo", server.base()))
        .expect("endpoint");
    let error = fetch_token(&http(), &profile).await.expect_err("rejected");
    let text = format!("{error} | {error:?}");
    let sent = server
        .recorded()
        .iter()
        .find_map(|r| r.form_value("client_assertion"))
        .expect("an assertion was sent");
    assert_eq!(sent.split('.').count(), 3, "{sent}");
    let signature = sent.rsplit('.').next().unwrap_or_default();
    let run = longest_shared_run(&text, signature);
    assert!(run < 8, "{run} characters of the assertion's signature leaked: {text}");
    assert!(!text.contains(&sent), "{text}");
    assert!(text.contains("bad assertion ••••"), "the mask shows where it was: {text}");
}
