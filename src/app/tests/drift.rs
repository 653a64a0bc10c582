//! The Inspector's grant line: when the grant is asked about, with which token, how an answer
//! is shown (TestBackend at 80×24 and 200×60), the once-a-minute limit, Esc and stale answers.

use crate::app::{Cmd, Model, Msg, update};
use crate::config::{Profile, Secret};
use crate::domain::grant_drift::{DriftUnknown, TenantAnswer};
use crate::test_support::press;
use crate::test_support::screen;
use crate::test_support::*;
use crossterm::event::KeyCode;
use serde_json::json;

fn profile() -> Profile {
    Profile::new("acme", "acme.eu.auth0.com", "abc123", Secret::new("s3cr3t-value-0123456789"))
        .expect("profile")
}

fn with_profile() -> Model {
    Model::new(NOW, chrono::FixedOffset::east_opt(0).expect("offset")).with_profiles(vec![profile()], Some(0))
}

/// The grant check a command list asks for: its id and the token it asks with.
fn drift_cmd(cmds: &[Cmd]) -> (u64, Option<String>) {
    cmds.iter()
        .find_map(|cmd| match cmd {
            Cmd::CheckDrift { id, question, asking_token, .. } => {
                assert_eq!(question.profiles[0].name, "acme");
                assert_eq!(question.client_id, "abc123");
                assert_eq!(question.audience, "https://acme.eu.auth0.com/api/v2/");
                Some((*id, asking_token.clone()))
            }
            _ => None,
        })
        .unwrap_or_else(|| panic!("no grant check in {cmds:?}"))
}

fn grant(scopes: &[&str]) -> TenantAnswer {
    TenantAnswer::Grant {
        grant_id: "cgr_1".into(),
        scopes: scopes.iter().map(|s| s.to_string()).collect(),
        client_exists: Some(true),
    }
}

#[test]
fn a_token_that_may_read_grants_asks_itself_and_others_leave_it_to_the_profile() {
    let mut model = with_profile();
    let admin = management_token(NOW, 86_400, "read:users read:client_grants");
    let (_, asking) = drift_cmd(&update(&mut model, Msg::Paste(admin.clone())));
    assert_eq!(asking.as_deref(), Some(admin.as_str()));

    let reader = management_token(NOW + 1, 86_400, "read:users");
    let (_, asking) = drift_cmd(&update(&mut model, Msg::Paste(reader)));
    assert_eq!(asking, None, "without read:client_grants the runtime fetches the profile's token");

    let expired = management_token(NOW - 100_000, 86_400, "read:client_grants");
    let (_, asking) = drift_cmd(&update(&mut model, Msg::Paste(expired)));
    assert_eq!(asking, None, "an expired token is never sent");
}

#[test]
fn no_profile_or_no_client_is_a_neutral_line_without_a_request() {
    let mut model = Model::new(NOW, chrono::FixedOffset::east_opt(0).expect("offset"));
    let cmds = update(&mut model, Msg::Paste(management_token(NOW, 86_400, "read:users")));
    assert!(!cmds.iter().any(|c| matches!(c, Cmd::CheckDrift { .. })), "{cmds:?}");
    let text = screen(&model, 80, 24);
    assert!(text.contains("○ grant drift not checked: no profile for"), "{text}");
    assert!(!model.busy());

    let mut model = with_profile();
    let no_azp = token(
        json!({"alg": "RS256"}),
        json!({"iss": "https://acme.eu.auth0.com/", "aud": "https://acme.eu.auth0.com/api/v2/", "exp": NOW + 60}),
    );
    let cmds = update(&mut model, Msg::Paste(no_azp));
    assert!(!cmds.iter().any(|c| matches!(c, Cmd::CheckDrift { .. })), "{cmds:?}");
    assert!(screen(&model, 200, 60).contains("names no client (azp)"));
}

