//! The Inspector's summary row (issue 22): what matters about the token at the top at any size,
//! each part leading to the body's section that explains it.

use crate::app::{Model, Msg, update};
use crate::test_support::*;
use crossterm::event::KeyCode;

/// An admin-like token: every scope of the catalog's users, clients and grants, privileged ones
/// included, so the body is far longer than 24 rows.
fn admin_model() -> Model {
    let scopes = [
        "read:users update:users delete:users create:users read:user_idp_tokens",
        "read:clients update:clients delete:clients create:clients read:client_keys",
        "read:client_grants create:client_grants update:client_grants delete:client_grants",
        "read:roles create:roles update:roles delete:roles read:logs read:stats",
    ]
    .join(" ");
    let mut model = Model::new(NOW, offset());
    update(&mut model, Msg::Paste(management_token(NOW - 3_600, 86_400, &scopes)));
    model
}

#[test]
fn the_summary_shows_at_every_size_without_scrolling() {
    let model = admin_model();
    for (width, height) in [(80, 24), (120, 40), (200, 60)] {
        let text = screen(&model, width, height);
        let second_row = text.lines().nth(1).unwrap_or_default();
        assert!(second_row.contains("20 scopes"), "{width}x{height}: {second_row}");
        assert!(second_row.contains("of 469") || second_row.contains("/469 ops"), "{second_row}");
        assert!(second_row.contains("privileged"), "{second_row}");
        assert!(second_row.contains("no refresh"), "{second_row}");
        assert!(second_row.contains("23h 0m 0s left"), "{second_row}");
    }
    let wide = screen(&model, 200, 60);
    assert!(wide.contains("⚠ privileged: grants itself scopes, client secrets, IdP tokens"), "{wide}");
}

#[test]
fn each_part_jumps_to_its_section() {
    let mut model = admin_model();
    update(&mut model, Msg::Resize(80, 24));
    let body_top = |model: &Model| {
        let text = screen(model, 80, 24);
        let rows: Vec<&str> = text.lines().collect();
        let heading = rows.iter().position(|row| row.contains("Decoded")).expect("the body");
        rows[heading + 1].to_owned()
    };
    press(&mut model, KeyCode::Char('s'));
    assert!(body_top(&model).contains("SCOPES"), "{}", body_top(&model));
    press(&mut model, KeyCode::Char('o'));
    assert!(body_top(&model).contains("can call"), "{}", body_top(&model));
    press(&mut model, KeyCode::Char('p'));
    assert!(body_top(&model).contains("privileged:"), "{}", body_top(&model));
    press(&mut model, KeyCode::Char('t'));
    assert!(body_top(&model).contains("exp "), "{}", body_top(&model));
    press(&mut model, KeyCode::Char('w'));
    let text = screen(&model, 80, 24);
    assert!(text.contains("WARNINGS") || text.contains("Cannot be revoked"), "{text}");
    // A token without privileged scopes says so instead of jumping.
    update(&mut model, Msg::Paste(management_token(NOW, 86_400, "read:users")));
    press(&mut model, KeyCode::Char('p'));
    assert_eq!(model.notice.as_ref().map(|n| n.text.as_str()), Some("This token holds no privileged scope."));
}
