//! The Exposure pane drawn: the countdown to "all clear" in the alarm colour and following the
//! clock, the all-clear state, a remedy's confirmation with what will not happen, the list's
//! selection, and a narrow terminal.

use crate::app::{Model, Msg, update};
use crate::test_support::exposure::*;
use crate::test_support::*;
use crossterm::event::KeyCode;
use ratatui::style::{Color, Modifier};

fn story_model(events: &[serde_json::Value]) -> Model {
    let mut model = Model::new(NOW, offset()).with_profiles(vec![acme(CLIENT)], Some(0));
    update(&mut model, Msg::Paste(management_token(NOW - 60, 86_400, "read:logs")));
    press(&mut model, KeyCode::Char('4'));
    read_story(&mut model, events);
    model.notice = None;
    model
}

fn cell_of(
    terminal: &ratatui::Terminal<ratatui::backend::TestBackend>,
    needle: &str,
) -> ratatui::buffer::Cell {
    let buffer = terminal.backend().buffer();
    for (y, row) in rows(terminal).iter().enumerate() {
        if let Some(at) = row.find(needle) {
            let x = row[..at].chars().count() as u16;
            return buffer[(x, y as u16)].clone();
        }
    }
    panic!("{needle:?} not on screen:\n{}", text(terminal));
}

#[test]
fn the_countdown_is_red_and_follows_the_clock() {
    let mut model = story_model(&[issued(CLIENT, 3_600, "203.0.113.10"), issued(CLIENT, 600, "192.0.2.44")]);
    let terminal = draw(&model, 110, 32);
    let screen = text(&terminal);
    // 2025-11-28T08:53:20Z: the newest token, issued 10 minutes before, lives a day.
    assert!(
        row_with(&screen, "2 live tokens")
            .contains("all clear at 2025-11-29 08:43:20 +00:00 (in 23h 50m 0s)"),
        "{screen}"
    );
    assert_eq!(cell_of(&terminal, "2 live tokens").fg, Color::Red);
    assert!(screen.contains("203.0.113.10 · 1 token"), "{screen}");
    assert!(screen.contains("read now · 2 events in 4 requests"), "{screen}");
    update(&mut model, Msg::Tick(NOW + 61));
    assert!(screen_text(&model).contains("(in 23h 48m 59s)"));
}

fn screen_text(model: &Model) -> String {
    screen(model, 110, 32)
}

#[test]
fn no_live_token_is_all_clear_in_green() {
    let model = story_model(&[issued(CLIENT, 90_000, "203.0.113.10")]);
    let terminal = draw(&model, 110, 32);
    let screen = text(&terminal);
    assert!(row_with(&screen, "no live token").contains("all clear since"), "{screen}");
    assert_eq!(cell_of(&terminal, "no live token").fg, Color::Green);
}

#[test]
fn a_remedy_confirmation_says_what_will_not_happen() {
    let mut model = story_model(&[issued(CLIENT, 600, "192.0.2.44")]);
    press(&mut model, KeyCode::Char('R'));
    let screen = screen(&model, 130, 45);
    assert!(screen.contains("POST /api/v2/clients/abc123/rotate-secret"), "{screen}");
    assert!(screen.contains("the old secret stops working at once"), "{screen}");
    assert!(row_with(&screen, "the 1 live token stays valid until").contains("will not"), "{screen}");
    assert!(screen.contains("Type the id (abc123) to send it."), "{screen}");
}

#[test]
fn the_list_marks_the_selected_client() {
    let mut model = story_model(&[issued(CLIENT, 600, "192.0.2.44")]);
    // After the pause between two reads.
    update(&mut model, Msg::Tick(NOW + 10));
    let cmds = press(&mut model, KeyCode::Char('l'));
    let (id, question, _) = read_cmd(&cmds).expect("a read");
    let events = [issued(CLIENT, 600, "192.0.2.44"), issued("quiet-client-00001", 100_000, "10.0.0.1")];
    update(&mut model, Msg::ExposureRead { id, result: Ok(answer(&question, &events, Default::default())) });
    press(&mut model, KeyCode::Down);
    let terminal = draw(&model, 120, 30);
    let screen = text(&terminal);
    assert!(row_with(&screen, "(quiet-client-00001)").contains("(grant deleted)"), "{screen}");
    let cell = cell_of(&terminal, "acme-app (quiet-client-00001)");
    assert!(cell.modifier.contains(Modifier::REVERSED), "the selected row stands out");
    assert!(!cell_of(&terminal, "acme-app (abc123)").modifier.contains(Modifier::REVERSED));
}

#[test]
fn a_narrow_terminal_cuts_rows_and_never_spills() {
    let model = story_model(&[issued(CLIENT, 600, "192.0.2.44")]);
    for (width, height) in [(60, 20), (40, 12)] {
        let terminal = draw(&model, width, height);
        for row in rows(&terminal) {
            assert_eq!(row.chars().count(), usize::from(width));
        }
    }
    let screen = screen(&model, 60, 20);
    assert!(screen.contains("1 live token · all clear at…") || screen.contains("1 live token"), "{screen}");
}
