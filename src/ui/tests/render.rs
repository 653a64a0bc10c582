//! Rendering the model into a fixed-size buffer with a fixed clock.

use crate::test_support::*;
use crate::test_support::{draw as render, text as screen_text};

use crate::app::{Model, Msg, update};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;
use serde_json::json;

fn model_with(token: &str, now: i64) -> Model {
    let mut model = Model::new(now, chrono::FixedOffset::east_opt(3600).expect("offset"));
    update(&mut model, Msg::Paste(token.to_owned()));
    model.notice = None;
    model
}

/// The foreground colour of the first cell of `needle` on screen.
fn colour_of(terminal: &Terminal<TestBackend>, needle: &str) -> Color {
    let buffer = terminal.backend().buffer();
    for y in 0..buffer.area.height {
        let row: String = (0..buffer.area.width).map(|x| buffer[(x, y)].symbol().to_owned()).collect();
        if let Some(byte_index) = row.find(needle) {
            let x = row[..byte_index].chars().count() as u16;
            return buffer[(x, y)].fg;
        }
    }
    panic!("{needle:?} not on screen:\n{}", screen_text(terminal));
}

const SCOPES: &str = "read:users update:users delete:users read:clients read:client_grants delete:client_grants read:logs read:stats";

#[test]
fn inspector_snapshot() {
    let model = model_with(&management_token(NOW - 3_600, 86_400, SCOPES), NOW);
    insta::assert_snapshot!(render(&model, 100, 40).backend());
}

#[test]
fn empty_state_snapshot() {
    let model = Model::new(NOW, chrono::FixedOffset::east_opt(0).expect("offset"));
    insta::assert_snapshot!(render(&model, 100, 20).backend());
}

#[test]
fn help_overlay_lists_every_binding() {
    // Every global key, and every key of the focused pane (issue 14: the pane's own keys only).
    for pane in [crate::app::PaneId::Inspector, crate::app::PaneId::Tokens] {
        let mut model = model_with(&management_token(NOW, 86_400, SCOPES), NOW);
        model.focus = pane;
        press(&mut model, crossterm::event::KeyCode::Char('?'));
        // Read it all (it scrolls), joining wrapped rows: descriptions wrap under themselves.
        let seen = crate::test_support::help_text(&model, 100, 40);
        for (_, description) in
            crate::app::global_keys::help_sections(pane).iter().flat_map(|s| s.rows.clone())
        {
            assert!(seen.contains(description), "{pane:?} help lacks {description:?}:\n{seen}");
        }
    }
}

#[test]
fn countdown_colour_thresholds() {
    let token = management_token(NOW, 1_000, SCOPES);
    let calm = render(&model_with(&token, NOW + 100), 100, 40);
    assert_eq!(colour_of(&calm, "expires in 15m 0s"), Color::Green);
    let soon = render(&model_with(&token, NOW + 905), 100, 40);
    assert_eq!(colour_of(&soon, "expires in 1m 35s"), Color::Yellow);
    let critical = render(&model_with(&token, NOW + 950), 100, 40);
    assert_eq!(colour_of(&critical, "expires in 50s"), Color::Red);
    let expired = render(&model_with(&token, NOW + 1_192), 100, 40);
    assert_eq!(colour_of(&expired, "expired 3m 12s ago"), Color::Red);
}

#[test]
fn times_show_local_utc_and_relative() {
    let model = model_with(&management_token(NOW, 86_400, SCOPES), NOW + 192);
    let text = screen_text(&render(&model, 120, 40));
    assert!(text.contains("2025-11-28 09:53:20 +01:00 │ 2025-11-28 08:53:20 UTC │ 3m 12s ago"), "{text}");
}

#[test]
fn scopes_are_grouped_on_screen() {
    let model = model_with(&management_token(NOW, 86_400, SCOPES), NOW);
    let text = screen_text(&render(&model, 100, 40));
    assert!(
        text.contains("users          read, update, delete")
            || text.contains("users") && text.contains("read, update, delete")
    );
    assert!(text.contains("client_grants"));
    assert!(text.contains("8 scopes in `scope`"));
}

