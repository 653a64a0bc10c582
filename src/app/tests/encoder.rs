//! The Encoder (issue 25, point 2): `E` opens the inspected token's claims in the editor; an
//! edit that is JSON signs again and shows the new token, its verdicts and its difference from
//! the original; one that is not keeps the editor open with the reason. Keys: the local
//! tenant's (really signing, checked against its public key), a profile's secret, a key file
//! the runtime reads. `c` copies the new token, `i` inspects it.

use crate::app::modal::{ModalKind, TextPrompt};
use crate::app::panes::encoder::source::KeySource;
use crate::app::{Cmd, Model, Msg, PaneId, TokenOrigin, update};
use crate::config::Secret;
use crate::test_support::encoder::*;
use crate::test_support::*;
use crossterm::event::{KeyCode, KeyModifiers};
use serde_json::json;
use std::path::PathBuf;

fn editor(model: &Model) -> Option<&TextPrompt> {
    match model.panes.encoder.modal.as_ref().map(|m| &m.kind) {
        Some(ModalKind::Text(prompt)) => Some(prompt),
        _ => None,
    }
}

/// Replaces the editor's text with `text` (Ctrl-U clears it, a paste types it) and presses
/// Ctrl-S.
fn submit_claims(model: &mut Model, text: &str) -> Vec<Cmd> {
    press_with(model, KeyCode::Char('u'), KeyModifiers::CONTROL);
    update(model, Msg::Paste(text.to_owned()));
    press_with(model, KeyCode::Char('s'), KeyModifiers::CONTROL)
}

fn new_raw(model: &Model) -> String {
    model.panes.encoder.new_token().expect("a signed token").raw().to_owned()
}

/// The claims of the inspected token with `scope` instead of its own, as pretty JSON.
fn claims_with_scope(model: &Model, scope: &str) -> String {
    let mut claims = model.token.as_ref().expect("a token").inspection.jwt.payload.clone();
    claims.insert("scope".into(), json!(scope));
    serde_json::to_string_pretty(&claims).expect("json")
}

#[test]
fn e_opens_the_claims_and_each_valid_edit_signs_again_with_verdicts_and_the_difference() {
    let mut model = encoder_model("read:users read:stats");
    let prompt = editor(&model).expect("the claims editor is open");
    assert!(prompt.area.text().contains("\"scope\": \"read:users read:stats\""), "{}", prompt.area.text());
    // The local tenant issued the token: its own key signs, under its kid.
    let key = model.panes.encoder.key.as_ref().expect("a key");
    assert!(matches!(key.source, KeySource::LocalTenant { .. }));
    let before = new_raw(&model);
    assert_eq!(verified_claims(&before)["scope"], "read:users read:stats");

    let text = claims_with_scope(&model, "read:users read:stats read:clients");
    submit_claims(&mut model, &text);
    assert!(editor(&model).is_none(), "a valid edit closes the editor");
    let after = new_raw(&model);
    assert_ne!(after, before, "signed again");
    // A real RS256 signature by the tenant's key, with its kid: it verifies against its JWKS.
    assert_eq!(verified_claims(&after)["scope"], "read:users read:stats read:clients");
    let outcome = model.panes.encoder.outcome.as_ref().expect("an outcome");
    assert_eq!(outcome.token.inspection.jwt.kid(), Some(LOCAL_KID));
    assert_eq!(outcome.token.inspection.jwt.alg(), Some("RS256"));
    // Its verdicts: more operations than the original could call.
    assert!(
        outcome.allowed > outcome.original_allowed,
        "{} vs {}",
        outcome.allowed,
        outcome.original_allowed
    );
    assert_eq!(outcome.total, crate::domain::catalog::catalog().len());
    // The difference from the original, as the Tokens pane computes it.
    assert_eq!(outcome.diff.scopes_gained, ["read:clients"]);
    assert!(outcome.diff.scopes_lost.is_empty());
    let clients = outcome.diff.operations.iter().find(|g| g.group == "clients").expect("clients gained");
    assert!(clients.gained.contains(&"GET /api/v2/clients".to_owned()), "{clients:?}");
    let notice = model.notice.as_ref().expect("a notice");
    assert!(notice.text.contains("signed again"), "{}", notice.text);
}

#[test]
fn a_claims_edit_that_is_not_json_keeps_the_editor_open_with_the_reason() {
    let mut model = encoder_model("read:users");
    let before = new_raw(&model);
    // One stray character before the object.
    press(&mut model, KeyCode::Char('x'));
    press_with(&mut model, KeyCode::Char('s'), KeyModifiers::CONTROL);
    let prompt = editor(&model).expect("the editor stays open");
    let reason = prompt.error.as_deref().expect("a reason");
    assert!(reason.starts_with("The claims are not JSON") && reason.contains("line 1 column 1"), "{reason}");
    assert!(prompt.area.text().starts_with("x{"), "the text is kept as typed");
    assert_eq!(new_raw(&model), before, "nothing was signed");

    // JSON, but not an object: refused the same way, without echoing what was typed.
    submit_claims(&mut model, "[\"a-secret-looking-value\"]");
    let prompt = editor(&model).expect("the editor stays open");
    let reason = prompt.error.as_deref().expect("a reason");
    assert!(reason.contains("must be one JSON object") && reason.contains("an array"), "{reason}");
    assert!(!reason.contains("a-secret-looking-value"), "{reason}");

    // The next edit clears the reason; Esc leaves the claims as they were.
    press(&mut model, KeyCode::Char(' '));
    assert_eq!(editor(&model).and_then(|p| p.error.as_deref()), None);
    press(&mut model, KeyCode::Esc);
    assert!(editor(&model).is_none());
    assert_eq!(new_raw(&model), before);
}

