//! The TUI's start: `tokex [TOKEN|-]` opens the inspector on the configured profiles, and
//! `tokex demo` opens it on the built-in local tenant with a fresh admin token.

#[cfg(feature = "tenant")]
use crate::app::Notice;
#[cfg(feature = "tenant")]
use crate::app::panes::encoder::source::LocalTenantKey;
use crate::app::{Cmd, Model, TokenOrigin};
use crate::config::Profile;
#[cfg(feature = "tenant")]
use crate::config::{DomainError, Secret};
#[cfg(feature = "tenant")]
use crate::net::{FetchError, Http};
#[cfg(feature = "tenant")]
use crate::tenant::{RunningTenant, TenantConfig, TenantError};

/// A model for the TUI with its profiles, preloaded with a token when one was given. Returns
/// the verification the token needs, for the runtime to start.
pub fn initial_model(
    profiles: Vec<Profile>,
    active: Option<usize>,
    token: Option<(&str, TokenOrigin)>,
    now: i64,
) -> (Model, Vec<Cmd>) {
    let offset = *chrono::Local::now().offset();
    let mut model = Model::new(now, offset).with_profiles(profiles, active);
    let mut cmds = Vec::new();
    if let Some((text, origin)) = token {
        // A bad argument is reported in the pane, like a bad paste.
        cmds = crate::app::load_token(&mut model, text, origin).unwrap_or_default();
    }
    (model, cmds)
}

#[cfg(feature = "tenant")]
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("the local tenant did not start: {0}")]
    Tenant(#[from] TenantError),
    #[error("the local tenant's domain is not usable: {0}")]
    Domain(#[from] DomainError),
    #[error("the local tenant has no admin client")]
    NoAdminClient,
    #[error("could not fetch the demo token: {0}")]
    Fetch(#[from] FetchError),
    #[error("the local tenant's key does not sign: {0}")]
    Key(#[from] crate::domain::signing::KeyError),
}

/// The tenant's own key for the encoder: the tenant runs in this process, so what the encoder
/// signs with it verifies against the tenant's JWKS (RS256, under the tenant's `kid`).
#[cfg(feature = "tenant")]
fn local_tenant_key(tenant: &RunningTenant) -> Result<LocalTenantKey, DemoError> {
    use crate::domain::signing::{KeyError, Material, Signer};
    let label = "the local tenant's key";
    let material =
        Material::classify(&tenant.signing_key_pem()).ok_or(KeyError::NotAKey(label.to_owned()))?;
    let signer =
        Signer::from_material(label, material, Some(jsonwebtoken::Algorithm::RS256))?.with_kid(tenant.kid());
    Ok(LocalTenantKey { signer: std::sync::Arc::new(signer), issuer: tenant.issuer() })
}

/// `tokex demo`: the local tenant in-process, its clients as profiles (admin active), and a
/// fresh admin token being inspected. The caller shuts the tenant down after the TUI exits.
#[cfg(feature = "tenant")]
pub async fn start_demo(http: &Http, now: i64) -> Result<(RunningTenant, Model, Vec<Cmd>), DemoError> {
    let tenant = RunningTenant::start(TenantConfig::default()).await?;
    tenant.seed_demo_history();
    let mut profiles = Vec::new();
    for (profile_name, client_name) in
        [("demo-admin", "tokex-admin"), ("demo-readonly", "tokex-readonly"), ("demo-jwt", "tokex-jwt-m2m")]
    {
        let Some(client) = tenant.client(client_name) else { continue };
        let mut profile = Profile::new(
            profile_name,
            &tenant.domain(),
            client.client_id.clone(),
            Secret::new(client.client_secret),
        )?;
        // The demo's tenant lives as long as the TUI: its tokens are never cached (a later
        // `tokex cache list` would show tokens of a tenant that has stopped).
        profile.cache = false;
        profiles.push(match client.private_key_pem {
            Some(pem) => profile.with_private_key_pem(pem),
            None => profile,
        });
    }
    let admin = profiles.first().cloned().ok_or(DemoError::NoAdminClient)?;
    let grant = crate::net::fetch_token(http, &admin).await?;
    let (mut model, initial) =
        initial_model(profiles, Some(0), Some((&grant.response.access_token, TokenOrigin::Fetched)), now);
    if let Some(token) = model.token.as_ref() {
        let raw = token.raw().to_owned();
        model.panes.tokens.record_profile(&raw, &admin.name);
    }
    let local = local_tenant_key(&tenant)?;
    model.panes.encoder = std::mem::take(&mut model.panes.encoder).with_local_tenant(local);
    model.notice = Some(Notice::info(format!(
        "Demo: local tenant at {} · token fetched for demo-admin · 2 Tokens, 3 API, 4 Exposure, ? help",
        tenant.domain()
    )));
    Ok((tenant, model, initial))
}
