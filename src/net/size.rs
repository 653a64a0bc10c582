//! Sizes: the caps on what tokex reads from the network, and `--max-body`'s parser.

const MIB: u64 = 1024 * 1024;
/// Management API responses, unless `--max-body` says otherwise.
pub const DEFAULT_MAX_BODY: u64 = 32 * MIB;
/// A token response is a few KiB.
pub const TOKEN_BODY_LIMIT: u64 = MIB;
/// A discovery document is a few KiB.
pub const DISCOVERY_BODY_LIMIT: u64 = MIB;
/// A JWKS holds a handful of keys.
pub const JWKS_BODY_LIMIT: u64 = MIB;

/// `32 MiB`, `512 KiB`, `100 bytes`: the largest binary unit that divides the size.
pub fn format_size(bytes: u64) -> String {
    match bytes {
        0 => "0 bytes".to_owned(),
        b if b % MIB == 0 => format!("{} MiB", b / MIB),
        b if b % 1024 == 0 => format!("{} KiB", b / 1024),
        b => format!("{b} bytes"),
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a size (use e.g. 32MiB, 512KiB or a number of bytes; at least 1 KiB)")]
pub struct SizeError(pub String);

/// `--max-body`: bytes, or a number with `KiB`/`MiB`/`GiB` (also `K`, `M`, `G`, `KB`, `MB`, `GB`,
/// all binary), case-insensitive.
pub fn parse_size(text: &str) -> Result<u64, SizeError> {
    let trimmed = text.trim();
    let split = trimmed.find(|c: char| !c.is_ascii_digit()).unwrap_or(trimmed.len());
    let (digits, unit) = trimmed.split_at(split);
    let unit_bytes = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1024,
        "m" | "mb" | "mib" => MIB,
        "g" | "gb" | "gib" => 1024 * MIB,
        _ => return Err(SizeError(text.to_owned())),
    };
    digits
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(unit_bytes))
        .filter(|size| *size >= 1024)
        .ok_or_else(|| SizeError(text.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_and_said() {
        assert_eq!(parse_size("32MiB"), Ok(32 * MIB));
        assert_eq!(parse_size("512k"), Ok(512 * 1024));
        assert_eq!(parse_size("2 GB"), Ok(2048 * MIB));
        assert_eq!(parse_size("4096"), Ok(4096));
        assert!(parse_size("12").is_err(), "below 1 KiB");
        assert!(parse_size("-1").is_err() && parse_size("1.5M").is_err() && parse_size("M").is_err());
        assert!(parse_size("99999999999999999999G").is_err());
        assert_eq!(format_size(DEFAULT_MAX_BODY), "32 MiB");
        assert_eq!(format_size(1536), "1536 bytes");
        assert_eq!(format_size(2048), "2 KiB");
    }
}