#[test]
fn plus_and_minus_add_and_remove_scopes_by_picker() {
    let mut model = encoder_model("read:users");
    press(&mut model, KeyCode::Esc);
    press(&mut model, KeyCode::Char('+'));
    type_text(&mut model, "read:clients");
    press(&mut model, KeyCode::Enter);
    let scopes = |model: &Model| verified_claims(&new_raw(model))["scope"].clone();
    assert_eq!(scopes(&model), "read:users read:clients");
    assert!(model.notice.as_ref().is_some_and(|n| n.text.starts_with("Added read:clients")));

    press(&mut model, KeyCode::Char('-'));
    type_text(&mut model, "read:users");
    press(&mut model, KeyCode::Enter);
    assert_eq!(scopes(&model), "read:clients");
    let diff = &model.panes.encoder.outcome.as_ref().expect("outcome").diff;
    assert_eq!(
        (diff.scopes_gained.clone(), diff.scopes_lost.clone()),
        (vec!["read:clients".into()], vec!["read:users".into()])
    );
}

#[test]
fn c_copies_the_new_token_and_i_inspects_it_into_the_history() {
    let mut model = encoder_model("read:users");
    let text = claims_with_scope(&model, "read:users read:clients");
    submit_claims(&mut model, &text);
    let inspected = model.token.as_ref().expect("token").raw().to_owned();
    let made = new_raw(&model);
    let cmds = press(&mut model, KeyCode::Char('c'));
    match cmds.as_slice() {
        [Cmd::Copy { what, text }] => {
            assert_eq!(what, "the new token");
            assert_eq!(text, &made, "the new token, not the inspected one");
        }
        other => panic!("expected one copy, got {other:?}"),
    }
    // In the Inspector, c copies the inspected token again.
    press(&mut model, KeyCode::Char('1'));
    match press(&mut model, KeyCode::Char('c')).as_slice() {
        [Cmd::Copy { text, .. }] => assert_eq!(text, &inspected),
        other => panic!("expected one copy, got {other:?}"),
    }

    press(&mut model, KeyCode::Char('5'));
    press(&mut model, KeyCode::Char('i'));
    assert_eq!(model.focus, PaneId::Inspector);
    let token = model.token.as_ref().expect("token");
    assert_eq!(token.raw(), made);
    assert_eq!(token.origin, TokenOrigin::Encoded);
    let history = model.panes.tokens.history();
    assert_eq!(history.first().map(|e| e.token.raw()), Some(made.as_str()), "it joins the history");
    assert_eq!(history.len(), 2);
    // The encoder keeps its original: the experiment goes on.
    assert_eq!(model.panes.encoder.original.as_ref().map(|t| t.raw()), Some(inspected.as_str()));
}

#[test]
fn without_a_key_the_claims_are_judged_but_nothing_is_signed_or_copied() {
    let mut model = Model::new(NOW, offset());
    update(&mut model, Msg::Paste(management_token(NOW, 86_400, "read:users")));
    press(&mut model, KeyCode::Char('E'));
    assert!(model.panes.encoder.key.is_none());
    let text = claims_with_scope(&model, "read:users read:clients");
    submit_claims(&mut model, &text);
    let outcome = model.panes.encoder.outcome.as_ref().expect("judged");
    assert!(!outcome.signed && outcome.raw().is_none());
    assert_eq!(outcome.diff.scopes_gained, ["read:clients"]);
    assert!(outcome.allowed > outcome.original_allowed);
    assert!(model.notice.as_ref().is_some_and(|n| n.text.contains("k chooses a key")));
    assert!(press(&mut model, KeyCode::Char('c')).is_empty(), "the inspected token is not copied instead");
    assert!(model.notice.as_ref().is_some_and(|n| n.text.starts_with("Nothing signed to copy yet")));
    press(&mut model, KeyCode::Char('i'));
    assert_eq!(model.focus, PaneId::Encoder);
}

