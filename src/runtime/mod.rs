//! The only place that touches the terminal, the clock, channels and tasks.

pub mod clipboard;
pub mod clock;
pub mod editor;
pub mod exit;
mod exposure;
mod key_file;
pub mod terminal;
mod ticker;

use crate::app::pointer::Pointer;
use crate::app::{ApiRequest, Cmd, FetchedToken, Model, Msg, OpenError, update};
use crate::cache;
use crate::config::DriftQuestion;
use crate::config::Profile;
use crate::domain::DecodedJwt;
use crate::domain::verify::{SignatureState, Verification};
use crate::net::grant_drift;
use crate::net::{self, Http};
use crate::ui;
use clipboard::Clipboard;
use clock::Clock;
use crossterm::event::{Event, KeyEventKind};
use editor::{ExternalEditor, NoEditor};
use futures_util::{Stream, StreamExt};
use ratatui::Terminal;
use ratatui::backend::Backend;
use std::collections::HashMap;
use std::io;
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::task::AbortHandle;

/// How often the countdown advances.
pub const TICK: Duration = Duration::from_secs(1);
/// Spinner frame rate, only while a request is in flight.
pub const SPINNER: Duration = Duration::from_millis(100);

/// Everything the loop needs from outside, so tests can drive it with a `TestBackend`,
/// a channel of events and a manual clock.
pub struct Runtime<C: Clock, K: Clipboard> {
    pub clock: C,
    pub clipboard: K,
    /// The one HTTP client: keep-alive connections and JWKS/discovery caches are shared.
    pub http: Http,
    /// Opens a documentation page in the browser; tests put a recording stand-in here.
    pub opener: fn(&str) -> io::Result<()>,
    /// Whether the grant check may take a profile's token from the user's token cache (and
    /// store the one it fetches there); off unless the real terminal runs, so tests leave the
    /// user's cache alone.
    pub token_cache: bool,
    /// Runs `$EDITOR` on a body (`E`); `NoEditor` unless the real terminal is used.
    pub editor: Box<dyn ExternalEditor>,
    /// Abort handles of cancellable requests, by request id.
    tasks: HashMap<u64, AbortHandle>,
    /// Another program drew on the terminal: the next frame is drawn in full.
    repaint: bool,
}

/// Hands `url` to the desktop's browser without waiting for it (the `open` crate picks
/// xdg-open, `open` or `start`). Only https pages: the catalog's documentation links.
pub fn open_in_browser(url: &str) -> io::Result<()> {
    if !url.starts_with("https://") {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, "not an https link"));
    }
    open::that_detached(url)
}

impl<C: Clock, K: Clipboard> Runtime<C, K> {
    pub fn new(clock: C, clipboard: K, http: Http) -> Self {
        Self {
            clock,
            clipboard,
            http,
            opener: open_in_browser,
            editor: Box::new(NoEditor),
            token_cache: false,
            tasks: HashMap::new(),
            repaint: false,
        }
    }

    /// Runs until the model asks to quit or the input stream ends; returns the final model.
    pub async fn run<B, E>(
        &mut self,
        terminal: &mut Terminal<B>,
        mut events: E,
        mut model: Model,
        initial: Vec<Cmd>,
    ) -> io::Result<Model>
    where
        B: Backend,
        B::Error: std::error::Error + Send + Sync + 'static,
        E: Stream<Item = io::Result<Event>> + Unpin,
    {
        let (sender, mut receiver) = mpsc::unbounded_channel::<Msg>();
        for cmd in initial {
            self.execute(cmd, &sender);
        }
        let size = terminal.size().map_err(io::Error::other)?;
        // These go through `handle` like every other message: a tick can already be due for
        // work (an auto-renew, a scheduled retry) whose commands must run.
        self.handle(&mut model, Msg::Resize(size.width, size.height), &sender);
        self.handle(&mut model, Msg::Tick(self.clock.now()), &sender);
        let mut ticker = ticker::SecondTicker::start()?;
        let mut spinner = tokio::time::interval(SPINNER);
        spinner.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        loop {
            if std::mem::take(&mut self.repaint) {
                let cleared = terminal.clear().map_err(io::Error::other);
                self.editor.resume_input();
                cleared?;
                model.dirty = true;
            }
            if model.dirty {
                self.draw(terminal, &mut model)?;
            }
            if model.should_quit {
                return Ok(model);
            }
            let msg = tokio::select! {
                event = events.next() => match event {
                    Some(Ok(event)) => match message_for(event) {
                        Some(msg) => msg,
                        None => continue,
                    },
                    Some(Err(error)) => return Err(error),
                    None => return Ok(model),
                },
                Some(msg) = receiver.recv() => msg,
                ticked = ticker.tick() => {
                    ticked?;
                    Msg::Tick(self.clock.now())
                }
                _ = spinner.tick(), if model.busy() => Msg::Spinner,
            };
            self.handle(&mut model, msg, &sender);
            // Drain what is already queued before drawing again.
            while let Ok(msg) = receiver.try_recv() {
                self.handle(&mut model, msg, &sender);
            }
        }
    }

