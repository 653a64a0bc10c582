//! The model: everything the UI shows. The inspected token, the session (profiles, fetching,
//! auto-renew, request ids) and the screen are shared; each pane keeps its own state in
//! `panes`; an open global modal (the token prompt, the help) sits on top of everything.

use super::colours::ColourScheme;
use super::context::PaneContext;
use super::layout::ScreenLayout;
use super::modal::Modal;
use super::notice::Notice;
use super::panes::{PaneId, Panes};
use super::text::Segment;
use super::token::InspectedToken;
use crate::config::{ConfigProblem, Profile, profile_for_issuer};
use crate::domain::issuing_tenant::TenantVerdict;
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

/// What a global modal is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GlobalPurpose {
    /// `e`: a token typed or pasted into the prompt.
    EditToken,
    /// `?`.
    Help,
}

/// The ids of the requests in flight that belong to a pane (answers to anything else are
/// dropped: cancelled or superseded).
#[derive(Debug, Clone, Default)]
pub struct Requests {
    pub api: Option<u64>,
    pub drift: Option<u64>,
    /// The Exposure pane's log read, and its remedy call.
    pub exposure: Option<u64>,
    pub remedy: Option<u64>,
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
    pub requests: Requests,
    next_request_id: u64,
}

/// The terminal as the model knows it.
#[derive(Debug, Clone)]
pub struct Screen {
    /// Terminal size.
    pub viewport: (u16, u16),
    /// Advances while a request is in flight, for the spinner.
    pub spinner: usize,
    /// Where everything goes, for this size, notice and prompt.
    pub layout: ScreenLayout,
    /// The notice fitted to the width (at most two rows).
    pub notice_rows: Vec<Vec<Segment<'static>>>,
}

#[derive(Debug, Clone)]
pub struct Model {
    /// Seconds since the epoch, from the last tick. The only clock the UI knows.
    pub now: i64,
    /// The local zone's offset, captured once at start, so rendering stays pure.
    pub utc_offset: FixedOffset,
    /// The pane on screen, which has the keyboard.
    pub focus: PaneId,
    pub panes: Panes,
    /// The token prompt or the help, over every pane: it takes every key while open.
    pub modal: Option<Modal<GlobalPurpose>>,
    pub notice: Option<Notice>,
    /// Chosen once at start: `--theme`, `NO_COLOR`, `COLORFGBG`.
    pub colours: ColourScheme,
    /// Whether the terminal reports the mouse to tokex (`--no-mouse`, `mouse = false` turn it off).
    pub mouse: bool,
    pub should_quit: bool,
    /// Set by `update` when something visible changed; the runtime clears it after drawing.
    pub dirty: bool,
    /// The inspected token, which every pane works with.
    pub token: Option<InspectedToken>,
    pub session: Session,
    pub screen: Screen,
}

impl Model {
    pub fn new(now: i64, utc_offset: FixedOffset) -> Self {
        let mut model = Self {
            now,
            utc_offset,
            focus: PaneId::Inspector,
            panes: Panes::default(),
            modal: None,
            notice: None,
            colours: ColourScheme::Dark,
            mouse: true,
            should_quit: false,
            dirty: true,
            token: None,
            session: Session {
                profiles: Vec::new(),
                active: None,
                config_problems: Vec::new(),
                fetch: None,
                auto_renew: false,
                auto_renew_failed_at: None,
                requests: Requests::default(),
                next_request_id: 1,
            },
            screen: Screen {
                viewport: (80, 24),
                spinner: 0,
                layout: ScreenLayout::default(),
                notice_rows: Vec::new(),
            },
        };
        model.relayout();
        model
    }

    /// Adds profiles; the first one becomes active unless one already is.
    pub fn with_profiles(mut self, profiles: Vec<Profile>, active: Option<usize>) -> Self {
        self.session.active = active.or(if profiles.is_empty() { None } else { Some(0) });
        self.session.profiles = profiles;
        self.relayout();
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
        self.relayout();
        self
    }

    pub fn active_profile(&self) -> Option<&Profile> {
        self.session.active.and_then(|index| self.session.profiles.get(index))
    }

