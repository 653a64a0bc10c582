//! The only place that touches the terminal, the clock, channels and tasks.

pub mod clipboard;
pub mod clock;
pub mod terminal;

use crate::app::{Cmd, Model, Msg, update};
use crate::ui;
use clipboard::Clipboard;
use clock::Clock;
use crossterm::event::{Event, KeyEventKind};
use futures_util::{Stream, StreamExt};
use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::layout::Rect;
use std::io;
use std::time::Duration;
use tokio::sync::mpsc;

/// How often the countdown advances.
pub const TICK: Duration = Duration::from_secs(1);

/// Everything the loop needs from outside, so tests can drive it with a `TestBackend`,
/// a channel of events and a manual clock.
pub struct Runtime<C: Clock, K: Clipboard> {
    pub clock: C,
    pub clipboard: K,
}

impl<C: Clock, K: Clipboard> Runtime<C, K> {
    /// Runs until the model asks to quit or the input stream ends; returns the final model.
    pub async fn run<B, E>(
        &mut self,
        terminal: &mut Terminal<B>,
        mut events: E,
        mut model: Model,
    ) -> io::Result<Model>
    where
        B: Backend,
        B::Error: std::error::Error + Send + Sync + 'static,
        E: Stream<Item = io::Result<Event>> + Unpin,
    {
        let (sender, mut receiver) = mpsc::unbounded_channel::<Msg>();
        let size = terminal.size().map_err(io::Error::other)?;
        update(&mut model, Msg::Resize(size.width, size.height));
        update(&mut model, Msg::Tick(self.clock.now()));
        let mut ticker = tokio::time::interval_at(tokio::time::Instant::now() + until_next_second(), TICK);
        ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        loop {
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
                _ = ticker.tick() => Msg::Tick(self.clock.now()),
            };
            self.handle(&mut model, msg, &sender);
            // Drain what is already queued before drawing again.
            while let Ok(msg) = receiver.try_recv() {
                self.handle(&mut model, msg, &sender);
            }
        }
    }

    fn handle(&mut self, model: &mut Model, msg: Msg, sender: &mpsc::UnboundedSender<Msg>) {
        for cmd in update(model, msg) {
            match cmd {
                Cmd::Copy(text) => {
                    let result = self.clipboard.copy(&text);
                    let _ = sender.send(Msg::Copied(result));
                }
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
        let size = terminal.size().map_err(io::Error::other)?;
        let limit = ui::scroll_limit(model, Rect::new(0, 0, size.width, size.height));
        if limit != model.scroll_limit {
            update(model, Msg::ScrollLimit(limit));
            if model.dirty {
                terminal.draw(|frame| ui::render(frame, model)).map_err(io::Error::other)?;
                model.dirty = false;
            }
        }
        Ok(())
    }
}

/// Terminal events as messages; key releases and repeats are dropped (Windows and kitty
/// report them, and acting on them would double every key).
pub fn message_for(event: Event) -> Option<Msg> {
    match event {
        Event::Key(key) if key.kind == KeyEventKind::Press => Some(Msg::Key(key)),
        Event::Paste(text) => Some(Msg::Paste(text)),
        Event::Resize(width, height) => Some(Msg::Resize(width, height)),
        _ => None,
    }
}

/// Aligning ticks to wall-clock seconds makes the countdown change exactly when `exp − now` does.
fn until_next_second() -> Duration {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    Duration::from_millis(1000 - u64::from(now.subsec_millis())) + Duration::from_millis(5)
}

/// The interactive entry point: real terminal, real clock, OSC 52 clipboard.
pub async fn run_terminal(model: Model) -> io::Result<()> {
    let mut guard = terminal::TerminalGuard::enter()?;
    let mut runtime = Runtime { clock: clock::SystemClock, clipboard: clipboard::Osc52::new(io::stdout()) };
    let events = crossterm::event::EventStream::new();
    let result = runtime.run(&mut guard.terminal, events, model).await;
    drop(guard);
    result.map(|_| ())
}
