//! What comes out of `update` (`Cmd`): plain data, every one of which the runtime carries out,
//! and the errors the runtime hands back with the results.

use crate::config::{DriftQuestion, ExposureQuestion, Profile};
use std::sync::Arc;

/// A fetched token as the runtime hands it back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchedToken {
    pub access_token: String,
    pub profile: String,
}

/// Why the clipboard write failed; text only when the notice shows it.
#[derive(Debug, Clone, thiserror::Error)]
#[error("could not write to the terminal: {0}")]
pub struct ClipboardError(Arc<std::io::Error>);

impl From<std::io::Error> for ClipboardError {
    fn from(error: std::io::Error) -> Self {
        Self(Arc::new(error))
    }
}

/// Why the external editor gave no body back; text only when the notice shows it (`editor`
/// comes from the environment and is escaped there).
#[derive(Debug, Clone, thiserror::Error)]
pub enum EditorError {
    #[error("no external editor in this session")]
    Unavailable,
    #[error("could not prepare the temporary file: {0}")]
    TempFile(Arc<std::io::Error>),
    #[error("could not start the editor `{editor}`: {source}")]
    Spawn { editor: String, source: Arc<std::io::Error> },
    #[error("the editor `{editor}` exited with {status}; the body is unchanged")]
    Failed { editor: String, status: String },
    #[error("the edited body is over {limit} bytes; the body is unchanged")]
    TooLarge { limit: u64 },
    #[error("the edited body is not UTF-8 text; the body is unchanged")]
    NotUtf8,
    #[error("could not give the terminal to the editor and back: {0}")]
    Terminal(Arc<std::io::Error>),
}

/// Why a key file for the encoder could not be read; text only when the encoder shows it.
#[derive(Debug, Clone, thiserror::Error)]
pub enum KeyFileError {
    #[error("{0}")]
    Refused(Arc<crate::safe_file::SafeFileError>),
    #[error("{path} is not UTF-8 text, so it is no PEM or JWK file (its content is not shown)")]
    NotText { path: String },
}

/// Why no browser could be opened; text only when the notice shows it.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{0}")]
pub struct OpenError(Arc<std::io::Error>);

impl From<std::io::Error> for OpenError {
    fn from(error: std::io::Error) -> Self {
        Self(Arc::new(error))
    }
}

#[derive(Debug, Clone)]
pub enum Cmd {
    /// Put this text on the clipboard; `what` names it in the confirmation.
    Copy {
        what: String,
        text: String,
    },
    FetchToken {
        id: u64,
        profile: Profile,
    },
    /// Verify a token: against `profile`'s tenant, or (when `None`, only on explicit request)
    /// against the token's own issuer.
    Verify {
        raw: String,
        profile: Option<Profile>,
    },
    CallApi {
        id: u64,
        request: ApiRequest,
    },
    /// Ask `question.profile`'s tenant for the client's grant: with `asking_token` when the
    /// inspected token may ask itself, otherwise with a new token of that profile.
    CheckDrift {
        id: u64,
        question: DriftQuestion,
        asking_token: Option<String>,
        /// This session's tokens that may read grants (fetched with `f`), tried before the cache.
        held: Vec<String>,
    },
    /// Read the tenant's log for the exposure story: with `asking_token` when the inspected
    /// token may read it, else a token this session holds (`held`), else one from the cache;
    /// never a new exchange.
    ReadExposure {
        id: u64,
        question: ExposureQuestion,
        asking_token: Option<String>,
        held: Vec<String>,
    },
    /// Open this documentation page in the browser.
    OpenDoc {
        url: String,
    },
    /// Abort the task with this request id.
    Cancel(u64),
    /// Suspend the TUI and edit this JSON body in `$EDITOR` (then `$VISUAL`, then `vi`).
    EditBody {
        text: String,
    },
    /// Read a key file the encoder names (bounded, a regular file only); its text comes back.
    ReadKeyFile {
        path: std::path::PathBuf,
    },
}

/// The tenant's answers for the exposure story, and the token that asked (the Exposure pane's
/// remedies may use it when it has the scope a remedy needs).
#[derive(Debug, Clone)]
pub struct ExposureRead {
    pub data: crate::domain::exposure::ExposureData,
    pub token: String,
}

/// One Management API call, as plain data.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiRequest {
    pub domain: String,
    pub method: String,
    /// Path below the domain, with query string (`/api/v2/users?page=0`).
    pub path_and_query: String,
    pub token: String,
    pub body: Option<serde_json::Value>,
}
