//! What the panes asked for, carried out: commands for the runtime (with request ids assigned
//! here, unique across fetches, calls and checks) and changes to the shared model.

use crate::app::cmd::Cmd;
use crate::app::model::Model;
use crate::app::panes::PaneId;
use crate::app::panes::effect::Effect;
use crate::app::panes::tokens::HistoryEntry;
use crate::app::token::InspectedToken;
use crate::domain::verify::SignatureState;

pub(super) fn apply(model: &mut Model, effects: Vec<Effect>) -> Vec<Cmd> {
    let mut cmds = Vec::new();
    for effect in effects {
        match effect {
            Effect::Notice(notice) => model.notice = Some(notice),
            Effect::Copy { what, text } => cmds.push(Cmd::Copy { what, text }),
            Effect::OpenDoc { url } => cmds.push(Cmd::OpenDoc { url }),
            Effect::EditExternally { text } => cmds.push(Cmd::EditBody { text }),
            Effect::CallApi(request) => {
                let id = model.next_id();
                model.session.requests.api = Some(id);
                cmds.push(Cmd::CallApi { id, request });
            }
            Effect::CancelCall => cmds.extend(model.session.requests.api.take().map(Cmd::Cancel)),
            Effect::CheckDrift { question, asking_token } => {
                let id = model.next_id();
                model.session.requests.drift = Some(id);
                let held = held_grant_readers(model, question.tenant());
                cmds.push(Cmd::CheckDrift { id, question, asking_token, held });
            }
            Effect::CancelDrift => cmds.extend(model.session.requests.drift.take().map(Cmd::Cancel)),
            Effect::ReadExposure { question, asking_token } => {
                let id = model.next_id();
                model.session.requests.exposure = Some(id);
                let held = held_tokens(model, question.tenant(), crate::domain::exposure::LOG_SCOPE);
                cmds.push(Cmd::ReadExposure { id, question, asking_token, held });
            }
            Effect::CancelExposure => cmds.extend(model.session.requests.exposure.take().map(Cmd::Cancel)),
            Effect::ExposureRemedy(request) => {
                let id = model.next_id();
                model.session.requests.remedy = Some(id);
                cmds.push(Cmd::CallApi { id, request });
            }
            Effect::Inspect(token) => {
                // A token made in the encoder joins this session's history when inspected.
                if !model.panes.tokens.history().iter().any(|e| e.token.raw() == token.raw()) {
                    let entry = HistoryEntry { token: token.clone(), seen_at: model.now, profile: None };
                    model.panes.tokens.remember(entry, model.now);
                }
                cmds.extend(inspect_again(model, token))
            }
            Effect::Encode => {
                model.focus = PaneId::Encoder;
                let (panes, ctx) = model.split();
                let effects = panes.encoder.start(&ctx);
                cmds.extend(apply(model, effects));
            }
            Effect::ReadKeyFile { path } => cmds.push(Cmd::ReadKeyFile { path }),
            Effect::ActivateProfile(index) => {
                if let Some(profile) = model.session.profiles.get(index) {
                    let name = profile.name.clone();
                    model.session.active = Some(index);
                    model.notice = Some(crate::app::notice::Notice::info(format!(
                        "Active profile: `{}`. Press f to fetch a token from it.",
                        crate::domain::sanitize::escape_control(&name)
                    )));
                }
            }
            Effect::Focus(pane) => model.focus = pane,
            Effect::Ended(topic) => model.end(topic),
        }
    }
    cmds
}

/// A token from this session's history, inspected again: only a signature never checked is
/// checked (a finished check's result is kept).
fn inspect_again(model: &mut Model, mut token: InspectedToken) -> Vec<Cmd> {
    let mut cmds = Vec::new();
    let unchecked = matches!(token.signature.verification.signature, SignatureState::NotVerified);
    if unchecked && let Some(profile) = model.profile_for(&token).cloned() {
        token.signature.pending = true;
        cmds.push(Cmd::Verify { raw: token.raw().to_owned(), profile: Some(profile) });
    }
    cmds.extend(make_inspected(model, token));
    cmds
}

/// This session's unexpired tokens of `tenant` that may read client grants: what the grant
/// check may ask with before it looks in the cache (it never fetches one).
fn held_grant_readers(model: &Model, tenant: &str) -> Vec<String> {
    held_tokens(model, tenant, crate::config::GRANT_SCOPE)
}

/// This session's unexpired tokens of `tenant` that carry `scope`.
fn held_tokens(model: &Model, tenant: &str, scope: &str) -> Vec<String> {
    use crate::domain::issuing_tenant::{TenantVerdict, TokenTenants};
    model
        .panes
        .tokens
        .history()
        .iter()
        .map(|entry| &entry.token.inspection)
        .filter(|token| token.claims.has_scope(scope))
        .filter(|token| token.claims.exp.is_some_and(|exp| exp > model.now))
        .filter(|token| TokenTenants::of(token).verdict(tenant) == TenantVerdict::Same)
        .map(|token| token.jwt.raw.clone())
        .collect()
}

/// Makes `token` the inspected one: every pane hears that the token changed.
pub(super) fn make_inspected(model: &mut Model, token: InspectedToken) -> Vec<Cmd> {
    model.token = Some(token);
    model.dirty = true;
    let mut all = Vec::new();
    let (panes, ctx) = model.split();
    for id in PaneId::ALL {
        all.extend(panes.get_mut(*id).on_token_changed(&ctx));
    }
    apply(model, all)
}
