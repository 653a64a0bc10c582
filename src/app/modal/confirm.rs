//! A typed confirmation. Enter sends only when the typed text matches; a mismatch keeps the box
//! open and says what to type; Esc cancels (the owner says nothing was sent). ↑ ↓ PgUp PgDn
//! scroll a long question (a request body).

use super::{Answer, ModalEvent};
use crate::app::text::{InputOutcome, TextInput};
use crate::domain::change_confirmation::ChangeConfirmation;
use crate::domain::sanitize::escape_control;
use crossterm::event::{KeyCode, KeyEvent};

/// What is being confirmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Question {
    /// A call that changes the tenant (every POST, PUT, PATCH and DELETE): the same question
    /// `tokex call` asks on a terminal.
    Change(ChangeConfirmation),
    /// Sending the token to a tenant that did not issue it: the target's host must be typed.
    ForeignTenant {
        /// Where the token belongs, when it names a tenant; Tab calls it instead.
        token_tenant: Option<String>,
        /// The tenant the call would go to.
        target: String,
        /// What must be typed: the target's host.
        host: String,
    },
}

impl Question {
    pub fn accepts(&self, typed: &str) -> bool {
        match self {
            Question::Change(change) => change.accepts(typed),
            Question::ForeignTenant { host, .. } => typed.trim() == host,
        }
    }

    /// The instruction under the question, escaped.
    pub fn instruction(&self) -> String {
        match self {
            Question::Change(change) => change.instruction(),
            Question::ForeignTenant { host, token_tenant, .. } => {
                let mut text = format!("Type {} to send it there", escape_control(host));
                if let Some(own) = token_tenant {
                    text.push_str(&format!("; Tab calls {} instead", escape_control(own)));
                }
                text.push('.');
                text
            }
        }
    }

    fn mismatch(&self) -> String {
        match self {
            Question::Change(change) => change.mismatch(),
            Question::ForeignTenant { .. } => format!("Does not match: {}", self.instruction()),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Confirm {
    pub question: Question,
    pub input: TextInput,
    /// Why the last Enter did not send (shown until the next edit).
    pub mismatch: Option<String>,
    /// The question's first visible row, for a body longer than the box.
    pub scroll: usize,
}

impl Confirm {
    pub fn new(question: Question) -> Self {
        Self { question, input: TextInput::default(), mismatch: None, scroll: 0 }
    }

    pub(super) fn on_key(&mut self, key: &KeyEvent) -> ModalEvent {
        match key.code {
            KeyCode::Tab
                if matches!(self.question, Question::ForeignTenant { token_tenant: Some(_), .. }) =>
            {
                return ModalEvent::Alternative;
            }
            KeyCode::Up => self.scroll = self.scroll.saturating_sub(1),
            KeyCode::Down => self.scroll = self.scroll.saturating_add(1),
            KeyCode::PageUp => self.scroll = self.scroll.saturating_sub(10),
            KeyCode::PageDown => self.scroll = self.scroll.saturating_add(10),
            _ => {
                return match self.input.handle_key(key) {
                    InputOutcome::Submitted(typed) if self.question.accepts(&typed) => {
                        ModalEvent::Submitted(Answer::Confirmed)
                    }
                    InputOutcome::Submitted(_) => {
                        self.mismatch = Some(self.question.mismatch());
                        ModalEvent::Stay
                    }
                    InputOutcome::Cancelled => ModalEvent::Cancelled,
                    InputOutcome::Edited => {
                        self.mismatch = None;
                        ModalEvent::Stay
                    }
                    InputOutcome::Ignored => ModalEvent::Stay,
                };
            }
        }
        ModalEvent::Stay
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::catalog::Method;
    use crate::domain::change_confirmation::{ChangeRequest, Identity};

    fn type_text(confirm: &mut Confirm, text: &str) -> Vec<ModalEvent> {
        text.chars().map(|c| confirm.on_key(&KeyEvent::from(KeyCode::Char(c)))).collect()
    }

    fn patch_user() -> Confirm {
        Confirm::new(Question::Change(ChangeConfirmation::new(&ChangeRequest {
            tenant: "http://127.0.0.1:4000",
            identity: Identity { profile: Some("demo-admin"), client_name: None, azp: Some("abc") },
            method: Method::Patch,
            path_and_query: "/api/v2/users/auth0%7Cqueen1",
            body: None,
        })))
    }

    #[test]
    fn a_wrong_answer_keeps_the_box_open_with_the_reason() {
        let mut confirm = patch_user();
        // Letters of global keys are just typed text here.
        assert!(type_text(&mut confirm, "qfa123ce").iter().all(|e| *e == ModalEvent::Stay));
        assert_eq!(confirm.on_key(&KeyEvent::from(KeyCode::Enter)), ModalEvent::Stay);
        let reason = confirm.mismatch.clone().unwrap_or_default();
        assert!(reason.starts_with("Does not match:") && reason.contains("auth0|queen1"), "{reason}");
        // The next edit clears the reason; the right answer sends.
        confirm.on_key(&KeyEvent::from(KeyCode::Char('u')));
        assert_eq!(confirm.mismatch, None);
        confirm.input = TextInput::default();
        type_text(&mut confirm, "queen1");
        assert_eq!(confirm.on_key(&KeyEvent::from(KeyCode::Enter)), ModalEvent::Submitted(Answer::Confirmed));
    }

    #[test]
    fn tab_is_an_answer_only_where_the_token_has_a_tenant_of_its_own() {
        let question = |own: Option<&str>| Question::ForeignTenant {
            token_tenant: own.map(str::to_owned),
            target: "https://other.auth0.com".into(),
            host: "other.auth0.com".into(),
        };
        let mut with_own = Confirm::new(question(Some("https://acme.auth0.com")));
        assert_eq!(with_own.on_key(&KeyEvent::from(KeyCode::Tab)), ModalEvent::Alternative);
        let mut without = Confirm::new(question(None));
        assert_eq!(without.on_key(&KeyEvent::from(KeyCode::Tab)), ModalEvent::Stay);
        type_text(&mut without, "other.auth0.com");
        assert_eq!(without.on_key(&KeyEvent::from(KeyCode::Enter)), ModalEvent::Submitted(Answer::Confirmed));
    }
}
