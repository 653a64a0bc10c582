//! Claim times outside the years 0001–9999 are not dates: the inspector shows the number
//! and says it is not a plausible time.

use crate::support;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::json;
use support::*;
use tokex::app::{Model, Msg, update};

fn screen_of(token: &str) -> String {
    let mut model = Model::new(NOW, chrono::FixedOffset::east_opt(3600).expect("offset"));
    update(&mut model, Msg::Paste(token.to_owned()));
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    terminal.draw(|frame| tokex::ui::render(frame, &model)).expect("draw");
    terminal.backend().buffer().content().iter().map(|cell| cell.symbol()).collect()
}

#[test]
fn times_outside_years_1_to_9999_are_shown_as_numbers() {
    // 10000-01-01T00:00:00Z and one second before 0001-01-01T00:00:00Z.
    let token = support::token(
        json!({"alg": "RS256"}),
        json!({"iss": "https://acme.eu.auth0.com/", "iat": -62_135_596_801_i64, "exp": 253_402_300_800_i64}),
    );
    let screen = screen_of(&token);
    assert!(screen.contains("253402300800 (not a plausible time)"), "{screen}");
    assert!(screen.contains("-62135596801 (not a plausible time)"), "{screen}");
    assert!(!screen.contains("+10000"), "no date for year 10000: {screen}");
    assert!(!screen.contains("0000-12-31"), "no date for year 0: {screen}");
}

#[test]
fn plausible_times_are_still_dates() {
    let token = management_token(NOW - 3_600, 86_400, "read:users");
    let screen = screen_of(&token);
    // NOW − 1 h is 2025-11-28 07:53:20 UTC, shown at +01:00.
    assert!(screen.contains("2025-11-28 08:53:20 +01:00"), "{screen}");
    // The UTC column carries its own date (near midnight it differs from the local one).
    assert!(screen.contains("2025-11-28 07:53:20 UTC"), "{screen}");
    assert!(!screen.contains("not a plausible time"), "{screen}");
}
