//! `tokex encode`: a signed token from claims given as flags, as JSON, or taken from an
//! existing token (`--from`), with a key from a file, a secret, or a generated key. stdout gets
//! the token alone on a line (`--json`: the token, its parts and the key id).

use super::keys::{KeyError, read_key_file, read_secret};
use super::output::{self, json_text};
use super::token_input::read_token;
use super::{ProfileArgs, exit};
use crate::domain::Inspection;
use crate::domain::signing::claims::{Object, management_api_shape, parse_when, scope_text, typed_claim};
use crate::domain::signing::{self, Signer, alg_name};
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

#[derive(Debug, thiserror::Error)]
enum EncodeError {
    #[error(transparent)]
    Key(#[from] KeyError),
    #[error("{0}")]
    Input(String),
}

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
        management_api_shape(&mut claims, &base, &client, now);
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
        set("scope", scope_text(scope));
    }
    for (name, value) in [("exp", &args.exp), ("nbf", &args.nbf), ("iat", &args.iat)] {
        if let Some(value) = value {
            set(name, json!(parse_when(value, now).map_err(|e| input(format!("--{name}: {e}")))?));
        }
    }
    for pair in &args.claim {
        let (name, value) = typed_claim(pair)
            .map_err(|_| input(format!("--claim expects KEY=VALUE, got `{}`", output::safe(pair))))?;
        set(&name, value);
    }
    Ok((header, claims))
}

fn signer(args: &EncodeArgs) -> Result<(Signer, bool), EncodeError> {
    if args.generate_key {
        return Ok((Signer::generate(args.alg.unwrap_or(Algorithm::RS256)).map_err(KeyError::from)?, true));
    }
    if let Some(secret) = &args.secret {
        let (bytes, literal) = read_secret(secret)?;
        if literal {
            output::warning_line(
                "a secret on the command line is visible to other users (ps) and kept in shell history; \
                 prefer --secret @FILE or --secret env:VAR",
            );
        }
        return Ok((Signer::from_secret(&bytes, args.alg).map_err(KeyError::from)?, false));
    }
    let key = args.key.as_deref().ok_or_else(|| KeyError::NoKey("encode".into()))?;
    let (path, material) = read_key_file(key)?;
    Ok((Signer::from_material(&path, material, args.alg).map_err(KeyError::from)?, false))
}

pub fn encode_command(args: &EncodeArgs, profile: &ProfileArgs, now: i64) -> u8 {
    let result = signer(args).and_then(|(mut signer, generated)| {
        if let Some(kid) = &args.kid {
            signer = signer.with_kid(kid.clone());
        }
        let (mut header, claims) = build(args, profile, now)?;
        let claims = Value::Object(claims);
        let token = signer.sign(&mut header, &claims).map_err(KeyError::from)?;
        Ok((signer, generated, header, claims, token))
    });
    let (signer, generated, header, claims, token) = match result {
        Ok(parts) => parts,
        Err(error) => {
            output::error_line(&error.to_string());
            return match error {
                EncodeError::Key(KeyError::Key(signing::KeyError::Crypto(_))) => exit::FAILURE,
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
