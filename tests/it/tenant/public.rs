//! A tenant with a public name, as Auth0's SDKs need one: `--tls` serves HTTPS with a certificate
//! for localhost and 127.0.0.1 signed by a CA made at start (its file named in the JSON line),
//! `--public-url` names the issuer, audience, discovery and `Link` URLs, the SDKs' default
//! audience `https://{host}/api/v2/` is accepted on a plain-http tenant too, and `--unimplemented
//! 404` answers operations without a handler in a way no SDK retries.
#![cfg(feature = "tenant")]

use reqwest::StatusCode;
use serde_json::Value;
use tokex::tenant::{PublicUrl, RunningTenant, TenantConfig, Unimplemented};

use crate::tenant_support::*;

fn trusting(ca_pem: &str) -> reqwest::Client {
    let ca = reqwest::Certificate::from_pem(ca_pem.as_bytes()).expect("CA certificate");
    reqwest::Client::builder()
        .tls_certs_only([ca])
        .timeout(std::time::Duration::from_secs(20))
        .build()
        .expect("client")
}

async fn admin_token(http: &reqwest::Client, t: &RunningTenant, audience: &str) -> Value {
    let admin = t.client("tokex-admin").expect("admin");
    let form = [
        ("grant_type", "client_credentials"),
        ("client_id", admin.client_id.as_str()),
        ("client_secret", admin.client_secret.as_str()),
        ("audience", audience),
    ];
    let r = http.post(format!("{}/oauth/token", t.domain())).form(&form).send().await.expect("token request");
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.expect("json")
}

#[tokio::test]
async fn tls_serves_a_certificate_its_own_ca_vouches_for() {
    let t =
        RunningTenant::start(TenantConfig { tls: true, ..TenantConfig::default() }).await.expect("tenant");
    let domain = t.domain();
    assert!(domain.starts_with("https://127.0.0.1:"), "{domain}");
    let ca_pem = t.ca_pem().expect("a CA").to_string();
    let ca_file = t.ca_file().expect("a CA file").to_path_buf();
    assert_eq!(std::fs::read_to_string(&ca_file).expect("readable"), ca_pem);
    assert_eq!(t.announcement()["ca_file"], ca_file.display().to_string());

    // Without the CA the certificate is not trusted; with it everything works.
    assert!(
        http().get(format!("{domain}/.well-known/jwks.json")).send().await.is_err(),
        "an unknown CA is refused"
    );
    let client = trusting(&ca_pem);
    let discovery: Value = client
        .get(format!("{domain}/.well-known/openid-configuration"))
        .send()
        .await
        .expect("discovery")
        .json()
        .await
        .expect("json");
    assert_eq!(discovery["issuer"], format!("{domain}/"));
    assert_eq!(discovery["token_endpoint"], format!("{domain}/oauth/token"));
    let token = admin_token(&client, &t, &t.audience()).await;
    let claims =
        b64url_json(token["access_token"].as_str().expect("token").split('.').nth(1).expect("payload"));
    assert_eq!(
        (claims["iss"].as_str(), claims["aud"].as_str()),
        (Some(format!("{domain}/").as_str()), Some(t.audience().as_str()))
    );
    let users = client
        .get(format!("{domain}/api/v2/users?per_page=1"))
        .bearer_auth(token["access_token"].as_str().expect("token"))
        .send()
        .await
        .expect("API call");
    assert_eq!(users.status(), StatusCode::OK);

    // The certificate also names localhost.
    let by_name = reqwest::Client::builder()
        .tls_certs_only([reqwest::Certificate::from_pem(ca_pem.as_bytes()).expect("CA")])
        .resolve("localhost", t.addr())
        .build()
        .expect("client");
    let r = by_name
        .get(format!("https://localhost:{}/.well-known/jwks.json", t.addr().port()))
        .send()
        .await
        .expect("by name");
    assert_eq!(r.status(), StatusCode::OK);

    t.shutdown().await;
    assert!(!ca_file.exists(), "the CA's file goes with the tenant");
}