    /// The one path from a message to its effects: every `update` call goes through here, so
    /// no returned command is ever dropped.
    fn handle(&mut self, model: &mut Model, msg: Msg, sender: &mpsc::UnboundedSender<Msg>) {
        if let Msg::TokenFetched { id, .. }
        | Msg::ApiDone { id, .. }
        | Msg::DriftChecked { id, .. }
        | Msg::ExposureRead { id, .. } = &msg
        {
            self.tasks.remove(id);
        }
        for cmd in update(model, msg) {
            self.execute(cmd, sender);
        }
    }

    /// Carries out one command. Network work runs in spawned tasks that answer with a
    /// message; the loop never waits for them.
    fn execute(&mut self, cmd: Cmd, sender: &mpsc::UnboundedSender<Msg>) {
        match cmd {
            Cmd::Copy { what, text } => {
                let _ = sender.send(clipboard::copy_for_paste(&mut self.clipboard, what, &text));
            }
            Cmd::FetchToken { id, profile } => {
                let (use_cache, now) = (self.token_cache, self.clock.now());
                let task =
                    tokio::spawn(fetch(self.http.clone(), profile, use_cache, now, id, sender.clone()));
                self.tasks.insert(id, task.abort_handle());
            }
            Cmd::Verify { raw, profile } => {
                tokio::spawn(verify(self.http.clone(), raw, profile, self.clock.now(), sender.clone()));
            }
            Cmd::CallApi { id, request } => {
                let task = tokio::spawn(call(self.http.clone(), request, id, sender.clone()));
                self.tasks.insert(id, task.abort_handle());
            }
            Cmd::CheckDrift { id, question, asking_token, held } => {
                let asking = AskingToken {
                    given: asking_token,
                    held,
                    use_cache: self.token_cache,
                    now: self.clock.now(),
                };
                let task = tokio::spawn(check_drift(self.http.clone(), question, asking, id, sender.clone()));
                self.tasks.insert(id, task.abort_handle());
            }
            Cmd::ReadExposure { id, question, asking_token, held } => {
                let asking = AskingToken {
                    given: asking_token,
                    held,
                    use_cache: self.token_cache,
                    now: self.clock.now(),
                };
                let task =
                    tokio::spawn(exposure::read(self.http.clone(), question, asking, id, sender.clone()));
                self.tasks.insert(id, task.abort_handle());
            }
            Cmd::Cancel(id) => {
                if let Some(task) = self.tasks.remove(&id) {
                    task.abort();
                }
            }
            Cmd::EditBody { text } => {
                // The loop waits for the editor on purpose: the TUI is not on screen meanwhile.
                let result = self.editor.edit(&text);
                self.repaint = true;
                let _ = sender.send(Msg::BodyEdited(result));
            }
            Cmd::ReadKeyFile { path } => {
                // A bounded read of a regular file: quick, so the loop does it itself.
                let result = key_file::read_key_file(&path);
                let _ = sender.send(Msg::KeyFileRead { path, result });
            }
            Cmd::OpenDoc { url } => {
                let result = (self.opener)(&url).map_err(OpenError::from);
                let _ = sender.send(Msg::DocOpened { url, result });
            }
        }
    }

    fn draw<B>(&mut self, terminal: &mut Terminal<B>, model: &mut Model) -> io::Result<()>
    where
        B: Backend,
        B::Error: std::error::Error + Send + Sync + 'static,
    {
        terminal.draw(|frame| ui::render(frame, model)).map_err(io::Error::other)?;
        model.dirty = false;
        Ok(())
    }
}

/// `f`: one new client-credentials exchange (the cache is never read), its token cached as
/// `tokex fetch` would cache it when the cache is on.
async fn fetch(
    http: Http,
    profile: Profile,
    use_cache: bool,
    now: i64,
    id: u64,
    sender: mpsc::UnboundedSender<Msg>,
) {
    let mut notes = Vec::new();
    let result = cache::fetch_new(&http, &profile, use_cache, now, &mut notes).await.map(|obtained| {
        FetchedToken { access_token: obtained.response.access_token, profile: profile.name.clone() }
    });
    for note in notes {
        tracing::warn!(profile = %profile.name, %note, "token cache");
    }
    let _ = sender.send(Msg::TokenFetched { id, result });
}

