//! Config loading: file parsing, precedence, permission warning, broken files, lazy secrets.
//! The environment is injected; the process environment is never touched.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use tokex::config::{AuthMethod, Config, ConfigProblem, LoadOptions, Overrides, SecretError, SecretSource};

const SECRET: &str = "literal-secret-0123456789-wxyz";

/// A fresh file in a per-test folder under the system temp dir.
fn write_config(text: &str, mode: u32) -> PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "tokex-config-test-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    ));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("config.toml");
    std::fs::write(&path, text).expect("write config");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).expect("chmod");
    }
    path
}

fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
    let map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    move |name| map.get(name).cloned()
}

fn load(path: &Path, profile: Option<&str>, vars: &[(&str, &str)]) -> Config {
    let options = LoadOptions {
        config_path: Some(path.to_owned()),
        profile: profile.map(str::to_owned),
        ..Default::default()
    };
    Config::load_with_env(&options, &env(vars))
}

const TWO_PROFILES: &str = r#"
default_profile = "prod"

[profiles.prod]
domain = "acme.eu.auth0.com"
client_id = "prod-client"
client_secret_env = "ACME_SECRET"

[profiles.local]
domain = "http://127.0.0.1:4000"
client_id = "local-client"
client_secret_cmd = "printf '  from-command-secret-0123456789  \n'"
audience = "https://custom/api/"
auth_method = "basic"
"#;

#[test]
fn parses_profiles_with_defaults() {
    let path = write_config(TWO_PROFILES, 0o600);
    let config = load(&path, None, &[("ACME_SECRET", "env-secret-value-0123456789")]);
    assert!(config.problems.is_empty(), "{:?}", config.problems);
    assert_eq!(config.active.as_deref(), Some("prod"));
    let prod = config.profile("prod").expect("prod");
    assert_eq!(prod.domain, "https://acme.eu.auth0.com");
    assert_eq!(prod.audience, "https://acme.eu.auth0.com/api/v2/");
    assert_eq!(prod.auth_method, AuthMethod::Post);
    assert_eq!(prod.issuer(), "https://acme.eu.auth0.com/");
    assert!(matches!(&prod.secret, SecretSource::Value(s) if s.expose() == "env-secret-value-0123456789"));
    let local = config.profile("local").expect("local");
    assert_eq!(local.domain, "http://127.0.0.1:4000");
    assert_eq!(local.audience, "https://custom/api/");
    assert_eq!(local.auth_method, AuthMethod::Basic);
}

#[tokio::test]
async fn secret_command_runs_lazily_and_is_trimmed() {
    let path = write_config(TWO_PROFILES, 0o600);
    let config = load(&path, Some("local"), &[]);
    let local = config.active_profile().expect("local active");
    assert_eq!(local.secret_display(), "from `printf '  from-command-secret-0123456789  \\n'`");
    let secret = local.client_secret().await.expect("secret");
    assert_eq!(secret.expose(), "from-command-secret-0123456789");
    assert_eq!(local.secret_display(), "••••6789");
}

#[tokio::test]
async fn failing_secret_command_is_an_error_without_stdout() {
    let text = "[profiles.p]\ndomain = \"a.auth0.com\"\nclient_id = \"c\"\nclient_secret_cmd = \"echo half-secret; echo nope >&2; exit 3\"\n";
    let config = load(&write_config(text, 0o600), None, &[]);
    let error = config.active_profile().expect("p").client_secret().await.expect_err("fails");
    let text = error.to_string();
    assert!(matches!(error, SecretError::CommandFailed { .. }), "{text}");
    assert!(text.contains("nope") && !text.contains("half-secret"), "{text}");
}

#[tokio::test]
async fn unset_secret_env_is_explained() {
    let path = write_config(TWO_PROFILES, 0o600);
    let config = load(&path, None, &[]);
    let error = config.active_profile().expect("prod").client_secret().await.expect_err("unset");
    assert_eq!(error.to_string(), "profile `prod`: environment variable ACME_SECRET is not set");
}

#[test]
fn precedence_flag_then_environment_then_file() {
    let path = write_config(TWO_PROFILES, 0o600);
    let vars = [
        ("AUTH0_DOMAIN", "env.auth0.com"),
        ("AUTH0_CLIENT_ID", "env-client"),
        ("AUTH0_CLIENT_SECRET", SECRET),
    ];
    // Environment beats the file's default_profile.
    let config = load(&path, None, &vars);
    let active = config.active_profile().expect("active");
    assert_eq!(active.name, "env");
    assert_eq!(active.domain, "https://env.auth0.com");
    assert_eq!(active.audience, "https://env.auth0.com/api/v2/");
    // The flag beats the environment.
    let config = load(&path, Some("local"), &vars);
    assert_eq!(config.active.as_deref(), Some("local"));
    // Field flags beat everything, and a derived audience follows the domain.
    let options = LoadOptions {
        config_path: Some(path.clone()),
        profile: Some("prod".to_owned()),
        overrides: Overrides { domain: Some("other.auth0.com".to_owned()), ..Default::default() },
    };
    let config = Config::load_with_env(&options, &env(&vars));
    let prod = config.active_profile().expect("prod");
    assert_eq!(prod.domain, "https://other.auth0.com");
    assert_eq!(prod.audience, "https://other.auth0.com/api/v2/");
}

