//! The Encoder drawn at 80×24 and 120×40: the key with its algorithm, kid and what its
//! signature is worth (never cut away), the new token, the verdicts against the original, the
//! difference as the Tokens pane draws it; the claims editor with the reason it refused an edit.

use crate::app::{Model, Msg, update};
use crate::test_support::encoder::*;
use crate::test_support::*;
use crossterm::event::{KeyCode, KeyModifiers};

/// The local tenant's token with `read:users`, `read:clients` added in the encoder.
fn encoded() -> Model {
    let mut model = encoder_model("read:users");
    press(&mut model, KeyCode::Esc);
    press(&mut model, KeyCode::Char('+'));
    type_text(&mut model, "read:clients");
    press(&mut model, KeyCode::Enter);
    model.notice = None;
    model
}

#[test]
fn the_encoder_at_120_by_40_shows_key_token_verdicts_and_difference() {
    let model = encoded();
    let text = screen(&model, 120, 40);
    assert!(row_with(&text, " tokex ").contains("5 Encoder"), "the tab names the key that opens it:\n{text}");
    let key = row_with(&text, "key the local tenant's own key");
    assert!(key.contains("RS256") && key.contains(&format!("kid {LOCAL_KID}")), "{text}");
    assert!(text.contains("It verifies against the local tenant's"), "{text}");
    assert!(
        row_with(&text, "│No Auth0 tenant accepts it: only Auth0 holds a tenant's signing key.")
            .contains("It"),
        "{text}"
    );
    let raw = model.panes.encoder.new_token().expect("signed").raw().to_owned();
    let title = row_with(&text, "New token");
    assert!(title.contains(&format!("{} characters", raw.len())) && title.contains("c copies"), "{text}");
    assert!(text.contains(&raw[..100]), "the token's first row:\n{text}");
    let outcome = model.panes.encoder.outcome.as_ref().expect("outcome");
    let gained = outcome.allowed - outcome.original_allowed;
    let verdict = row_with(&text, "can call");
    assert!(
        verdict.contains(&format!("can call {} of 469", outcome.allowed))
            && verdict.contains(&format!("{gained} more than the original ({})", outcome.original_allowed)),
        "{text}"
    );
    assert!(row_with(&text, "Difference ◆ original → new").contains("different"), "{text}");
    // As the Tokens pane shows a difference: scopes by resource, claims, operations per group.
    assert!(text.contains("│Scopes +1 −0"), "{text}");
    assert!(row_with(&text, "│  clients  ").contains("+read"), "{text}");
    assert!(text.contains(&format!("│Management API operations +{gained} −0")), "{text}");
    assert!(text.contains(&format!("│▸ clients +{gained} −0")), "{text}");
    assert!(row_with(&text, "Encoder ·").contains("Enter edit claims"), "the footer:\n{text}");
}

#[test]
fn the_encoder_at_80_by_24_keeps_the_warning_and_the_verdicts() {
    let model = encoded();
    let text = screen(&model, 80, 24);
    assert!(text.contains("key the local tenant's own key · RS256"), "{text}");
    // What the token is not comes first: a small screen cuts what follows, never that.
    assert!(text.contains("│No Auth0 tenant accepts it: only Auth0 holds a tenant's signing key."), "{text}");
    assert!(text.contains("verifies against the local tenant's JWKS"), "{text}");
    let raw = model.panes.encoder.new_token().expect("signed").raw().to_owned();
    assert!(text.contains(&raw[..60]), "one row of the token:\n{text}");
    assert!(text.contains("can call") && text.contains("of 469"), "{text}");
    assert!(text.contains("│Scopes +1 −0"), "{text}");
    assert!(text.lines().all(|row| row.chars().count() == 80), "nothing drawn past the edge");
}