async fn verify(
    http: Http,
    raw: String,
    profile: Option<Profile>,
    now: i64,
    sender: mpsc::UnboundedSender<Msg>,
) {
    let verification = match DecodedJwt::decode(&raw) {
        Err(error) => Verification {
            signature: SignatureState::Invalid { reason: error.to_string() },
            findings: Vec::new(),
        },
        Ok(jwt) => match profile {
            Some(profile) => net::verify_for_profile(&http, &jwt, &profile, now).await,
            None => {
                let iss = jwt.payload.get("iss").and_then(|v| v.as_str()).unwrap_or_default().to_owned();
                match net::target_for_issuer(&http, &iss, None).await {
                    Ok(target) => net::verify_with_target(&http, &jwt, &target, now).await,
                    Err(error) => Verification {
                        signature: SignatureState::NoJwks { reason: error.to_string() },
                        findings: Vec::new(),
                    },
                }
            }
        },
    };
    let _ = sender.send(Msg::Verified { raw, verification });
}

/// Which tokens may ask about a grant: the inspected one when `update` chose it, else one the
/// session already holds (fetched with `f`), else a profile's cached token. Never a new
/// exchange: the grant line asks the tenant, it does not spend the client-credentials quota.
pub(crate) struct AskingToken {
    pub(crate) given: Option<String>,
    pub(crate) held: Vec<String>,
    pub(crate) use_cache: bool,
    pub(crate) now: i64,
}

async fn check_drift(
    http: Http,
    question: DriftQuestion,
    asking: AskingToken,
    id: u64,
    sender: mpsc::UnboundedSender<Msg>,
) {
    let AskingToken { given, held, use_cache, now } = asking;
    let obtain = |profile: Profile| {
        let http = http.clone();
        let held = held.iter().find(|raw| token_of_client(raw, &profile.client_id)).cloned();
        async move {
            if held.is_some() || !use_cache {
                return Ok(held);
            }
            let mut notes = Vec::new();
            let cached = cache::cached_token(&http, &profile, now, &mut notes).await;
            for note in notes {
                tracing::warn!(profile = %profile.name, %note, "token cache");
            }
            Ok(cached.map(|obtained| obtained.response.access_token))
        }
    };
    let result = grant_drift::ask_tenant(&http, &question, given, obtain).await;
    let _ = sender.send(Msg::DriftChecked { id, result });
}

/// Whether `raw` is a token of the client `client_id` (its `azp`).
fn token_of_client(raw: &str, client_id: &str) -> bool {
    crate::domain::Inspection::from_compact(raw).is_ok_and(|t| t.claims.azp.as_deref() == Some(client_id))
}

async fn call(http: Http, request: ApiRequest, id: u64, sender: mpsc::UnboundedSender<Msg>) {
    let result = perform_call(&http, &request).await;
    let _ = sender.send(Msg::ApiDone { id, result });
}

/// Carries out one API request as the pane asked for it; the answer `Msg::ApiDone` carries.
pub async fn perform_call(
    http: &Http,
    request: &ApiRequest,
) -> Result<crate::domain::api_response::ApiResponse, net::CallError> {
    net::call_api(
        http,
        &request.domain,
        &request.method,
        &request.path_and_query,
        &request.token,
        request.body.as_ref(),
    )
    .await
}

/// Terminal events as messages; key releases and repeats are dropped (Windows and kitty
/// report them, and acting on them would double every key).
pub fn message_for(event: Event) -> Option<Msg> {
    match event {
        Event::Key(key) if key.kind == KeyEventKind::Press => Some(Msg::Key(key)),
        Event::Paste(text) => Some(Msg::Paste(text)),
        // Moves and drags are dropped here: they change nothing, and would wake the loop.
        Event::Mouse(mouse) => Pointer::from_event(&mouse).map(|_| Msg::Mouse(mouse)),
        Event::Resize(width, height) => Some(Msg::Resize(width, height)),
        _ => None,
    }
}

/// The interactive entry point: real terminal, real clock, OSC 52 clipboard.
pub async fn run_terminal(model: Model, initial: Vec<Cmd>, http: Http) -> io::Result<()> {
    let mut guard = terminal::TerminalGuard::enter(model.mouse)?;
    let mut runtime = Runtime::new(clock::SystemClock, clipboard::Osc52::new(io::stdout()), http);
    let events = editor::SuspendableEvents::new();
    runtime.editor = Box::new(editor::TerminalEditor { events: events.clone() });
    runtime.token_cache = true;
    let result = tokio::select! {
        result = runtime.run(&mut guard.terminal, events, model, initial) => result.map(|_| ()),
        // SIGINT, SIGQUIT, SIGTERM, SIGHUP (`kill`, a closed terminal): leave like `q` does.
        () = exit::termination() => Ok(()),
        // The terminal went away: nobody can see or type any more.
        () = exit::terminal_gone() => Ok(()),
    };
    drop(guard);
    result
}
