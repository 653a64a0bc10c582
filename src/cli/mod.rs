//! The command line: clap types (here), one file per non-interactive command, and `output`,
//! the only module that prints. `run` dispatches a parsed command line.

mod cache;
mod call;
mod complete;
mod confirm;
mod decode;
mod demo;
#[cfg(feature = "tenant")]
mod dev_tenant;
mod diff;
mod drift;
mod encode;
mod endpoints;
pub mod exit;
mod exposure;
mod exposure_text;
mod fetch;
mod generate;
mod keys;
mod launch;
mod logging;
mod manual;
pub mod output;
mod parse;
mod profiles;
mod run;
mod scope_words;
mod scopes_for;
mod token_input;
mod token_source;
mod verify;

pub use call::{CallArgs, build_path};
pub use endpoints::EndpointsArgs;
pub use fetch::{FetchOptions, fetch_command};
pub use launch::{launch, launch_from_args};
pub use logging::LogArgs;
pub use parse::parse;
pub use run::run;
pub use scopes_for::ScopesForArgs;
pub use verify::{VerifiedReport, VerifyFailure, VerifyOptions, verify_for_cli};

use crate::config::{AuthMethod, LoadOptions, Overrides};
use crate::net::HttpOptions;
#[cfg(feature = "tenant")]
use crate::tenant::{DevTenantConfig, RateLimit, TenantConfig};
use clap::{Args, Parser, Subcommand};
use clap_complete::engine::ArgValueCompleter;
use std::path::PathBuf;

const EXAMPLES: &str = "\
Examples:
  tokex \"$TOKEN\"                          inspect a token in the TUI
  tokex decode --json < token.txt          one JSON summary, no TUI
  tokex decode --verify \"$TOKEN\"          check signature and claims (exit 0 only if valid)
  export TOKEN=$(tokex --profile prod fetch)
  tokex call GET /users -q q='email:\"jane@example.com\"' --token \"$TOKEN\"
  tokex demo                               try it on the built-in local tenant
  tokex encode --generate-key --management-api acme.eu.auth0.com --scope read:users
  source <(COMPLETE=bash tokex)            completions that know your profiles and the API";

/// `--help`'s epilogue: examples, then the exit codes.
fn after_help() -> String {
    format!("{EXAMPLES}\n\n{}", exit::AFTER_HELP)
}

#[derive(Debug, Parser)]
#[command(
    name = "tokex",
    version,
    about = "Inspect Auth0 Management API v2 access tokens: claims, scopes, expiry, live.",
    after_help = after_help(),
)]
pub struct Cli {
    /// A token to open the inspector with, `-` to read it from stdin, or `@FILE`.
    pub token: Option<std::ffi::OsString>,
    #[command(flatten)]
    pub profile: ProfileArgs,
    #[command(flatten)]
    pub log: LogArgs,
    /// Drop informational lines on stderr (`call`'s HTTP report, every command's notes);
    /// errors and warnings stay. Long form only: `-q` is `call`'s query parameter.
    #[arg(long, global = true)]
    pub quiet: bool,
    #[command(flatten)]
    pub tui: TuiArgs,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Where tokens come from: flags win over the environment, which wins over the config file.
#[derive(Debug, Args, Clone, Default)]
pub struct ProfileArgs {
    /// Config file (default: $XDG_CONFIG_HOME/tokex/config.toml when set, else <user config
    /// dir>/tokex/config.toml).
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Profile to use. Default: `env`, the profile made of the environment, when both
    /// AUTH0_DOMAIN and AUTH0_CLIENT_ID are set (AUTH0_CLIENT_SECRET and AUTH0_AUDIENCE
    /// complete it); else the config file's default_profile; else its first profile.
    #[arg(long, global = true, value_name = "NAME", add = ArgValueCompleter::new(complete::profiles))]
    pub profile: Option<String>,
    /// Tenant domain for the active profile (overrides environment and file).
    /// [env profile: AUTH0_DOMAIN]
    #[arg(long, global = true, value_name = "DOMAIN")]
    pub domain: Option<String>,
    /// Client id for the active profile. [env profile: AUTH0_CLIENT_ID]
    #[arg(long, global = true, value_name = "ID")]
    pub client_id: Option<String>,
    /// Audience for the active profile (default <domain>/api/v2/). [env profile: AUTH0_AUDIENCE]
    #[arg(long, global = true, value_name = "URL")]
    pub audience: Option<String>,
    /// How the client authenticates at the token endpoint.
    #[arg(long, global = true, value_enum, value_name = "METHOD")]
    pub auth_method: Option<AuthMethodArg>,
    /// Total timeout of each HTTP request, in seconds.
    #[arg(long, global = true, value_name = "SECS", default_value_t = 30)]
    pub timeout: u64,
    /// Largest Management API response body to read (e.g. 32MiB, 512KiB).
    #[arg(long, global = true, value_name = "SIZE", default_value = "32MiB", value_parser = crate::net::parse_size)]
    pub max_body: u64,
}

/// How the TUI looks.
#[derive(Debug, Args, Clone, Default)]
pub struct TuiArgs {
    /// TUI colours: `auto` picks light or dark from COLORFGBG when the terminal sets it (else
    /// dark). NO_COLOR turns colour off whatever this says.
    #[arg(long, global = true, value_enum, value_name = "THEME", default_value = "auto")]
    pub theme: ThemeArg,
    /// Leave the mouse to the terminal (its own selection and copy), as `mouse = false` in the
    /// config file does. With the mouse on, Shift+drag still selects text in most terminals.
    #[arg(long, global = true)]
    pub no_mouse: bool,
}

#[derive(Debug, Clone, Copy, Default, clap::ValueEnum)]
pub enum ThemeArg {
    #[default]
    Auto,
    Light,
    Dark,
}

impl TuiArgs {
    /// Whether the TUI captures the mouse: on unless `--no-mouse` or the config file's
    /// `mouse = false` says otherwise.
    pub fn mouse(&self, configured: Option<bool>) -> bool {
        !self.no_mouse && configured.unwrap_or(true)
    }

