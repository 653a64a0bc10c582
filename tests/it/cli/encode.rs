//! `tokex encode` and `decode --verify --key` (issue 25, points 1 and 4): every algorithm signs
//! and verifies; PEM private keys, public keys and certificates-free PEM work; the algorithm
//! comes from the key (an HS256 header against an RSA key is refused); a file that is no key is
//! refused without its content; an independent implementation (PyJWT) verifies tokex's tokens;
//! `encode --management-api` decodes with a real token's warnings.

use crate::cli_support;
use aws_lc_rs::encoding::AsDer;
use cli_support::{args, text, tokex};
use serde_json::Value;
use std::path::{Path, PathBuf};

const ALGORITHMS: [&str; 12] = [
    "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384",
    "EdDSA",
];

fn dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tokex-encode-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    dir
}

fn path(p: &Path) -> String {
    p.display().to_string()
}

async fn encode_json(list: &[&str]) -> Value {
    let out = tokex(args(list), "", vec![]).await;
    assert_eq!(out.status.code(), Some(0), "{list:?}: {}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("encode --json")
}

/// Every algorithm: a generated key signs, its public JWK (in a file, and as a JWKS) verifies;
/// a token changed after signing does not.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_algorithm_round_trips_through_decode_verify_key() {
    let dir = dir("round");
    for alg in ALGORITHMS {
        let made = encode_json(&[
            "encode",
            "--generate-key",
            "--alg",
            alg,
            "--iss",
            "https://t.example/",
            "--aud",
            "https://t.example/api/v2/",
            "--exp",
            "+1h",
            "--scope",
            "read:users",
            "--json",
        ])
        .await;
        let token = made["token"].as_str().expect("token").to_owned();
        assert_eq!(made["header"]["alg"], alg);
        assert_eq!(made["header"]["kid"], made["kid"], "{made}");
        let jwk = dir.join(format!("{alg}.jwk"));
        std::fs::write(&jwk, made["public_jwk"].to_string()).expect("jwk");
        let jwks = dir.join(format!("{alg}.jwks"));
        std::fs::write(&jwks, serde_json::json!({"keys": [made["public_jwk"]]}).to_string()).expect("jwks");
        for key in [path(&jwk), format!("@{}", path(&jwks))] {
            let out = tokex(args(&["decode", "--verify", "--key", &key, &token]), "", vec![]).await;
            assert_eq!(out.status.code(), Some(0), "{alg} {key}: {}", text(&out.stderr));
            assert!(text(&out.stdout).contains("signature: signature verified"), "{}", text(&out.stdout));
        }
        // One character of the payload changed: the signature no longer matches.
        let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
        parts[1] = tokex_payload_with_other_scope(&parts[1]);
        let tampered = parts.join(".");
        let out = tokex(args(&["decode", "--verify", "--key", &path(&jwk), &tampered]), "", vec![]).await;
        assert_eq!(out.status.code(), Some(3), "{alg}: tampered must fail: {}", text(&out.stderr));
    }
    let _ = std::fs::remove_dir_all(&dir);
}

fn tokex_payload_with_other_scope(payload: &str) -> String {
    use base64::Engine;
    let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let text = String::from_utf8(engine.decode(payload).expect("b64")).expect("utf8");
    engine.encode(text.replace("read:users", "read:userz"))
}