#[test]
fn escape_sequences_from_the_token_are_shown_escaped() {
    let token = token(
        json!({"alg": "RS256", "kid": "k\u{1b}[2J"}),
        json!({"sub": "evil\u{1b}]0;pwned\u{7}", "aud": "https://a/api/v2/", "exp": NOW + 60}),
    );
    let model = model_with(&token, NOW);
    let terminal = render(&model, 120, 40);
    let text = screen_text(&terminal);
    assert!(text.contains("evil\\u{1b}]0;pwned\\u{7}"), "{text}");
    assert!(text.contains("k\\u{1b}[2J"));
    let buffer = terminal.backend().buffer();
    assert!(buffer.content().iter().all(|cell| !cell.symbol().chars().any(char::is_control)));
}

#[test]
fn too_small_terminal_says_so() {
    let model = model_with(&management_token(NOW, 86_400, SCOPES), NOW);
    let text = screen_text(&render(&model, 40, 10));
    assert!(text.contains("Terminal too small"), "{text}");
    assert!(text.contains("40×10"));
}

#[test]
fn bad_paste_error_is_shown_in_the_pane_with_the_old_token() {
    let mut model = model_with(&management_token(NOW, 86_400, SCOPES), NOW);
    update(&mut model, Msg::Paste("nope".into()));
    let text = screen_text(&render(&model, 100, 40));
    assert!(text.contains("Not a token"), "{text}");
    assert!(text.contains("client_grants"), "the old token is still shown");
}

#[test]
fn scroll_limit_reflects_content_and_size() {
    let mut model = model_with(&management_token(NOW, 86_400, SCOPES), NOW);
    update(&mut model, Msg::Resize(100, 80));
    let tall = model.panes.inspector.max_scroll();
    update(&mut model, Msg::Resize(100, 20));
    let short = model.panes.inspector.max_scroll();
    assert_eq!(tall, 0, "everything fits");
    assert!(short > 10, "short terminal must scroll, got {short}");
}

/// Configuration problems keep their severity on screen: errors red with ✗, warnings yellow.
#[test]
fn tokens_pane_shows_config_problems_with_their_severity() {
    use crate::config::ConfigProblem;
    let problems = vec![
        ConfigProblem::UnknownProfile { name: "prod".into(), known: vec!["dev".into()] },
        ConfigProblem::Notice { profile: "dev".into(), message: "audience is unusual".into() },
    ];
    let mut model =
        Model::new(NOW, chrono::FixedOffset::east_opt(0).expect("offset")).with_config_problems(problems);
    assert!(model.notice.as_ref().is_some_and(|n| n.text.contains("2 problems")));
    press(&mut model, crossterm::event::KeyCode::Char('2'));
    let terminal = render(&model, 120, 30);
    let text = screen_text(&terminal);
    assert!(text.contains("✗ "), "{text}");
    assert!(text.contains("! profile `dev`: audience is unusual"), "{text}");
    assert_eq!(colour_of(&terminal, "✗ "), Color::Red);
    assert_eq!(colour_of(&terminal, "! profile `dev`"), Color::Yellow);
}

/// The `e` line places the terminal cursor by display width: CJK characters and emoji take
/// two columns each, so the cursor lands after them, not inside them.
#[test]
fn token_input_cursor_counts_display_columns() {
    use crossterm::event::KeyCode;
    let cursor_after = |text: &str| {
        let mut model = Model::new(NOW, chrono::FixedOffset::east_opt(0).expect("offset"));
        press(&mut model, KeyCode::Char('e'));
        type_text(&mut model, text);
        let mut terminal = render(&model, 80, 24);
        terminal.get_cursor_position().expect("cursor").x
    };
    let plain = cursor_after("ab");
    assert_eq!(cursor_after("日本語🎉ab"), plain + 8, "three CJK characters and an emoji: 8 columns");
    // Moving left over a wide character moves two columns.
    let mut model = Model::new(NOW, chrono::FixedOffset::east_opt(0).expect("offset"));
    press(&mut model, KeyCode::Char('e'));
    type_text(&mut model, "ab語");
    press(&mut model, KeyCode::Left);
    let mut terminal = render(&model, 80, 24);
    assert_eq!(terminal.get_cursor_position().expect("cursor").x, plain);
}

/// A scope group whose Auth0 name says more than its resource's gets it; a plain one does not.
#[test]
fn scope_groups_carry_auth0s_words_where_they_help() {
    let token = management_token(
        NOW - 60,
        86_400,
        "read:organization_clients create:organization_clients read:users",
    );
    let model = model_with(&token, NOW);
    let text = crate::test_support::screen(&model, 120, 40);
    let row = row_with(&text, "  organization_clients");
    assert!(row.contains("read, create  (Organization Client Associations)"), "{text}");
    assert!(!row_with(&text, "  users ").contains('('), "{text}");
}
