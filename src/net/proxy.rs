//! Which proxy a request goes through, decided by the same matcher reqwest uses (hyper-util's,
//! from HTTPS_PROXY, HTTP_PROXY, ALL_PROXY and NO_PROXY, as curl reads them), so an error can
//! name the proxy that really failed instead of blaming the tenant.

use hyper_util::client::proxy::matcher::Matcher;

/// The proxy `url` is sent through (credentials removed) and the variable that set it, or
/// None when it goes directly.
pub fn proxy_for(url: &str) -> Option<(String, String)> {
    proxy_for_env(url, &|name| std::env::var(name).ok())
}

/// [`proxy_for`] with an injected environment.
pub fn proxy_for_env(url: &str, env: &dyn Fn(&str) -> Option<String>) -> Option<(String, String)> {
    let uri: hyper::Uri = url.parse().ok()?;
    let get = |name: &str| env(name).or_else(|| env(&name.to_ascii_lowercase())).unwrap_or_default();
    let matcher = Matcher::builder()
        .all(get("ALL_PROXY"))
        .http(get("HTTP_PROXY"))
        .https(get("HTTPS_PROXY"))
        .no(get("NO_PROXY"))
        .build();
    let intercept = matcher.intercept(&uri)?;
    let specific = if uri.scheme_str() == Some("https") { "HTTPS_PROXY" } else { "HTTP_PROXY" };
    let variable = if get(specific).is_empty() { "ALL_PROXY" } else { specific };
    Some((without_credentials(&intercept.uri().to_string()), variable.to_owned()))
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
    fn the_proxy_is_named_without_credentials_and_no_proxy_exempts() {
        let vars = env(&[("HTTPS_PROXY", "http://user:pw@127.0.0.1:9"), ("NO_PROXY", "internal.example")]);
        let (proxy, variable) = proxy_for_env("https://acme.auth0.com/oauth/token", &vars).expect("proxied");
        assert_eq!((proxy.as_str(), variable.as_str()), ("http://127.0.0.1:9/", "HTTPS_PROXY"));
        assert_eq!(proxy_for_env("https://api.internal.example/x", &vars), None);
        assert_eq!(proxy_for_env("http://127.0.0.1:4000/x", &vars), None, "HTTPS_PROXY is for https only");
        let all = env(&[("all_proxy", "http://10.0.0.1:3128")]);
        assert_eq!(
            proxy_for_env("http://127.0.0.1:4000/x", &all),
            Some(("http://10.0.0.1:3128/".to_owned(), "ALL_PROXY".to_owned()))
        );
    }
}
