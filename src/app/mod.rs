//! The TUI's state machine. Synchronous and pure: `update` takes a message, changes the model
//! and returns the side effects it wants as plain data (`Cmd`), which the runtime always
//! carries out. It never awaits, never reads the clock (time arrives as `Msg::Tick`) and never
//! touches the terminal.
//!
//! - `model`: the shared state (the inspected token, the session, the screen, a global modal);
//! - `panes`: one folder per pane, each with its state, key table and handlers (the contract
//!   is `panes::Pane`); they ask for the rest through `effect::Effect`;
//! - `modal`: prompts, editors, pickers, confirmations and the help, which take every key;
//! - `update`: routing, effects into commands, and the layout after every message.

pub mod cmd;
mod colours;
pub mod context;
pub mod global_keys;
pub mod keys;
pub mod layout;
pub mod modal;
mod model;
mod msg;
pub mod notice;
pub mod panes;
pub mod pointer;
pub mod tabs;
pub mod text;
pub mod token;
mod update;

#[cfg(test)]
mod tests;

pub use cmd::{
    ApiRequest, ClipboardError, Cmd, EditorError, ExposureRead, FetchedToken, KeyFileError, OpenError,
};
pub use colours::{ColourScheme, ThemeChoice};
pub use global_keys::manual_sections;
pub use model::{
    AUTO_RENEW_BACKOFF_SECS, AUTO_RENEW_REMAINING, GlobalPurpose, Model, PendingFetch, Requests, Screen,
    Session,
};
pub use msg::Msg;
pub use notice::{Notice, NoticeLevel};
pub use panes::PaneId;
pub use token::{InspectedToken, SignatureStatus, TokenOrigin};
pub use update::{NotAToken, update};

/// Loads `text` as the inspected token, as a paste would (for start-up: an argument, stdin,
/// the cache); the reason when it is not a token.
pub fn load_token(
    model: &mut Model,
    text: impl Into<String>,
    origin: TokenOrigin,
) -> Result<Vec<Cmd>, NotAToken> {
    let cmds = update::load_token(model, text.into(), origin);
    model.relayout();
    cmds
}
