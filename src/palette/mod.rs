//! One neutral palette for everything tokex draws: what a piece of text *is* (a [`Role`]) and
//! how each role looks, as plain data. The TUI maps a look to a ratatui style (`ui::theme`), the
//! command line to ANSI escapes (`cli::output`), so a token or a response body looks the same
//! in both, and neither front end depends on the other.

use crate::domain::Urgency;
use crate::domain::exposure::LineKind;
use crate::domain::json_lines::Tok;

/// The colours tokex uses: the terminal's 16 named ones (its theme decides the exact shade).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Colour {
    /// The terminal's own foreground or background.
    Default,
    Black,
    Red,
    Green,
    Yellow,
    Blue,
    Magenta,
    Cyan,
    Gray,
    DarkGray,
}

/// How a role looks: foreground, background and weight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Look {
    pub fg: Colour,
    pub bg: Colour,
    pub bold: bool,
}

impl Look {
    const fn fg(fg: Colour) -> Self {
        Self { fg, bg: Colour::Default, bold: false }
    }

    const fn bold(fg: Colour) -> Self {
        Self { fg, bg: Colour::Default, bold: true }
    }
}

/// What a piece of text is, which decides how it looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Ordinary text.
    Plain,
    /// Ordinary text that stands out (the operation shown, the row under the cursor).
    Strong,
    /// A heading (`CLAIMS`, a resource group).
    Section,
    /// The name in a name/value row (a claim, a header member, a parameter).
    Label,
    /// A label that stands out (the method of the operation shown).
    StrongLabel,
    /// Secondary text: hints, separators, counts.
    Dim,
    /// Something to look at twice (a long lifetime, a scope that unlocks nothing).
    Warning,
    /// Something wrong (an invalid signature, a failed call).
    Error,
    /// Something fine or informative (a verified signature, a 2xx answer).
    Info,
    /// A key cap in hints (`f`, `Enter`).
    Key,
    /// The tab of the pane on screen.
    ActiveTab,
    /// The countdown and everything coloured by how soon the token expires.
    Urgency(Urgency),
    /// One of a raw JWT's three parts (0 header, 1 payload, 2 signature), coloured as jwt.io does.
    TokenPart(u8),
    /// A token of a JSON body.
    Json(Tok),
}

impl From<LineKind> for Role {
    /// How a line of the exposure story looks (the CLI and the Exposure pane alike).
    fn from(kind: LineKind) -> Role {
        match kind {
            LineKind::Heading => Role::Section,
            LineKind::Alert => Role::Error,
            LineKind::Warning => Role::Warning,
            LineKind::Good => Role::Info,
            LineKind::Plain => Role::Plain,
            LineKind::Dim => Role::Dim,
        }
    }
}

impl Role {
    /// How this role looks with the dark palette; the TUI's light and monochrome schemes are
    /// derived from it (`ui::theme::apply_scheme`).
    pub const fn look(self) -> Look {
        match self {
            Role::Plain => Look::fg(Colour::Default),
            Role::Strong => Look::bold(Colour::Default),
            Role::Section => Look::bold(Colour::Cyan),
            Role::Label => Look::fg(Colour::Blue),
            Role::StrongLabel => Look::bold(Colour::Blue),
            Role::Dim => Look::fg(Colour::DarkGray),
            Role::Warning => Look::fg(Colour::Yellow),
            Role::Error => Look::bold(Colour::Red),
            Role::Info => Look::fg(Colour::Green),
            Role::Key => Look { fg: Colour::Black, bg: Colour::Gray, bold: false },
            Role::ActiveTab => Look { fg: Colour::Black, bg: Colour::Cyan, bold: true },
            Role::Urgency(urgency) => Look::bold(match urgency {
                Urgency::Calm => Colour::Green,
                Urgency::Soon => Colour::Yellow,
                Urgency::Critical => Colour::Red,
                Urgency::Unknown => Colour::Magenta,
            }),
            Role::TokenPart(0) => Look::fg(Colour::Red),
            Role::TokenPart(1) => Look::fg(Colour::Magenta),
            Role::TokenPart(_) => Look::fg(Colour::Cyan),
            Role::Json(tok) => Look::fg(match tok {
                Tok::Key => Colour::Blue,
                Tok::Str => Colour::Green,
                Tok::Num => Colour::Cyan,
                Tok::Bool => Colour::Magenta,
                Tok::Null => Colour::DarkGray,
                Tok::Punct | Tok::Text => Colour::Default,
            }),
        }
    }
}
