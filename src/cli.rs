//! Command-line surface: clap types and the non-interactive commands.

use crate::app::{Model, TokenOrigin};
use crate::config::{AuthMethod, LoadOptions, Overrides};
use crate::domain::Inspection;
use crate::domain::sanitize::escape_control;
use crate::net::HttpOptions;
use crate::tenant::{DevTenantConfig, RateLimit, TenantConfig};
use clap::{Args, Parser, Subcommand};
use serde_json::json;
use std::io::{self, IsTerminal, Read, Write};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "tokex",
    version,
    about = "Inspect Auth0 Management API v2 access tokens: claims, scopes, expiry, live.",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// A token to open the inspector with, or `-` to read it from stdin.
    pub token: Option<String>,
    #[command(flatten)]
    pub profile: ProfileArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Where tokens come from: flags win over the environment, which wins over the config file.
#[derive(Debug, Args, Clone, Default)]
pub struct ProfileArgs {
    /// Config file (default: <user config dir>/tokex/config.toml).
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Profile to use (default: `env` when AUTH0_DOMAIN is set, else default_profile).
    #[arg(long, global = true, value_name = "NAME")]
    pub profile: Option<String>,
    /// Tenant domain for the active profile (overrides environment and file).
    #[arg(long, global = true, value_name = "DOMAIN")]
    pub domain: Option<String>,
    /// Client id for the active profile.
    #[arg(long, global = true, value_name = "ID")]
    pub client_id: Option<String>,
    /// Audience for the active profile (default <domain>/api/v2/).
    #[arg(long, global = true, value_name = "URL")]
    pub audience: Option<String>,
    /// How the client authenticates at the token endpoint.
    #[arg(long, global = true, value_enum, value_name = "METHOD")]
    pub auth_method: Option<AuthMethodArg>,
    /// Total timeout of each HTTP request, in seconds.
    #[arg(long, global = true, value_name = "SECS", default_value_t = 30)]
    pub timeout: u64,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum AuthMethodArg {
    Post,
    Basic,
    PrivateKeyJwt,
}

impl From<AuthMethodArg> for AuthMethod {
    fn from(arg: AuthMethodArg) -> Self {
        match arg {
            AuthMethodArg::Post => AuthMethod::Post,
            AuthMethodArg::Basic => AuthMethod::Basic,
            AuthMethodArg::PrivateKeyJwt => AuthMethod::PrivateKeyJwt,
        }
    }
}

impl ProfileArgs {
    pub fn load_options(&self) -> LoadOptions {
        LoadOptions {
            config_path: self.config.clone(),
            profile: self.profile.clone(),
            overrides: Overrides {
                domain: self.domain.clone(),
                client_id: self.client_id.clone(),
                audience: self.audience.clone(),
                auth_method: self.auth_method.map(Into::into),
            },
        }
    }

    pub fn http_options(&self) -> HttpOptions {
        HttpOptions { timeout: std::time::Duration::from_secs(self.timeout.max(1)), ..HttpOptions::default() }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Decode a token and print a summary (no TUI).
    Decode(DecodeArgs),
    /// Fetch a new token with the client-credentials grant and print it.
    Fetch(FetchArgs),
    /// Start the built-in local tenant and open the TUI on a fresh token from it.
    Demo,
    /// Run the built-in Auth0-compatible local tenant on 127.0.0.1.
    DevTenant(DevTenantArgs),
    /// List the Management API endpoints tokex knows, with the scopes each needs.
    Endpoints(crate::cli_call::EndpointsArgs),
    /// Call one Management API endpoint: body to stdout, status and rate limit to stderr.
    Call(crate::cli_call::CallArgs),
}

#[derive(Debug, Args)]
pub struct DecodeArgs {
    /// The token (bare, `Bearer …`, a header line or a JSON token response); `-` or nothing reads stdin.
    pub token: Option<String>,
    /// Print exactly one JSON object instead of the readable summary.
    #[arg(long)]
    pub json: bool,
    /// Verify the signature against the issuer's JWKS; exit 0 only if it verifies and the token is
    /// currently valid for that issuer and audience.
    #[arg(long)]
    pub verify: bool,
    /// With --verify: the JWKS to use instead of the issuer's (a file or an http(s) URL).
    #[arg(long, value_name = "FILE|URL", requires = "verify")]
    pub jwks: Option<String>,
}

#[derive(Debug, Args)]
pub struct FetchArgs {
    /// Print the token response plus the decoded summary as JSON (never the secret).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct DevTenantArgs {
    /// Port on 127.0.0.1 (0 picks a free one).
    #[arg(long, default_value_t = 0)]
    pub port: u16,
    /// Lifetime of issued tokens, in seconds (1 to 2592000, Auth0's 30-day maximum).
    #[arg(
        long,
        value_name = "SECS",
        default_value_t = 86_400,
        value_parser = crate::tenant::parse_token_lifetime
    )]
    pub token_lifetime: i64,
    /// Management API rate limit as BURST/PER_SECOND (2/2 is Auth0's free tier).
    #[arg(long, value_name = "BURST/PER_SECOND", default_value = "1000/1000")]
    pub rate_limit: RateLimit,
    /// /oauth/token rate limit per client as BURST/PER_SECOND (separate from --rate-limit).
    #[arg(long, value_name = "BURST/PER_SECOND", default_value = "1000/1000")]
    pub token_rate_limit: RateLimit,
}

