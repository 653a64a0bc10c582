//! The API pane never hands a token to a tenant that did not issue it without a typed
//! confirmation: the mismatch shows on the endpoint, Enter asks, Tab calls the token's own
//! tenant instead, and only the target's host typed out sends it there. Paging both ways and
//! 429 handling through the pane. Real local tenants over loopback.

use crate::app::modal::Question;
use crate::app::{Cmd, Model, Msg, TokenOrigin, update};
use crate::config::{Profile, Secret};
use crate::net::Http;
use crate::tenant::{RateLimit, RunningTenant, TenantConfig};
use crate::test_support::*;
use crossterm::event::KeyCode;

const NO_LIMIT: RateLimit = RateLimit { burst: 1000, per_second: 1000.0 };

async fn tenant() -> RunningTenant {
    tenant_with(NO_LIMIT).await
}

async fn tenant_with(rate_limit: RateLimit) -> RunningTenant {
    let config = TenantConfig { port: 0, token_lifetime_secs: 3600, rate_limit, ..TenantConfig::default() };
    RunningTenant::start(config).await.expect("tenant starts")
}

fn profile(tenant: &RunningTenant) -> Profile {
    let info = tenant.client("tokex-admin").expect("seed client");
    Profile::new("tokex-admin", &tenant.domain(), info.client_id, Secret::new(info.client_secret))
        .expect("profile")
}

async fn admin_token(http: &Http, tenant: &RunningTenant) -> String {
    crate::net::fetch_token(http, &profile(tenant)).await.expect("token").response.access_token
}

/// A model on the API pane with `token` inspected and `tenant`'s admin profile active.
fn model(tenant: &RunningTenant, token: &str) -> Model {
    let now = chrono::Utc::now().timestamp();
    let mut model = Model::new(now, offset()).with_profiles(vec![profile(tenant)], Some(0));
    // Signature checks are not this test's business: the Verify command is dropped.
    let _ = crate::app::load_token(&mut model, token, TokenOrigin::Pasted);
    press(&mut model, KeyCode::Char('3'));
    model
}

/// What a runtime would do with the pane's calls: run them, feed the answers back.
async fn run(http: &Http, model: &mut Model, cmds: Vec<Cmd>) {
    for cmd in cmds {
        if let Cmd::CallApi { id, request } = cmd {
            let result = crate::runtime::perform_call(http, &request).await;
            update(model, Msg::ApiDone { id, result });
        }
    }
}

fn body_json(model: &Model) -> serde_json::Value {
    let body = &model.panes.api.call.response.as_ref().expect("a response").body;
    serde_json::from_str(body).expect("JSON body")
}

fn status(model: &Model) -> Option<u16> {
    model.panes.api.call.response.as_ref().and_then(|r| r.status)
}

fn calls(cmds: &[Cmd]) -> Vec<String> {
    cmds.iter()
        .filter_map(|cmd| match cmd {
            Cmd::CallApi { request, .. } => Some(request.domain.clone()),
            _ => None,
        })
        .collect()
}

