//! `tokex decode [--json] [--verify [--jwks FILE|URL]]`: a token's summary without the TUI.

use super::output::{self, json_text, paint, safe, value_text};
use super::scope_words;
use super::token_input::{InputError, read_token};
use super::verify::{VerifiedReport, VerifyFailure, VerifyOptions, verify_for_cli};
use super::{DecodeArgs, exit};
use crate::config::Profile;
use crate::domain::Inspection;
use crate::net::{Http, JwksSource};
use crate::palette::Role;
use serde_json::json;
use std::io::{self, Write};

/// Reports an input failure the way a decode failure is reported.
pub fn input_failure(error: &InputError, json_output: bool, out: &mut impl Write) -> u8 {
    let message = error.to_string();
    output::error_line(&message);
    if json_output {
        let _ = writeln!(out, "{}", json_text(&json!({ "error": message }), false));
    }
    exit::BAD_INPUT
}

/// `tokex decode` without `--verify`: reads the token and prints its summary (no network, no
/// configuration, no async runtime).
pub fn decode_plain(args: &DecodeArgs, now: i64) -> u8 {
    let input = match read_token(args.token.as_deref(), &mut io::stdin()) {
        Ok(input) => input,
        Err(error) => return input_failure(&error, args.json, &mut io::stdout()),
    };
    let colour = output::stdout_colour();
    // Buffered: the summary is written a piece at a time, never assembled in memory first.
    let mut out = io::BufWriter::new(io::stdout().lock());
    let code = decode_command(input, args.json, now, colour, &mut out, &mut io::stderr());
    match out.flush() {
        Ok(()) => code,
        Err(_) => exit::FAILURE,
    }
}

/// `tokex decode`: exit code plus what to print where. Takes the input by value so a large
/// token is decoded in its own buffer rather than a copy.
pub fn decode_command(
    input: String,
    json_output: bool,
    now: i64,
    colour: bool,
    out: &mut impl Write,
    err: &mut impl Write,
) -> u8 {
    match Inspection::from_pasted_owned(input) {
        Ok(inspection) => {
            let written = if json_output {
                let summary = inspection.summary_json(now, json!("not_verified"));
                writeln!(out, "{}", json_text(&summary, false))
            } else {
                write_summary(out, &inspection, now, colour)
                    .and_then(|()| writeln!(out, "signature: not verified (--verify checks it)"))
            };
            if written.is_err() { exit::FAILURE } else { exit::OK }
        }
        Err(error) => {
            let message = format!("not a token: {error}");
            let _ = writeln!(err, "{}error: {}", output::PREFIX, safe(&message));
            if json_output {
                let _ = writeln!(out, "{}", json_text(&json!({ "error": message }), false));
            }
            exit::BAD_INPUT
        }
    }
}

/// Writes the readable summary `tokex decode` prints: every string escaped, colour optional.
/// Line by line into `out`, so a megabyte claim is never copied into a second buffer.
pub fn write_summary(
    out: &mut impl Write,
    inspection: &Inspection,
    now: i64,
    colour: bool,
) -> io::Result<()> {
    let heading = |out: &mut dyn Write, text: &str| writeln!(out, "{}", paint(Role::Section, text, colour));
    let expiry = inspection.expiry(now);
    write!(out, "{}", paint(Role::Urgency(expiry.urgency), &expiry.headline(), colour))?;
    if let Some(lifetime) = expiry.lifetime {
        write!(out, " (lifetime {})", crate::domain::format_duration(lifetime))?;
    }
    writeln!(out)?;
    heading(out, "header")?;
    for (name, value) in &inspection.jwt.header {
        writeln!(out, "  {:<5} {}", safe(name), value_text(value))?;
    }
    heading(out, "claims")?;
    for (name, value) in &inspection.jwt.payload {
        if matches!(name.as_str(), "scope" | "scp" | "permissions") {
            continue;
        }
        write!(out, "  {:<5} {}", safe(name), value_text(value))?;
        if let (true, Some(seconds)) = (matches!(name.as_str(), "iat" | "nbf" | "exp"), value.as_i64())
            && let Some(when) = crate::domain::inspection::rfc3339(seconds)
        {
            write!(out, "  ({when}, {})", crate::domain::expiry::relative(seconds, now))?;
        }
        writeln!(out)?;
    }
    heading(out, &format!("scopes ({})", inspection.claims.scopes.len()))?;
    for group in &inspection.scope_groups {
        writeln!(out, "  {}: {}", safe(&group.resource), safe(&group.actions.join(", ")))?;
    }
    // Scopes that unlock no operation: a real scope no operation uses is not a typo.
    for line in scope_words::unused_lines(inspection.claims.scopes.iter().map(String::as_str), "") {
        writeln!(out, "  {} {line}", paint(Role::Warning, "?", colour))?;
    }
    if !inspection.warnings.is_empty() {
        heading(out, "warnings")?;
        for warning in &inspection.warnings {
            writeln!(out, "  {} {}", paint(Role::Warning, "!", colour), safe(&warning.text))?;
        }
    }
    Ok(())
}

/// `tokex decode --verify`: exit 0 only when the signature verifies and the token is valid
/// now for its issuer and audience.
pub async fn decode_verify_command(
    http: &Http,
    input: &str,
    profiles: &[Profile],
    jwks: Option<&str>,
    json_output: bool,
    now: i64,
) -> u8 {
    let options = VerifyOptions { jwks: jwks.map(JwksSource::parse), audience: None };
    report_verification(verify_for_cli(http, input, profiles, &options, now).await, json_output, now)
}