#[tokio::test]
async fn a_public_url_names_issuer_audience_and_links() {
    let probe = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("free port");
    let port = probe.local_addr().expect("addr").port();
    drop(probe);
    let public: PublicUrl = format!("https://localhost:{port}").parse().expect("url");
    let config = TenantConfig { tls: true, public_url: Some(public), ..TenantConfig::default() };
    let t = RunningTenant::start(config).await.expect("tenant");
    assert_eq!(t.addr().port(), port, "the public URL's port is where it listens");
    assert_eq!(
        (t.domain(), t.audience()),
        (format!("https://localhost:{port}"), format!("https://localhost:{port}/api/v2/"))
    );
    let client = reqwest::Client::builder()
        .tls_certs_only([reqwest::Certificate::from_pem(t.ca_pem().expect("CA").as_bytes()).expect("CA")])
        .resolve("localhost", t.addr())
        .build()
        .expect("client");
    let token = admin_token(&client, &t, &t.audience()).await;
    let access = token["access_token"].as_str().expect("token");
    assert_eq!(
        b64url_json(access.split('.').nth(1).expect("payload"))["iss"],
        format!("https://localhost:{port}/")
    );
    let logs = client
        .get(format!("{}/api/v2/logs?take=1", t.domain()))
        .bearer_auth(access)
        .send()
        .await
        .expect("logs");
    let link = logs.headers()["link"].to_str().expect("link").to_string();
    assert!(link.starts_with(&format!("<https://localhost:{port}/api/v2/logs?from=")), "{link}");
    let events: Value = client
        .get(format!("{}/api/v2/logs?q=type:seccft&per_page=1", t.domain()))
        .bearer_auth(access)
        .send()
        .await
        .expect("logs")
        .json()
        .await
        .expect("json");
    assert_eq!(events[0]["hostname"], "localhost");
}

#[tokio::test]
async fn a_plain_http_public_url_with_tls_is_refused_with_the_fix() {
    let public: PublicUrl = "http://localhost:8443".parse().expect("url");
    let config = TenantConfig { tls: true, public_url: Some(public), ..TenantConfig::default() };
    let error = RunningTenant::start(config).await.err().expect("refused").to_string();
    assert!(error.contains("http://localhost:8443") && error.contains("use https://"), "{error}");
}

#[tokio::test]
async fn the_sdks_default_audience_is_accepted_on_plain_http() {
    let t = start().await;
    let http_audience = t.audience();
    let sdk_audience = http_audience.replacen("http://", "https://", 1);
    let token = admin_token(&http(), &t, &sdk_audience).await;
    let access = token["access_token"].as_str().expect("token");
    let claims = b64url_json(access.split('.').nth(1).expect("payload"));
    assert_eq!(claims["aud"], http_audience, "the token names the API's identifier");
    assert_eq!(get(&t, access, "users?per_page=1").await.status, StatusCode::OK);
    // Any other https audience is still no API of this tenant.
    let elsewhere = token_request(&t, "x", "y", "https://elsewhere.example/api/v2/").await;
    assert_ne!(elsewhere.status, StatusCode::OK);
}

#[tokio::test]
async fn unimplemented_operations_can_answer_404_which_no_sdk_retries() {
    let t = RunningTenant::start(TenantConfig {
        unimplemented: Unimplemented::NotFound,
        ..TenantConfig::default()
    })
    .await
    .expect("tenant");
    let admin = token_for(&t, "tokex-admin").await;
    let r = get(&t, &admin, "users/auth0%7C1/organizations").await;
    assert_eq!((r.status, r.body["errorCode"].as_str()), (StatusCode::NOT_FOUND, Some("not_implemented")));
    assert!(
        r.body["message"]
            .as_str()
            .is_some_and(|m| m.contains("does not implement GET /api/v2/users/{id}/organizations"))
    );
    let readonly = token_for(&t, "tokex-readonly").await;
    assert_eq!(
        get(&t, &readonly, "actions/actions").await.status,
        StatusCode::FORBIDDEN,
        "still checked first"
    );
}