/// PEM keys from files: PKCS#8 private keys sign (RSA, P-256, P-384, Ed25519), the public key
/// PEM (SPKI) and the private key itself verify.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pem_keys_sign_and_verify() {
    use aws_lc_rs::signature::{
        ECDSA_P256_SHA256_FIXED_SIGNING, ECDSA_P384_SHA384_FIXED_SIGNING, EcdsaKeyPair, Ed25519KeyPair,
        KeyPair as _,
    };
    let dir = dir("pem");
    let pem = |tag: &str, der: &[u8]| pem::encode(&pem::Pem::new(tag, der.to_vec()));
    let rsa = aws_lc_rs::rsa::KeyPair::generate(aws_lc_rs::rsa::KeySize::Rsa2048).expect("rsa");
    let rsa_der: aws_lc_rs::encoding::Pkcs8V1Der = rsa.as_der().expect("der");
    let rsa_public: aws_lc_rs::encoding::PublicKeyX509Der = rsa.public_key().as_der().expect("spki");
    let p256 = EcdsaKeyPair::generate(&ECDSA_P256_SHA256_FIXED_SIGNING).expect("p256");
    let p384 = EcdsaKeyPair::generate(&ECDSA_P384_SHA384_FIXED_SIGNING).expect("p384");
    let ed = Ed25519KeyPair::generate().expect("ed");
    let keys = [
        ("RS256", pem("PRIVATE KEY", rsa_der.as_ref()), Some(pem("PUBLIC KEY", rsa_public.as_ref()))),
        ("PS384", pem("PRIVATE KEY", rsa_der.as_ref()), None),
        ("ES256", pem("PRIVATE KEY", p256.to_pkcs8v1().expect("der").as_ref()), None),
        ("ES384", pem("PRIVATE KEY", p384.to_pkcs8v1().expect("der").as_ref()), None),
        ("EdDSA", pem("PRIVATE KEY", ed.to_pkcs8v1().expect("der").as_ref()), None),
    ];
    for (alg, private, public) in keys {
        let key = dir.join(format!("{alg}.pem"));
        std::fs::write(&key, &private).expect("pem");
        let made =
            encode_json(&["encode", "--key", &path(&key), "--alg", alg, "--sub", "me", "--json"]).await;
        let token = made["token"].as_str().expect("token");
        assert_eq!(made["header"]["alg"], alg);
        let mut verifiers = vec![path(&key)];
        if let Some(public) = public {
            let public_file = dir.join(format!("{alg}.pub.pem"));
            std::fs::write(&public_file, public).expect("public");
            verifiers.push(format!("@{}", path(&public_file)));
        }
        for verifier in verifiers {
            let out = tokex(args(&["decode", "--verify", "--key", &verifier, token]), "", vec![]).await;
            assert_eq!(out.status.code(), Some(0), "{alg} with {verifier}: {}", text(&out.stderr));
        }
    }
    // A key of one family with an algorithm of another is refused before signing.
    let key = dir.join("ES256.pem");
    let out = tokex(args(&["encode", "--key", &path(&key), "--alg", "RS256"]), "", vec![]).await;
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("RS256 does not fit a key of type EC P-256"), "{}", text(&out.stderr));
    let _ = std::fs::remove_dir_all(&dir);
}

/// The classic confusion: an HS256 token whose secret is the RSA public key's own text. With
/// that public key as --key, tokex takes the algorithm from the key (RSA) and refuses.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_header_never_chooses_the_algorithm() {
    let dir = dir("confusion");
    let made = encode_json(&["encode", "--generate-key", "--alg", "RS256", "--json"]).await;
    let jwk = dir.join("rsa.jwk");
    std::fs::write(&jwk, made["public_jwk"].to_string()).expect("jwk");
    let secret = dir.join("secret");
    std::fs::write(&secret, std::fs::read(&jwk).expect("read")).expect("secret");
    // The forger names the RSA key's kid, so the key is found and its family decides.
    let kid = made["kid"].as_str().unwrap_or("").to_owned();
    let forged =
        encode_json(&["encode", "--secret", &format!("@{}", path(&secret)), "--kid", &kid, "--json"]).await;
    let out = tokex(
        args(&["decode", "--verify", "--key", &path(&jwk), forged["token"].as_str().unwrap_or("")]),
        "",
        vec![],
    )
    .await;
    assert_eq!(out.status.code(), Some(3));
    assert!(
        text(&out.stderr).contains("the header asks for HS256 but the key is RSA"),
        "{}",
        text(&out.stderr)
    );
    // The same secret as an HMAC secret verifies it (it is what signed it).
    let out = tokex(
        args(&[
            "decode",
            "--verify",
            "--secret",
            &format!("@{}", path(&secret)),
            forged["token"].as_str().unwrap_or(""),
        ]),
        "",
        vec![],
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let _ = std::fs::remove_dir_all(&dir);
}

