//! The little DER a key file needs: which kind of key a PKCS#8 or SubjectPublicKeyInfo block
//! holds (by its algorithm and curve identifiers), and an RSA private key (PKCS#1) written from
//! a JWK's numbers.

use super::Family;

const RSA_ENCRYPTION: &[u8] = &[0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
const EC_PUBLIC_KEY: &[u8] = &[0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
const P256: &[u8] = &[0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
const P384: &[u8] = &[0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22];
const ED25519: &[u8] = &[0x06, 0x03, 0x2b, 0x65, 0x70];

fn contains(der: &[u8], needle: &[u8]) -> bool {
    der.windows(needle.len()).any(|w| w == needle)
}

/// The family of the key in a PKCS#8, SPKI or certificate block, by the identifiers it carries.
pub fn family(der: &[u8]) -> Option<Family> {
    if contains(der, ED25519) {
        Some(Family::Ed25519)
    } else if contains(der, EC_PUBLIC_KEY) {
        if contains(der, P256) {
            Some(Family::P256)
        } else if contains(der, P384) {
            Some(Family::P384)
        } else {
            None
        }
    } else if contains(der, RSA_ENCRYPTION) {
        Some(Family::Rsa)
    } else {
        None
    }
}

fn length(len: usize, out: &mut Vec<u8>) {
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes: Vec<u8> = len.to_be_bytes().iter().copied().skip_while(|b| *b == 0).collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
}

/// An unsigned big-endian INTEGER.
fn integer(value: &[u8], out: &mut Vec<u8>) {
    let value: &[u8] = match value.iter().position(|b| *b != 0) {
        Some(start) => &value[start..],
        None => &[0],
    };
    let pad = value.first().is_some_and(|b| b & 0x80 != 0);
    out.push(0x02);
    length(value.len() + usize::from(pad), out);
    if pad {
        out.push(0);
    }
    out.extend_from_slice(value);
}

/// PKCS#1 `RSAPrivateKey` from n, e, d, p, q, dp, dq, qi (big-endian bytes).
pub fn rsa_private_key(parts: &[Vec<u8>; 8]) -> Vec<u8> {
    let mut body = Vec::new();
    integer(&[0], &mut body);
    for part in parts {
        integer(part, &mut body);
    }
    let mut out = vec![0x30];
    length(body.len(), &mut out);
    out.extend(body);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_are_minimal_and_positive() {
        let mut out = Vec::new();
        integer(&[0, 0, 0x80], &mut out);
        assert_eq!(out, [0x02, 0x02, 0x00, 0x80]);
        let mut long = Vec::new();
        length(300, &mut long);
        assert_eq!(long, [0x82, 0x01, 0x2c]);
    }
}
