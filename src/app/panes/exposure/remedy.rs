//! The one-key remedies: delete the grant (`D`), rotate the secret (`R`), lower the API's token
//! lifetime (`T`). Each is the same typed confirmation as every change (`Question::Change`,
//! `domain::change_confirmation`), with the story's numbers added to what will and will not
//! happen; none promises a revocation. The call goes with the inspected token when it carries
//! the scope the remedy needs, else the token the log was read with, never a new one.

use super::{ExposurePane, RemedyCall, StoryView};
use crate::app::cmd::ApiRequest;
use crate::app::context::PaneContext;
use crate::app::modal::{Answer, Confirm, Modal, ModalEvent, ModalKind, Question};
use crate::app::notice::Notice;
use crate::app::panes::effect::Effect;
use crate::domain::Inspection;
use crate::domain::api_response::ApiResponse;
use crate::domain::change_confirmation::{ChangeConfirmation, ChangeRequest, Identity};
use crate::domain::exposure::{RemedyAction, TimeFormat, live_until, remedy_text};
use crate::domain::issuing_tenant::{TenantVerdict, TokenTenants};
use crate::domain::sanitize::escape_control;
use crate::net::CallError;
use crossterm::event::KeyEvent;

/// A token that may make the call (its text and its client): the inspected one, else the one
/// the log was read with.
fn token_for(scope: &str, view: &StoryView, ctx: &PaneContext) -> Option<(String, Option<String>)> {
    let may = |token: &Inspection| {
        token.claims.has_scope(scope)
            && token.claims.exp.is_some_and(|exp| exp > ctx.now)
            && TokenTenants::of(token).verdict(&view.story.tenant) == TenantVerdict::Same
    };
    if let Some(token) = ctx.token.filter(|t| may(&t.inspection)) {
        return Some((token.raw().to_owned(), token.inspection.claims.azp.clone()));
    }
    let asked = Inspection::from_compact(&view.token).ok().filter(|token| may(token))?;
    Some((view.token.clone(), asked.claims.azp))
}

impl ExposurePane {
    pub(super) fn start_remedy(&mut self, action: RemedyAction, ctx: &PaneContext) -> Vec<Effect> {
        let Some(view) = self.story.as_ref().filter(|_| self.view == super::View::Story) else {
            return vec![Effect::Notice(Notice::error(
                "No story yet: r reads the log of the inspected token's client.",
            ))];
        };
        if self.remedy_in_flight.is_some() {
            return vec![Effect::Notice(Notice::info("A remedy is being sent; wait for its answer."))];
        }
        let Some(remedy) = view.story.remedies.iter().find(|r| r.action == action) else { return Vec::new() };
        if let Some(blocked) = &remedy.blocked {
            return vec![Effect::Notice(Notice::error(format!(
                "Not possible: {}.",
                escape_control(blocked)
            )))];
        }
        let Some((raw, azp)) = token_for(remedy.scope, view, ctx) else {
            return vec![Effect::Notice(Notice::error(format!(
                "No token at hand may {}: paste one of {} that may (e), or fetch one from a profile whose grant has it (f).",
                remedy.scope,
                escape_control(&view.story.tenant)
            )))];
        };
        let time = TimeFormat { offset: ctx.utc_offset, now: ctx.now };
        let profile =
            ctx.profiles.iter().find(|p| Some(&p.client_id) == azp.as_ref()).map(|p| p.name.clone());
        let request = ChangeRequest {
            tenant: &view.story.tenant,
            identity: Identity { profile: profile.as_deref(), client_name: None, azp: azp.as_deref() },
            method: remedy.method,
            path_and_query: &remedy.path,
            body: remedy.body.as_ref(),
        };
        let mut confirmation = ChangeConfirmation::new(&request);
        let words = remedy_text(remedy, &view.story, &time);
        confirmation.will.extend(words.will);
        confirmation.will_not.extend(words.will_not);
        let call = RemedyCall {
            action,
            request: ApiRequest {
                domain: view.story.tenant.clone(),
                method: remedy.method.as_str().to_owned(),
                path_and_query: remedy.path.clone(),
                token: raw,
                body: remedy.body.clone(),
            },
            live_until: live_until(&view.story, &time),
        };
        let kind = ModalKind::Confirm(Box::new(Confirm::new(Question::Change(confirmation))));
        self.modal = Some(Modal::new(kind, call));
        Vec::new()
    }

    /// A key for the open confirmation.
    pub(super) fn on_modal_key(&mut self, key: &KeyEvent) -> Vec<Effect> {
        let Some(modal) = self.modal.as_mut() else { return Vec::new() };
        match modal.on_key(key) {
            ModalEvent::Submitted(Answer::Confirmed) => {
                let Some(modal) = self.modal.take() else { return Vec::new() };
                let call = modal.purpose;
                let request = call.request.clone();
                self.remedy_in_flight = Some(call);
                vec![
                    Effect::ExposureRemedy(request),
                    Effect::Notice(Notice::info("Sending the remedy… (the answer shows here)")),
                ]
            }
            ModalEvent::Cancelled => {
                self.modal = None;
                vec![Effect::Notice(Notice::info("Cancelled: nothing was sent."))]
            }
            _ => Vec::new(),
        }
    }

    /// The remedy's answer. A rotated secret comes back in the body: it is never kept or shown.
    pub fn on_remedy_done(&mut self, result: Result<ApiResponse, CallError>, _now: i64) -> Vec<Effect> {
        let Some(call) = self.remedy_in_flight.take() else { return Vec::new() };
        let notice = match result {
            Ok(response) if response.is_success() => {
                let done = match call.action {
                    RemedyAction::DeleteGrant => "Grant deleted: the client gets no new token.",
                    RemedyAction::RotateSecret => {
                        "Secret rotated: the old one no longer works. The new one is not shown here: read it in the dashboard, or with a token that has read:client_keys."
                    }
                    RemedyAction::LowerLifetime => {
                        "Token lifetime lowered: tokens issued from now on live shorter."
                    }
                };
                Notice::info(format!("{done} Still: {}. r reads the log again.", call.live_until))
            }
            Ok(response) => {
                let body = response.json().unwrap_or(serde_json::Value::Null);
                let message = body["message"].as_str().unwrap_or(&response.reason).to_owned();
                Notice::error(format!(
                    "The tenant answered {}: {}; nothing changed.",
                    response.status,
                    escape_control(&message)
                ))
            }
            Err(error) => {
                Notice::error(format!("The remedy was not sent: {}", escape_control(&error.to_string())))
            }
        };
        vec![Effect::Notice(notice)]
    }
}
