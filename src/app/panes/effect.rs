//! What a pane asks of the world, as plain data: `update` turns each effect into commands (and
//! assigns request ids) or into a change of the shared model (the notice, the inspected token,
//! the active profile, the focused pane).

use super::PaneId;
use crate::app::cmd::ApiRequest;
use crate::app::notice::{Notice, Topic};
use crate::app::token::InspectedToken;
use crate::config::{DriftQuestion, ExposureQuestion};

#[derive(Debug, Clone)]
pub enum Effect {
    /// Say what just happened (and what to do about it).
    Notice(Notice),
    /// Put `text` on the clipboard; `what` names it in the notice.
    Copy { what: String, text: String },
    /// Open a documentation page in the browser (copied when that fails).
    OpenDoc { url: String },
    /// Suspend the TUI and edit this JSON body in the user's editor.
    EditExternally { text: String },
    /// Send this Management API request; its answer comes back to the API pane.
    CallApi(ApiRequest),
    /// Abort the API request in flight.
    CancelCall,
    /// Ask a tenant for the inspected token's client grant; the answer comes back to the
    /// Inspector.
    CheckDrift { question: DriftQuestion, asking_token: Option<String> },
    /// Abort the grant check in flight.
    CancelDrift,
    /// Read the tenant's log for the exposure story; the answer comes back to the Exposure pane.
    ReadExposure { question: ExposureQuestion, asking_token: Option<String> },
    /// Abort the log read in flight.
    CancelExposure,
    /// Send a remedy the user confirmed in the Exposure pane; its answer comes back there.
    ExposureRemedy(ApiRequest),
    /// Make this token the inspected one (from the history, or made in the encoder: then it
    /// joins the history).
    Inspect(InspectedToken),
    /// Show the encoder, starting from the inspected token's claims.
    Encode,
    /// Read a key file for the encoder; the text comes back to it.
    ReadKeyFile { path: std::path::PathBuf },
    /// Make profile `index` the active one.
    ActivateProfile(usize),
    /// Show another pane.
    Focus(PaneId),
    /// What a notice described has ended: the notice goes if it is about that.
    Ended(Topic),
}
