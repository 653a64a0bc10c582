//! `tokex encode`: a signed token from claims given as flags, as JSON, or taken from an
//! existing token (`--from`), with a key from a file, a secret, or a generated key. stdout gets
//! the token alone on a line (`--json`: the token, its parts and the key id).

use super::keys::signing::Signer;
use super::keys::{KeyError, alg_name, read_key_file, read_secret};
use super::output::{self, json_text};
use super::token_input::read_token;
use super::{ProfileArgs, exit};
use crate::domain::Inspection;
use clap::{ArgGroup, Args};
use jsonwebtoken::Algorithm;
use serde_json::{Map, Value, json};
use std::ffi::OsString;
use std::io::{self, Write};

/// The client id `--management-api` puts in `azp` and `sub` when `--client-id` names none.
const PRESET_CLIENT: &str = "tokexEncodeClient000000000000000";

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("key_source").required(true).args(["key", "secret", "generate_key"])))]
pub struct EncodeArgs {
    /// Signing algorithm: HS256/384/512, RS256/384/512, PS256/384/512, ES256, ES384, EdDSA
    /// (default: the key's own: RS256 for RSA, ES256/ES384 by curve, EdDSA, HS256).
    #[arg(long, value_name = "ALG", value_parser = parse_alg)]
    pub alg: Option<Algorithm>,
    /// Private key file: PEM (PKCS#8, or PKCS#1 for RSA) or a private JWK (or a JWKS holding
    /// exactly one); `@FILE` is the same.
    #[arg(long, value_name = "FILE|@FILE")]
    pub key: Option<OsString>,
    /// HMAC secret: `@FILE` (its bytes), `env:VAR`, or a literal (warned about: visible in `ps`
    /// and shell history).
    #[arg(long, value_name = "@FILE|env:VAR")]
    pub secret: Option<String>,
    /// Generate a key for --alg (default RS256) and print its public JWK on stderr.
    #[arg(long)]
    pub generate_key: bool,
    /// Start from this token's header and claims (TOKEN, `-` or `@FILE`), then change what the
    /// other options name.
    #[arg(long, value_name = "TOKEN|-|@FILE", conflicts_with = "claims")]
    pub from: Option<OsString>,
    /// The claims as a JSON object (JSON, `-` or `@FILE`).
    #[arg(long, value_name = "JSON|-|@FILE")]
    pub claims: Option<String>,
    /// Auth0's Management API claim shape for DOMAIN: iss, aud, gty, azp and sub
    /// (`<client>@clients`, the client from --client-id), 24 h lifetime.
    #[arg(long, value_name = "DOMAIN")]
    pub management_api: Option<String>,
    /// A claim, repeatable: the value is JSON when it parses (`n=3`, `ok=true`, `a=["x"]`),
    /// else a string.
    #[arg(long = "claim", value_name = "KEY=VALUE")]
    pub claim: Vec<String>,
    /// The `scope` claim, space-separated.
    #[arg(long, value_name = "SCOPES", add = clap_complete::engine::ArgValueCompleter::new(super::complete::scopes))]
    pub scope: Option<String>,
    #[arg(long, value_name = "SUB")]
    pub sub: Option<String>,
    /// Audience; repeat for an array.
    #[arg(long, value_name = "AUD")]
    pub aud: Vec<String>,
    #[arg(long, value_name = "ISS")]
    pub iss: Option<String>,
    /// Expiry: relative (`+24h`, `+30m`, `-1d`, `+90s`), seconds since 1970, or RFC 3339.
    #[arg(long, value_name = "WHEN", allow_hyphen_values = true)]
    pub exp: Option<String>,
    /// Not before, as --exp.
    #[arg(long, value_name = "WHEN", allow_hyphen_values = true)]
    pub nbf: Option<String>,
    /// Issued at, as --exp (default: now, unless --from carries one).
    #[arg(long, value_name = "WHEN", allow_hyphen_values = true)]
    pub iat: Option<String>,
    /// The header's `kid` (default: the JWK's, else the key's RFC 7638 thumbprint).
    #[arg(long, value_name = "KID")]
    pub kid: Option<String>,
    /// Print one JSON object: token, header, claims, kid (and the public JWK of a generated key).
    #[arg(long)]
    pub json: bool,
}

