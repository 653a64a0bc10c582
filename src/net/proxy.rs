//! Which route a request takes. tokex sends a secret, a client assertion or a token on every
//! request it makes, so:
//!
//! - **https** honours `HTTPS_PROXY` (else `ALL_PROXY`) and `NO_PROXY`, as curl reads them
//!   (also lower-case), through hyper-util's matcher, the one reqwest uses. The proxy only ever
//!   sees a `CONNECT host:443` and then TLS it cannot read.
//! - **plain http** always goes directly. It is only ever allowed to a loopback host
//!   (`config::check_url`), which is this machine: a proxy could only be a detour that reads the
//!   secret in clear (`HTTP_PROXY` forwards the whole request, body included) and may sit on
//!   another host. Going directly is what `NO_PROXY=localhost,127.0.0.1` would do, and it keeps
//!   the local tenant working for anyone whose environment names a proxy; refusing instead would
//!   only break that. `HTTP_PROXY` is therefore never used, and `-v` logs that it was ignored.
//!
//! The client is built with [`reqwest_proxy`], and errors and the log name the route from
//! [`route_for`]: one decision for both.

use hyper_util::client::proxy::matcher::Matcher;
use std::fmt;

/// How a request to a URL leaves this machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// Straight to the host. `ignored` names the proxy variable that was set but not used
    /// (plain http never goes through a proxy).
    Direct { ignored: Option<String> },
    /// Through `proxy` (credentials removed), set by `variable`, as a CONNECT tunnel.
    Proxy { proxy: String, variable: String },
}

impl fmt::Display for Route {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Route::Direct { ignored: None } => f.write_str("direct"),
            Route::Direct { ignored: Some(variable) } => {
                write!(
                    f,
                    "direct (plain http to this machine never goes through a proxy; {variable} ignored)"
                )
            }
            Route::Proxy { proxy, variable } => write!(f, "CONNECT tunnel through {proxy} (from {variable})"),
        }
    }
}

/// The route of a request to `url`, read from the process environment.
pub fn route_for(url: &str) -> Route {
    route_for_env(url, &|name| std::env::var(name).ok())
}

/// [`route_for`] with an injected environment.
pub fn route_for_env(url: &str, env: &dyn Fn(&str) -> Option<String>) -> Route {
    match proxy_of(url, env) {
        Some((_, proxy, variable)) => Route::Proxy { proxy, variable },
        None if is_https(url) => Route::Direct { ignored: None },
        None => {
            let set = ["HTTP_PROXY", "ALL_PROXY"].into_iter().find(|name| !variable(env, name).is_empty());
            Route::Direct { ignored: set.map(str::to_owned) }
        }
    }
}

/// The proxy `url` is sent through (credentials removed) and the variable that set it, or
/// None when it goes directly.
pub fn proxy_for(url: &str) -> Option<(String, String)> {
    proxy_of(url, &|name| std::env::var(name).ok()).map(|(_, proxy, variable)| (proxy, variable))
}

/// The client's proxy setting: the decision of [`route_for`], made for each request (the
/// proxy URL keeps its credentials here: reqwest sends them to the proxy, nowhere else).
pub(crate) fn reqwest_proxy() -> reqwest::Proxy {
    reqwest::Proxy::custom(|url| {
        proxy_of(url.as_str(), &|name| std::env::var(name).ok()).map(|(raw, ..)| raw)
    })
}

/// For an https URL the proxy chosen by the environment: its URL as written, the same
/// without credentials, and the variable. None for anything else, and for hosts in `NO_PROXY`.
fn proxy_of(url: &str, env: &dyn Fn(&str) -> Option<String>) -> Option<(String, String, String)> {
    if !is_https(url) {
        return None;
    }
    let uri: hyper::Uri = url.parse().ok()?;
    let matcher = Matcher::builder()
        .all(variable(env, "ALL_PROXY"))
        .https(variable(env, "HTTPS_PROXY"))
        .no(variable(env, "NO_PROXY"))
        .build();
    let intercept = matcher.intercept(&uri)?;
    let name = if variable(env, "HTTPS_PROXY").is_empty() { "ALL_PROXY" } else { "HTTPS_PROXY" };
    Some((variable(env, name), without_credentials(&intercept.uri().to_string()), name.to_owned()))
}

fn is_https(url: &str) -> bool {
    url.get(..8).is_some_and(|scheme| scheme.eq_ignore_ascii_case("https://"))
}

/// `NAME`, else `name` (curl reads both), else empty.
fn variable(env: &dyn Fn(&str) -> Option<String>, name: &str) -> String {
    env(name).or_else(|| env(&name.to_ascii_lowercase())).unwrap_or_default()
}

/// A proxy URL may carry `user:password@`: never shown.
fn without_credentials(proxy: &str) -> String {
    match url::Url::parse(proxy) {
        Ok(mut parsed) => {
            let _ = parsed.set_username("");
            let _ = parsed.set_password(None);
            parsed.to_string()
        }
        Err(_) => "(unparsable proxy URL)".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| (*v).to_owned())
    }

    #[test]
    fn https_takes_the_proxy_named_without_credentials_and_no_proxy_exempts() {
        let vars = env(&[("HTTPS_PROXY", "http://user:pw@127.0.0.1:9"), ("NO_PROXY", "internal.example")]);
        assert_eq!(
            route_for_env("https://acme.auth0.com/oauth/token", &vars),
            Route::Proxy { proxy: "http://127.0.0.1:9/".to_owned(), variable: "HTTPS_PROXY".to_owned() }
        );
        let raw = proxy_of("https://acme.auth0.com/oauth/token", &vars).map(|(raw, ..)| raw);
        assert_eq!(raw.as_deref(), Some("http://user:pw@127.0.0.1:9"), "reqwest gets the credentials");
        assert_eq!(route_for_env("https://api.internal.example/x", &vars), Route::Direct { ignored: None });
        let all = env(&[("all_proxy", "http://10.0.0.1:3128")]);
        assert_eq!(
            route_for_env("https://acme.auth0.com/", &all),
            Route::Proxy { proxy: "http://10.0.0.1:3128/".to_owned(), variable: "ALL_PROXY".to_owned() }
        );
    }

    #[test]
    fn plain_http_never_takes_a_proxy_and_says_which_it_ignored() {
        let vars = env(&[("HTTP_PROXY", "http://10.0.0.1:3128"), ("ALL_PROXY", "http://10.0.0.2:3128")]);
        for url in ["http://127.0.0.1:4000/oauth/token", "HTTP://localhost:4000/x", "http://[::1]:4000/"] {
            let route = route_for_env(url, &vars);
            assert_eq!(route, Route::Direct { ignored: Some("HTTP_PROXY".to_owned()) }, "{url}");
            assert!(route.to_string().contains("HTTP_PROXY ignored"), "{route}");
        }
        assert_eq!(
            route_for_env("http://127.0.0.1:4000/", &env(&[("all_proxy", "http://10.0.0.2:3128")])),
            Route::Direct { ignored: Some("ALL_PROXY".to_owned()) }
        );
        assert_eq!(route_for_env("http://127.0.0.1:4000/", &env(&[])).to_string(), "direct");
    }
}
