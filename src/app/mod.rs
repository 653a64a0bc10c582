//! The TUI's state machine. Synchronous and pure: `update` takes a message, changes the
//! model and returns the side effects it wants as plain data. It never awaits, never reads
//! the clock (time arrives as `Msg::Tick`) and never touches the terminal.

pub mod api_pane;
mod body_layout;
mod colours;
mod drift;
mod drift_check;
pub mod help;
mod inspected;
pub mod keymap;
mod model;
mod msg;
mod notice;
mod pane;
pub mod text_area;
pub mod text_input;
pub mod token_view;
pub mod tokens;
mod update;

pub use body_layout::{BodyLayout, RowStart};
pub use colours::{ColourScheme, ThemeChoice};
pub use drift::{DRIFT_MIN_INTERVAL_SECS, DriftOutcome, DriftState, PendingDrift};
pub use inspected::{InspectedToken, SignatureStatus, TokenOrigin};
pub use model::{
    AUTO_RENEW_BACKOFF_SECS, AUTO_RENEW_REMAINING, InspectorState, Model, PendingFetch, Screen, Session,
};
pub use msg::{ApiRequest, ClipboardError, Cmd, EditorError, FetchedToken, Msg, OpenError};
pub use notice::{Notice, NoticeLevel};
pub use pane::Pane;
pub use update::update;
