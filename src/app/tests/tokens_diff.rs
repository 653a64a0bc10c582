//! The Tokens pane's comparison: mark a token with `m`, move to another, and the difference
//! shows (claims, scopes, operations per group; `o` lists every operation). TestBackend at
//! 80×24 and 200×60.

use crate::app::{Model, Msg, update};
use crate::test_support::screen;
use crate::test_support::*;
use crossterm::event::KeyCode;

fn model_with_two_tokens() -> Model {
    let mut model = Model::new(NOW, chrono::FixedOffset::east_opt(0).expect("offset"));
    update(&mut model, Msg::Paste(management_token(NOW, 86_400, "read:users delete:users")));
    update(&mut model, Msg::Paste(management_token(NOW, 86_400, "read:users read:roles")));
    press(&mut model, KeyCode::Char('2'));
    model
}

#[test]
fn mark_then_move_shows_the_difference() {
    let mut model = model_with_two_tokens();
    // history, newest first: [read:users read:roles], [read:users delete:users]
    assert!(model.panes.tokens.diff.as_ref().is_none());
    // no profiles: the first row is the newest token; mark the older one
    press(&mut model, KeyCode::Down);
    press(&mut model, KeyCode::Char('m'));
    assert!(model.notice.as_ref().is_some_and(|n| n.text.starts_with("Marked")));
    assert!(model.panes.tokens.diff.as_ref().is_none(), "the marked token against itself is no diff");
    press(&mut model, KeyCode::Up);
    let diff = model.panes.tokens.diff.as_ref().expect("diff");
    // marked (older, delete:users) → selected (newer, read:roles)
    assert_eq!(diff.scopes_gained, ["read:roles"]);
    assert_eq!(diff.scopes_lost, ["delete:users"]);
    assert!(!diff.is_equal());

    let text = screen(&model, 200, 60);
    assert!(text.contains("Diff ◆ marked → selected: different"), "{text}");
    assert!(text.contains("scopes +1 read:roles") && text.contains("scopes −1 delete:users"), "{text}");
    assert!(text.contains("roles +"), "{text}");
    assert!(text.contains("◆"), "the marked row is marked:\n{text}");
    assert!(!text.contains("− DELETE /api/v2/users/{id}"), "collapsed by default:\n{text}");
    press(&mut model, KeyCode::Char('o'));
    let text = screen(&model, 200, 60);
    assert!(text.contains("− DELETE /api/v2/users/{id}"), "{text}");
    assert!(text.contains("+ GET /api/v2/roles"), "{text}");

    // 80×24 still shows the verdict and the scope lines
    let small = screen(&model, 80, 24);
    assert!(small.contains("different") && small.contains("scopes +1"), "{small}");

    // m on the marked row unmarks; the diff goes away
    press(&mut model, KeyCode::Down);
    press(&mut model, KeyCode::Char('m'));
    assert!(model.notice.as_ref().is_some_and(|n| n.text == "Unmarked."));
    press(&mut model, KeyCode::Up);
    assert!(model.panes.tokens.diff.as_ref().is_none());
}