/// A file that is no key is refused, and nothing of it is shown; a literal secret is warned about;
/// a secret from the environment is not.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn files_that_are_no_key_are_refused_without_their_content() {
    let dir = dir("nokey");
    let token =
        encode_json(&["encode", "--generate-key", "--json"]).await["token"].as_str().unwrap_or("").to_owned();
    for (name, content) in [
        ("password.txt", "hunter2-TOPSECRET\n"),
        ("broken.pem", "-----BEGIN PRIVATE KEY-----\nTOPSECRET!!\n-----END PRIVATE KEY-----\n"),
        ("other.json", "{\"TOPSECRET\": 1}"),
    ] {
        let file = dir.join(name);
        std::fs::write(&file, content).expect("write");
        for command in [vec!["decode", "--verify", "--key"], vec!["encode", "--key"]] {
            let mut list = command.clone();
            let file_arg = path(&file);
            list.push(&file_arg);
            if command[0] == "decode" {
                list.push(&token);
            }
            let out = tokex(args(&list), "", vec![]).await;
            let stderr = text(&out.stderr);
            assert_eq!(out.status.code(), Some(3), "{name} {command:?}: {stderr}");
            assert!(stderr.starts_with("tokex: error: "), "{stderr}");
            assert!(!stderr.contains("TOPSECRET") && !text(&out.stdout).contains("TOPSECRET"), "{stderr}");
        }
    }
    let out = tokex(args(&["encode", "--secret", "literal-secret"]), "", vec![]).await;
    assert_eq!(out.status.code(), Some(0));
    assert!(
        text(&out.stderr).contains("tokex: warning: a secret on the command line"),
        "{}",
        text(&out.stderr)
    );
    let out = tokex(
        args(&["encode", "--secret", "env:TOKEX_TEST_SECRET"]),
        "",
        vec![("TOKEX_TEST_SECRET", "s".into())],
    )
    .await;
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stderr).is_empty(), "{}", text(&out.stderr));
    let _ = std::fs::remove_dir_all(&dir);
}

/// Claims from flags, typed values and relative times; --from keeps what is not named.
#[tokio::test]
async fn claims_come_from_flags_json_and_other_tokens() {
    let env = || vec![("S", "a-secret".to_owned())];
    let list = [
        "encode",
        "--secret",
        "env:S",
        "--claims",
        "{\"a\": 1, \"sub\": \"old\"}",
        "--claim",
        "n=3",
        "--claim",
        "ok=true",
        "--claim",
        "name=jane",
        "--aud",
        "x",
        "--aud",
        "y",
        "--iat",
        "1700000000",
        "--exp",
        "+1h",
        "--json",
    ];
    let out = tokex(args(&list), "", env()).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let made: Value = serde_json::from_slice(&out.stdout).expect("json");
    let claims = &made["claims"];
    assert_eq!(
        (claims["a"].clone(), claims["n"].clone(), claims["ok"].clone()),
        (1.into(), 3.into(), true.into())
    );
    assert_eq!(claims["name"], "jane");
    assert_eq!(claims["aud"], serde_json::json!(["x", "y"]));
    assert_eq!(claims["iat"], 1_700_000_000);
    let now = chrono::Utc::now().timestamp();
    assert!((claims["exp"].as_i64().unwrap_or(0) - (now + 3600)).abs() < 60, "{claims}");
    assert!(!made.as_object().is_some_and(|o| o.contains_key("public_jwk")), "an HMAC secret is not echoed");
    // --from: the other token's claims, with what is named changed.
    let token = made["token"].as_str().unwrap_or("");
    let out =
        tokex(args(&["encode", "--secret", "env:S", "--from", token, "--sub", "new", "--json"]), "", env())
            .await;
    let again: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(again["claims"]["sub"], "new");
    assert_eq!(again["claims"]["n"], 3);
    assert_eq!(again["claims"]["iat"], 1_700_000_000);
    // The token alone on stdout without --json.
    let out = tokex(args(&["encode", "--secret", "env:S", "--sub", "x"]), "", env()).await;
    let stdout = text(&out.stdout);
    assert_eq!(stdout.lines().count(), 1);
    assert_eq!(stdout.trim().split('.').count(), 3, "{stdout}");
}

