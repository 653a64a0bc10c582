//! The TOML file's shape and its parsing with positions. A syntax error loses the whole file;
//! a bad profile loses only that profile, reported at the profile's line.

use super::errors::ProfileError;
use super::profile::AuthMethod;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::PathBuf;
use toml::Spanned;

/// 1-based line and column in the config file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    default_profile: Option<String>,
    /// `mouse = false`: the TUI leaves the mouse to the terminal (as `--no-mouse`).
    mouse: Option<bool>,
    #[serde(default)]
    profiles: BTreeMap<String, Spanned<toml::Table>>,
}

/// One `[profiles.NAME]` table as written.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct RawProfile {
    pub domain: Option<String>,
    pub client_id: Option<String>,
    /// Literal secret: allowed, discouraged, and a warning if the file is readable by others.
    pub client_secret: Option<String>,
    pub client_secret_env: Option<String>,
    pub client_secret_cmd: Option<String>,
    pub audience: Option<String>,
    pub auth_method: Option<AuthMethod>,
    pub private_key_path: Option<PathBuf>,
    /// Another origin than `domain`'s for the token endpoint or the JWKS, named on purpose.
    pub token_endpoint: Option<String>,
    pub jwks_uri: Option<String>,
    /// Seconds `client_secret_cmd` may run (default 30).
    pub client_secret_cmd_timeout: Option<u64>,
    /// `cache = false`: `fetch` and `call` never reuse or store this profile's tokens.
    pub cache: Option<bool>,
}

#[derive(Debug)]
pub struct ParsedProfile {
    pub name: String,
    pub position: Position,
    pub raw: Result<RawProfile, ProfileError>,
}

#[derive(Debug)]
pub struct ParsedFile {
    pub default_profile: Option<String>,
    pub mouse: Option<bool>,
    /// In file order.
    pub profiles: Vec<ParsedProfile>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub position: Option<Position>,
    pub message: String,
}

pub fn parse(text: &str) -> Result<ParsedFile, SyntaxError> {
    let file: RawFile = toml::from_str(text).map_err(|error| SyntaxError {
        position: error.span().map(|span| position_of(text, span.start)),
        message: error.message().trim().to_owned(),
    })?;
    let mut profiles: Vec<(usize, ParsedProfile)> = file
        .profiles
        .into_iter()
        .map(|(name, table)| {
            let start = table.span().start;
            let raw = table
                .into_inner()
                .try_into::<RawProfile>()
                .map_err(|e| ProfileError::Table(e.message().trim().to_owned()));
            (start, ParsedProfile { name, position: position_of(text, start), raw })
        })
        .collect();
    profiles.sort_by_key(|(start, _)| *start);
    Ok(ParsedFile {
        default_profile: file.default_profile,
        mouse: file.mouse,
        profiles: profiles.into_iter().map(|(_, profile)| profile).collect(),
    })
}

/// Line and column (both 1-based, column in characters) of a byte offset.
pub fn position_of(text: &str, offset: usize) -> Position {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    Position { line, column }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based() {
        let text = "a\nbc\néd";
        assert_eq!(position_of(text, 0), Position { line: 1, column: 1 });
        assert_eq!(position_of(text, 3), Position { line: 2, column: 2 });
        assert_eq!(position_of(text, 7), Position { line: 3, column: 2 });
    }

    #[test]
    fn profiles_in_file_order_with_lines() {
        let text = "default_profile = \"zeta\"\n\n[profiles.zeta]\ndomain = \"z.auth0.com\"\n\n[profiles.alpha]\ndomain = \"a\"\nclient_secret_evn = \"X\"\n";
        let parsed = parse(text).map_err(|e| e.message);
        let Ok(parsed) = parsed else { panic!("{parsed:?}") };
        assert_eq!(parsed.default_profile.as_deref(), Some("zeta"));
        let names: Vec<&str> = parsed.profiles.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["zeta", "alpha"]);
        assert!(parsed.profiles[0].raw.is_ok());
        assert!(parsed.profiles[1].raw.as_ref().is_err_and(|e| e.to_string().contains("client_secret_evn")));
        assert!(parsed.profiles[1].position.line >= 6, "{:?}", parsed.profiles[1].position);
    }

    #[test]
    fn mouse_is_a_top_level_switch() {
        let parsed = parse("mouse = false\n").map_err(|e| e.message);
        assert_eq!(parsed.map(|p| p.mouse), Ok(Some(false)));
        assert_eq!(parse("").map(|p| p.mouse).map_err(|e| e.message), Ok(None));
        // A wrong type is a mistake in the file, said with its position.
        let error = parse("mouse = \"no\"\n").err();
        assert!(error.as_ref().is_some_and(|e| e.position.is_some_and(|p| p.line == 1)), "{error:?}");
    }

    #[test]
    fn syntax_error_has_line_and_column() {
        let text = "[profiles.prod]\ndomain = \"x\"\nclient_id = \n";
        let error = parse(text).err();
        assert_eq!(error.as_ref().and_then(|e| e.position).map(|p| p.line), Some(3), "{error:?}");
    }
}