#[test]
fn o_opens_every_group_of_the_difference_and_the_arrows_scroll_it() {
    let mut model = encoded();
    press(&mut model, KeyCode::Char('o'));
    model.notice = None;
    let text = screen(&model, 120, 40);
    assert!(text.contains("│▾ clients +4 −0"), "{text}");
    assert!(text.contains("│    + GET /api/v2/clients"), "{text}");
    // At 80×24 the opened difference is taller than its box: the title says which rows show,
    // and ↓ scrolls them (k chooses the key here, so j/k do not scroll).
    update(&mut model, Msg::Resize(80, 24));
    let text = screen(&model, 80, 24);
    assert!(row_with(&text, "Difference ◆").contains("rows 1–"), "{text}");
    assert!(text.contains("│Scopes +1 −0"), "{text}");
    press(&mut model, KeyCode::Down);
    assert_eq!(model.panes.encoder.diff_view.top, 1);
    let scrolled = screen(&model, 80, 24);
    assert!(row_with(&scrolled, "Difference ◆").contains("rows 2–"), "{scrolled}");
    assert!(!scrolled.contains("│Scopes +1 −0"), "the first row scrolled away:\n{scrolled}");
    press(&mut model, KeyCode::PageDown);
    assert!(screen(&model, 80, 24).contains("+ GET /api/v2/clients"), "a page down shows the operations");
    press(&mut model, KeyCode::Up);
    press(&mut model, KeyCode::PageUp);
    assert_eq!(model.panes.encoder.diff_view.top, 0);
}

#[test]
fn the_claims_editor_shows_why_an_edit_was_refused() {
    let mut model = encoder_model("read:users");
    press(&mut model, KeyCode::Char('x'));
    press_with(&mut model, KeyCode::Char('s'), KeyModifiers::CONTROL);
    for (width, height) in [(80, 24), (120, 40)] {
        let text = screen(&model, width, height);
        assert!(row_with(&text, "Claims of the new token (JSON)").contains("Ctrl-S keeps"), "{text}");
        assert!(text.contains("The claims are not JSON: expected value at line 1 column 1"), "{text}");
        assert!(text.contains("x{"), "{text}");
        assert!(row_with(&text, "Enter new line").starts_with("Claims of the new token (JSON)"), "{text}");
    }
}

#[test]
fn without_a_key_the_encoder_says_nothing_is_signed() {
    let mut model = Model::new(NOW, offset());
    update(&mut model, Msg::Paste(management_token(NOW, 86_400, "read:users")));
    press(&mut model, KeyCode::Char('E'));
    press(&mut model, KeyCode::Esc);
    let text = screen(&model, 80, 24);
    assert!(text.contains("No key chosen: k chooses one."), "{text}");
    assert!(text.contains("Not signed: k chooses a key to sign with."), "{text}");
    assert!(text.contains("can call"), "the claims are judged all the same:\n{text}");
}

#[test]
fn the_empty_encoder_says_how_to_start() {
    let mut model = Model::new(NOW, offset());
    press(&mut model, KeyCode::Char('5'));
    let text = screen(&model, 80, 24);
    assert!(text.contains("No token yet"), "{text}");
    assert!(text.contains("No Auth0 tenant accepts a token made here"), "{text}");
    update(&mut model, Msg::Paste(management_token(NOW, 86_400, "read:users")));
    let text = screen(&model, 80, 24);
    assert!(text.contains("to start from the inspected token"), "{text}");
}

#[test]
fn a_click_opens_a_group_of_the_difference_and_the_wheel_scrolls_it() {
    let mut model = encoded();
    update(&mut model, Msg::Resize(120, 40));
    click_on(&mut model, "▸ clients");
    let text = screen(&model, 120, 40);
    assert!(text.contains("│▾ clients +4 −0"), "{text}");
    assert!(text.contains("│    + GET /api/v2/clients"), "{text}");
    // A second click on the group's row, past its mark, closes it again.
    let (x, y) = cell_of(&model, "▾ clients");
    click(&mut model, x + 4, y);
    assert!(screen(&model, 120, 40).contains("│▸ clients +4 −0"));

    // At 80×24 the opened difference is taller than its box; the wheel over it scrolls.
    press(&mut model, KeyCode::Char('o'));
    update(&mut model, Msg::Resize(80, 24));
    let (x, y) = cell_of(&model, "Scopes +1 −0");
    wheel(&mut model, x, y, true);
    assert_eq!(model.panes.encoder.diff_view.top, 3);
    wheel(&mut model, x, y, false);
    assert_eq!(model.panes.encoder.diff_view.top, 0);
    // The wheel over the token above the difference leaves it.
    let (x, y) = cell_of(&model, "can call");
    wheel(&mut model, x, y, true);
    assert_eq!(model.panes.encoder.diff_view.top, 0);
}
