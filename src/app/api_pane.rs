//! The API pane's state (catalog list, filter, parameter form, response view). This file
//! defines the interface the rest of the app uses; the pane's behaviour lives here too.

use super::Cmd;
use crate::net::ApiResponse;
use crossterm::event::KeyEvent;

/// What the API pane needs to know about the rest of the model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiContext {
    /// The inspected token, sent as the bearer.
    pub token: Option<String>,
    pub scopes: Vec<String>,
    /// The active profile's domain: where calls go.
    pub domain: Option<String>,
    pub now: i64,
}

#[derive(Debug, Clone, Default)]
pub struct ApiPane {
    in_flight: Option<u64>,
}

impl ApiPane {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn in_flight(&self) -> bool {
        self.in_flight.is_some()
    }

    /// True while a rate-limit reset countdown is on screen.
    pub fn shows_countdown(&self) -> bool {
        false
    }

    /// True while a text field (filter, parameter, body) is being edited: paste goes there.
    pub fn accepts_paste(&self) -> bool {
        false
    }

    pub fn on_paste(&mut self, _text: &str) {}

    /// True while the pane wants every key (text editing, confirmation prompts).
    pub fn captures_keys(&self) -> bool {
        false
    }

    pub fn on_token_changed(&mut self, _scopes: &[String]) {}

    pub fn on_key(&mut self, _key: &KeyEvent, _context: &ApiContext, _next_id: &mut u64) -> Vec<Cmd> {
        Vec::new()
    }

    pub fn on_response(&mut self, id: u64, _result: Result<ApiResponse, String>, _now: i64) {
        if self.in_flight == Some(id) {
            self.in_flight = None;
        }
    }

    /// Cancels the call in flight, returning its id.
    pub fn cancel(&mut self) -> Option<u64> {
        self.in_flight.take()
    }
}
