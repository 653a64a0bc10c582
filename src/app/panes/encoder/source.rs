//! The keys the encoder signs with, and what each one's signature is worth. A Management API
//! token is signed by its tenant with a key only Auth0 holds: no key tokex has makes a token
//! an Auth0 tenant accepts, and the pane says so for every key. The local tenant (`tokex
//! demo`) is the exception that proves it: its key is in this process, so what it signs
//! verifies against its JWKS and its API accepts it.

use crate::config::{AuthMethod, PrivateKeySource, Profile, SecretSource};
use crate::domain::signing::KeyError;
use crate::domain::signing::{Material, Signer, alg_name};
use jsonwebtoken::Algorithm;
use std::path::PathBuf;
use std::sync::Arc;

/// The local tenant's own signing key, handed over by `tokex demo`, which runs the tenant in
/// this process.
#[derive(Debug, Clone)]
pub struct LocalTenantKey {
    pub signer: Arc<Signer>,
    /// `http://127.0.0.1:PORT/`: the `iss` of its tokens.
    pub issuer: String,
}

/// Where the signing key came from, which decides what its signature is worth.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySource {
    LocalTenant {
        issuer: String,
    },
    /// A profile's client secret, as an HMAC key.
    ProfileSecret {
        profile: String,
    },
    /// A profile's `private_key_jwt` key.
    ProfileKey {
        profile: String,
    },
    /// A key file, by the path as typed.
    File {
        path: String,
    },
}

impl KeySource {
    /// What the key is, for the pane's key line (unescaped: the renderer escapes).
    pub fn label(&self) -> String {
        match self {
            KeySource::LocalTenant { .. } => "the local tenant's own key".to_owned(),
            KeySource::ProfileSecret { profile } => format!("profile {profile}'s client secret (HMAC)"),
            KeySource::ProfileKey { profile } => format!("profile {profile}'s private_key_jwt key"),
            KeySource::File { path } => format!("key file {path}"),
        }
    }

    /// Where a token signed with this key verifies, in plain words (what it is not: [`NOT_AUTH0`]).
    pub fn worth(&self, alg: Algorithm) -> String {
        match self {
            KeySource::LocalTenant { issuer } if alg == Algorithm::RS256 => format!(
                "It verifies against the local tenant's JWKS ({issuer}.well-known/jwks.json) and the local \
                 tenant's API accepts it until exp: i inspects it, then 3 calls with it."
            ),
            KeySource::LocalTenant { .. } => format!(
                "The local tenant's key, but the tenant accepts RS256 only, not {} (A cycles back to it).",
                alg_name(alg)
            ),
            KeySource::ProfileSecret { .. } => {
                "It verifies only where this client secret is the HMAC key: code you are testing.".to_owned()
            }
            KeySource::ProfileKey { .. } => {
                "This key proves the client to the token endpoint; a token it signs \
                                             verifies only against the client's own public key."
                    .to_owned()
            }
            KeySource::File { .. } => {
                "It verifies against this key's public half (tokex decode --verify --key FILE).".to_owned()
            }
        }
    }
}

/// What no key tokex holds can make, said first wherever the encoder shows a key.
pub const NOT_AUTH0: &str = "No Auth0 tenant accepts it: only Auth0 holds a tenant's signing key.";

/// A key chosen to sign with.
#[derive(Debug, Clone)]
pub struct ChosenKey {
    pub source: KeySource,
    pub signer: Arc<Signer>,
}

/// What a choice in the key picker leads to.
pub enum Choice {
    /// Sign with this key from now on.
    Key(ChosenKey),
    /// Read this file first (the profile's key file), then sign with what it holds.
    Read { path: PathBuf, source: KeySource },
    /// Ask for a key file's path.
    AskPath,
}

/// The picker's values: the local tenant's key, a profile's secret or key (by the profile's
/// name), a key file.
const TENANT: &str = "tenant key";
const SECRET_OF: &str = "secret of ";
const KEY_OF: &str = "key of ";
const FILE: &str = "key file";

/// The keys on offer, as the picker lists them: `(value, what it is)`. Typing filters both.
pub fn options(local: Option<&LocalTenantKey>, profiles: &[Profile]) -> Vec<(String, String)> {
    let mut options = Vec::new();
    if let Some(local) = local {
        options.push((
            TENANT.to_owned(),
            format!(
                "the local tenant's own (RS256, kid {}): verifies against its JWKS",
                local.signer.kid.as_deref().unwrap_or("none")
            ),
        ));
    }
    for profile in profiles {
        if matches!(&profile.secret, SecretSource::Value(secret) if !secret.is_empty()) {
            options.push((
                format!("{SECRET_OF}{}", profile.name),
                "the client secret as an HMAC key (HS256)".to_owned(),
            ));
        }
        if profile.auth_method == AuthMethod::PrivateKeyJwt && profile.private_key.is_some() {
            options.push((format!("{KEY_OF}{}", profile.name), "the private_key_jwt key (RS256)".to_owned()));
        }
    }
    options.push((FILE.to_owned(), "a PEM private key, a private JWK, or a JWKS holding one".to_owned()));
    options
}

/// What picking `value` means.
pub fn choose(value: &str, local: Option<&LocalTenantKey>, profiles: &[Profile]) -> Result<Choice, KeyError> {
    let unusable = |reason: &str| KeyError::Unusable { path: value.to_owned(), reason: reason.to_owned() };
    let named =
        |name: &str| profiles.iter().find(|p| p.name == name).ok_or_else(|| unusable("no such profile"));
    if value == FILE {
        return Ok(Choice::AskPath);
    }
    if value == TENANT {
        let local = local.ok_or_else(|| unusable("no local tenant runs in this session"))?;
        let source = KeySource::LocalTenant { issuer: local.issuer.clone() };
        return Ok(Choice::Key(ChosenKey { source, signer: local.signer.clone() }));
    }
    if let Some(name) = value.strip_prefix(SECRET_OF) {
        let profile = named(name)?;
        let SecretSource::Value(secret) = &profile.secret else {
            return Err(unusable("the profile holds no client secret in memory"));
        };
        let mut signer = Signer::from_secret(secret.expose().as_bytes(), None)?;
        // A key id derived from the secret would be one more thing to guess it from.
        signer.kid = None;
        let source = KeySource::ProfileSecret { profile: profile.name.clone() };
        return Ok(Choice::Key(ChosenKey { source, signer: Arc::new(signer) }));
    }
    let name = value.strip_prefix(KEY_OF).ok_or_else(|| unusable("no such key"))?;
    let profile = named(name)?;
    let source = KeySource::ProfileKey { profile: profile.name.clone() };
    match &profile.private_key {
        Some(PrivateKeySource::Pem(pem)) => {
            Ok(Choice::Key(ChosenKey { signer: Arc::new(signer_from_text(&source, pem.expose())?), source }))
        }
        Some(PrivateKeySource::Path(path)) => Ok(Choice::Read { path: path.clone(), source }),
        None => Err(unusable("the profile has no private_key_jwt key")),
    }
}

/// A signer from a key file's text (the algorithm the key's own, RS256 for an RSA key).
pub fn signer_from_text(source: &KeySource, text: &str) -> Result<Signer, KeyError> {
    let label = source.label();
    let material = Material::classify(text).ok_or_else(|| KeyError::NotAKey(label.clone()))?;
    Signer::from_material(&label, material, None)
}