    /// The colour scheme for this process's environment.
    pub fn colours(&self) -> crate::app::ColourScheme {
        let theme = match self.theme {
            ThemeArg::Auto => crate::app::ThemeChoice::Auto,
            ThemeArg::Light => crate::app::ThemeChoice::Light,
            ThemeArg::Dark => crate::app::ThemeChoice::Dark,
        };
        let var = |name: &str| std::env::var(name).ok();
        crate::app::ColourScheme::choose(theme, var("NO_COLOR").as_deref(), var("COLORFGBG").as_deref())
    }
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
        HttpOptions {
            timeout: std::time::Duration::from_secs(self.timeout.max(1)),
            max_body: self.max_body,
            ..HttpOptions::default()
        }
    }
}

/// `defer`: each command's options are built only when that command runs (or when help, the
/// manual or a completion asks for them), so a `decode` does not build the other commands'.
#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum Command {
    /// Decode a token and print a summary (no TUI).
    Decode(DecodeArgs),
    /// Sign a token: claims from flags, JSON or another token; a key from a file, a secret or
    /// generated. Prints the token alone on a line.
    Encode(Box<encode::EncodeArgs>),
    /// Fetch a new token with the client-credentials grant and print it.
    Fetch(FetchArgs),
    /// Start the built-in local tenant and open the TUI on a fresh token from it.
    #[cfg(feature = "tenant")]
    Demo,
    /// Run the built-in Auth0-compatible local tenant on 127.0.0.1.
    #[cfg(feature = "tenant")]
    DevTenant(DevTenantArgs),
    /// List the Management API's operations with the scopes each needs (with --token, which pass).
    Endpoints(EndpointsArgs),
    /// The least set of scopes that lets the given calls pass (METHOD PATH pairs, or lines on stdin).
    ScopesFor(ScopesForArgs),
    /// Call one Management API endpoint: body to stdout, status and rate limit to stderr.
    Call(CallArgs),
    /// Compare two tokens: claims, lifetime, scopes and operations gained or lost (exit 0 equal,
    /// 9 different).
    Diff(diff::DiffArgs),
    /// The token cache of `fetch` and `call`: list what it holds (never the tokens) or clear it.
    Cache(cache::CacheArgs),
    /// Compare a token with its client's grant today: scopes removed since it was issued (still
    /// usable: a token cannot be revoked), scopes added, grant or client deleted (exit 0 no drift,
    /// 9 drift; not checked: the code of the cause).
    Drift(drift::DriftArgs),
    /// How many of a client's Management API tokens are still live (they cannot be revoked),
    /// where they went, what they did, and when the last one expires, from the tenant's log
    /// (exit 0 none live, 10 live or not ruled out). `--all`: every client with a grant.
    Exposure(exposure::ExposureArgs),
    /// Print a shell completion script on stdout (bash, zsh, fish, elvish, powershell).
    #[command(visible_alias = "completion")]
    Completions(generate::CompletionsArgs),
    /// Print the manual page (roff) on stdout: `tokex man | man -l -`.
    Man,
}

