//! Issue 9 point 1 over real loopback HTTP: a hostile discovery document cannot send the
//! client secret (or a token check) to another origin, whatever spelling it uses.

use crate::net_support as support;

use serde_json::json;
use std::net::SocketAddr;
use std::time::Duration;
use support::server::{self, not_found, start};
use tokex::config::{Profile, Secret};
use tokex::net::{DiscoveryError, FetchError, Http, HttpOptions, fetch_token, verify_for_profile};
use tokio::io::AsyncReadExt;
use tokio::net::TcpListener;

const SECRET: &str = "hostile-discovery-secret-0123456789";

fn http() -> Http {
    Http::new(HttpOptions { timeout: Duration::from_secs(2), ..Default::default() }).expect("client")
}

/// A second loopback listener that only counts what reaches it.
struct Trap {
    listener: TcpListener,
    addr: SocketAddr,
}

impl Trap {
    async fn new() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        Self { listener, addr }
    }

    /// Bytes received within a short bounded wait (none when nobody connects).
    async fn bytes_received(&self) -> usize {
        let accepted = tokio::time::timeout(Duration::from_millis(300), self.listener.accept()).await;
        let Ok(Ok((mut socket, _))) = accepted else { return 0 };
        let mut buffer = vec![0u8; 65536];
        match tokio::time::timeout(Duration::from_millis(500), socket.read(&mut buffer)).await {
            Ok(Ok(read)) => read.max(1),
            _ => 1,
        }
    }
}

/// Discovery on `server` that names `token_endpoint` and `jwks_uri`.
async fn hostile_discovery(token_endpoint: String, jwks_uri: Option<String>) -> server::TestServer {
    start(move |r| match r.path.as_str() {
        "/.well-known/openid-configuration" => {
            let host = r.header("host").unwrap_or_default();
            let jwks = jwks_uri.clone().unwrap_or_else(|| format!("http://{host}/keys"));
            server::json(
                200,
                json!({"issuer": format!("http://{host}/"), "token_endpoint": token_endpoint, "jwks_uri": jwks}),
            )
        }
        _ => not_found(),
    })
    .await
}

/// Every spelling of "the trap's port on loopback" the issue lists.
fn spellings(trap: SocketAddr) -> Vec<String> {
    let port = trap.port();
    vec![
        format!("http://127.0.0.1:{port}/oauth/token"),
        format!("http:/127.0.0.1:{port}/oauth/token"),
        format!("http:127.0.0.1:{port}/oauth/token"),
        format!("http:\\\\127.0.0.1:{port}\\oauth\\token"),
        format!("HTTP://127.0.0.1:{port}/oauth/token"),
        format!("http://a@127.0.0.1:{port}/oauth/token"),
        format!("http://[::ffff:127.0.0.1]:{port}/oauth/token"),
        format!("http://localhost.:{port}/oauth/token"),
        format!("http://localhost:{port}/oauth/token"),
        format!("http://%31%32%37.0.0.1:{port}/oauth/token"),
        format!("http://2130706433:{port}/oauth/token"),
    ]
}

#[tokio::test]
async fn a_discovered_token_endpoint_on_another_origin_receives_no_byte() {
    let trap = Trap::new().await;
    for spelling in spellings(trap.addr) {
        let discovery = hostile_discovery(spelling.clone(), None).await;
        let profile = Profile::new("p", &discovery.base(), "client", Secret::new(SECRET)).expect("profile");
        let error = fetch_token(&http(), &profile).await.expect_err(&spelling);
        assert!(matches!(error, FetchError::Discovery(_)), "{spelling}: {error:?}");
        let text = error.to_string();
        assert!(!text.contains(SECRET), "{text}");
        if let FetchError::Discovery(DiscoveryError::ForeignOrigin { found, expected, .. }) = &error {
            assert_eq!(expected, &discovery.base(), "names the profile's origin");
            assert!(found.ends_with(&format!(":{}", trap.addr.port())), "names the other origin: {found}");
            assert!(text.contains(&discovery.base()) && text.contains(found.as_str()), "{text}");
        }
        assert_eq!(trap.bytes_received().await, 0, "{spelling} reached the trap");
    }
}