    /// Whether the active profile's tenant issued the inspected token (None without both).
    pub fn tenant_verdict(&self) -> Option<TenantVerdict> {
        self.context().tenant_verdict()
    }

    /// The profile that holds the inspected token's client (its `azp`), if one is configured:
    /// the identity a call with this token acts as.
    pub fn token_profile(&self) -> Option<&Profile> {
        let azp = self.token.as_ref()?.inspection.claims.azp.as_deref()?;
        self.session.profiles.iter().find(|p| p.client_id == azp)
    }

    /// `topic` ended: a notice about it goes (the answer is on screen now).
    pub(crate) fn end(&mut self, topic: super::notice::Topic) {
        if self.notice.as_ref().is_some_and(|n| n.topic == Some(topic)) {
            self.notice = None;
            self.dirty = true;
        }
    }

    /// True while any request runs: the runtime then ticks the spinner.
    pub fn busy(&self) -> bool {
        self.session.fetch.is_some()
            || self.token.as_ref().is_some_and(|t| t.signature.pending)
            || self.session.requests.api.is_some()
            || self.session.requests.drift.is_some()
            || self.session.requests.exposure.is_some()
            || self.session.requests.remedy.is_some()
    }

    /// A request id, unique across fetches, calls and checks.
    pub(super) fn next_id(&mut self) -> u64 {
        let id = self.session.next_request_id;
        self.session.next_request_id += 1;
        id
    }

    /// What a pane may read.
    pub fn context(&self) -> PaneContext<'_> {
        PaneContext {
            now: self.now,
            utc_offset: self.utc_offset,
            token: self.token.as_ref(),
            profiles: &self.session.profiles,
            active: self.session.active,
            config_problems: &self.session.config_problems,
            fetching: self.session.fetch.is_some(),
        }
    }

    /// The panes to change, with what they may read of the rest (disjoint borrows).
    pub(super) fn split(&mut self) -> (&mut Panes, PaneContext<'_>) {
        let ctx = PaneContext {
            now: self.now,
            utc_offset: self.utc_offset,
            token: self.token.as_ref(),
            profiles: &self.session.profiles,
            active: self.session.active,
            config_problems: &self.session.config_problems,
            fetching: self.session.fetch.is_some(),
        };
        (&mut self.panes, ctx)
    }

    /// The configured profile whose tenant issued this token, if any (the same answer the
    /// CLI gets from `Config::profile_for_issuer`).
    pub(super) fn profile_for(&self, token: &InspectedToken) -> Option<&Profile> {
        let iss = token.inspection.claims.iss.as_deref()?;
        profile_for_issuer(&self.session.profiles, self.active_profile(), iss)
    }

    /// Whether a one-line prompt is open where the screen shows it (the global one, or the
    /// focused pane's).
    fn prompt_open(&self) -> bool {
        let pane_line = self.panes.get(self.focus).modal().is_some_and(|m| m.is_line());
        pane_line || self.modal.as_ref().is_some_and(|m| m.kind.is_line())
    }

    /// Lays the screen out for its size, the notice and an open prompt, then the focused pane
    /// for its area: called after every message, cheap when nothing changed.
    pub(crate) fn relayout(&mut self) {
        let (width, height) = self.screen.viewport;
        let rows = match self.notice.as_ref() {
            Some(notice) => notice.rows(width, super::layout::NOTICE_ROWS),
            None => Vec::new(),
        };
        let layout =
            ScreenLayout::new(width, height, u16::try_from(rows.len()).unwrap_or(0), self.prompt_open());
        if layout != self.screen.layout || rows != self.screen.notice_rows {
            self.dirty = true;
        }
        self.screen.layout = layout;
        self.screen.notice_rows = rows;
        if let Some(modal) = self.modal.as_mut()
            && let super::modal::ModalKind::Help(help) = &mut modal.kind
        {
            help.clamp(layout.screen);
        }
        let focus = self.focus;
        if let Some(super::modal::ModalKind::Confirm(confirm)) = self.panes.get_mut(focus).modal_mut() {
            confirm.clamp(layout.screen);
        }
        let area = layout.pane;
        let (panes, ctx) = self.split();
        panes.get_mut(focus).lay_out(area, &ctx);
    }
}
