//! Against the local tenant (`tokex dev-tenant`): each auth method, Auth0's error rows with
//! their hints, discovery, and verification of the tokens it issues.
// Needs the local tenant (the default `tenant` feature): skipped in a client-only build.
#![cfg(feature = "tenant")]

use tokex::config::{AuthMethod, Profile, Secret};
use tokex::domain::DecodedJwt;
use tokex::domain::verify::SignatureState;
use tokex::net::{EndpointSource, FetchError, Http, fetch_token, verify_for_profiles};
use tokex::tenant::{RunningTenant, TenantConfig};

fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

async fn tenant() -> RunningTenant {
    RunningTenant::start(TenantConfig::default()).await.expect("tenant starts")
}

fn profile_for(tenant: &RunningTenant, client: &str) -> Profile {
    let info = tenant.client(client).expect("seed client");
    let profile = Profile::new(client, &tenant.domain(), info.client_id, Secret::new(info.client_secret))
        .expect("profile");
    match info.private_key_pem {
        Some(pem) => profile.with_private_key_pem(pem),
        None => profile,
    }
}

#[tokio::test]
async fn each_auth_method_gets_a_verified_token() {
    let tenant = tenant().await;
    let http = Http::with_defaults().expect("client");
    let admin = profile_for(&tenant, "tokex-admin");
    for profile in [
        admin.clone(),
        admin.clone().with_auth_method(AuthMethod::Basic),
        profile_for(&tenant, "tokex-jwt-m2m"),
    ] {
        let grant = fetch_token(&http, &profile)
            .await
            .unwrap_or_else(|e| panic!("{} {:?}: {e}", profile.name, profile.auth_method));
        assert_eq!(grant.endpoints.source, EndpointSource::Discovery);
        let jwt = DecodedJwt::decode(&grant.response.access_token).expect("jwt");
        let verification = verify_for_profiles(&http, &jwt, std::slice::from_ref(&profile), now()).await;
        assert_eq!(verification.signature, SignatureState::Verified { kid: Some(tenant.kid()) });
        assert!(verification.is_trusted(), "{verification:?}");
    }
}

#[tokio::test]
async fn error_rows_with_hints() {
    let tenant = tenant().await;
    let http = Http::with_defaults().expect("client");
    let mut wrong_secret = profile_for(&tenant, "tokex-admin");
    wrong_secret.secret = tokex::config::SecretSource::Value(Secret::new("wrong-secret-wrong-secret"));
    let no_grant = profile_for(&tenant, "tokex-no-grant");
    let bad_audience = profile_for(&tenant, "tokex-admin").with_audience("https://nope.example/");
    let spa = profile_for(&tenant, "tokex-spa");
    for (profile, status, hint) in [
        (wrong_secret, 401, "rotated"),
        (no_grant, 403, "client grant"),
        (bad_audience, 403, "wrong audience"),
        (spa, 403, "Client Credentials grant type"),
    ] {
        let error = fetch_token(&http, &profile).await.expect_err("rejected");
        assert!(
            matches!(&error, FetchError::Rejected { status: s, .. } if *s == status),
            "{}: {error}",
            profile.name
        );
        assert!(error.hint().is_some_and(|h| h.contains(hint)), "{}: {error}", profile.name);
    }
}
