//! Drawing a model into ratatui's `TestBackend` and reading the screen back as text.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tokex::app::Model;

pub fn draw(model: &Model, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    terminal.draw(|frame| tokex::ui::render(frame, model)).expect("draw");
    terminal
}

/// Each row of the screen as the cells' symbols.
pub fn rows(terminal: &Terminal<TestBackend>) -> Vec<String> {
    let buffer = terminal.backend().buffer();
    (0..buffer.area.height)
        .map(|y| (0..buffer.area.width).map(|x| buffer[(x, y)].symbol()).collect::<String>())
        .collect()
}

/// The whole screen, one line per row.
pub fn text(terminal: &Terminal<TestBackend>) -> String {
    rows(terminal).iter().map(|row| format!("{row}\n")).collect()
}

pub fn screen(model: &Model, width: u16, height: u16) -> String {
    text(&draw(model, width, height))
}

/// The first row of `screen` that contains `needle`; fails with the whole screen otherwise.
pub fn row_with<'a>(screen: &'a str, needle: &str) -> &'a str {
    screen
        .lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} not on screen:\n{screen}"))
}
