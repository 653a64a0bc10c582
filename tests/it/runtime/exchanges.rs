//! No network work the user did not ask for: the real event loop against a real local tenant,
//! counting the tenant's client-credentials exchanges (its `seccft` log events) for each TUI
//! action. `f` is exactly one exchange; a paste, the grant line, `d` and switching the active
//! profile are none (the grant line asks with a token the session already holds, or says which
//! key fetches one).
// Needs the local tenant (the default `tenant` feature).
#![cfg(feature = "tenant")]

use super::loop_support::{exchanges, profile};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokex::app::Model;
use tokex::net::{Http, fetch_token};
use tokex::runtime::Runtime;
use tokex::runtime::clipboard::{Clipboard, ClipboardError};
use tokex::runtime::clock::SystemClock;
use tokex::tenant::{RunningTenant, TenantConfig};

/// The clipboard's last copy, read by the test to see which token the TUI inspects.
#[derive(Clone, Default)]
struct SharedClipboard(Arc<Mutex<Vec<String>>>);

impl Clipboard for SharedClipboard {
    fn copy(&mut self, text: &str) -> Result<(), ClipboardError> {
        self.0.lock().expect("clipboard lock").push(text.to_owned());
        Ok(())
    }
}

impl SharedClipboard {
    fn last(&self) -> Option<String> {
        self.0.lock().expect("clipboard lock").last().cloned()
    }
}

fn key(code: KeyCode) -> std::io::Result<Event> {
    Ok(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn f_is_one_exchange_and_nothing_else_makes_one() {
    let tenant = RunningTenant::start(TenantConfig::default()).await.expect("tenant starts");
    let http = Http::with_defaults().expect("http");
    let admin = profile(&tenant, "local-admin", "tokex-admin");
    let readonly = profile(&tenant, "local-readonly", "tokex-readonly");
    // The test's own token for reading the log: one exchange before anything is counted.
    let reader = fetch_token(&http, &admin).await.expect("reader token").response.access_token;
    let start = exchanges(&http, &tenant, &reader).await;

    let (keys, receiver) = tokio::sync::mpsc::unbounded_channel::<std::io::Result<Event>>();
    let events = Box::pin(futures_util::stream::unfold(receiver, |mut receiver| async move {
        receiver.recv().await.map(|event| (event, receiver))
    }));
    let clipboard = SharedClipboard::default();
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    // The user's token cache stays out of it (`token_cache` is off unless the real terminal runs).
    let mut runtime = Runtime::new(SystemClock, clipboard.clone(), http.clone());
    let model = Model::new(chrono::Utc::now().timestamp(), chrono::FixedOffset::east_opt(0).expect("offset"))
        .with_profiles(vec![admin, readonly], Some(0));
    let http_for_counts = http.clone();
    let driver = async {
        let mut counts = Vec::new();
        // Waits (bounded) until the inspected token differs from `old`; then lets the grant
        // check and the signature check that follow a new token finish.
        let inspected_changes = |old: Option<String>| {
            let (keys, clipboard) = (keys.clone(), clipboard.clone());
            async move {
                for _ in 0..100 {
                    keys.send(key(KeyCode::Char('c'))).expect("loop listens");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    let now = clipboard.last();
                    if now.is_some() && now != old {
                        tokio::time::sleep(Duration::from_millis(800)).await;
                        return now;
                    }
                }
                panic!("the inspected token never changed");
            }
        };
        // f: exactly one.
        keys.send(key(KeyCode::Char('f'))).expect("loop listens");
        let first = inspected_changes(None).await;
        counts.push(("f", exchanges(&http_for_counts, &tenant, &reader).await - start));
        // A paste of a token and d: none. (A token of another tenant: one of this tenant's
        // clients fetched within the same second would be byte-identical to one on screen.)
        let pasted = crate::support::management_token(chrono::Utc::now().timestamp(), 86_400, "read:users");
        keys.send(Ok(Event::Paste(pasted))).expect("loop listens");
        let pasted_shown = inspected_changes(first.clone()).await;
        keys.send(key(KeyCode::Char('d'))).expect("loop listens");
        tokio::time::sleep(Duration::from_millis(800)).await;
        counts.push(("paste, d", exchanges(&http_for_counts, &tenant, &reader).await - start));
        // The readonly profile made active, then f: one more; its token cannot read grants, so
        // the grant line asks with the admin token this session holds (no exchange for it).
        for code in
            [KeyCode::Char('2'), KeyCode::Down, KeyCode::Enter, KeyCode::Char('1'), KeyCode::Char('f')]
        {
            keys.send(key(code)).expect("loop listens");
        }
        inspected_changes(pasted_shown).await;
        counts.push(("profile switch, f", exchanges(&http_for_counts, &tenant, &reader).await - start));
        keys.send(key(KeyCode::Char('q'))).expect("loop listens");
        counts
    };
    let (model, counts) = tokio::join!(runtime.run(&mut terminal, events, model, Vec::new()), driver);
    let model = model.expect("runs");
    assert_eq!(counts, vec![("f", 1), ("paste, d", 1), ("profile switch, f", 2)], "{:?}", model.notice);
    let grant_line = terminal.backend().buffer().content().iter().map(|c| c.symbol()).collect::<String>();
    assert!(!grant_line.contains("not checked"), "the held admin token read the grant:\n{grant_line}");
    tenant.shutdown().await;
}
