//! `tokex dev-tenant`: starts the local tenant, prints exactly one JSON line (its announcement)
//! on stdout and notes on stderr, runs until SIGINT/SIGTERM, then shuts it down.

use std::io::Write;

use super::exit;
use super::output;
use crate::domain::sanitize::escape_control;
use crate::tenant::{DevTenantConfig, RunningTenant, TenantError, Unimplemented};

pub async fn dev_tenant_command(config: DevTenantConfig, out: &mut impl Write) -> u8 {
    match run(config, out).await {
        Ok(()) => exit::OK,
        Err(error) => {
            output::error_line(&format!("local tenant: {error}"));
            exit::FAILURE
        }
    }
}

async fn run(config: DevTenantConfig, out: &mut impl Write) -> Result<(), TenantError> {
    let notes = notes(&config);
    let tenant = RunningTenant::start_with_token_limit(config.tenant, config.token_rate_limit).await?;
    writeln!(out, "{}", tenant.announcement())?;
    out.flush()?;
    output::info_line(&format!("tokex local tenant listening on {}", escape_control(&tenant.domain())));
    output::info_line(&format!("  issuer   {}", escape_control(&tenant.issuer())));
    output::info_line(&format!(
        "  audience {} (Management API), {} (custom API)",
        escape_control(&tenant.audience()),
        tenant.custom_audience()
    ));
    if let Some(ca) = tenant.ca_file() {
        output::info_line(&format!(
            "  CA certificate {} (trust it: NODE_EXTRA_CA_CERTS, SSL_CERT_FILE, REQUESTS_CA_BUNDLE)",
            escape_control(&ca.display().to_string())
        ));
    }
    for note in notes {
        output::info_line(&note);
    }
    for c in tenant.clients() {
        let grant =
            if c.granted { format!("{} scopes", c.scopes.len()) } else { "no Management API grant".into() };
        output::info_line(&format!("  client {:<15} {} ({}, {grant})", c.name, c.client_id, c.app_type));
    }
    output::info_line("Press Ctrl-C to stop.");
    wait_for_signal().await?;
    output::info_line("tokex local tenant: shutting down");
    tenant.shutdown().await;
    Ok(())
}

/// What the flags changed, for the notes.
fn notes(config: &DevTenantConfig) -> Vec<String> {
    let (tenant, token) = (&config.tenant, config.token_rate_limit);
    let mut notes = vec![
        format!(
            "  tokens live {} s; Management API rate limit {}/{} per second",
            tenant.token_lifetime_secs, tenant.rate_limit.burst, tenant.rate_limit.per_second
        ),
        format!("  /oauth/token rate limit {}/{} per second per client", token.burst, token.per_second),
    ];
    if let Some(days) = tenant.log_retention_days {
        notes.push(format!("  log events kept {days} days"));
    }
    if tenant.allow_scope_request {
        notes.push("  `scope` on token requests is honoured as a subset of the grant".into());
    }
    if tenant.unimplemented == Unimplemented::NotFound {
        notes.push("  operations without a handler answer 404 (not_implemented)".into());
    }
    notes
}

#[cfg(unix)]
async fn wait_for_signal() -> Result<(), TenantError> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = signal(SignalKind::terminate())?;
    tokio::select! {
        r = tokio::signal::ctrl_c() => r?,
        _ = term.recv() => {}
    }
    Ok(())
}

#[cfg(not(unix))]
async fn wait_for_signal() -> Result<(), TenantError> {
    tokio::signal::ctrl_c().await?;
    Ok(())
}
