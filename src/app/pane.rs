//! The TUI's three panes, and their order for Tab.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Inspector,
    Tokens,
    Api,
}

impl Pane {
    pub const ALL: [Pane; 3] = [Pane::Inspector, Pane::Tokens, Pane::Api];

    pub fn title(self) -> &'static str {
        match self {
            Pane::Inspector => "Inspector",
            Pane::Tokens => "Tokens",
            Pane::Api => "API",
        }
    }
}