#[tokio::test]
async fn a_token_endpoint_named_in_the_profile_may_be_elsewhere() {
    let token_server = start(|r| {
        if r.path == "/oauth/token" {
            server::json(200, json!({"access_token": "a.b.c", "expires_in": 60, "token_type": "Bearer"}))
        } else {
            not_found()
        }
    })
    .await;
    let named = format!("{}/oauth/token", token_server.base());
    let discovery = hostile_discovery(named.clone(), None).await;
    // Discovery alone is refused …
    let plain = Profile::new("p", &discovery.base(), "client", Secret::new(SECRET)).expect("profile");
    assert!(fetch_token(&http(), &plain).await.is_err());
    assert_eq!(token_server.hits("/oauth/token"), 0);
    // … but a profile that names the endpoint explicitly uses it.
    let explicit = plain.with_token_endpoint(&named).expect("checked");
    let grant = fetch_token(&http(), &explicit).await.expect("token");
    assert_eq!(grant.endpoints.token_endpoint, named);
    assert_eq!(token_server.hits("/oauth/token"), 1);
    // The explicit endpoint passes the same check as everything else.
    assert!(
        Profile::new("p", &discovery.base(), "c", Secret::new(SECRET))
            .expect("profile")
            .with_token_endpoint("http:/203.0.113.5/oauth/token")
            .is_err()
    );
}

#[tokio::test]
async fn a_discovered_jwks_uri_on_another_origin_is_not_fetched() {
    let trap = Trap::new().await;
    let jwks = format!("http://127.0.0.1:{}/keys", trap.addr.port());
    let discovery = start(move |r| match r.path.as_str() {
        "/.well-known/openid-configuration" => {
            let host = r.header("host").unwrap_or_default();
            server::json(
                200,
                json!({"issuer": format!("http://{host}/"), "token_endpoint": format!("http://{host}/oauth/token"), "jwks_uri": jwks}),
            )
        }
        _ => not_found(),
    })
    .await;
    let profile = Profile::new("p", &discovery.base(), "client", Secret::new(SECRET)).expect("profile");
    let jwt = tokex::domain::DecodedJwt::decode("eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0.c2ln").expect("jwt");
    let verification = verify_for_profile(&http(), &jwt, &profile, 0).await;
    assert!(
        verification.signature.to_string().contains("not on the profile's origin"),
        "{}",
        verification.signature
    );
    assert_eq!(trap.bytes_received().await, 0);
}

/// Verifying on request contacts the token's own issuer only through the same check: a
/// sloppy spelling of plain http to another host is refused before any request. `--jwks URL`
/// likewise.
#[tokio::test]
async fn an_issuer_or_jwks_url_in_a_sloppy_spelling_is_refused() {
    use tokex::net::{JwksError, JwksSource, load_jwks, target_for_issuer};
    for iss in ["http:/203.0.113.5/", "HTTP://203.0.113.5/", "http:\\\\203.0.113.5\\", "http://a@127.0.0.1/"]
    {
        let error = target_for_issuer(&http(), iss, None).await.expect_err(iss);
        assert!(matches!(error, JwksError::InsecureUrl(_)), "{iss}: {error:?}");
        let reason = error.to_string();
        assert!(
            reason.contains("plain http:// is only allowed") || reason.contains("user name or password"),
            "{iss}: {reason}"
        );
    }
    // `--jwks` names a URL in any case of its scheme; the URL is checked like any other.
    for argument in ["HTTP://203.0.113.5/keys", "http:/203.0.113.5/keys", "https://a@b/keys"] {
        let source = JwksSource::parse(argument);
        assert!(matches!(source, JwksSource::Url(_)), "{argument} is a URL, not a file");
        let error = load_jwks(&http(), &source, true).await.expect_err(argument);
        assert!(matches!(error, JwksError::InsecureUrl(_)), "{argument}: {error:?}");
    }
    assert_eq!(JwksSource::parse("keys.json"), JwksSource::File("keys.json".into()));
}