fn parse_alg(text: &str) -> Result<Algorithm, String> {
    let alg: Algorithm = text.parse().map_err(|_| format!("unknown algorithm `{text}`"))?;
    if alg_name(alg) == "unsupported" || alg_name(alg) != text {
        return Err(format!(
            "unsupported algorithm `{text}` (HS256/384/512, RS256/384/512, PS256/384/512, ES256, ES384, EdDSA)"
        ));
    }
    Ok(alg)
}

/// A time option: `+24h`/`-5m`/`+30s`/`+7d` from now, epoch seconds, or RFC 3339.
pub fn parse_when(text: &str, now: i64) -> Result<i64, String> {
    let text = text.trim();
    if let Some(rest) =
        text.strip_prefix('+').map(|r| (1, r)).or_else(|| text.strip_prefix('-').map(|r| (-1, r)))
    {
        let (sign, rest) = rest;
        let split = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
        let (number, unit) = rest.split_at(split);
        let number: i64 =
            number.parse().map_err(|_| format!("`{text}`: expected +N followed by s, m, h or d"))?;
        let unit = match unit {
            "" | "s" => 1,
            "m" => 60,
            "h" => 3600,
            "d" => 86_400,
            _ => return Err(format!("`{text}`: the unit must be s, m, h or d")),
        };
        return number
            .checked_mul(unit)
            .and_then(|d| now.checked_add(sign * d))
            .ok_or_else(|| format!("`{text}` is out of range"));
    }
    if let Ok(seconds) = text.parse::<i64>() {
        return Ok(seconds);
    }
    chrono::DateTime::parse_from_rfc3339(text)
        .map(|t| t.timestamp())
        .map_err(|_| format!("`{text}` is neither +N[smhd], seconds since 1970, nor RFC 3339"))
}

