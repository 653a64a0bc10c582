//! The state machine, driven by messages: no terminal, no runtime.

use crate::app::{Cmd, Model, Msg, NoticeLevel, TokenOrigin, update};
use crate::test_support::*;
use crossterm::event::{KeyCode, KeyModifiers};

fn model() -> Model {
    Model::new(NOW, chrono::FixedOffset::east_opt(0).expect("offset"))
}

fn raw(model: &Model) -> Option<&str> {
    model.token.as_ref().map(|t| t.inspection.jwt.raw.as_str())
}

#[test]
fn paste_loads_a_token() {
    let mut model = model();
    let token = management_token(NOW, 86_400, "read:users");
    let cmds = update(&mut model, Msg::Paste(format!("Bearer {token}\n")));
    assert!(cmds.is_empty(), "no profile matches the issuer: nothing is contacted");
    assert_eq!(raw(&model), Some(token.as_str()));
    assert_eq!(model.token.as_ref().map(|t| t.origin), Some(TokenOrigin::Pasted));
    assert!(model.dirty);
}

#[test]
fn a_bad_paste_keeps_the_previous_token_and_says_why() {
    let mut model = model();
    let token = management_token(NOW, 86_400, "read:users");
    update(&mut model, Msg::Paste(token.clone()));
    model.panes.inspector.scroll = 3;
    update(&mut model, Msg::Paste("not a token at all".into()));
    assert_eq!(raw(&model), Some(token.as_str()));
    assert_eq!(model.panes.inspector.scroll, 3, "view state is kept too");
    let notice = model.notice.as_ref().expect("notice");
    assert_eq!(notice.level, NoticeLevel::Error);
    assert!(notice.text.contains("1 part(s)"), "{}", notice.text);
    assert!(notice.text.contains("previous token is kept"));
}

#[test]
fn pasted_characters_never_fire_shortcuts() {
    let mut model = model();
    // A paste full of shortcut letters: q would quit, e would open the editor, ? help.
    update(&mut model, Msg::Paste("q e ? c 1 \t".into()));
    assert!(!model.should_quit);
    assert!(token_prompt(&model).is_none());
    assert!(!help_open(&model));
}