#[test]
fn a_key_file_is_read_by_the_runtime_and_what_is_no_key_reopens_the_prompt() {
    let mut model = encoder_model("read:users");
    press(&mut model, KeyCode::Esc);
    press(&mut model, KeyCode::Char('k'));
    type_text(&mut model, "key file");
    press(&mut model, KeyCode::Enter);
    type_text(&mut model, "/keys/signing.pem");
    let cmds = press(&mut model, KeyCode::Enter);
    let path = PathBuf::from("/keys/signing.pem");
    assert!(matches!(cmds.as_slice(), [Cmd::ReadKeyFile { path: p }] if *p == path), "{cmds:?}");

    // The file holds something else: the prompt comes back with why, none of the content.
    update(&mut model, Msg::KeyFileRead { path: path.clone(), result: Ok(Secret::new("hunter2-not-a-key")) });
    let Some(ModalKind::Line(prompt)) = model.panes.encoder.modal.as_ref().map(|m| &m.kind) else {
        panic!("the path prompt is open again");
    };
    let reason = prompt.error.as_deref().expect("a reason");
    assert!(reason.contains("is not a PEM key or certificate, a JWK or a JWKS"), "{reason}");
    assert!(!reason.contains("hunter2"), "{reason}");
    assert!(matches!(
        model.panes.encoder.key.as_ref().map(|k| &k.source),
        Some(KeySource::LocalTenant { .. })
    ));

    // An EC private JWK: it signs ES256 under its own kid.
    let cmds = press(&mut model, KeyCode::Enter);
    assert!(matches!(cmds.as_slice(), [Cmd::ReadKeyFile { .. }]));
    let jwk = json!({"kty": "EC", "crv": "P-256", "kid": "file-key",
        "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU", "y": "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0",
        "d": "jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI"});
    update(&mut model, Msg::KeyFileRead { path, result: Ok(Secret::new(jwk.to_string())) });
    assert!(model.panes.encoder.modal.is_none());
    let key = model.panes.encoder.key.as_ref().expect("a key");
    assert_eq!(key.source, KeySource::File { path: "/keys/signing.pem".into() });
    let outcome = model.panes.encoder.outcome.as_ref().expect("signed");
    assert_eq!(outcome.token.inspection.jwt.alg(), Some("ES256"));
    assert_eq!(outcome.token.inspection.jwt.kid(), Some("file-key"));

    // An answer for a file nobody asked for is ignored.
    let before = new_raw(&model);
    update(
        &mut model,
        Msg::KeyFileRead { path: "/elsewhere".into(), result: Ok(Secret::new(jwk.to_string())) },
    );
    assert_eq!(new_raw(&model), before);
}

#[test]
fn a_profile_secret_signs_hs256_without_a_kid_and_the_algorithm_cycles_in_its_family() {
    let mut model = encoder_model("read:users");
    model.session.profiles = vec![acme("abc")];
    press(&mut model, KeyCode::Esc);
    press(&mut model, KeyCode::Char('k'));
    type_text(&mut model, "secret of acme");
    press(&mut model, KeyCode::Enter);
    let key = model.panes.encoder.key.as_ref().expect("a key");
    assert_eq!(key.source, KeySource::ProfileSecret { profile: "acme".into() });
    assert!(key.source.worth(key.signer.alg).contains("only where this client secret is the HMAC key"));
    let jwt = &model.panes.encoder.outcome.as_ref().expect("signed").token.inspection.jwt;
    assert_eq!((jwt.alg(), jwt.kid()), (Some("HS256"), None), "no kid derived from the secret");
    press(&mut model, KeyCode::Char('A'));
    press(&mut model, KeyCode::Char('A'));
    let jwt = &model.panes.encoder.outcome.as_ref().expect("signed").token.inspection.jwt;
    assert_eq!(jwt.alg(), Some("HS512"));
    press(&mut model, KeyCode::Char('A'));
    assert_eq!(model.panes.encoder.key.as_ref().map(|k| k.signer.alg), Some(jsonwebtoken::Algorithm::HS256));
}

#[test]
fn t_renews_the_times_of_an_expired_token() {
    let mut model = encoder_model("read:users");
    press(&mut model, KeyCode::Esc);
    update(&mut model, Msg::Tick(NOW + 200_000));
    let expired = model.panes.encoder.outcome.as_ref().expect("outcome").token.inspection.expiry(model.now);
    assert!(!expired.is_usable());
    press(&mut model, KeyCode::Char('t'));
    let claims = verified_claims(&new_raw(&model));
    assert_eq!(claims["iat"], NOW + 200_000);
    assert_eq!(claims["exp"], NOW + 200_000 + 86_400, "the original lifetime");
    let left = model
        .panes
        .encoder
        .outcome
        .as_ref()
        .expect("outcome")
        .diff
        .fields
        .iter()
        .find(|f| f.name == "time left")
        .cloned();
    assert_eq!(left.and_then(|f| f.right), Some("1d".to_owned()));
}

#[test]
fn the_encoder_waits_for_a_token_and_enter_starts_from_it() {
    let mut model = Model::new(NOW, offset());
    press(&mut model, KeyCode::Char('E'));
    assert_eq!(model.focus, PaneId::Inspector, "no token: E says so");
    assert!(model.notice.as_ref().is_some_and(|n| n.text.starts_with("No token to start from")));
    press(&mut model, KeyCode::Char('5'));
    press(&mut model, KeyCode::Char('+'));
    assert!(model.panes.encoder.modal.is_none());
    update(&mut model, Msg::Paste(management_token(NOW, 86_400, "read:users")));
    press(&mut model, KeyCode::Char('5'));
    press(&mut model, KeyCode::Enter);
    assert!(editor(&model).is_some(), "Enter starts from the inspected token");
}
