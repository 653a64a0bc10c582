//! New ids in Auth0's formats, random so that one is never handed out twice (not even after a
//! delete): `cgr_` + 16 and `rol_` + 16 letters and digits, `auth0|` + 24 hex digits.

use super::seed::random_string;

const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const HEX: &[u8] = b"0123456789abcdef";

/// `prefix` and `len` random letters and digits, not `taken`.
pub fn new_id(prefix: &str, len: usize, mut taken: impl FnMut(&str) -> bool) -> String {
    loop {
        let id = format!("{prefix}{}", random_string(len, ALNUM));
        if !taken(&id) {
            return id;
        }
    }
}

/// 24 random hex digits (a database user's id after `auth0|`), not `taken`.
pub fn new_hex(mut taken: impl FnMut(&str) -> bool) -> String {
    loop {
        let id = random_string(24, HEX);
        if !taken(&id) {
            return id;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_have_auth0s_shape_and_skip_taken_ones() {
        let id = new_id("rol_", 16, |_| false);
        assert!(
            id.starts_with("rol_") && id.len() == 20 && id[4..].chars().all(|c| c.is_ascii_alphanumeric())
        );
        let hex = new_hex(|_| false);
        assert!(hex.len() == 24 && hex.chars().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
        let mut calls = 0;
        let again = new_id("cgr_", 16, |_| {
            calls += 1;
            calls == 1
        });
        assert!(again.starts_with("cgr_") && calls == 2, "a taken id is drawn again");
    }
}
