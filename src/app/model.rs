//! The model: everything the UI shows, grouped by pane and concern. The inspected token, the
//! history and the API pane are shared by the panes; the inspector's own state, the token
//! session (profiles, fetches, auto-renew, request ids) and the screen are groups of their own.

use super::api_pane::ApiPane;
use super::body_layout::BodyLayout;
use super::inspected::{InspectedToken, SignatureStatus, TokenOrigin};
use super::msg::Cmd;
use super::notice::{Notice, NoticeLevel};
use super::pane::Pane;
use super::text_input::TextInput;
use super::tokens::{HistoryEntry, TokensPane};
use crate::config::{ConfigProblem, Profile, profile_for_issuer};
use crate::domain::issuing_tenant::{TenantVerdict, TokenTenants};
use crate::domain::verify::Verification;
use crate::domain::{DecodeError, Inspection};
use chrono::FixedOffset;

/// A token request in flight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingFetch {
    pub id: u64,
    pub profile: String,
    /// Whether auto-renew started it (shown, so a surprise fetch is explained).
    pub automatic: bool,
}

/// Auto-renew fetches when less than this share of the lifetime is left.
pub const AUTO_RENEW_REMAINING: f64 = 0.05;
/// After a failed automatic fetch, wait this long before trying again by itself.
pub const AUTO_RENEW_BACKOFF_SECS: i64 = 30;

/// The Inspector pane's own state.
#[derive(Debug, Clone)]
pub struct InspectorState {
    /// The `e` input line, while open.
    pub input: Option<TextInput>,
    pub scroll: usize,
    /// Largest useful scroll offset for the current content and size, reported by the
    /// runtime after each draw (only layout knows how text wraps).
    pub scroll_limit: usize,
    /// The body wrapped at the current width, built once per token and width (the runtime
    /// asks the UI for it before a frame when it no longer fits); dropped when the token changes.
    pub layout: Option<BodyLayout>,
}

/// Profiles, fetching and the request ids of everything in flight.
#[derive(Debug, Clone)]
pub struct Session {
    pub profiles: Vec<Profile>,
    /// Index into `profiles`.
    pub active: Option<usize>,
    /// Problems found while loading the configuration, shown (with severity) in the Tokens pane.
    pub config_problems: Vec<ConfigProblem>,
    pub fetch: Option<PendingFetch>,
    pub auto_renew: bool,
    /// When the last automatic fetch failed, to back off instead of retrying every tick.
    pub auto_renew_failed_at: Option<i64>,
    /// The request id of the API pane's call in flight.
    pub(super) api_call: Option<u64>,
    next_request_id: u64,
}

/// The terminal as the model knows it.
#[derive(Debug, Clone)]
pub struct Screen {
    /// Terminal size, for page-sized scrolling.
    pub viewport: (u16, u16),
    /// Advances while a request is in flight, for the spinner.
    pub spinner: usize,
}

#[derive(Debug, Clone)]
pub struct Model {
    /// Seconds since the epoch, from the last tick. The only clock the UI knows.
    pub now: i64,
    /// The local zone's offset, captured once at start, so rendering stays pure.
    pub utc_offset: FixedOffset,
    pub pane: Pane,
    pub notice: Option<Notice>,
    pub show_help: bool,
    /// The help overlay's first visible row.
    pub help_scroll: usize,
    /// Chosen once at start: `--theme`, `NO_COLOR`, `COLORFGBG`.
    pub colours: super::colours::ColourScheme,
    pub should_quit: bool,
    /// Set by `update` when something visible changed; the runtime clears it after drawing.
    pub dirty: bool,
    /// The inspected token, which every pane works with.
    pub token: Option<InspectedToken>,
    pub inspector: InspectorState,
    /// The Tokens pane: this session's history and the selected row.
    pub tokens: TokensPane,
    pub api: ApiPane,
    pub session: Session,
    pub screen: Screen,
    /// The inspected token against its client's grant today (the Inspector's grant line).
    pub drift: super::drift::DriftState,
}

impl Model {
    pub fn new(now: i64, utc_offset: FixedOffset) -> Self {
        Self {
            now,
            utc_offset,
            pane: Pane::Inspector,
            notice: None,
            show_help: false,
            help_scroll: 0,
            colours: super::colours::ColourScheme::Dark,
            should_quit: false,
            dirty: true,
            token: None,
            inspector: InspectorState { input: None, scroll: 0, scroll_limit: usize::MAX, layout: None },
            tokens: TokensPane::default(),
            api: ApiPane::new(),
            session: Session {
                profiles: Vec::new(),
                active: None,
                config_problems: Vec::new(),
                fetch: None,
                auto_renew: false,
                auto_renew_failed_at: None,
                api_call: None,
                next_request_id: 1,
            },
            screen: Screen { viewport: (80, 24), spinner: 0 },
            drift: super::drift::DriftState::default(),
        }
    }

    /// Adds profiles; the first one becomes active unless one already is.
    pub fn with_profiles(mut self, profiles: Vec<Profile>, active: Option<usize>) -> Self {
        self.session.active = active.or(if profiles.is_empty() { None } else { Some(0) });
        self.session.profiles = profiles;
        self
    }

    /// Keeps the configuration's problems for the Tokens pane and points there.
    pub fn with_config_problems(mut self, problems: Vec<ConfigProblem>) -> Self {
        if !problems.is_empty() {
            let plural = if problems.len() == 1 { "" } else { "s" };
            self.notice = Some(Notice::error(format!(
                "The configuration has {} problem{plural}: see the Tokens pane (2).",
                problems.len()
            )));
        }
        self.session.config_problems = problems;
        self
    }