/// The key `--key` or `--secret` names, for an offline verification.
pub fn offline_verifier(
    key: Option<&std::ffi::OsStr>,
    secret: Option<&str>,
) -> Result<super::keys::verifying::Verifier, super::keys::KeyError> {
    use super::keys::{KeyError, read_key_file, read_secret, verifying::Verifier};
    if let Some(secret) = secret {
        let (bytes, literal) = read_secret(secret)?;
        if literal {
            output::warning_line(
                "a secret on the command line is visible to other users (ps) and kept in shell history; \
                 prefer --secret @FILE or --secret env:VAR",
            );
        }
        return Verifier::from_secret(&bytes);
    }
    let key = key.ok_or_else(|| KeyError::NoKey("--verify".into()))?;
    let (path, material) = read_key_file(key)?;
    Verifier::from_material(&path, material)
}

/// Prints a verification's outcome (summary, or the failure) and returns the exit code.
pub fn report_verification(
    outcome: Result<VerifiedReport, VerifyFailure>,
    json_output: bool,
    now: i64,
) -> u8 {
    let mut out = io::stdout().lock();
    match outcome {
        Ok(report) => {
            let written = if json_output {
                writeln!(out, "{}", json_text(&report.to_json(now), false))
            } else {
                let colour = output::stdout_colour();
                write_summary(&mut out, &report.inspection, now, colour).and_then(|()| {
                    writeln!(
                        out,
                        "signature: {} (issuer {}, audience {})",
                        safe(&report.verification.signature.to_string()),
                        safe(&report.expected.issuer),
                        safe(&report.expected.audience)
                    )
                })
            };
            if written.is_err() { exit::FAILURE } else { exit::OK }
        }
        Err(failure) => {
            output::error_line(&format!("verification failed: {failure}"));
            if json_output {
                // Everything a plain decode says, plus why verification failed.
                let mut object = match failure.inspection.as_deref() {
                    Some(inspection) => inspection.summary_json(now, json!("not_verified")),
                    None => json!({}),
                };
                object["error"] = json!(failure.to_string());
                if let Some(verification) = failure.verification.as_ref() {
                    crate::domain::verify::annotate_summary(&mut object, verification);
                }
                let _ = writeln!(out, "{}", json_text(&object, false));
            }
            if failure.network { exit::NETWORK } else { exit::BAD_INPUT }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use serde_json::Value;

    fn token(header: &Value, claims: &Value) -> String {
        let part = |value: &Value| URL_SAFE_NO_PAD.encode(value.to_string());
        format!("{}.{}.{}", part(header), part(claims), URL_SAFE_NO_PAD.encode([7u8; 32]))
    }

    /// The summary written a piece at a time is the whole summary, in order, line by line.
    #[test]
    fn plain_decode_writes_the_whole_summary() {
        let now = 1_800_000_000;
        let claims = json!({
            "iss": "https://t.eu.auth0.com/", "sub": "c@clients", "aud": "https://t.eu.auth0.com/api/v2/",
            "iat": now - 3600, "exp": now + 82_800, "azp": "c", "gty": "client-credentials",
            "scope": "read:users update:users read:clients read:userz read:users_app_metadata",
            "note": "a\u{1b}[31mred"
        });
        let input =
            format!("  Bearer {}\n", token(&json!({"alg": "RS256", "typ": "JWT", "kid": "k1"}), &claims));
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = decode_command(input, false, now, false, &mut out, &mut err);
        assert_eq!(code, exit::OK, "{}", String::from_utf8_lossy(&err));
        let text = String::from_utf8(out).expect("utf-8");
        let expected = [
            "expires in 23h 0m 0s (lifetime 1d)",
            "header",
            "  alg   RS256",
            "  typ   JWT",
            "  kid   k1",
            "claims",
            "  iss   https://t.eu.auth0.com/",
            "  sub   c@clients",
            "  aud   https://t.eu.auth0.com/api/v2/",
            "  iat   1799996400  (2027-01-15T07:00:00Z, 1h 0m 0s ago)",
            "  exp   1800082800  (2027-01-16T07:00:00Z, in 23h 0m 0s)",
            "  azp   c",
            "  gty   client-credentials",
            "  note  a\\u{1b}[31mred",
            "scopes (5)",
            "  clients: read",
            "  users: read, update",
            "  users_app_metadata: read",
            "  userz: read",
            "  ? read:userz: unknown to the Management API (typo, or another API's scope?)",
            "  ? read:users_app_metadata: a real Management API scope that no \
             documented operation uses (legacy: absent from Auth0's API definition, still granted by tenants)",
            "warnings",
            "  ! Cannot be revoked: this token stays usable until it expires, even if the client secret is \
             rotated. Deleting the client grant only stops new tokens.",
            "signature: not verified (--verify checks it)",
        ];
        assert_eq!(text.lines().collect::<Vec<_>>(), expected, "{text}");
        assert!(!text.contains('\u{1b}'));
    }

    /// A writer that fails part of the way through is a failure, not a silent short summary.
    #[test]
    fn a_failed_write_is_a_failure() {
        struct Full(usize);
        impl Write for Full {
            fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
                if self.0 == 0 {
                    return Err(io::Error::new(io::ErrorKind::StorageFull, "full"));
                }
                let n = buf.len().min(self.0);
                self.0 -= n;
                Ok(n)
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let input = token(&json!({"alg": "RS256"}), &json!({"sub": "x", "exp": 1_900_000_000}));
        let code = decode_command(input, false, 1_800_000_000, false, &mut Full(40), &mut Vec::new());
        assert_eq!(code, exit::FAILURE);
    }
}
