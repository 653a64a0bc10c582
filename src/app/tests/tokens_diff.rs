//! The Tokens pane's comparison: mark a token with `m`, move to another, and the difference
//! shows (scopes by resource, claims, operations per group); `→` gives it the keyboard to
//! scroll it and open its groups (Enter one, `o` all). TestBackend at 80×24, 120×40 and
//! 200×60.

use crate::app::panes::tokens::Section;
use crate::app::{Model, Msg, update};
use crate::domain::catalog::catalog;
use crate::test_support::screen;
use crate::test_support::*;
use crossterm::event::KeyCode;

fn model_with_tokens(older: &str, newer: &str) -> Model {
    let mut model = Model::new(NOW, offset());
    update(&mut model, Msg::Paste(management_token(NOW, 86_400, older)));
    update(&mut model, Msg::Paste(management_token(NOW + 1, 86_400, newer)));
    press(&mut model, KeyCode::Char('2'));
    model
}

/// Marks the older token (second row) and moves back onto the newer one.
fn mark_older(model: &mut Model) {
    press(model, KeyCode::Down);
    press(model, KeyCode::Char('m'));
    press(model, KeyCode::Up);
}

/// Every scope the catalog names: the local tenant's admin token.
fn every_scope() -> String {
    let mut scopes: Vec<String> = catalog().iter().flat_map(|e| e.scopes.iter().cloned()).collect();
    scopes.sort();
    scopes.dedup();
    scopes.join(" ")
}

#[test]
fn mark_then_move_shows_the_difference() {
    let mut model = model_with_tokens("read:users delete:users", "read:users read:roles");
    assert!(model.panes.tokens.diff.as_ref().is_none());
    press(&mut model, KeyCode::Down);
    press(&mut model, KeyCode::Char('m'));
    assert!(model.notice.as_ref().is_some_and(|n| n.text.starts_with("Marked")));
    assert!(model.panes.tokens.diff.as_ref().is_none(), "the marked token against itself is no diff");
    press(&mut model, KeyCode::Up);
    let diff = model.panes.tokens.diff.as_ref().expect("diff");
    // marked (older, delete:users) → selected (newer, read:roles)
    assert_eq!(diff.scopes_gained, ["read:roles"]);
    assert_eq!(diff.scopes_lost, ["delete:users"]);

    let text = screen(&model, 200, 60);
    assert!(text.contains("Difference ◆ marked → selected: different"), "{text}");
    assert!(text.contains("Scopes +1 −1"), "{text}");
    assert!(row_with(&text, "  roles").contains("+read"), "{text}");
    assert!(row_with(&text, "  users").contains("−delete"), "{text}");
    assert!(text.contains("▸ roles +"), "groups start closed:\n{text}");
    assert!(!text.contains("− DELETE /api/v2/users/{id}"), "{text}");
    press(&mut model, KeyCode::Char('o'));
    let text = screen(&model, 200, 60);
    assert!(text.contains("− DELETE /api/v2/users/{id}"), "{text}");
    assert!(text.contains("+ GET /api/v2/roles"), "{text}");

    // m on the marked row unmarks; the diff goes away
    press(&mut model, KeyCode::Down);
    press(&mut model, KeyCode::Char('m'));
    assert!(model.notice.as_ref().is_some_and(|n| n.text == "Unmarked."));
    press(&mut model, KeyCode::Up);
    assert!(model.panes.tokens.diff.as_ref().is_none());
}

#[test]
fn readonly_against_admin_groups_scopes_by_resource_and_every_section_is_reachable() {
    let mut model = model_with_tokens("read:users read:clients", &every_scope());
    mark_older(&mut model);
    let gained = model.panes.tokens.diff.as_ref().expect("diff").scopes_gained.len();
    assert!(gained > 100, "{gained}");
    for (width, height) in [(80, 24), (120, 40), (200, 60)] {
        let text = screen(&model, width, height);
        // One row per resource, not a wall of scope names.
        assert!(text.contains(&format!("Scopes +{gained} −0")), "{width}×{height}:\n{text}");
        let actions = row_with(&text, "  actions ");
        assert!(actions.contains("+create +delete +read +update"), "{width}×{height}:\n{text}");
        if height == 60 {
            let clients = row_with(&text, "  clients ");
            assert!(
                clients.contains("+create") && !clients.contains("read"),
                "read:clients is on both sides:\n{text}"
            );
        }
        assert!(text.contains("→ scrolls"), "{text}");
    }

    // → gives the difference the keyboard; G reaches the last group at 80×24.
    press(&mut model, KeyCode::Right);
    assert_eq!(model.panes.tokens.section, Section::Diff);
    screen(&model, 80, 24);
    press(&mut model, KeyCode::Char('G'));
    let text = screen(&model, 80, 24);
    assert!(text.contains("Difference"), "{text}");
    let last =
        model.panes.tokens.diff.as_ref().and_then(|d| d.operations.last()).expect("a group").group.clone();
    assert!(text.contains(&format!("▸ {last} +")), "the last group is on screen:\n{text}");
    assert!(text.contains("Management API operations +") || text.contains("rows "), "{text}");
    assert!(text.contains(" of "), "the title says where the view is:\n{text}");

    // Enter opens the group under the cursor; its operations follow it.
    press(&mut model, KeyCode::Enter);
    let text = screen(&model, 80, 24);
    assert!(text.contains(&format!("▾ {last} +")), "{text}");
    press(&mut model, KeyCode::Char('G'));
    let text = screen(&model, 80, 24);
    assert!(text.contains("    + "), "an operation of the open group shows:\n{text}");

    // The claims section, between scopes and operations, is reachable too.
    press(&mut model, KeyCode::Char('g'));
    let mut found = false;
    for _ in 0..200 {
        if screen(&model, 80, 24).contains("same iss, aud, sub, azp") {
            found = true;
            break;
        }
        press(&mut model, KeyCode::Down);
    }
    assert!(found, "the claims row scrolls into view");

    // ← gives the list back; j moves the list again.
    press(&mut model, KeyCode::Left);
    assert_eq!(model.panes.tokens.section, Section::List);
}

#[test]
fn enter_off_a_group_says_what_opens_and_arrow_without_a_difference_explains() {
    let mut model = model_with_tokens("read:users", "read:roles");
    press(&mut model, KeyCode::Right);
    assert!(
        model.notice.as_ref().is_some_and(|n| n.text.contains("mark a token with m")),
        "{:?}",
        model.notice
    );
    assert_eq!(model.panes.tokens.section, Section::List);
    mark_older(&mut model);
    press(&mut model, KeyCode::Right);
    screen(&model, 120, 40);
    press(&mut model, KeyCode::Char('g'));
    press(&mut model, KeyCode::Enter);
    assert!(
        model.notice.as_ref().is_some_and(|n| n.text.contains("Enter opens a group")),
        "{:?}",
        model.notice
    );
    // Unmarking elsewhere (the diff disappears) gives the list the keyboard back.
    press(&mut model, KeyCode::Esc);
    press(&mut model, KeyCode::Down);
    press(&mut model, KeyCode::Char('m'));
    assert!(model.panes.tokens.diff.is_none());
    assert_eq!(model.panes.tokens.section, Section::List);
}