fn on_screen(model: &Model) -> String {
    screen(model, 160, 40)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_foreign_tenant_needs_the_typed_host_and_tab_calls_the_tokens_own() {
    let http = Http::with_defaults().expect("http");
    let tenant_a = tenant().await;
    let tenant_b = tenant().await;
    let token_a = admin_token(&http, &tenant_a).await;
    // Token from A, active profile on B: the report.
    let mut model = model(&tenant_b, &token_a);
    select(&mut model, "GET", "/api/v2/stats/active-users");

    let shown = on_screen(&model);
    assert!(shown.contains("the token was issued for"), "the endpoint shows the mismatch:\n{shown}");

    // Enter asks instead of sending.
    let cmds = press(&mut model, KeyCode::Enter);
    assert!(calls(&cmds).is_empty(), "nothing may be sent yet: {cmds:?}");
    let confirm = confirmation(&model).expect("a confirmation opens");
    let host_b = tenant_b.domain().trim_start_matches("http://").to_owned();
    let Question::ForeignTenant { token_tenant: Some(own), host, .. } = &confirm.question else {
        panic!("{confirm:?}")
    };
    assert_eq!(*host, host_b);
    assert_eq!(*own, tenant_a.domain());
    assert!(on_screen(&model).contains("Tab calls"), "{}", on_screen(&model));

    // A wrong answer sends nothing, and the box stays open saying what to type.
    type_text(&mut model, "yes");
    let cmds = press(&mut model, KeyCode::Enter);
    assert!(calls(&cmds).is_empty());
    assert!(confirmation(&model).is_some_and(|c| c.mismatch.is_some()));

    // Tab sends the call to the token's own tenant, which answers it.
    let cmds = press(&mut model, KeyCode::Tab);
    assert_eq!(calls(&cmds), vec![tenant_a.domain()]);
    run(&http, &mut model, cmds).await;
    assert_eq!(status(&model), Some(200));

    // Typing the foreign host sends it there, once, and is remembered for this token.
    press(&mut model, KeyCode::Left);
    let cmds = press(&mut model, KeyCode::Enter);
    assert!(calls(&cmds).is_empty());
    type_text(&mut model, &host_b);
    let cmds = press(&mut model, KeyCode::Enter);
    assert_eq!(calls(&cmds), vec![tenant_b.domain()]);
    run(&http, &mut model, cmds).await;
    assert_eq!(status(&model), Some(401), "tenant B rejects A's token");
    press(&mut model, KeyCode::Left);
    let cmds = press(&mut model, KeyCode::Enter);
    assert_eq!(calls(&cmds), vec![tenant_b.domain()], "confirmed once for this token and tenant");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_tokens_own_tenant_is_called_without_asking() {
    let http = Http::with_defaults().expect("http");
    let tenant_a = tenant().await;
    let token_a = admin_token(&http, &tenant_a).await;
    let mut model = model(&tenant_a, &token_a);
    select(&mut model, "GET", "/api/v2/stats/active-users");
    assert!(!on_screen(&model).contains("the token was issued for"));
    let cmds = press(&mut model, KeyCode::Enter);
    assert_eq!(calls(&cmds), vec![tenant_a.domain()]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paging_offsets_both_ways_through_the_pane() {
    let tenant = tenant_with(NO_LIMIT).await;
    let http = Http::with_defaults().expect("http");
    let admin = admin_token(&http, &tenant).await;
    let mut model = model(&tenant, &admin);
    select(&mut model, "GET", "/api/v2/users");
    set_param(&mut model, "per_page", "20");
    let cmds = press(&mut model, KeyCode::Enter);
    run(&http, &mut model, cmds).await;
    assert_eq!(status(&model), Some(200));
    let total = body_json(&model)["total"].as_u64().expect("include_totals is on by default");
    assert!(total > 40, "seed has enough users to page: {total}");
    let first_page = body_json(&model)["users"].clone();
    let cmds = press(&mut model, KeyCode::Char(']'));
    run(&http, &mut model, cmds).await;
    assert_eq!(body_json(&model)["start"], 20);
    assert_ne!(body_json(&model)["users"], first_page);
    let cmds = press(&mut model, KeyCode::Char('['));
    run(&http, &mut model, cmds).await;
    assert_eq!(body_json(&model)["start"], 0);
    assert_eq!(body_json(&model)["users"], first_page);
    // Forward to the end, where ] stops.
    let mut pages = 1;
    loop {
        let cmds = press(&mut model, KeyCode::Char(']'));
        if cmds.is_empty() {
            break;
        }
        run(&http, &mut model, cmds).await;
        pages += 1;
        assert!(pages < 100);
    }
    assert_eq!(pages as u64, total.div_ceil(20));
    tenant.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paging_checkpoints_both_ways_through_the_pane() {
    let tenant = tenant_with(NO_LIMIT).await;
    let http = Http::with_defaults().expect("http");
    let admin = admin_token(&http, &tenant).await;
    for (path, key) in [("/api/v2/clients", Some("clients")), ("/api/v2/logs", None)] {
        let mut model = model(&tenant, &admin);
        select(&mut model, "GET", path);
        set_param(&mut model, "take", "2");
        let cmds = press(&mut model, KeyCode::Enter);
        run(&http, &mut model, cmds).await;
        assert_eq!(status(&model), Some(200), "{path}");
        let items = |model: &Model| {
            let body = body_json(model);
            match key {
                Some(key) => body[key].clone(),
                None => body,
            }
        };
        let first = items(&model);
        let cmds = press(&mut model, KeyCode::Char(']'));
        assert!(!cmds.is_empty(), "{path}: a next checkpoint");
        run(&http, &mut model, cmds).await;
        let second = items(&model);
        assert_ne!(first, second, "{path}");
        let cmds = press(&mut model, KeyCode::Char('['));
        run(&http, &mut model, cmds).await;
        assert_eq!(items(&model), first, "{path}: back to the first page");
    }
    tenant.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rate_limited_calls_get_429_with_a_countdown_and_one_retry_on_request() {
    // One token back every 4 s: three calls fit in the window however loaded the machine is.
    let tenant = tenant_with(RateLimit { burst: 2, per_second: 0.25 }).await;
    let http = Http::with_defaults().expect("http");
    let admin = admin_token(&http, &tenant).await;
    let mut model = model(&tenant, &admin);
    select(&mut model, "GET", "/api/v2/stats/active-users");
    let mut statuses = Vec::new();
    for _ in 0..3 {
        let cmds = press(&mut model, KeyCode::Char('s'));
        run(&http, &mut model, cmds).await;
        statuses.push(status(&model));
    }
    assert_eq!(statuses, vec![Some(200), Some(200), Some(429)]);
    let view = model.panes.api.call.response.as_ref().cloned().expect("response");
    let limit = view.rate_limit.expect("x-ratelimit-* on the 429");
    assert_eq!((limit.limit, limit.remaining), (2, 0));
    let now = chrono::Utc::now().timestamp();
    assert!(limit.reset_epoch >= now && limit.reset_epoch <= now + 5, "{limit:?} vs {now}");
    assert!(view.explanation.as_deref().is_some_and(|e| e.contains("Rate limited")));
    assert!(model.panes.api.call.shows_countdown(model.now));

    // No retry until asked; R schedules exactly one, at the reset.
    assert!(update(&mut model, Msg::Tick(limit.reset_epoch + 5)).is_empty());
    model.now = now;
    press(&mut model, KeyCode::Char('R'));
    assert_eq!(model.panes.api.call.retry_at, Some(limit.reset_epoch.max(now)));
    sleep_past(limit.reset_epoch).await;
    let cmds = update(&mut model, Msg::Tick(limit.reset_epoch.max(now) + 1));
    assert_eq!(cmds.len(), 1, "{cmds:?}");
    run(&http, &mut model, cmds).await;
    assert_eq!(status(&model), Some(200), "the bucket refilled by the reset");
    assert!(update(&mut model, Msg::Tick(limit.reset_epoch + 10)).is_empty());
    tenant.shutdown().await;
}

/// Sleeps until the wall clock has passed the epoch second `reset` (bounded: at most 6 s).
async fn sleep_past(reset: i64) {
    let now_ms = chrono::Utc::now().timestamp_millis();
    let wait = ((reset + 1) * 1000 - now_ms).clamp(0, 6000);
    tokio::time::sleep(std::time::Duration::from_millis(u64::try_from(wait).unwrap_or(0) + 100)).await;
}
