//! Entering and leaving the terminal modes tokex needs. Restoring is idempotent and runs on
//! normal exit, on error, and from the panic hook, so the shell is never left in raw mode or
//! reporting the mouse.

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use crossterm::execute;
use crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use std::io::{self, Stdout};
use std::sync::atomic::{AtomicBool, Ordering};

/// Whether the terminal was asked to report the mouse, so `resume` asks again after the
/// external editor.
static MOUSE: AtomicBool = AtomicBool::new(false);

pub type CrosstermTerminal = Terminal<CrosstermBackend<Stdout>>;

/// Owns the terminal modes; dropping it restores the terminal.
pub struct TerminalGuard {
    pub terminal: CrosstermTerminal,
}

impl TerminalGuard {
    /// Raw mode, the alternate screen, bracketed paste, and the mouse reported when `mouse`.
    pub fn enter(mouse: bool) -> io::Result<Self> {
        install_panic_hook();
        enable_raw_mode()?;
        MOUSE.store(mouse, Ordering::Relaxed);
        let mut stdout = io::stdout();
        if let Err(error) = execute!(stdout, EnterAlternateScreen, EnableBracketedPaste)
            .and_then(|()| if mouse { execute!(stdout, EnableMouseCapture) } else { Ok(()) })
        {
            restore();
            return Err(error);
        }
        let terminal = match Terminal::new(CrosstermBackend::new(stdout)) {
            Ok(terminal) => terminal,
            Err(error) => {
                restore();
                return Err(error);
            }
        };
        Ok(Self { terminal })
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        let _ = self.terminal.show_cursor();
        restore();
    }
}

/// Leaves raw mode, mouse reporting, bracketed paste and the alternate screen. Safe to call
/// twice, and whether or not the mouse was on (turning it off again is harmless).
pub fn restore() {
    let _ = disable_raw_mode();
    let _ = execute!(
        io::stdout(),
        DisableMouseCapture,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
}

/// Takes the terminal back after another program (the external editor) had it: raw mode,
/// the alternate screen, bracketed paste and the mouse again, the cursor hidden until a frame places it.
pub fn resume() -> io::Result<()> {
    enable_raw_mode()?;
    let mut stdout = io::stdout();
    execute!(stdout, EnterAlternateScreen, EnableBracketedPaste, crossterm::cursor::Hide)?;
    if MOUSE.load(Ordering::Relaxed) { execute!(stdout, EnableMouseCapture) } else { Ok(()) }
}

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}