    /// Whether the active profile's tenant issued the inspected token (None without both).
    pub fn tenant_verdict(&self) -> Option<TenantVerdict> {
        let token = self.token.as_ref()?;
        let profile = self.active_profile()?;
        Some(TokenTenants::of(&token.inspection).verdict(&profile.domain))
    }

    pub fn active_profile(&self) -> Option<&Profile> {
        self.session.active.and_then(|index| self.session.profiles.get(index))
    }

    /// True while any request runs: the runtime then ticks the spinner.
    pub fn busy(&self) -> bool {
        self.session.fetch.is_some()
            || self.token.as_ref().is_some_and(|t| t.signature.pending)
            || self.api.in_flight()
            || self.drift.pending.is_some()
    }

    /// A request id, unique across fetches and calls.
    pub(super) fn next_id(&mut self) -> u64 {
        let id = self.session.next_request_id;
        self.session.next_request_id += 1;
        id
    }

    /// Decodes `text` and, if it is a token, inspects it (returning the verification to run);
    /// otherwise keeps the current token and says why.
    pub fn load_token(
        &mut self,
        text: impl Into<String>,
        origin: TokenOrigin,
    ) -> Result<Vec<Cmd>, DecodeError> {
        match Inspection::from_pasted_owned(text.into()) {
            Ok(inspection) => Ok(self.inspect(InspectedToken::new(inspection, origin), None)),
            Err(error) => {
                let kept = if self.token.is_some() { " The previous token is kept." } else { "" };
                self.notice = Some(Notice::error(format!("Not a token: {error}.{kept}")));
                Err(error)
            }
        }
    }

    /// Makes `token` the inspected one, records it in the history and asks for its
    /// verification when its issuer is a configured profile (never otherwise).
    pub(super) fn inspect(&mut self, mut token: InspectedToken, profile_name: Option<String>) -> Vec<Cmd> {
        let mut cmds = Vec::new();
        if let Some(profile) = self.profile_for(&token) {
            token.signature.pending = true;
            cmds.push(Cmd::Verify { raw: token.raw().to_owned(), profile: Some(profile.clone()) });
        }
        self.notice = Some(Notice::info(format!("Token loaded ({}).", token.origin.label())));
        self.tokens.remember(HistoryEntry { token: token.clone(), seen_at: self.now, profile: profile_name });
        self.tokens.refresh_diff(self.session.profiles.len(), self.now);
        self.api.on_token_changed(&token.inspection.claims.scopes);
        self.token = Some(token);
        self.inspector.scroll = 0;
        self.inspector.layout = None;
        cmds.extend(self.drift_on_token_changed());
        cmds
    }

    /// The configured profile whose tenant issued this token, if any (the same answer the
    /// CLI gets from `Config::profile_for_issuer`).
    pub(super) fn profile_for(&self, token: &InspectedToken) -> Option<&Profile> {
        let iss = token.inspection.claims.iss.as_deref()?;
        profile_for_issuer(&self.session.profiles, self.active_profile(), iss)
    }

    pub(super) fn start_fetch(&mut self, automatic: bool) -> Vec<Cmd> {
        if self.session.fetch.is_some() {
            self.notice = Some(Notice::info("A token request is already running (Esc cancels it)."));
            return Vec::new();
        }
        let Some(profile) = self.active_profile().cloned() else {
            self.notice = Some(Notice {
                level: NoticeLevel::Error,
                text: "No profile to fetch from.".to_owned(),
                hint: Some(
                    "Set AUTH0_DOMAIN, AUTH0_CLIENT_ID and AUTH0_CLIENT_SECRET, add a profile to the config \
                     file, or try `tokex demo`."
                        .to_owned(),
                ),
            });
            return Vec::new();
        };
        let id = self.next_id();
        self.session.fetch = Some(PendingFetch { id, profile: profile.name.clone(), automatic });
        let how = if automatic { "Auto-renew: fetching" } else { "Fetching" };
        self.notice = Some(Notice::info(format!(
            "{how} a new token from `{}` (Management API tokens cannot be refreshed; this is a new token)…",
            profile.name
        )));
        vec![Cmd::FetchToken { id, profile }]
    }

    /// Whether auto-renew should fetch now: the inspected token is in its last 5 %.
    pub(super) fn wants_auto_renew(&self) -> bool {
        if !self.session.auto_renew || self.session.fetch.is_some() || self.session.active.is_none() {
            return false;
        }
        if self.session.auto_renew_failed_at.is_some_and(|at| self.now - at < AUTO_RENEW_BACKOFF_SECS) {
            return false;
        }
        let Some(token) = self.token.as_ref() else { return false };
        let expiry = token.inspection.expiry(self.now);
        expiry.elapsed_fraction.is_some_and(|used| used >= 1.0 - AUTO_RENEW_REMAINING)
    }

    pub(super) fn apply_verification(&mut self, raw: &str, verification: Verification) {
        let status = SignatureStatus { verification, pending: false };
        if let Some(token) = self.token.as_mut().filter(|t| t.raw() == raw) {
            token.signature = status.clone();
        }
        for entry in self.tokens.history.iter_mut().filter(|e| e.token.raw() == raw) {
            entry.token.signature = status.clone();
        }
    }
}