#[derive(Debug, Args)]
pub struct DecodeArgs {
    /// The token (bare, `Bearer …`, a header line or a JSON token response), `-` or nothing for
    /// stdin, or `@FILE`.
    pub token: Option<std::ffi::OsString>,
    /// Print exactly one JSON object instead of the readable summary.
    #[arg(long)]
    pub json: bool,
    /// Verify the signature against the issuer's JWKS; exit 0 only if it verifies and the token is
    /// currently valid for that issuer and audience.
    #[arg(long)]
    pub verify: bool,
    /// With --verify: the JWKS to use instead of the issuer's (a file or an http(s) URL).
    #[arg(long, value_name = "FILE|URL", requires = "verify", conflicts_with_all = ["key", "secret"])]
    pub jwks: Option<String>,
    /// With --verify: check offline against this key file: a PEM public key, a certificate, a
    /// JWK or a JWKS (`@FILE` is the same). The algorithm comes from the key, never the header.
    #[arg(long, value_name = "FILE|@FILE", requires = "verify", conflicts_with = "secret")]
    pub key: Option<std::ffi::OsString>,
    /// With --verify: check offline against an HMAC secret: `@FILE` or `env:VAR` (a literal is
    /// warned about).
    #[arg(long, value_name = "@FILE|env:VAR", requires = "verify")]
    pub secret: Option<String>,
}

#[derive(Debug, Args)]
pub struct FetchArgs {
    /// Print the token response plus the decoded summary as JSON (never the secret).
    #[arg(long)]
    pub json: bool,
    /// Fetch a new token even when the cache holds a fresh one, and do not cache it.
    #[arg(long)]
    pub no_cache: bool,
}

#[cfg(feature = "tenant")]
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
    /// Drop log events older than DAYS (1 to 365); by default only the newest 10,000 are kept.
    #[arg(long, value_name = "DAYS", value_parser = crate::tenant::parse_log_retention)]
    pub log_retention_days: Option<u32>,
    /// The tenant's name in issuer, audience and URLs (http(s)://HOST[:PORT]); its port is where
    /// it listens unless --port says otherwise.
    #[arg(long, value_name = "URL")]
    pub public_url: Option<crate::tenant::PublicUrl>,
    /// Serve HTTPS with a certificate for localhost and 127.0.0.1 made at start; its CA
    /// certificate's file is named in the JSON line (`ca_file`).
    #[arg(long)]
    pub tls: bool,
    /// How operations without a handler are answered: 501 (default) or 404, which Auth0's SDKs
    /// do not retry.
    #[arg(long, value_name = "STATUS", default_value = "501")]
    pub unimplemented: crate::tenant::Unimplemented,
    /// Honour `scope` on client-credentials requests as a subset of the grant (off: the token
    /// carries the whole grant, as Auth0 does for its Management API).
    #[arg(long)]
    pub allow_scope_request: bool,
}

#[cfg(feature = "tenant")]
impl DevTenantArgs {
    pub fn tenant_config(&self) -> DevTenantConfig {
        let tenant = TenantConfig {
            port: self.port,
            token_lifetime_secs: self.token_lifetime,
            rate_limit: self.rate_limit,
            log_retention_days: self.log_retention_days,
            public_url: self.public_url.clone(),
            tls: self.tls,
            unimplemented: self.unimplemented,
            allow_scope_request: self.allow_scope_request,
        };
        DevTenantConfig { tenant, token_rate_limit: self.token_rate_limit }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[test]
    fn the_mouse_is_on_unless_the_flag_or_the_config_turns_it_off() {
        let parse = |args: &[&str]| Cli::try_parse_from(args).map(|cli| cli.tui);
        let plain = parse(&["tokex"]).expect("parses");
        assert!(plain.mouse(None));
        assert!(plain.mouse(Some(true)));
        assert!(!plain.mouse(Some(false)), "mouse = false in the config file");
        // --no-mouse wins over the file, before or after a subcommand (it is global).
        assert!(!parse(&["tokex", "--no-mouse"]).expect("parses").mouse(Some(true)));
        assert!(!parse(&["tokex", "man", "--no-mouse"]).expect("parses").mouse(None));
    }
}
