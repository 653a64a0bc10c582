//! `tokex cache list [--json]` and `tokex cache clear`: what the token cache holds (profile,
//! tenant, client, audience, time left; never a token) and emptying it.

use super::exit;
use super::output::{self, json_text, safe};
use crate::cache::TokenCache;
use crate::domain::expiry::format_duration;
use clap::{Args, Subcommand};
use serde_json::json;
use std::io::Write;

#[derive(Debug, Args)]
pub struct CacheArgs {
    #[command(subcommand)]
    pub action: CacheAction,
}

#[derive(Debug, Subcommand)]
pub enum CacheAction {
    /// The cached tokens still in use: profile, tenant, client id, audience, time left.
    List {
        /// Print a JSON array instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Delete the cache file; the next `fetch` or `call` fetches a new token.
    Clear,
}

pub fn cache_command(args: &CacheArgs, now: i64, out: &mut impl Write) -> u8 {
    let cache = match TokenCache::default_location() {
        Ok(cache) => cache,
        Err(error) => {
            output::error_line(&error.to_string());
            return exit::FAILURE;
        }
    };
    let written = match &args.action {
        CacheAction::List { json } => {
            let tokens = match cache.list(now) {
                Ok(tokens) => tokens,
                Err(error) => {
                    output::error_line(&safe(&error.to_string()));
                    return exit::FAILURE;
                }
            };
            if *json {
                let rows: Vec<_> = tokens
                    .iter()
                    .map(|t| {
                        json!({
                            "profile": t.profile,
                            "domain": t.key.domain,
                            "client_id": t.key.client_id,
                            "audience": t.key.audience,
                            "expires_in_seconds": t.expires_at.saturating_sub(now),
                            "reused_for_seconds": t.reuse_until().saturating_sub(now),
                        })
                    })
                    .collect();
                writeln!(out, "{}", json_text(&json!(rows), false))
            } else if tokens.is_empty() {
                // A note, not data: on stderr when piped, so `| wc -l` counts 0.
                let note = format!(
                    "the token cache is empty ({})\n",
                    safe(&cache.file_path().display().to_string())
                );
                if output::explanation_to_stdout() {
                    out.write_all(note.as_bytes())
                } else {
                    output::stderr_text(&note);
                    Ok(())
                }
            } else {
                let header = format!(
                    "{:<16} {:<36} {:<34} {:<12} AUDIENCE\n",
                    "PROFILE", "TENANT", "CLIENT", "TIME LEFT"
                );
                // The header explains the rows: beside them on a terminal, on stderr when piped.
                let mut text = String::new();
                if output::explanation_to_stdout() {
                    text.push_str(&header);
                } else {
                    output::stderr_text(&header);
                }
                for t in &tokens {
                    text.push_str(&format!(
                        "{:<16} {:<36} {:<34} {:<12} {}\n",
                        safe(&t.profile),
                        safe(&t.key.domain),
                        safe(&t.key.client_id),
                        format_duration(t.expires_at.saturating_sub(now)),
                        safe(&t.key.audience)
                    ));
                }
                out.write_all(text.as_bytes())
            }
        }
        CacheAction::Clear => match cache.clear() {
            Ok(count) => writeln!(out, "cleared {count} cached token(s)"),
            Err(error) => {
                output::error_line(&safe(&error.to_string()));
                return exit::FAILURE;
            }
        },
    };
    if written.is_err() { exit::FAILURE } else { exit::OK }
}