#[test]
fn env_audience_and_incomplete_environment() {
    let path = write_config("", 0o600);
    let config = load(
        &path,
        None,
        &[
            ("AUTH0_DOMAIN", "https://e.auth0.com/"),
            ("AUTH0_CLIENT_ID", "id"),
            ("AUTH0_AUDIENCE", "https://api/"),
        ],
    );
    assert_eq!(config.active_profile().map(|p| p.audience.as_str()), Some("https://api/"));
    assert!(matches!(config.active_profile().map(|p| &p.secret), Some(SecretSource::EnvUnset { .. })));

    let config = load(&path, None, &[("AUTH0_DOMAIN", "e.auth0.com")]);
    assert!(config.active.is_none());
    assert!(matches!(config.problems.as_slice(), [ConfigProblem::IncompleteEnvironment { .. }]));
}

#[test]
fn unknown_profile_flag_is_reported() {
    let path = write_config(TWO_PROFILES, 0o600);
    let config = load(&path, Some("nope"), &[]);
    assert!(config.active.is_none());
    let error = config.require_active().expect_err("no active");
    assert_eq!(error.to_string(), "no profile named `nope` (known: prod, local)");
}

#[test]
fn literal_secret_in_readable_file_warns() {
    let text =
        format!("[profiles.p]\ndomain = \"a.auth0.com\"\nclient_id = \"c\"\nclient_secret = \"{SECRET}\"\n");
    let config = load(&write_config(&text, 0o644), None, &[]);
    let warning = config
        .problems
        .iter()
        .find(|p| matches!(p, ConfigProblem::InsecurePermissions { mode: 0o644, .. }))
        .expect("permission warning");
    assert!(!warning.is_error());
    assert!(warning.to_string().contains("chmod 600"));
    // The profile still loads.
    assert!(config.profile("p").is_some());

    let config = load(&write_config(&text, 0o600), None, &[]);
    assert!(!config.problems.iter().any(|p| matches!(p, ConfigProblem::InsecurePermissions { .. })));
    // A readable file without a literal secret is fine.
    let config = load(&write_config(TWO_PROFILES, 0o644), None, &[]);
    assert!(!config.problems.iter().any(|p| matches!(p, ConfigProblem::InsecurePermissions { .. })));
}

#[test]
fn broken_file_reports_line_and_column_and_still_loads_env() {
    let text =
        "default_profile = \"prod\"\n\n[profiles.prod]\ndomain = \"a.auth0.com\"\nclient_id = = \"x\"\n";
    let path = write_config(text, 0o600);
    let config = load(&path, None, &[("AUTH0_DOMAIN", "e.auth0.com"), ("AUTH0_CLIENT_ID", "id")]);
    let problem = config.problems.iter().find(|p| p.is_error()).expect("syntax error");
    let ConfigProblem::Syntax { position: Some(position), .. } = problem else { panic!("{problem:?}") };
    assert_eq!(position.line, 5);
    assert!(problem.to_string().starts_with(&format!("{}:5:", path.display())), "{problem}");
    assert_eq!(config.active.as_deref(), Some("env"));
}

#[test]
fn one_bad_profile_does_not_lose_the_others() {
    let text = r#"
[profiles.good]
domain = "g.auth0.com"
client_id = "g"

[profiles.typo]
domain = "t.auth0.com"
client_id = "t"
client_secret_evn = "X"

[profiles.insecure]
domain = "http://t.auth0.com"
client_id = "t"

[profiles.nokey]
domain = "k.auth0.com"
client_id = "k"
auth_method = "private_key_jwt"
"#;
    let config = load(&write_config(text, 0o600), None, &[]);
    assert_eq!(config.profiles.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["good"]);
    let messages: Vec<String> = config.problems.iter().map(ToString::to_string).collect();
    assert_eq!(messages.len(), 3, "{messages:#?}");
    assert!(messages[0].contains(":6:") && messages[0].contains("client_secret_evn"), "{}", messages[0]);
    assert!(messages[1].contains("http://") && messages[1].contains("127.0.0.0/8"), "{}", messages[1]);
    assert!(messages[2].contains("private_key_path"), "{}", messages[2]);
}

#[test]
fn missing_default_file_is_not_a_problem_but_missing_explicit_one_is() {
    let missing = std::env::temp_dir().join("tokex-definitely-missing-dir/config.toml");
    let config = load(&missing, None, &[]);
    assert!(matches!(config.problems.as_slice(), [ConfigProblem::ReadFailed { .. }]));
    assert!(config.require_active().is_err());
}