impl DevTenantArgs {
    pub fn tenant_config(&self) -> DevTenantConfig {
        let tenant = TenantConfig {
            port: self.port,
            token_lifetime_secs: self.token_lifetime,
            rate_limit: self.rate_limit,
        };
        DevTenantConfig { tenant, token_rate_limit: self.token_rate_limit }
    }
}

/// Exit codes, documented in the README.
pub mod exit {
    pub const OK: u8 = 0;
    pub const FAILURE: u8 = 1;
}

/// Reads the token argument: a literal, or stdin for `-` / nothing.
pub fn read_token_arg(arg: Option<&str>, stdin: &mut impl Read) -> io::Result<String> {
    match arg {
        Some("-") | None => {
            let mut text = String::new();
            stdin.read_to_string(&mut text)?;
            Ok(text)
        }
        Some(token) => Ok(token.to_owned()),
    }
}

/// Whether to colour output: only on a terminal, and never when NO_COLOR is set.
pub fn use_colour(stdout_is_terminal: bool) -> bool {
    stdout_is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// `tokex decode`: exit code plus what to print where.
pub fn decode_command(
    input: &str,
    json_output: bool,
    now: i64,
    colour: bool,
    out: &mut impl Write,
    err: &mut impl Write,
) -> u8 {
    match Inspection::from_pasted(input) {
        Ok(inspection) => {
            let written = if json_output {
                let summary = inspection.summary_json(now, json!("not_verified"));
                writeln!(out, "{summary}")
            } else {
                out.write_all(summary_text(&inspection, now, colour).as_bytes())
                    .and_then(|()| writeln!(out, "signature: not verified (--verify checks it)"))
            };
            if written.is_err() {
                return exit::FAILURE;
            }
            exit::OK
        }
        Err(error) => {
            let message = escape_control(&error.to_string()).into_owned();
            let _ = writeln!(err, "tokex: {message}");
            if json_output {
                let _ = writeln!(out, "{}", json!({ "error": message }));
            }
            exit::FAILURE
        }
    }
}

/// The readable summary `tokex decode` prints: every string escaped, colour optional.
pub fn summary_text(inspection: &Inspection, now: i64, colour: bool) -> String {
    let paint =
        |code: &str, text: &str| if colour { format!("\x1b[{code}m{text}\x1b[0m") } else { text.to_owned() };
    let safe = |text: &str| escape_control(text).into_owned();
    let expiry = inspection.expiry(now);
    let urgency_code = match expiry.urgency {
        crate::domain::Urgency::Calm => "32",
        crate::domain::Urgency::Soon => "33",
        crate::domain::Urgency::Critical => "31",
        crate::domain::Urgency::Unknown => "35",
    };
    let mut text = String::new();
    text.push_str(&paint(&format!("1;{urgency_code}"), &expiry.headline()));
    if let Some(lifetime) = expiry.lifetime {
        text.push_str(&format!(" (lifetime {})", crate::domain::format_duration(lifetime)));
    }
    text.push('\n');
    text.push_str(&paint("1;36", "header"));
    text.push('\n');
    for (name, value) in &inspection.jwt.header {
        text.push_str(&format!("  {:<5} {}\n", safe(name), safe(&value_text(value))));
    }
    text.push_str(&paint("1;36", "claims"));
    text.push('\n');
    for (name, value) in &inspection.jwt.payload {
        if matches!(name.as_str(), "scope" | "scp" | "permissions") {
            continue;
        }
        let mut line = format!("  {:<5} {}", safe(name), safe(&value_text(value)));
        if let (true, Some(seconds)) = (matches!(name.as_str(), "iat" | "nbf" | "exp"), value.as_i64())
            && let Some(when) = crate::domain::inspection::rfc3339(seconds)
        {
            line.push_str(&format!("  ({when}, {})", crate::domain::expiry::relative(seconds, now)));
        }
        text.push_str(&line);
        text.push('\n');
    }
    text.push_str(&paint("1;36", &format!("scopes ({})", inspection.claims.scopes.len())));
    text.push('\n');
    for group in &inspection.scope_groups {
        text.push_str(&format!("  {}: {}\n", safe(&group.resource), safe(&group.actions.join(", "))));
    }
    if !inspection.warnings.is_empty() {
        text.push_str(&paint("1;36", "warnings"));
        text.push('\n');
        for warning in &inspection.warnings {
            text.push_str(&format!("  {} {}\n", paint("33", "!"), safe(&warning.text)));
        }
    }
    text
}

fn value_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// A model for the TUI with its profiles, preloaded with a token when one was given. Returns
/// the verification the token needs, for the runtime to start.
pub fn initial_model(
    profiles: Vec<crate::config::Profile>,
    active: Option<usize>,
    token: Option<(&str, TokenOrigin)>,
    now: i64,
) -> (Model, Vec<crate::app::Cmd>) {
    let offset = *chrono::Local::now().offset();
    let mut model = Model::new(now, offset).with_profiles(profiles, active);
    let mut cmds = Vec::new();
    if let Some((text, origin)) = token {
        // A bad argument is reported in the pane, like a bad paste.
        cmds = model.load_token(text, origin).unwrap_or_default();
    }
    (model, cmds)
}

pub fn stdout_is_terminal() -> bool {
    io::stdout().is_terminal()
}

/// `tokex decode --verify`: exit 0 only when the signature verifies and the token is valid
/// now for its issuer and audience.
pub async fn decode_verify_command(
    http: &crate::net::Http,
    input: &str,
    profiles: &[crate::config::Profile],
    jwks: Option<&str>,
    json_output: bool,
    now: i64,
) -> u8 {
    let options = crate::net::VerifyOptions { jwks: jwks.map(crate::net::JwksSource::parse), audience: None };
    let mut out = io::stdout().lock();
    match crate::net::verify_for_cli(http, input, profiles, &options, now).await {
        Ok(report) => {
            let written = if json_output {
                writeln!(out, "{}", report.to_json(now))
            } else {
                let colour = use_colour(stdout_is_terminal());
                out.write_all(summary_text(&report.inspection, now, colour).as_bytes()).and_then(|()| {
                    writeln!(
                        out,
                        "signature: {} (issuer {}, audience {})",
                        escape_control(&report.verification.signature.to_string()),
                        escape_control(&report.expected.issuer),
                        escape_control(&report.expected.audience)
                    )
                })
            };
            if written.is_err() { exit::FAILURE } else { exit::OK }
        }
        Err(failure) => {
            eprintln!("tokex: verification failed: {failure}");
            if json_output {
                let mut object = json!({ "error": failure.to_string() });
                if let Some(verification) = failure.verification.as_ref() {
                    crate::domain::verify::annotate_summary(&mut object, verification);
                }
                let _ = writeln!(out, "{object}");
            }
            exit::FAILURE
        }
    }
}

/// `tokex demo`: the local tenant in-process, its clients as profiles (admin active), and a
/// fresh admin token being inspected. The caller shuts the tenant down after the TUI exits.
pub async fn start_demo(
    http: &crate::net::Http,
    now: i64,
) -> Result<(crate::tenant::RunningTenant, Model, Vec<crate::app::Cmd>), String> {
    use crate::config::{Profile, Secret};
    let tenant =
        crate::tenant::RunningTenant::start(TenantConfig::default()).await.map_err(|e| e.to_string())?;
    let mut profiles = Vec::new();
    for (profile_name, client_name) in
        [("demo-admin", "tokex-admin"), ("demo-readonly", "tokex-readonly"), ("demo-jwt", "tokex-jwt-m2m")]
    {
        let Some(client) = tenant.client(client_name) else { continue };
        let profile = Profile::new(
            profile_name,
            &tenant.domain(),
            client.client_id.clone(),
            Secret::new(client.client_secret),
        )
        .map_err(|e| e.to_string())?;
        profiles.push(match client.private_key_pem {
            Some(pem) => profile.with_private_key_pem(pem),
            None => profile,
        });
    }
    let admin = profiles.first().cloned().ok_or("the local tenant has no admin client")?;
    let grant = crate::net::fetch_token(http, &admin).await.map_err(|e| e.to_string())?;
    let (mut model, initial) =
        initial_model(profiles, Some(0), Some((&grant.response.access_token, TokenOrigin::Fetched)), now);
    if let Some(token) = model.token.as_ref() {
        let raw = token.raw().to_owned();
        if let Some(entry) = model.tokens.history.iter_mut().find(|e| e.token.raw() == raw) {
            entry.profile = Some(admin.name.clone());
        }
    }
    model.notice = Some(crate::app::Notice::info(format!(
        "Demo: local tenant at {} · token fetched for demo-admin · 2 Tokens, 3 API, ? help",
        tenant.domain()
    )));
    Ok((tenant, model, initial))
}