#[derive(Debug, thiserror::Error)]
enum EncodeError {
    #[error(transparent)]
    Key(#[from] KeyError),
    #[error("{0}")]
    Input(String),
}

/// A JWT's header or claims, as a JSON object.
type Object = Map<String, Value>;

/// The header and claims the options describe, before signing.
fn build(args: &EncodeArgs, profile: &ProfileArgs, now: i64) -> Result<(Object, Object), EncodeError> {
    let input = |e: String| EncodeError::Input(e);
    let (mut header, mut claims) = match (&args.from, &args.claims) {
        (Some(from), _) => {
            let text = read_token(Some(from), &mut io::stdin()).map_err(|e| input(format!("--from: {e}")))?;
            let inspection = Inspection::from_pasted_owned(text)
                .map_err(|e| input(format!("--from: not a token: {e}")))?;
            (inspection.jwt.header.clone(), inspection.jwt.payload.clone())
        }
        (None, Some(json_arg)) => {
            let text = if json_arg == "-" || json_arg.starts_with('@') {
                read_token(Some(std::ffi::OsStr::new(json_arg)), &mut io::stdin())
                    .map_err(|e| input(format!("--claims: {e}")))?
            } else {
                json_arg.clone()
            };
            match serde_json::from_str::<Value>(&text) {
                Ok(Value::Object(object)) => (Map::new(), object),
                _ => return Err(input("--claims is not a JSON object".to_owned())),
            }
        }
        (None, None) => (Map::new(), Map::new()),
    };
    header.insert("typ".into(), json!("JWT"));
    if let Some(domain) = &args.management_api {
        let base =
            crate::config::normalize_domain(domain).map_err(|e| input(format!("--management-api: {e}")))?;
        let client = profile.client_id.clone().unwrap_or_else(|| PRESET_CLIENT.to_owned());
        claims.insert("iss".into(), json!(format!("{base}/")));
        claims.insert("sub".into(), json!(format!("{client}@clients")));
        claims.insert("aud".into(), json!(format!("{base}/api/v2/")));
        claims.insert("iat".into(), json!(now));
        claims.insert("exp".into(), json!(now + 86_400));
        claims.insert("gty".into(), json!("client-credentials"));
        claims.insert("azp".into(), json!(client));
    }
    if !claims.contains_key("iat") {
        claims.insert("iat".into(), json!(now));
    }
    let mut set = |name: &str, value: Value| {
        claims.insert(name.to_owned(), value);
    };
    if let Some(iss) = &args.iss {
        set("iss", json!(iss));
    }
    if let Some(sub) = &args.sub {
        set("sub", json!(sub));
    }
    match args.aud.as_slice() {
        [] => {}
        [one] => set("aud", json!(one)),
        many => set("aud", json!(many)),
    }
    if let Some(scope) = &args.scope {
        set("scope", json!(scope.split_whitespace().collect::<Vec<_>>().join(" ")));
    }
    for (name, value) in [("exp", &args.exp), ("nbf", &args.nbf), ("iat", &args.iat)] {
        if let Some(value) = value {
            set(name, json!(parse_when(value, now).map_err(|e| input(format!("--{name}: {e}")))?));
        }
    }
    for pair in &args.claim {
        let (name, value) = pair
            .split_once('=')
            .ok_or_else(|| input(format!("--claim expects KEY=VALUE, got `{}`", output::safe(pair))))?;
        let value = serde_json::from_str(value).unwrap_or_else(|_| json!(value));
        set(name, value);
    }
    Ok((header, claims))
}

fn signer(args: &EncodeArgs) -> Result<(Signer, bool), EncodeError> {
    if args.generate_key {
        return Ok((Signer::generate(args.alg.unwrap_or(Algorithm::RS256))?, true));
    }
    if let Some(secret) = &args.secret {
        let (bytes, literal) = read_secret(secret)?;
        if literal {
            output::warning_line(
                "a secret on the command line is visible to other users (ps) and kept in shell history; \
                 prefer --secret @FILE or --secret env:VAR",
            );
        }
        return Ok((Signer::from_secret(&bytes, args.alg)?, false));
    }
    let key = args.key.as_deref().ok_or_else(|| KeyError::NoKey("encode".into()))?;
    let (path, material) = read_key_file(key)?;
    Ok((Signer::from_material(&path, material, args.alg)?, false))
}

pub fn encode_command(args: &EncodeArgs, profile: &ProfileArgs, now: i64) -> u8 {
    let result = signer(args).and_then(|(mut signer, generated)| {
        if let Some(kid) = &args.kid {
            signer.kid = Some(kid.clone());
            signer.public_jwk["kid"] = json!(kid);
        }
        let (mut header, claims) = build(args, profile, now)?;
        let claims = Value::Object(claims);
        let token = signer.sign(&mut header, &claims)?;
        Ok((signer, generated, header, claims, token))
    });
    let (signer, generated, header, claims, token) = match result {
        Ok(parts) => parts,
        Err(error) => {
            output::error_line(&error.to_string());
            return match error {
                EncodeError::Key(KeyError::Crypto(_)) => exit::FAILURE,
                _ => exit::BAD_INPUT,
            };
        }
    };
    // An HMAC key's JWK is the secret: shown only when tokex made it (nothing else holds it).
    let shows_jwk =
        generated || !matches!(signer.alg, Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512);
    let mut out = io::stdout().lock();
    let written = if args.json {
        let mut object = json!({"token": token, "header": header, "claims": claims, "kid": signer.kid});
        if shows_jwk {
            object["public_jwk"] = signer.public_jwk.clone();
        }
        writeln!(out, "{}", json_text(&object, false))
    } else {
        if generated {
            output::stderr_text(&format!(
                "tokex: note: the generated key's public JWK (save it to verify: decode --verify --key FILE):\n{}\n",
                json_text(&signer.public_jwk, false)
            ));
        }
        writeln!(out, "{token}")
    };
    if written.is_err() { exit::FAILURE } else { exit::OK }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_relative_absolute_or_rfc3339() {
        let now = 1_800_000_000;
        assert_eq!(parse_when("+24h", now), Ok(now + 86_400));
        assert_eq!(parse_when("-5m", now), Ok(now - 300));
        assert_eq!(parse_when("+90", now), Ok(now + 90));
        assert_eq!(parse_when("+2d", now), Ok(now + 172_800));
        assert_eq!(parse_when("1700000000", now), Ok(1_700_000_000));
        assert_eq!(parse_when("2027-01-15T08:00:00Z", now), Ok(1_800_000_000));
        assert!(parse_when("+3w", now).is_err());
        assert!(parse_when("+99999999999999999d", now).is_err());
        assert!(parse_when("soon", now).is_err());
    }
}