#[test]
fn a_shrunk_grant_shows_what_stays_usable_with_a_live_countdown() {
    let mut model = with_profile();
    let (id, _) =
        drift_cmd(&update(&mut model, Msg::Paste(management_token(NOW, 3_600, "read:users read:roles"))));
    assert!(
        model.busy() && model.panes.inspector.grant.pending.is_some(),
        "the spinner runs while the tenant is asked"
    );
    let text = screen(&model, 80, 24);
    assert!(text.contains("grant: asking https://acme.eu.auth0.com"), "{text}");

    update(&mut model, Msg::DriftChecked { id, result: Ok(grant(&["read:roles", "read:clients"])) });
    assert!(model.panes.inspector.grant.pending.is_none());
    let wide = screen(&model, 200, 60);
    assert!(
        wide.contains(
            "⚠ grant: no longer granted but still usable for 1h 0m 0s more (until exp): read:users"
        ),
        "{wide}"
    );
    assert!(wide.contains("granted since this token was issued: read:clients"), "{wide}");
    // 80 columns: the lines wrap at words into three rows at most; what is left over ends in `…`.
    let narrow = screen(&model, 80, 24);
    let rows: Vec<&str> =
        narrow.lines().filter(|l| l.contains("grant") || l.contains("read:users")).collect();
    assert!(
        narrow.contains("⚠ grant: no longer granted but still usable") && narrow.contains("read:users"),
        "{narrow}"
    );
    assert!(narrow.contains("⚠ grant: granted since this token was issued"), "{narrow}");
    let cut = rows.iter().find(|r| r.contains("granted since")).expect("third row");
    assert!(cut.trim_end_matches(['│', ' ']).ends_with('…'), "the third row marks the cut:\n{narrow}");
    assert!(!narrow.contains("(fetch a new token to get them)"), "{rows:?}");

    update(&mut model, Msg::Tick(NOW + 60));
    assert!(
        screen(&model, 200, 60).contains("still usable for 59m 0s more"),
        "the time left follows the clock"
    );
}

#[test]
fn deleted_grant_and_client_say_no_new_tokens() {
    let mut model = with_profile();
    let (id, _) = drift_cmd(&update(&mut model, Msg::Paste(management_token(NOW, 600, "read:users"))));
    update(
        &mut model,
        Msg::DriftChecked { id, result: Ok(TenantAnswer::GrantDeleted { client_exists: Some(false) }) },
    );
    let text = screen(&model, 200, 60);
    assert!(text.contains("⚠ grant: the client was deleted: no new tokens for it"), "{text}");
    assert!(text.contains("⚠ grant: the client grant was deleted: no new tokens for this client"), "{text}");
}

#[test]
fn no_drift_and_unknown_answers() {
    let mut model = with_profile();
    let (id, _) = drift_cmd(&update(&mut model, Msg::Paste(management_token(NOW, 600, "read:users"))));
    update(&mut model, Msg::DriftChecked { id, result: Ok(grant(&["read:users"])) });
    assert!(screen(&model, 80, 24).contains("✓ grant: no drift"));

    let mut model = with_profile();
    let (id, _) = drift_cmd(&update(&mut model, Msg::Paste(management_token(NOW, 600, "read:users"))));
    let unknown = DriftUnknown::NoGrantScope { profiles: "acme".into() };
    update(&mut model, Msg::DriftChecked { id, result: Err(unknown) });
    let text = screen(&model, 200, 60);
    assert!(
        text.contains("○ grant drift not checked: the token of profile acme lacks read:client_grants"),
        "{text}"
    );
}

#[test]
fn d_asks_again_at_most_once_a_minute() {
    let mut model = with_profile();
    let (id, _) = drift_cmd(&update(&mut model, Msg::Paste(management_token(NOW, 86_400, "read:users"))));
    assert!(press(&mut model, KeyCode::Char('d')).is_empty(), "one check at a time");
    update(&mut model, Msg::DriftChecked { id, result: Ok(grant(&["read:users"])) });

    update(&mut model, Msg::Tick(NOW + 30));
    assert!(press(&mut model, KeyCode::Char('d')).is_empty());
    let notice = model.notice.as_ref().expect("notice");
    assert!(notice.text.contains("checked 30 s ago") && notice.text.contains("again in 30 s"), "{notice:?}");

    update(&mut model, Msg::Tick(NOW + 60));
    drift_cmd(&press(&mut model, KeyCode::Char('d')));
}

