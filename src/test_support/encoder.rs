//! The encoder's test set-up: a "local tenant" key (really generated, RS256, under a kid of its
//! own) and a token that tenant issued, loaded and then opened in the encoder with `E`.

use super::{NOW, offset, press, token};
use crate::app::panes::encoder::source::LocalTenantKey;
use crate::app::{Model, Msg, PaneId, update};
use crate::domain::signing::Signer;
use crossterm::event::KeyCode;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::{Value, json};
use std::sync::{Arc, OnceLock};

pub const LOCAL_ISSUER: &str = "http://127.0.0.1:4000/";
pub const LOCAL_KID: &str = "local-tenant-kid";

/// One RSA key for every test (generating one per test costs seconds in a debug build).
pub fn local_tenant() -> LocalTenantKey {
    static KEY: OnceLock<Arc<Signer>> = OnceLock::new();
    let signer = KEY
        .get_or_init(|| Arc::new(Signer::generate(Algorithm::RS256).expect("an RSA key").with_kid(LOCAL_KID)))
        .clone();
    LocalTenantKey { signer, issuer: LOCAL_ISSUER.to_owned() }
}

/// A token of the local tenant with `scope`, as its `/oauth/token` shapes them.
pub fn local_token(scope: &str) -> String {
    token(
        json!({"typ": "JWT", "alg": "RS256", "kid": LOCAL_KID}),
        json!({
            "iss": LOCAL_ISSUER,
            "sub": "client1@clients",
            "aud": "http://127.0.0.1:4000/api/v2/",
            "iat": NOW,
            "exp": NOW + 86_400,
            "scope": scope,
            "gty": "client-credentials",
            "azp": "client1",
        }),
    )
}

/// A model that holds the local tenant's key and inspects its token with `scope`; `E` then
/// opens the encoder (its claims editor open).
pub fn encoder_model(scope: &str) -> Model {
    let mut model = Model::new(NOW, offset());
    model.panes.encoder = std::mem::take(&mut model.panes.encoder).with_local_tenant(local_tenant());
    update(&mut model, Msg::Paste(local_token(scope)));
    press(&mut model, KeyCode::Char('E'));
    assert_eq!(model.focus, PaneId::Encoder);
    model
}

/// The claims of `raw` once its signature checks out against the local tenant's public key.
pub fn verified_claims(raw: &str) -> Value {
    let jwk: jsonwebtoken::jwk::Jwk =
        serde_json::from_value(local_tenant().signer.public_jwk.clone()).expect("a public JWK");
    let key = DecodingKey::from_jwk(&jwk).expect("a decoding key");
    let mut validation = Validation::new(Algorithm::RS256);
    validation.validate_aud = false;
    validation.validate_exp = false;
    jsonwebtoken::decode::<Value>(raw, &key, &validation).expect("signed by the local tenant's key").claims
}
