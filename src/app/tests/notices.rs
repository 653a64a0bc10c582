//! Notices about something that lasts end with it: an "asking …" line never outlives the
//! answer, "Marked: move to another token" goes once the difference shows.

use crate::app::{Cmd, Model, Msg, update};
use crate::domain::verify::{SignatureState, Verification};
use crate::test_support::*;
use crossterm::event::KeyCode;
use serde_json::json;

fn notice(model: &Model) -> String {
    model.notice.as_ref().map(|n| n.text.clone()).unwrap_or_default()
}

#[test]
fn asking_the_issuer_ends_with_the_answer() {
    let mut model = Model::new(NOW, offset());
    let foreign =
        token(json!({"alg": "RS256"}), json!({"iss": "https://elsewhere.example/", "exp": NOW + 60}));
    update(&mut model, Msg::Paste(foreign.clone()));
    let cmds = press(&mut model, KeyCode::Char('v'));
    assert!(matches!(cmds.as_slice(), [Cmd::Verify { profile: None, .. }]), "{cmds:?}");
    assert!(notice(&model).starts_with("Asking the token's issuer"), "{}", notice(&model));
    let answer =
        Verification { signature: SignatureState::NoJwks { reason: "refused".into() }, findings: Vec::new() };
    update(&mut model, Msg::Verified { raw: foreign, verification: answer });
    assert_eq!(notice(&model), "", "the signature line says the rest");
}

#[test]
fn marked_ends_when_the_difference_shows_and_other_notices_stay() {
    let mut model = Model::new(NOW, offset());
    update(&mut model, Msg::Paste(management_token(NOW, 86_400, "read:users")));
    update(&mut model, Msg::Paste(management_token(NOW + 1, 86_400, "read:users read:roles")));
    press(&mut model, KeyCode::Char('2'));
    press(&mut model, KeyCode::Char('m'));
    assert!(notice(&model).starts_with("Marked"), "{}", notice(&model));
    press(&mut model, KeyCode::Down);
    assert!(model.panes.tokens.diff.is_some());
    assert_eq!(notice(&model), "", "the difference is on screen");
    // A notice about something else is left alone by the same move.
    press(&mut model, KeyCode::Char('o'));
    press(&mut model, KeyCode::Up);
    assert!(notice(&model).contains("Every group of operations is open"), "{}", notice(&model));
}
