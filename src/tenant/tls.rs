//! `--tls`: a certificate authority and a server certificate for `localhost`, 127.0.0.1, ::1 and
//! the `--public-url` host, all generated at start and held in memory. Only the CA's certificate
//! leaves the process, written to a file so that clients can trust it (`NODE_EXTRA_CA_CERTS`,
//! `SSL_CERT_FILE`, `REQUESTS_CA_BUNDLE`); its key never does, so the file lets nobody sign
//! anything, and it is useless once the tenant stops.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{Datelike, Duration, Utc};
use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer,
    KeyPair, KeyUsagePurpose,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio_rustls::TlsAcceptor;

use super::errors::TenantError;
use crate::safe_file::PrivateDir;

/// The server side of `--tls` and the CA certificate clients must trust.
pub struct Tls {
    pub acceptor: TlsAcceptor,
    pub ca_pem: String,
}

fn key_error(e: impl std::fmt::Display) -> TenantError {
    TenantError::Key(format!("TLS certificate: {e}"))
}

/// Generates the CA and a server certificate naming `localhost`, 127.0.0.1, ::1 and `host`.
pub fn generate(host: &str) -> Result<Tls, TenantError> {
    let now = Utc::now();
    let day =
        |date: chrono::DateTime<Utc>| rcgen::date_time_ymd(date.year(), date.month() as u8, date.day() as u8);
    let ca_key = KeyPair::generate().map_err(key_error)?;
    let mut ca = CertificateParams::new(Vec::<String>::new()).map_err(key_error)?;
    let mut name = DistinguishedName::new();
    // A name of its own: clients that trust several tenants' CAs pick a CA by its name.
    let serial = super::seed::random_string(8, b"0123456789abcdef");
    name.push(DnType::CommonName, format!("tokex local tenant CA {serial}"));
    ca.distinguished_name = name;
    ca.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    ca.key_usages =
        vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign, KeyUsagePurpose::DigitalSignature];
    ca.not_before = day(now - Duration::days(1));
    ca.not_after = day(now + Duration::days(30));
    let ca_pem = ca.self_signed(&ca_key).map_err(key_error)?.pem();
    let issuer = Issuer::new(ca, ca_key);

    let mut names = vec!["localhost".to_string(), "127.0.0.1".to_string(), "::1".to_string()];
    if !names.iter().any(|n| n == host) {
        names.push(host.to_string());
    }
    let server_key = KeyPair::generate().map_err(key_error)?;
    let mut server = CertificateParams::new(names).map_err(key_error)?;
    server.distinguished_name.push(DnType::CommonName, host);
    server.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    server.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    server.not_before = day(now - Duration::days(1));
    server.not_after = day(now + Duration::days(30));
    let cert = server.signed_by(&server_key, &issuer).map_err(key_error)?;

    let chain = vec![CertificateDer::from(cert.der().to_vec())];
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(server_key.serialize_der()));
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(key_error)?
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .map_err(key_error)?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Tls { acceptor: TlsAcceptor::from(Arc::new(config)), ca_pem })
}

/// The directory holding the CA certificate's file: new, private, under the system's temporary
/// directory, removed with this value.
pub struct CaFile {
    dir: Option<PrivateDir>,
    path: PathBuf,
}

impl CaFile {
    /// Writes `ca_pem` to `<new private dir under parent>/ca.pem` (`safe_file`'s rules: never
    /// through a link, a fresh directory of the user's).
    pub fn write(parent: &Path, ca_pem: &str) -> Result<CaFile, TenantError> {
        let file_error =
            |e: crate::safe_file::SafeFileError| TenantError::Key(format!("CA certificate file: {e}"));
        let dir = PrivateDir::create_temp(parent, "tokex-dev-tenant-").map_err(file_error)?;
        let mut file = dir.create_new("ca.pem").map_err(file_error)?;
        file.write_all(ca_pem.as_bytes())?;
        let path = dir.join("ca.pem");
        Ok(CaFile { dir: Some(dir), path })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for CaFile {
    fn drop(&mut self) {
        if let Some(dir) = self.dir.take() {
            let _ = dir.remove_all();
        }
    }
}