#[test]
fn secret_never_in_debug_output() {
    let text =
        format!("[profiles.p]\ndomain = \"a.auth0.com\"\nclient_id = \"c\"\nclient_secret = \"{SECRET}\"\n");
    let config = load(
        &write_config(&text, 0o600),
        None,
        &[
            ("AUTH0_DOMAIN", "e.auth0.com"),
            ("AUTH0_CLIENT_ID", "id"),
            ("AUTH0_CLIENT_SECRET", "env-secret-abcdefghijkl-9876"),
        ],
    );
    let debug = format!("{config:?} {:#?}", config.profiles);
    assert!(!debug.contains(SECRET) && !debug.contains("env-secret-abcdefghijkl-9876"));
    assert!(debug.contains("••••wxyz"));
    let shown: Vec<String> = config.profiles.iter().map(|p| p.secret_display()).collect();
    assert_eq!(shown, ["••••wxyz", "••••9876"]);
}

#[test]
fn profile_built_in_code_for_the_demo() {
    let profile = tokex::config::Profile::new(
        "demo",
        "http://127.0.0.1:4567",
        "demo-client",
        tokex::config::Secret::new(SECRET),
    )
    .expect("loopback http allowed");
    assert_eq!(profile.issuer(), "http://127.0.0.1:4567/");
    assert_eq!(profile.audience, "http://127.0.0.1:4567/api/v2/");
    assert!(profile.matches_issuer("http://127.0.0.1:4567/"));
    assert!(
        tokex::config::Profile::new("x", "http://example.com", "c", tokex::config::Secret::new("s")).is_err()
    );
}

#[test]
fn explicit_endpoints_are_checked_like_every_url() {
    let text = "[profiles.good]\ndomain = \"acme.auth0.com\"\nclient_id = \"c\"\nclient_secret_env = \"S\"\ntoken_endpoint = \"HTTPS://Login.Example/oauth/token\"\njwks_uri = \"https://keys.example/jwks.json\"\n\n[profiles.sloppy]\ndomain = \"acme.auth0.com\"\nclient_id = \"c\"\nclient_secret_env = \"S\"\ntoken_endpoint = \"http:/203.0.113.5/oauth/token\"\n";
    let path = write_config(text, 0o600);
    let config = load(&path, None, &[]);
    let good = config.profile("good").expect("good");
    assert_eq!(good.token_endpoint.as_deref(), Some("https://login.example/oauth/token"));
    assert_eq!(good.jwks_uri.as_deref(), Some("https://keys.example/jwks.json"));
    assert!(config.profile("sloppy").is_none());
    let problem = config.problems.iter().find(|p| p.to_string().contains("sloppy")).expect("problem");
    assert!(problem.to_string().contains("`token_endpoint` refused"), "{problem}");
    assert!(problem.is_error());
    assert!(
        matches!(
            problem,
            ConfigProblem::InvalidProfile {
                problem: tokex::config::ProfileError::Endpoint {
                    key: "token_endpoint",
                    error: tokex::config::DomainError::InsecureHttp(_)
                },
                ..
            }
        ),
        "typed until shown: {problem:?}"
    );
}

#[test]
fn sloppy_http_domains_are_refused_not_read_as_https() {
    for domain in ["http:/203.0.113.5", "http:\\\\203.0.113.5", "HTTP://203.0.113.5"] {
        let text =
            format!("[profiles.p]\ndomain = '{domain}'\nclient_id = \"c\"\nclient_secret_env = \"S\"\n");
        let config = load(&write_config(&text, 0o600), None, &[]);
        assert!(
            config.profile("p").is_none(),
            "{domain} loaded as {:?}",
            config.profile("p").map(|p| &p.domain)
        );
    }
    let env_config = load(
        &write_config("", 0o600),
        None,
        &[("AUTH0_DOMAIN", "http:/203.0.113.5"), ("AUTH0_CLIENT_ID", "c"), ("AUTH0_CLIENT_SECRET", "s")],
    );
    assert!(env_config.profile("env").is_none());
}

/// `XDG_CONFIG_HOME` decides where the file is looked for on every OS (the `directories`
/// crate would use `~/Library/Application Support` on macOS); a relative value is ignored.
#[test]
fn xdg_config_home_is_honoured_everywhere() {
    let path = write_config(
        "default_profile = \"xdg\"\n[profiles.xdg]\ndomain = \"xdg.example.com\"\nclient_id = \"c\"\n",
        0o600,
    );
    let config_home = path.parent().expect("per-test folder").to_owned();
    let tokex_dir = config_home.join("tokex");
    std::fs::create_dir_all(&tokex_dir).expect("tokex dir");
    std::fs::copy(&path, tokex_dir.join("config.toml")).expect("copy");
    let home = config_home.to_string_lossy().into_owned();
    assert_eq!(
        tokex::config::config_path_from_env(&env(&[("XDG_CONFIG_HOME", &home)])),
        Some(tokex_dir.join("config.toml"))
    );
    let config = Config::load_with_env(&LoadOptions::default(), &env(&[("XDG_CONFIG_HOME", &home)]));
    assert_eq!(config.active.as_deref(), Some("xdg"), "{:?}", config.problems);
    assert_eq!(config.file, Some(tokex_dir.join("config.toml")));
    let relative = tokex::config::config_path_from_env(&env(&[("XDG_CONFIG_HOME", "relative/dir")]));
    assert_ne!(relative, Some(PathBuf::from("relative/dir/tokex/config.toml")));
}
