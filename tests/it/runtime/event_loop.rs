//! The real event loop, driven through a TestBackend with injected terminal events.

use crate::support;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use support::*;
use tokex::app::Model;
use tokex::net::Http;
use tokex::runtime::Runtime;
use tokex::runtime::clipboard::RecordingClipboard;
use tokex::runtime::clock::ManualClock;
// The auto-renew test needs the local tenant (the default `tenant` feature).
#[cfg(feature = "tenant")]
use std::sync::{Arc, Mutex};
#[cfg(feature = "tenant")]
use tokex::app::TokenOrigin;
#[cfg(feature = "tenant")]
use tokex::config::{Profile, Secret};
#[cfg(feature = "tenant")]
use tokex::runtime::clipboard::{Clipboard, ClipboardError};
#[cfg(feature = "tenant")]
use tokex::tenant::{RunningTenant, TenantConfig};

fn key_event(c: char) -> std::io::Result<Event> {
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
        key_event('x'),
        Ok(Event::Paste(format!("Authorization: Bearer {token}"))),
        // Releases must be ignored: acting on them would double every key.
        Ok(Event::Key(KeyEvent {
            code: KeyCode::Char('q'),
            modifiers: KeyModifiers::NONE,
            kind: KeyEventKind::Release,
            state: KeyEventState::NONE,
        })),
        key_event('c'),
        key_event('q'),
        key_event('e'),
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
    assert!(model.modal.is_none(), "keys after q are not processed");
    assert_eq!(model.now, NOW + 60, "the loop reads time from the injected clock");
    assert_eq!(runtime.clipboard.copied, vec![token.clone()]);
    let text = screen(&terminal);
    assert!(text.contains("expires in 23h 59m 0s"), "{text}");
    assert!(
        text.contains("Sent the token to the terminal's clipboard"),
        "the copy result reached the model and the screen"
    );
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
    assert_eq!(model.screen.viewport, (70, 20));
    assert_eq!(model.token.map(|t| t.inspection.jwt.raw.clone()), Some(token));
}

/// A clipboard the test can read while the loop still runs.
#[cfg(feature = "tenant")]
#[derive(Clone, Default)]
struct SharedClipboard(Arc<Mutex<Vec<String>>>);

#[cfg(feature = "tenant")]
impl Clipboard for SharedClipboard {
    fn copy(&mut self, text: &str) -> Result<(), ClipboardError> {
        self.0.lock().expect("clipboard lock").push(text.to_owned());
        Ok(())
    }
}

#[cfg(feature = "tenant")]
impl SharedClipboard {
    fn last(&self) -> Option<String> {
        self.0.lock().expect("clipboard lock").last().cloned()
    }
}

/// Regression: the loop used to throw away the commands of its start-up `update` calls, so an
/// auto-renew already due on the first tick never fetched anything.
// Needs the local tenant (the default `tenant` feature).
#[cfg(feature = "tenant")]
#[tokio::test]
async fn auto_renew_due_on_the_first_tick_fetches_a_new_token() {
    let tenant = RunningTenant::start(TenantConfig::default()).await.expect("tenant starts");
    let admin = tenant.client("tokex-admin").expect("seed client");
    let profile = Profile::new(
        "local-admin",
        &tenant.domain(),
        admin.client_id.clone(),
        Secret::new(admin.client_secret),
    )
    .expect("profile");
    // 99 % of the lifetime is used: auto-renew wants a new token at once.
    let old = management_token(NOW - 85_536, 86_400, "read:users");
    let offset = chrono::FixedOffset::east_opt(0).expect("offset");
    let mut model = Model::new(NOW, offset).with_profiles(vec![profile], Some(0));
    let _ = tokex::app::load_token(&mut model, old.as_str(), TokenOrigin::Argument);
    model.session.auto_renew = true;

    let (keys, receiver) = tokio::sync::mpsc::unbounded_channel::<std::io::Result<Event>>();
    let events = Box::pin(futures_util::stream::unfold(receiver, |mut receiver| async move {
        receiver.recv().await.map(|event| (event, receiver))
    }));
    let clipboard = SharedClipboard::default();
    let mut terminal = Terminal::new(TestBackend::new(100, 40)).expect("terminal");
    let mut runtime =
        // The first tick is a second after the model was built (as at a real start-up).
        Runtime::new(ManualClock::new(NOW + 1), clipboard.clone(), Http::with_defaults().expect("http"));
    // Copies the inspected token every 50 ms until it is no longer the old one (bounded).
    let driver = async {
        let mut renewed = None;
        for _ in 0..200 {
            keys.send(key_event('c')).expect("loop listens");
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            if let Some(copied) = clipboard.last().filter(|copied| *copied != old) {
                renewed = Some(copied);
                break;
            }
        }
        keys.send(key_event('q')).expect("loop listens");
        renewed
    };
    let (model, renewed) = tokio::join!(runtime.run(&mut terminal, events, model, Vec::new()), driver);
    let model = model.expect("runs");
    let Some(renewed) = renewed else {
        panic!("auto-renew fetched no new token from the local tenant: {:?}", model.notice);
    };
    assert_eq!(model.token.as_ref().map(|t| t.raw().to_owned()), Some(renewed.clone()));
    let claims = &model.token.as_ref().expect("token").inspection.claims;
    assert_eq!(claims.iss.as_deref(), Some(tenant.issuer().as_str()));
    tenant.shutdown().await;
}
