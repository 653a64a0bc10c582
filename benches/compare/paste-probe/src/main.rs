//! The baseline for `benches/compare.sh`'s paste row: the least a ratatui program on crossterm
//! can do with a bracketed paste (receive it, then draw one frame saying how long it was).
//! tokex's paste-to-claims time is compared with this program's paste-to-frame time.
//!
//!     cargo build --release --manifest-path benches/compare/paste-probe/Cargo.toml

use crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event, KeyCode};
use crossterm::execute;
use crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::widgets::{Block, Borders, Paragraph};
use std::io;

fn main() -> io::Result<()> {
    enable_raw_mode()?;
    execute!(io::stdout(), EnterAlternateScreen, EnableBracketedPaste)?;
    let result = run(&mut Terminal::new(CrosstermBackend::new(io::stdout()))?);
    disable_raw_mode()?;
    execute!(io::stdout(), DisableBracketedPaste, LeaveAlternateScreen)?;
    result
}

fn run(terminal: &mut Terminal<CrosstermBackend<io::Stdout>>) -> io::Result<()> {
    let mut status = String::from("probe-ready: paste something");
    loop {
        terminal.draw(|frame| {
            let block = Block::new().borders(Borders::ALL).title(" paste probe ");
            frame.render_widget(Paragraph::new(status.as_str()).block(block), frame.area());
        })?;
        match event::read()? {
            Event::Paste(text) => {
                let head: String = text.chars().take(40).filter(|c| !c.is_control()).collect();
                // Upper case: no cell matches the ready text, so the marker is written whole.
                status = format!("PASTED {} bytes: {head}", text.len());
            }
            Event::Key(key) if key.code == KeyCode::Char('q') => return Ok(()),
            _ => {}
        }
    }
}