#[test]
fn q_and_ctrl_c_quit() {
    let mut model = model();
    press(&mut model, KeyCode::Char('q'));
    assert!(model.should_quit);
    let mut model = self::model();
    press_with(&mut model, KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert!(model.should_quit);
}

#[test]
fn c_copies_the_raw_token_and_reports_soft_failure() {
    let mut model = model();
    assert!(press(&mut model, KeyCode::Char('c')).is_empty(), "nothing to copy yet");
    assert_eq!(model.notice.as_ref().map(|n| n.level), Some(NoticeLevel::Error));
    let token = management_token(NOW, 86_400, "read:users");
    update(&mut model, Msg::Paste(token.clone()));
    let cmds = press(&mut model, KeyCode::Char('c'));
    assert!(matches!(cmds.as_slice(), [Cmd::Copy { text, .. }] if *text == token), "{cmds:?}");
    let failure = std::io::Error::new(std::io::ErrorKind::BrokenPipe, "no terminal");
    update(&mut model, Msg::Copied { what: "the token".into(), result: Err(failure.into()) });
    let notice = model.notice.as_ref().expect("notice");
    assert!(notice.text.contains("Copy failed: could not write to the terminal: no terminal"), "{notice:?}");
    assert_eq!(raw(&model), Some(token.as_str()));
}

#[test]
fn e_opens_an_editor_that_decodes_on_enter_and_cancels_on_esc() {
    let mut model = model();
    press(&mut model, KeyCode::Char('e'));
    assert!(token_prompt(&model).is_some());
    // While editing, q is text, not quit.
    press(&mut model, KeyCode::Char('q'));
    assert!(!model.should_quit);
    press(&mut model, KeyCode::Enter);
    assert!(token_prompt(&model).is_some(), "a bad token keeps the editor open");
    let reason = token_prompt(&model).and_then(|p| p.error.clone()).unwrap_or_default();
    assert!(reason.starts_with("Not a token"), "the prompt says why: {reason}");
    assert_eq!(model.notice.as_ref().map(|n| n.level), Some(NoticeLevel::Error));
    let token = management_token(NOW, 86_400, "read:users");
    press_with(&mut model, KeyCode::Char('u'), KeyModifiers::CONTROL);
    update(&mut model, Msg::Paste(token.clone()));
    press(&mut model, KeyCode::Enter);
    assert!(token_prompt(&model).is_none());
    assert_eq!(raw(&model), Some(token.as_str()));
    assert_eq!(model.token.as_ref().map(|t| t.origin), Some(TokenOrigin::Typed));

    press(&mut model, KeyCode::Char('e'));
    press(&mut model, KeyCode::Backspace);
    press(&mut model, KeyCode::Esc);
    assert!(token_prompt(&model).is_none());
    assert_eq!(raw(&model), Some(token.as_str()), "Esc leaves the token alone");

    // `e` starts with the current token selected: a paste replaces it, never appends to it.
    press(&mut model, KeyCode::Char('e'));
    let other = management_token(NOW, 3_600, "read:clients");
    update(&mut model, Msg::Paste(other.clone()));
    press(&mut model, KeyCode::Enter);
    assert!(token_prompt(&model).is_none(), "the pasted token alone decodes");
    assert_eq!(raw(&model), Some(other.as_str()));
    // So does typing: one character replaces the whole token.
    press(&mut model, KeyCode::Char('e'));
    press(&mut model, KeyCode::Char('x'));
    assert_eq!(token_prompt(&model).map(|p| p.input.text()), Some("x"));
}

#[test]
fn help_scrolls_and_closes_only_with_its_keys() {
    let mut model = model();
    // A short terminal, so the help has rows to scroll through.
    update(&mut model, Msg::Resize(80, 15));
    press(&mut model, KeyCode::Char('?'));
    assert!(help_open(&model));
    press(&mut model, KeyCode::Char('j'));
    assert!(help_open(&model), "j scrolls the help instead of closing it");
    assert_eq!(help_scroll(&model), 1);
    assert_eq!(model.panes.inspector.scroll, 0, "the key does not also scroll the inspector");
    press(&mut model, KeyCode::Char('f'));
    assert!(help_open(&model) && model.session.fetch.is_none(), "other keys do nothing while help is open");
    for close in [KeyCode::Char('?'), KeyCode::Esc, KeyCode::Char('q')] {
        if !help_open(&model) {
            press(&mut model, KeyCode::Char('?'));
        }
        assert!(help_open(&model));
        press(&mut model, close);
        assert!(!help_open(&model), "{close:?} closes the help");
        assert!(!model.should_quit, "{close:?} does not quit from the help");
        assert_eq!(help_scroll(&model), 0, "reopened at the top");
    }
}

#[test]
fn tick_marks_dirty_only_when_a_countdown_is_visible_and_time_moved() {
    let mut model = model();
    model.dirty = false;
    update(&mut model, Msg::Tick(NOW + 1));
    assert_eq!(model.now, NOW + 1);
    assert!(!model.dirty, "no token: nothing on screen changes");
    update(&mut model, Msg::Paste(management_token(NOW, 86_400, "read:users")));
    model.dirty = false;
    update(&mut model, Msg::Tick(NOW + 1));
    assert!(!model.dirty, "same second: no redraw");
    update(&mut model, Msg::Tick(NOW + 2));
    assert!(model.dirty);
}

#[test]
fn scrolling_is_clamped_to_the_body_as_laid_out() {
    let mut model = model();
    update(&mut model, Msg::Resize(80, 24));
    let many: Vec<String> = (0..40).map(|i| format!("read:thing_{i}")).collect();
    update(&mut model, Msg::Paste(management_token(NOW, 86_400, &many.join(" "))));
    let limit = model.panes.inspector.max_scroll();
    assert!(limit > 10, "40 scope groups do not fit at 80x24 ({limit})");
    for _ in 0..limit + 10 {
        press(&mut model, KeyCode::Char('j'));
    }
    assert_eq!(model.panes.inspector.scroll, limit);
    press(&mut model, KeyCode::Char('k'));
    assert_eq!(model.panes.inspector.scroll, limit - 1);
    press(&mut model, KeyCode::Char('g'));
    assert_eq!(model.panes.inspector.scroll, 0);
    press(&mut model, KeyCode::End);
    assert_eq!(model.panes.inspector.scroll, limit);
    // A taller terminal shows more: the offset comes back with the limit, in `update`.
    update(&mut model, Msg::Resize(80, 60));
    assert!(model.panes.inspector.max_scroll() < limit);
    assert_eq!(model.panes.inspector.scroll, model.panes.inspector.max_scroll());
}

#[test]
fn unknown_keys_change_nothing() {
    let mut model = model();
    model.dirty = false;
    press(&mut model, KeyCode::Char('z'));
    assert!(!model.dirty);
}

mod fetching {
    use super::*;
    use crate::app::{FetchedToken, PaneId};
    use crate::config::{Profile, Secret};
    use crate::domain::verify::{SignatureState, Verification};
    use crate::net::FetchError;

    fn profile() -> Profile {
        Profile::new("acme", "acme.eu.auth0.com", "abc123", Secret::new("s3cr3t-value-0123456789"))
            .expect("profile")
    }

    fn with_profile() -> Model {
        Model::new(NOW, chrono::FixedOffset::east_opt(0).expect("offset"))
            .with_profiles(vec![profile()], None)
    }

    fn fetch_id(cmds: &[Cmd]) -> u64 {
        match cmds {
            [Cmd::FetchToken { id, profile }] => {
                assert_eq!(profile.name, "acme");
                *id
            }
            other => panic!("expected one FetchToken, got {other:?}"),
        }
    }

    fn verified() -> Verification {
        Verification {
            signature: SignatureState::Verified { kid: Some("kid-1".into()) },
            findings: Vec::new(),
        }
    }

    /// Two profiles for one tenant: the TUI verifies with the active one, as the CLI's
    /// `Config::profile_for_issuer` does (they used to disagree: the TUI took the first).
    #[test]
    fn the_active_profile_answers_which_profile_issued_a_token() {
        let other =
            Profile::new("acme-other", "acme.eu.auth0.com", "zzz", Secret::new("x")).expect("profile");
        let mut model = Model::new(NOW, chrono::FixedOffset::east_opt(0).expect("offset"))
            .with_profiles(vec![other, profile()], Some(1));
        let cmds = update(&mut model, Msg::Paste(management_token(NOW, 86_400, "read:users")));
        let [Cmd::Verify { profile: Some(profile), .. }, Cmd::CheckDrift { question, .. }] = cmds.as_slice()
        else {
            panic!("{cmds:?}")
        };
        assert_eq!(profile.name, "acme");
        assert_eq!(question.profiles[0].name, "acme", "the grant is asked of the same profile");
    }

    #[test]
    fn f_without_a_profile_explains_how_to_get_one() {
        let mut model = super::model();
        assert!(press(&mut model, KeyCode::Char('f')).is_empty());
        let notice = model.notice.as_ref().expect("notice");
        assert!(notice.hint.as_deref().unwrap_or("").contains("AUTH0_DOMAIN"), "{notice:?}");
    }

    #[test]
    fn fetch_replaces_the_token_and_asks_for_verification_against_the_profile() {
        let mut model = with_profile();
        let id = fetch_id(&press(&mut model, KeyCode::Char('f')));
        assert!(model.busy());
        assert!(press(&mut model, KeyCode::Char('f')).is_empty(), "one fetch at a time");
        let token = management_token(NOW, 86_400, "read:users");
        let fetched = FetchedToken { access_token: token.clone(), profile: "acme".into() };
        let cmds = update(&mut model, Msg::TokenFetched { id, result: Ok(fetched) });
        let drift_id = match cmds.as_slice() {
            [Cmd::Verify { raw, profile: Some(p) }, Cmd::CheckDrift { id, .. }]
                if *raw == token && p.name == "acme" =>
            {
                *id
            }
            _ => panic!("{cmds:?}"),
        };
        let inspected = model.token.as_ref().expect("token");
        assert_eq!(inspected.origin, TokenOrigin::Fetched);
        assert!(inspected.signature.pending);
        assert!(model.notice.as_ref().is_some_and(|n| n.text.contains("cannot be refreshed or revoked")));
        update(&mut model, Msg::Verified { raw: token.clone(), verification: verified() });
        let inspected = model.token.as_ref().expect("token");
        assert!(!inspected.signature.pending);
        assert!(inspected.signature.verification.signature.is_verified());
        assert!(
            model.panes.tokens.history[0].token.signature.verification.signature.is_verified(),
            "history follows"
        );
        assert!(model.busy(), "the grant check still runs");
        let unknown = crate::domain::grant_drift::DriftUnknown::NoGrantScope { profiles: "acme".into() };
        update(&mut model, Msg::DriftChecked { id: drift_id, result: Err(unknown) });
        assert!(!model.busy());
    }

    #[test]
    fn a_failed_fetch_keeps_the_token_and_shows_the_hint() {
        let mut model = with_profile();
        let old = management_token(NOW, 86_400, "read:users");
        update(&mut model, Msg::Paste(old.clone()));
        let id = fetch_id(&press(&mut model, KeyCode::Char('f')));
        let failure = FetchError::Rejected {
            status: 401,
            error: "access_denied".into(),
            description: Some("Unauthorized".into()),
            hint: Some("rotated?"),
        };
        update(&mut model, Msg::TokenFetched { id, result: Err(failure) });
        assert_eq!(raw(&model), Some(old.as_str()));
        let notice = model.notice.as_ref().expect("notice");
        assert_eq!(notice.level, NoticeLevel::Error);
        assert_eq!(notice.hint.as_deref(), Some("rotated?"));
        assert!(notice.text.contains("token request rejected: HTTP 401 access_denied"), "{notice:?}");
        assert!(model.session.fetch.is_none());
    }

    #[test]
    fn esc_cancels_and_the_late_answer_is_ignored() {
        let mut model = with_profile();
        let id = fetch_id(&press(&mut model, KeyCode::Char('f')));
        let cmds = press(&mut model, KeyCode::Esc);
        assert!(matches!(cmds.as_slice(), [Cmd::Cancel(cancelled)] if *cancelled == id));
        let late = FetchedToken {
            access_token: management_token(NOW, 86_400, "read:users"),
            profile: "acme".into(),
        };
        update(&mut model, Msg::TokenFetched { id, result: Ok(late) });
        assert!(model.token.is_none(), "a cancelled request's answer is dropped");
    }

    #[test]
    fn pasted_tokens_are_verified_only_when_their_issuer_is_configured() {
        let mut model = with_profile();
        let cmds = update(&mut model, Msg::Paste(management_token(NOW, 86_400, "read:users")));
        assert!(
            matches!(cmds.as_slice(), [Cmd::Verify { profile: Some(_), .. }, Cmd::CheckDrift { .. }]),
            "acme.eu.auth0.com is configured"
        );
        let foreign = token(
            serde_json::json!({"alg": "RS256"}),
            serde_json::json!({"iss": "https://evil.example/", "aud": "https://evil.example/api/v2/", "exp": NOW + 60}),
        );
        let cmds = update(&mut model, Msg::Paste(foreign.clone()));
        // Only the previous token's grant check is cancelled; nothing asks the unknown issuer.
        assert!(
            cmds.iter().all(|c| matches!(c, Cmd::Cancel(_))),
            "an unconfigured issuer is never contacted: {cmds:?}"
        );
        let cmds = press(&mut model, KeyCode::Char('v'));
        assert!(
            matches!(cmds.as_slice(), [Cmd::Verify { raw, profile: None }] if *raw == foreign),
            "v asks explicitly"
        );
    }

    #[test]
    fn auto_renew_fetches_in_the_last_five_percent_once_and_backs_off_after_failure() {
        let mut model = with_profile();
        update(&mut model, Msg::Paste(management_token(NOW, 1_000, "read:users")));
        press(&mut model, KeyCode::Char('a'));
        assert!(model.session.auto_renew);
        assert!(update(&mut model, Msg::Tick(NOW + 940)).is_empty(), "6 % left: not yet");
        let id = fetch_id(&update(&mut model, Msg::Tick(NOW + 951)));
        assert!(model.session.fetch.as_ref().is_some_and(|f| f.automatic));
        assert!(update(&mut model, Msg::Tick(NOW + 952)).is_empty(), "no second fetch while one runs");
        let failure = FetchError::BadResponse { detail: "down".into() };
        update(&mut model, Msg::TokenFetched { id, result: Err(failure) });
        assert!(update(&mut model, Msg::Tick(NOW + 960)).is_empty(), "backs off after a failure");
        assert_eq!(fetch_id(&update(&mut model, Msg::Tick(NOW + 952 + 30))), id + 1);
    }

    #[test]
    fn tokens_pane_selects_profiles_and_reinspects_history() {
        let second = Profile::new("beta", "beta.auth0.com", "b", Secret::new("x")).expect("profile");
        let mut model = Model::new(NOW, chrono::FixedOffset::east_opt(0).expect("offset"))
            .with_profiles(vec![profile(), second], None);
        let first_token = management_token(NOW, 86_400, "read:users");
        let second_token = management_token(NOW + 5, 86_400, "read:clients");
        update(&mut model, Msg::Paste(first_token.clone()));
        update(&mut model, Msg::Paste(second_token.clone()));
        press(&mut model, KeyCode::Char('2'));
        assert_eq!(model.focus, PaneId::Tokens);
        press(&mut model, KeyCode::Down);
        press(&mut model, KeyCode::Enter);
        assert_eq!(model.active_profile().map(|p| p.name.as_str()), Some("beta"));
        // Rows: 2 profiles, then history newest first: second_token, first_token.
        press(&mut model, KeyCode::Down);
        press(&mut model, KeyCode::Down);
        press(&mut model, KeyCode::Enter);
        assert_eq!(model.focus, PaneId::Inspector);
        assert_eq!(raw(&model), Some(first_token.as_str()));
        for _ in 0..10 {
            press(&mut model, KeyCode::Char('2'));
            press(&mut model, KeyCode::Down);
        }
        assert_eq!(model.panes.tokens.selected, 3, "selection stops at the last row");
    }
}
