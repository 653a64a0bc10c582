//! The real event loop, driven through a TestBackend with injected terminal events.

mod support;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use support::*;
use tokex::app::Model;
use tokex::net::Http;
use tokex::runtime::Runtime;
use tokex::runtime::clipboard::RecordingClipboard;
use tokex::runtime::clock::ManualClock;

fn press(c: char) -> std::io::Result<Event> {
    Ok(Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)))
}

fn screen(terminal: &Terminal<TestBackend>) -> String {
    let buffer = terminal.backend().buffer();
    buffer.content().iter().map(|c| c.symbol()).collect()
}

#[tokio::test]
async fn paste_copy_and_quit_through_the_loop() {
    let token = management_token(NOW, 86_400, "read:users read:clients");
    let events = futures_util::stream::iter(vec![
        press('x'),
        Ok(Event::Paste(format!("Authorization: Bearer {token}"))),
        // Releases must be ignored: acting on them would double every key.
        Ok(Event::Key(KeyEvent {
            code: KeyCode::Char('q'),
            modifiers: KeyModifiers::NONE,
            kind: KeyEventKind::Release,
            state: KeyEventState::NONE,
        })),
        press('c'),
        press('q'),
        press('e'),
    ]);
    let mut terminal = Terminal::new(TestBackend::new(100, 40)).expect("terminal");
    let mut runtime = Runtime::new(
        ManualClock::new(NOW + 60),
        RecordingClipboard::default(),
        Http::with_defaults().expect("http"),
    );
    let model = Model::new(NOW, chrono::FixedOffset::east_opt(0).expect("offset"));
    let model = runtime.run(&mut terminal, events, model, Vec::new()).await.expect("runs");
    assert!(model.should_quit);
    assert!(model.input.is_none(), "keys after q are not processed");
    assert_eq!(model.now, NOW + 60, "the loop reads time from the injected clock");
    assert_eq!(runtime.clipboard.copied, vec![token.clone()]);
    let text = screen(&terminal);
    assert!(text.contains("expires in 23h 59m 0s"), "{text}");
    assert!(text.contains("Copied the token"), "the copy result reached the model and the screen");
}

#[tokio::test]
async fn end_of_input_stops_the_loop_with_state_intact() {
    let token = management_token(NOW, 86_400, "read:users");
    let events = futures_util::stream::iter(vec![Ok(Event::Paste(token.clone())), Ok(Event::Resize(70, 20))]);
    let mut terminal = Terminal::new(TestBackend::new(100, 40)).expect("terminal");
    let mut runtime = Runtime::new(
        ManualClock::new(NOW),
        RecordingClipboard::default(),
        Http::with_defaults().expect("http"),
    );
    let model = Model::new(NOW, chrono::FixedOffset::east_opt(0).expect("offset"));
    let model = runtime.run(&mut terminal, events, model, Vec::new()).await.expect("runs");
    assert_eq!(model.viewport, (70, 20));
    assert_eq!(model.token.map(|t| t.inspection.jwt.raw), Some(token));
}