/// An independent implementation verifies tokex's tokens: PyJWT (with `cryptography`), installed
/// by this test into target/pyjwt (git-ignored) when missing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pyjwt_verifies_what_tokex_signs() {
    let Ok(python) = which_python() else {
        eprintln!("SKIPPED pyjwt_verifies_what_tokex_signs: no python3 on this machine");
        return;
    };
    let site = Path::new(env!("CARGO_MANIFEST_DIR")).join("target").join("pyjwt");
    if !site.join("jwt").exists() {
        let status = std::process::Command::new(&python)
            .args(["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--target"])
            .arg(&site)
            .args(["pyjwt==2.10.1", "cryptography"])
            .status()
            .expect("pip runs");
        assert!(status.success(), "installing PyJWT into {} failed", site.display());
    }
    // One Python for all twelve (each start imports `cryptography`): a line per token in, the
    // scope PyJWT verified out, in order.
    let script = r#"
import json, sys, jwt
for line in sys.stdin:
    token, jwk, alg = json.loads(line)
    key = jwt.PyJWK(jwk, algorithm=alg)
    claims = jwt.decode(token, key.key, algorithms=[alg], audience="https://t.example/api/v2/", issuer="https://t.example/")
    print(alg, claims["scope"])
"#;
    let mut lines = String::new();
    for alg in ALGORITHMS {
        let made = encode_json(&[
            "encode",
            "--generate-key",
            "--alg",
            alg,
            "--iss",
            "https://t.example/",
            "--aud",
            "https://t.example/api/v2/",
            "--scope",
            "read:users read:roles",
            "--exp",
            "+1h",
            "--json",
        ])
        .await;
        lines.push_str(&serde_json::json!([made["token"], made["public_jwk"], alg]).to_string());
        lines.push('\n');
    }
    let mut child = std::process::Command::new(&python)
        .env("PYTHONPATH", &site)
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("python runs");
    if let Some(mut stdin) = child.stdin.take() {
        use std::io::Write;
        stdin.write_all(lines.as_bytes()).expect("to python");
    }
    let output = child.wait_with_output().expect("python ends");
    assert!(output.status.success(), "{}", text(&output.stderr));
    let verified: Vec<String> = text(&output.stdout).lines().map(str::to_owned).collect();
    let expected: Vec<String> = ALGORITHMS.iter().map(|alg| format!("{alg} read:users read:roles")).collect();
    assert_eq!(verified, expected, "PyJWT verified every algorithm");
}

fn which_python() -> Result<String, ()> {
    let ok =
        std::process::Command::new("python3").arg("--version").output().is_ok_and(|o| o.status.success());
    if ok { Ok("python3".to_owned()) } else { Err(()) }
}

/// `encode --management-api` makes a token that `decode` treats as a real Management API token
/// of the local tenant: the same warnings, word for word, as a token the tenant issued.
#[cfg(feature = "tenant")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_management_api_preset_decodes_like_a_real_token() {
    let tenant = crate::tenant_support::start().await;
    let real = crate::tenant_support::token_for(&tenant, "tokex-admin").await;
    let domain = tenant.domain();
    let made = encode_json(&[
        "encode",
        "--generate-key",
        "--management-api",
        &domain,
        "--scope",
        "read:users",
        "--json",
    ])
    .await;
    let decode = |token: String| async move {
        let out = tokex(args(&["decode", "--json", &token]), "", vec![]).await;
        serde_json::from_slice::<Value>(&out.stdout).expect("decode --json")
    };
    let (ours, theirs) = (decode(made["token"].as_str().unwrap_or("").to_owned()).await, decode(real).await);
    assert_eq!(ours["warnings"], theirs["warnings"], "ours {ours}\ntheirs {theirs}");
    for claim in ["iss", "aud", "gty"] {
        assert_eq!(ours["claims"][claim], theirs["claims"][claim], "{claim}");
    }
    let sub = ours["claims"]["sub"].as_str().unwrap_or("");
    assert!(
        sub.ends_with("@clients") && ours["claims"]["azp"].as_str().is_some_and(|azp| sub.starts_with(azp))
    );
    assert_eq!(ours["lifetime_seconds"], 86_400);
    tenant.shutdown().await;
}

