//! The API pane never hands a token to a tenant that did not issue it without a typed
//! confirmation: the mismatch shows on the endpoint, Enter asks, Tab calls the token's own
//! tenant instead, and only the target's host typed out sends it there. Two real local tenants.
// Needs the local tenant (the default `tenant` feature): skipped in a client-only build.
#![cfg(feature = "tenant")]

use crate::api_support;

use api_support::*;
use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tokex::app::Cmd;
use tokex::app::api_pane::{ConfirmPurpose, Mode};
use tokex::net::Http;

fn calls(cmds: &[Cmd]) -> Vec<String> {
    cmds.iter()
        .filter_map(|cmd| match cmd {
            Cmd::CallApi { request, .. } => Some(request.domain.clone()),
            _ => None,
        })
        .collect()
}

fn screen(model: &tokex::app::Model) -> String {
    let mut terminal = Terminal::new(TestBackend::new(160, 40)).expect("terminal");
    terminal.draw(|frame| tokex::ui::render(frame, model)).expect("draw");
    let buffer = terminal.backend().buffer();
    buffer.content().iter().map(|cell| cell.symbol()).collect::<String>()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_foreign_tenant_needs_the_typed_host_and_tab_calls_the_tokens_own() {
    let http = Http::with_defaults().expect("http");
    let tenant_a = tenant(NO_LIMIT).await;
    let tenant_b = tenant(NO_LIMIT).await;
    let token_a = token(&http, &tenant_a, "tokex-admin").await;
    // Token from A, active profile on B: the report.
    let mut model = model(&tenant_b, &token_a);
    select(&mut model, "GET", "/api/v2/stats/active-users");

    let shown = screen(&model);
    assert!(shown.contains("the token was issued for"), "the endpoint shows the mismatch:\n{shown}");

    // Enter asks instead of sending.
    let cmds = press(&mut model, KeyCode::Enter);
    assert!(calls(&cmds).is_empty(), "nothing may be sent yet: {cmds:?}");
    let Mode::Confirm(confirm) = model.api.mode() else {
        panic!("a confirmation opens: {:?}", model.api.mode())
    };
    let host_b = tenant_b.domain().trim_start_matches("http://").to_owned();
    assert_eq!(confirm.expected, host_b);
    assert!(matches!(&confirm.purpose, ConfirmPurpose::ForeignTenant { token_tenant: Some(own), .. }
        if *own == tenant_a.domain()));
    assert!(screen(&model).contains("Tab calls"), "{}", screen(&model));

    // A wrong answer sends nothing.
    type_text(&mut model, "yes");
    let cmds = press(&mut model, KeyCode::Enter);
    assert!(calls(&cmds).is_empty());

    // Tab sends the call to the token's own tenant, which answers it.
    press(&mut model, KeyCode::Enter);
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
    let tenant_a = tenant(NO_LIMIT).await;
    let token_a = token(&http, &tenant_a, "tokex-admin").await;
    let mut model = model(&tenant_a, &token_a);
    select(&mut model, "GET", "/api/v2/stats/active-users");
    assert!(!screen(&model).contains("the token was issued for"));
    let cmds = press(&mut model, KeyCode::Enter);
    assert_eq!(calls(&cmds), vec![tenant_a.domain()]);
}