#[test]
fn esc_cancels_and_late_or_stale_answers_are_ignored() {
    let mut model = with_profile();
    let (id, _) = drift_cmd(&update(&mut model, Msg::Paste(management_token(NOW, 600, "read:users"))));
    let cmds = press(&mut model, KeyCode::Esc);
    assert!(matches!(cmds.as_slice(), [Cmd::Cancel(cancelled)] if *cancelled == id), "{cmds:?}");
    assert!(model.panes.inspector.grant.pending.is_none());
    update(&mut model, Msg::DriftChecked { id, result: Ok(grant(&[])) });
    assert!(screen(&model, 80, 24).contains("○ grant: not compared with the tenant (d asks)"));

    // A new token while the old one's check runs: the old check is cancelled, its answer dropped.
    let (first, _) = drift_cmd(&press(&mut model, KeyCode::Char('d')));
    let cmds = update(&mut model, Msg::Paste(management_token(NOW + 5, 600, "read:users")));
    assert!(cmds.iter().any(|c| matches!(c, Cmd::Cancel(old) if *old == first)), "{cmds:?}");
    let (second, _) = drift_cmd(&cmds);
    update(&mut model, Msg::DriftChecked { id: first, result: Ok(grant(&[])) });
    assert!(model.panes.inspector.grant.pending.is_some(), "the stale answer did not end the current check");
    update(&mut model, Msg::DriftChecked { id: second, result: Ok(grant(&["read:users"])) });
    assert!(screen(&model, 80, 24).contains("✓ grant: no drift"));
}

#[test]
fn hostile_scope_names_from_the_tenant_are_escaped() {
    let mut model = with_profile();
    let (id, _) = drift_cmd(&update(&mut model, Msg::Paste(management_token(NOW, 600, "read:users"))));
    update(
        &mut model,
        Msg::DriftChecked { id, result: Ok(grant(&["read:users", "x\u{1b}]52;c;AAAA\u{7}"])) },
    );
    let text = screen(&model, 200, 60);
    assert!(!text.contains('\u{1b}') && !text.contains('\u{7}'), "{text}");
    assert!(text.contains("granted since this token was issued: x"), "{text}");
}

#[test]
fn the_same_token_pasted_again_is_not_asked_about_again_within_the_minute() {
    let mut model = with_profile();
    let token = management_token(NOW, 86_400, "read:users");
    let (id, _) = drift_cmd(&update(&mut model, Msg::Paste(token.clone())));
    // Pasted again while the check runs: the check goes on, nothing new is asked.
    let cmds = update(&mut model, Msg::Paste(token.clone()));
    assert!(!cmds.iter().any(|c| matches!(c, Cmd::CheckDrift { .. } | Cmd::Cancel(_))), "{cmds:?}");
    update(&mut model, Msg::DriftChecked { id, result: Ok(grant(&["read:users"])) });
    update(&mut model, Msg::Tick(NOW + 30));
    let cmds = update(&mut model, Msg::Paste(token.clone()));
    assert!(!cmds.iter().any(|c| matches!(c, Cmd::CheckDrift { .. })), "{cmds:?}");
    assert!(screen(&model, 80, 24).contains("✓ grant: no drift"), "the answer still shows");
    update(&mut model, Msg::Tick(NOW + 61));
    drift_cmd(&update(&mut model, Msg::Paste(token)));
}

/// The grant check never fetches: it asks with a token this session already holds (one fetched
/// with `f`, in the history) and otherwise says which key fetches one.
#[test]
fn the_grant_check_asks_with_a_held_token_and_otherwise_says_f_fetches_one() {
    let mut model = with_profile();
    let reader = management_token(NOW, 86_400, "read:client_grants read:clients");
    update(&mut model, Msg::Paste(reader.clone()));
    let cmds = update(&mut model, Msg::Paste(management_token(NOW + 1, 86_400, "read:users")));
    let held = cmds
        .iter()
        .find_map(|cmd| match cmd {
            Cmd::CheckDrift { held, asking_token: None, .. } => Some(held.clone()),
            _ => None,
        })
        .expect("a grant check that cannot ask with the inspected token");
    assert_eq!(held, vec![reader], "the session's token that may read grants is offered");
    assert!(cmds.iter().all(|c| !matches!(c, Cmd::FetchToken { .. })), "nothing is fetched: {cmds:?}");

    // Nothing held (the runtime found none, and fetched none): the line says how to get one.
    let id = model.session.requests.drift.expect("the check is in flight");
    let none = DriftUnknown::NoHeldToken { profiles: "acme".into() };
    update(&mut model, Msg::DriftChecked { id, result: Err(none) });
    let text = screen(&model, 200, 60);
    assert!(text.contains("no token of profile acme is at hand"), "{text}");
    assert!(text.contains("f fetches one from acme"), "{text}");
}