/// Claims from stdin (`--claims -`) and from a file (`--claims @FILE`), `--nbf`, a private JWK
/// as the key (its kid kept) verified by its public half, and `decode --verify --secret env:VAR`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn claims_from_stdin_or_a_file_nbf_a_private_jwk_and_a_secret_from_the_environment() {
    use aws_lc_rs::encoding::{AsBigEndian, EcPrivateKeyBin};
    use aws_lc_rs::signature::{ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair, KeyPair as _};
    use base64::Engine;
    let dir = dir("jwk");
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let pair = EcdsaKeyPair::generate(&ECDSA_P256_SHA256_FIXED_SIGNING).expect("p256");
    let d: EcPrivateKeyBin = pair.private_key().as_be_bytes().expect("d");
    let (x, y) = pair.public_key().as_ref()[1..].split_at(32);
    let public = serde_json::json!({"kty": "EC", "crv": "P-256", "kid": "mine", "x": b64.encode(x), "y": b64.encode(y)});
    let mut private = public.clone();
    private["d"] = b64.encode(d.as_ref()).into();
    let (private_file, public_file) = (dir.join("private.jwk"), dir.join("public.jwk"));
    std::fs::write(&private_file, private.to_string()).expect("private");
    std::fs::write(&public_file, public.to_string()).expect("public");

    let key = path(&private_file);
    let list = ["encode", "--key", &key, "--claims", "-", "--nbf", "-5m", "--json"];
    let out = tokex(args(&list), "{\"sub\": \"from-stdin\", \"n\": 7}", vec![]).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let made: Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!((made["claims"]["sub"].clone(), made["claims"]["n"].clone()), ("from-stdin".into(), 7.into()));
    assert_eq!(
        (made["header"]["alg"].clone(), made["header"]["kid"].clone()),
        ("ES256".into(), "mine".into())
    );
    let now = chrono::Utc::now().timestamp();
    assert!((made["claims"]["nbf"].as_i64().unwrap_or(0) - (now - 300)).abs() < 60, "{made}");
    let token = made["token"].as_str().expect("token");
    let out = tokex(args(&["decode", "--verify", "--key", &path(&public_file), token]), "", vec![]).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("signature: signature verified"), "{}", text(&out.stdout));

    let claims_file = dir.join("claims.json");
    std::fs::write(&claims_file, "{\"sub\": \"from-a-file\"}").expect("claims");
    let from_file = format!("@{}", path(&claims_file));
    let made = encode_json(&["encode", "--key", &key, "--claims", &from_file, "--json"]).await;
    assert_eq!(made["claims"]["sub"], "from-a-file");

    // An HMAC secret from the environment signs, and verifies the same way; another does not.
    let env = |secret: &str| vec![("TOKEX_TEST_SECRET", secret.to_owned())];
    let out =
        tokex(args(&["encode", "--secret", "env:TOKEX_TEST_SECRET", "--sub", "x"]), "", env("s3cret")).await;
    let token = text(&out.stdout).trim().to_owned();
    let verify = ["decode", "--verify", "--secret", "env:TOKEX_TEST_SECRET", token.as_str()];
    let out = tokex(args(&verify), "", env("s3cret")).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("signature: signature verified"), "{}", text(&out.stdout));
    let out = tokex(args(&verify), "", env("other")).await;
    assert_eq!(out.status.code(), Some(3), "another secret fails: {}", text(&out.stdout));
    let _ = std::fs::remove_dir_all(&dir);
}

/// A certificate (PEM) verifies what its key signed: the public key is taken from it.
#[cfg(feature = "tenant")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_certificate_verifies_what_its_key_signed() {
    let dir = dir("certificate");
    let certified = rcgen::generate_simple_self_signed(vec!["tokex.test".to_owned()]).expect("certificate");
    let (key, certificate) = (dir.join("key.pem"), dir.join("certificate.pem"));
    std::fs::write(&key, certified.signing_key.serialize_pem()).expect("key");
    std::fs::write(&certificate, certified.cert.pem()).expect("certificate");
    let made = encode_json(&["encode", "--key", &path(&key), "--sub", "x", "--json"]).await;
    let token = made["token"].as_str().expect("token");
    let out = tokex(args(&["decode", "--verify", "--key", &path(&certificate), token]), "", vec![]).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("signature: signature verified"), "{}", text(&out.stdout));
    let _ = std::fs::remove_dir_all(&dir);
}
