//! The Exposure pane's log read through the real event loop against a real local tenant: it
//! asks with a token the session already holds and never makes a client-credentials exchange
//! (counted as the tenant's `seccft` events), even when the inspected token cannot read the log.
// Needs the local tenant (the default `tenant` feature).
#![cfg(feature = "tenant")]

use super::loop_support::{exchanges, profile};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::{Backend, ClearType, TestBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokex::app::Model;
use tokex::net::{Http, fetch_token};
use tokex::runtime::Runtime;
use tokex::runtime::clipboard::RecordingClipboard;
use tokex::runtime::clock::SystemClock;
use tokex::tenant::{RunningTenant, TenantConfig};

/// A TestBackend whose last flushed screen the test can read while the loop runs.
struct Watched {
    inner: TestBackend,
    screen: Arc<Mutex<String>>,
}

impl Backend for Watched {
    type Error = <TestBackend as Backend>::Error;

    fn draw<'a, I: Iterator<Item = (u16, u16, &'a Cell)>>(&mut self, content: I) -> Result<(), Self::Error> {
        self.inner.draw(content)
    }
    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.hide_cursor()
    }
    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.show_cursor()
    }
    fn get_cursor_position(&mut self) -> Result<Position, Self::Error> {
        self.inner.get_cursor_position()
    }
    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> Result<(), Self::Error> {
        self.inner.set_cursor_position(position)
    }
    fn clear(&mut self) -> Result<(), Self::Error> {
        self.inner.clear()
    }
    fn clear_region(&mut self, clear_type: ClearType) -> Result<(), Self::Error> {
        self.inner.clear_region(clear_type)
    }
    fn size(&self) -> Result<Size, Self::Error> {
        self.inner.size()
    }
    fn window_size(&mut self) -> Result<WindowSize, Self::Error> {
        self.inner.window_size()
    }
    fn flush(&mut self) -> Result<(), Self::Error> {
        let text = self.inner.buffer().content().iter().map(|c| c.symbol()).collect();
        *self.screen.lock().expect("screen lock") = text;
        self.inner.flush()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reading_the_log_never_fetches_a_token() {
    let tenant = RunningTenant::start(TenantConfig { token_lifetime_secs: 3_600, ..TenantConfig::default() })
        .await
        .expect("tenant starts");
    let http = Http::with_defaults().expect("http");
    let admin = profile(&tenant, "local-admin", "tokex-admin");
    let readonly = profile(&tenant, "local-readonly", "tokex-readonly");
    // The test's own tokens, before anything is counted: one to count with, and a read-only
    // token (it cannot read the log) for the TUI to inspect.
    let reader = fetch_token(&http, &admin).await.expect("reader").response.access_token;
    let pasted = fetch_token(&http, &readonly).await.expect("readonly").response.access_token;
    let start = exchanges(&http, &tenant, &reader).await;

    let (keys, receiver) = tokio::sync::mpsc::unbounded_channel::<std::io::Result<Event>>();
    let events = Box::pin(futures_util::stream::unfold(receiver, |mut receiver| async move {
        receiver.recv().await.map(|event| (event, receiver))
    }));
    let screen = Arc::new(Mutex::new(String::new()));
    let backend = Watched { inner: TestBackend::new(140, 45), screen: Arc::clone(&screen) };
    let mut terminal = Terminal::new(backend).expect("terminal");
    let mut runtime = Runtime::new(SystemClock, RecordingClipboard::default(), http.clone());
    let model = Model::new(chrono::Utc::now().timestamp(), chrono::FixedOffset::east_opt(0).expect("offset"))
        .with_profiles(vec![admin, readonly], Some(0));
    let key = |code: KeyCode| Ok(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
    let wait_for = |needle: &'static str| {
        let screen = Arc::clone(&screen);
        async move {
            for _ in 0..300 {
                if screen.lock().expect("screen lock").contains(needle) {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            panic!("{needle:?} never showed:\n{}", screen.lock().expect("screen lock"));
        }
    };
    let driver = async {
        // f: the one exchange of this session; then the read-only token is inspected.
        keys.send(key(KeyCode::Char('f'))).expect("loop listens");
        wait_for("token of local-admin").await;
        keys.send(Ok(Event::Paste(pasted.clone()))).expect("loop listens");
        wait_for("token of local-readonly").await;
        // 4, r: the read-only client's story, read with the admin token the session holds.
        keys.send(key(KeyCode::Char('4'))).expect("loop listens");
        keys.send(key(KeyCode::Char('r'))).expect("loop listens");
        wait_for("1 live token · all clear at").await;
        let counted = exchanges(&http, &tenant, &reader).await - start;
        keys.send(key(KeyCode::Char('q'))).expect("loop listens");
        counted
    };
    let (model, counted) = tokio::join!(runtime.run(&mut terminal, events, model, Vec::new()), driver);
    model.expect("runs");
    assert_eq!(counted, 1, "only f exchanged");
    let last = screen.lock().expect("screen lock").clone();
    assert!(last.contains("tokex-readonly"), "{last}");
    tenant.shutdown().await;
}
