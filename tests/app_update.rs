//! The state machine, driven by messages: no terminal, no runtime.

mod support;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use support::*;
use tokex::app::{Cmd, Model, Msg, NoticeLevel, TokenOrigin, update};

fn model() -> Model {
    Model::new(NOW, chrono::FixedOffset::east_opt(0).expect("offset"))
}

fn key(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn ch(c: char) -> Msg {
    key(KeyCode::Char(c))
}

fn raw(model: &Model) -> Option<&str> {
    model.token.as_ref().map(|t| t.inspection.jwt.raw.as_str())
}

#[test]
fn paste_loads_a_token() {
    let mut model = model();
    let token = management_token(NOW, 86_400, "read:users");
    let cmds = update(&mut model, Msg::Paste(format!("Bearer {token}\n")));
    assert!(cmds.is_empty(), "no profile matches the issuer: nothing is contacted");
    assert_eq!(raw(&model), Some(token.as_str()));
    assert_eq!(model.token.as_ref().map(|t| t.origin), Some(TokenOrigin::Pasted));
    assert!(model.dirty);
}

#[test]
fn a_bad_paste_keeps_the_previous_token_and_says_why() {
    let mut model = model();
    let token = management_token(NOW, 86_400, "read:users");
    update(&mut model, Msg::Paste(token.clone()));
    model.scroll = 3;
    update(&mut model, Msg::Paste("not a token at all".into()));
    assert_eq!(raw(&model), Some(token.as_str()));
    assert_eq!(model.scroll, 3, "view state is kept too");
    let notice = model.notice.as_ref().expect("notice");
    assert_eq!(notice.level, NoticeLevel::Error);
    assert!(notice.text.contains("1 part(s)"), "{}", notice.text);
    assert!(notice.text.contains("previous token is kept"));
}

#[test]
fn pasted_characters_never_fire_shortcuts() {
    let mut model = model();
    // A paste full of shortcut letters: q would quit, e would open the editor, ? help.
    update(&mut model, Msg::Paste("q e ? c 1 \t".into()));
    assert!(!model.should_quit);
    assert!(model.input.is_none());
    assert!(!model.show_help);
}

#[test]
fn q_and_ctrl_c_quit() {
    let mut model = model();
    update(&mut model, ch('q'));
    assert!(model.should_quit);
    let mut model = self::model();
    update(&mut model, Msg::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)));
    assert!(model.should_quit);
}

#[test]
fn c_copies_the_raw_token_and_reports_soft_failure() {
    let mut model = model();
    assert!(update(&mut model, ch('c')).is_empty(), "nothing to copy yet");
    assert_eq!(model.notice.as_ref().map(|n| n.level), Some(NoticeLevel::Error));
    let token = management_token(NOW, 86_400, "read:users");
    update(&mut model, Msg::Paste(token.clone()));
    let cmds = update(&mut model, ch('c'));
    assert!(matches!(cmds.as_slice(), [Cmd::Copy { text, .. }] if *text == token), "{cmds:?}");
    update(&mut model, Msg::Copied { what: "the token".into(), result: Err("no terminal".into()) });
    let notice = model.notice.as_ref().expect("notice");
    assert!(notice.text.contains("Copy failed: no terminal"));
    assert_eq!(raw(&model), Some(token.as_str()));
}

#[test]
fn e_opens_an_editor_that_decodes_on_enter_and_cancels_on_esc() {
    let mut model = model();
    update(&mut model, ch('e'));
    assert!(model.input.is_some());
    // While editing, q is text, not quit.
    update(&mut model, ch('q'));
    assert!(!model.should_quit);
    update(&mut model, key(KeyCode::Enter));
    assert!(model.input.is_some(), "a bad token keeps the editor open");
    assert_eq!(model.notice.as_ref().map(|n| n.level), Some(NoticeLevel::Error));
    let token = management_token(NOW, 86_400, "read:users");
    update(&mut model, Msg::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)));
    update(&mut model, Msg::Paste(token.clone()));
    update(&mut model, key(KeyCode::Enter));
    assert!(model.input.is_none());
    assert_eq!(raw(&model), Some(token.as_str()));
    assert_eq!(model.token.as_ref().map(|t| t.origin), Some(TokenOrigin::Typed));

    update(&mut model, ch('e'));
    update(&mut model, key(KeyCode::Backspace));
    update(&mut model, key(KeyCode::Esc));
    assert!(model.input.is_none());
    assert_eq!(raw(&model), Some(token.as_str()), "Esc leaves the token alone");
}

#[test]
fn help_toggles_and_any_key_closes_it() {
    let mut model = model();
    update(&mut model, ch('?'));
    assert!(model.show_help);
    update(&mut model, ch('j'));
    assert!(!model.show_help);
    assert_eq!(model.scroll, 0, "the closing key does not also scroll");
}

#[test]
fn tick_marks_dirty_only_when_a_countdown_is_visible_and_time_moved() {
    let mut model = model();
    model.dirty = false;
    update(&mut model, Msg::Tick(NOW + 1));
    assert_eq!(model.now, NOW + 1);
    assert!(!model.dirty, "no token: nothing on screen changes");
    update(&mut model, Msg::Paste(management_token(NOW, 86_400, "read:users")));
    model.dirty = false;
    update(&mut model, Msg::Tick(NOW + 1));
    assert!(!model.dirty, "same second: no redraw");
    update(&mut model, Msg::Tick(NOW + 2));
    assert!(model.dirty);
}

#[test]
fn scrolling_is_clamped_to_the_reported_limit() {
    let mut model = model();
    update(&mut model, Msg::Paste(management_token(NOW, 86_400, "read:users")));
    update(&mut model, Msg::ScrollLimit(5));
    for _ in 0..10 {
        update(&mut model, ch('j'));
    }
    assert_eq!(model.scroll, 5);
    update(&mut model, ch('k'));
    assert_eq!(model.scroll, 4);
    update(&mut model, ch('g'));
    assert_eq!(model.scroll, 0);
    update(&mut model, key(KeyCode::End));
    assert_eq!(model.scroll, 5);
    update(&mut model, Msg::ScrollLimit(2));
    assert_eq!(model.scroll, 2, "a smaller limit (resize) pulls the offset back");
}

#[test]
fn unknown_keys_change_nothing() {
    let mut model = model();
    model.dirty = false;
    update(&mut model, ch('z'));
    assert!(!model.dirty);
}
