//! What flows into `update` (`Msg`): terminal input, the clock, and the results of the
//! commands the runtime carried out. Plain data.

use super::cmd::{ClipboardError, EditorError, ExposureRead, FetchedToken, KeyFileError, OpenError};
use crate::domain::api_response::ApiResponse;
use crate::domain::exposure::ExposureUnknown;
use crate::domain::grant_drift::{DriftUnknown, TenantAnswer};
use crate::domain::verify::Verification;
use crate::net::{CallError, FetchError};
use crossterm::event::{KeyEvent, MouseEvent};

#[derive(Debug, Clone)]
pub enum Msg {
    Key(KeyEvent),
    /// A bracketed paste: one atomic edit, never interpreted as key presses.
    Paste(String),
    /// A mouse event (while mouse capture is on).
    Mouse(MouseEvent),
    Tick(i64),
    /// A faster tick that only animates the spinner while something is in flight.
    Spinner,
    Resize(u16, u16),
    /// The clipboard write finished (or failed softly).
    Copied {
        what: String,
        result: Result<(), ClipboardError>,
    },
    TokenFetched {
        id: u64,
        result: Result<FetchedToken, FetchError>,
    },
    Verified {
        raw: String,
        verification: Verification,
    },
    ApiDone {
        id: u64,
        result: Result<ApiResponse, CallError>,
    },
    /// The tenant answered a grant check (or it failed: then why drift is unknown).
    DriftChecked {
        id: u64,
        result: Result<TenantAnswer, DriftUnknown>,
    },
    /// The tenant's log was read for the Exposure pane (or why it could not be).
    ExposureRead {
        id: u64,
        result: Result<Box<ExposureRead>, ExposureUnknown>,
    },
    /// Opening a documentation page in the browser finished (or failed: then it is copied).
    DocOpened {
        url: String,
        result: Result<(), OpenError>,
    },
    /// The external editor (`E`) finished: the body as it saved it, or why not.
    BodyEdited(Result<String, EditorError>),
    /// A key file the encoder asked for was read: its text (a secret: never printed), or why
    /// not.
    KeyFileRead {
        path: std::path::PathBuf,
        result: Result<crate::config::Secret, KeyFileError>,
    },
}
