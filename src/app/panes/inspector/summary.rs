//! The Inspector's summary row: what matters first about a Management API token, on one row at
//! the top whatever the terminal's size: how many scopes, how many of the 469 operations they
//! pass, which privileged scopes it holds, that it can be neither refreshed nor revoked, and how
//! long it has left. Each part jumps to the body's section that explains it (a key, a click).

use super::body::{BodyLayout, BodyLine, Section};
use crate::app::text::Segment;
use crate::app::token::InspectedToken;
use crate::domain::format_duration;
use crate::domain::{TimeState, Urgency};
use crate::palette::Role;
use std::borrow::Cow;
use unicode_width::UnicodeWidthStr;

/// Where a part of the summary leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Jump {
    /// The SCOPES section.
    Scopes,
    /// The line that counts the operations the scopes pass.
    Operations,
    /// The lines about the privileged scopes.
    Privileged,
    /// The warnings: no refresh, no revocation.
    Warnings,
    /// The `exp` claim.
    Expiry,
}

impl Jump {
    /// The first row of the body it leads to, if the body has one.
    pub fn row(self, body: &BodyLayout, token: &InspectedToken) -> Option<usize> {
        match self {
            Jump::Scopes => body.section_row(Section::Scopes),
            Jump::Operations => body.row_of(|line| line == BodyLine::ApiSummary),
            Jump::Privileged => body.row_of(|line| matches!(line, BodyLine::Privileged(_))),
            Jump::Warnings => body.section_row(Section::Warnings),
            Jump::Expiry => {
                let exp = token.view.claims.iter().position(|claim| claim.name == "exp")?;
                body.row_of(|line| line == BodyLine::Claim(exp))
            }
        }
    }
}

/// One part of the row, where it sits, and where it leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub text: String,
    pub role: Role,
    pub jump: Jump,
    /// Its first column within the row, and its width.
    pub x: u16,
    pub width: u16,
}

/// The separator between parts.
pub const SEPARATOR: &str = " │ ";

/// The summary of `token` at time `now` for a row `width` columns wide: the long wording when it
/// fits, else the short one.
pub fn parts(token: &InspectedToken, now: i64, width: u16) -> Vec<Part> {
    let long = wording(token, now, false);
    let fits = |parts: &[(String, Role, Jump)]| {
        let total: usize = parts.iter().map(|(text, _, _)| text.width()).sum::<usize>()
            + SEPARATOR.width() * parts.len().saturating_sub(1);
        total <= usize::from(width)
    };
    let chosen = if fits(&long) { long } else { wording(token, now, true) };
    let mut x = 0u16;
    chosen
        .into_iter()
        .map(|(text, role, jump)| {
            let part_width = u16::try_from(text.width()).unwrap_or(u16::MAX);
            let part = Part { text, role, jump, x, width: part_width };
            x = x.saturating_add(part_width).saturating_add(3);
            part
        })
        .collect()
}

fn wording(token: &InspectedToken, now: i64, short: bool) -> Vec<(String, Role, Jump)> {
    let view = &token.view;
    let scopes = token.inspection.claims.scopes.len();
    let reach = &view.api;
    let mut parts = vec![
        (format!("{scopes} scope{}", if scopes == 1 { "" } else { "s" }), Role::Label, Jump::Scopes),
        (
            if short {
                format!("{}/{} ops", reach.allowed, reach.total)
            } else {
                format!("can call {} of {}", reach.allowed, reach.total)
            },
            Role::Label,
            Jump::Operations,
        ),
    ];
    if !reach.privileged_kinds.is_empty() {
        let text = if short {
            format!("⚠ {} privileged", reach.privileged.len())
        } else {
            format!("⚠ privileged: {}", reach.privileged_kinds.join(", "))
        };
        parts.push((text, Role::Warning, Jump::Privileged));
    }
    let facts = if short { "no refresh/revoke" } else { "no refresh · no revoke" };
    parts.push((facts.to_owned(), Role::Warning, Jump::Warnings));
    let expiry = token.inspection.expiry(now);
    let (left, role) = match (&expiry.state, token.inspection.claims.exp) {
        (TimeState::NoExpiry, _) | (_, None) => ("no expiry".to_owned(), Role::Urgency(Urgency::Unknown)),
        (_, Some(exp)) if exp <= now => {
            (format!("expired {} ago", format_duration(now - exp)), Role::Urgency(expiry.urgency))
        }
        (_, Some(exp)) => (format!("{} left", format_duration(exp - now)), Role::Urgency(expiry.urgency)),
    };
    parts.push((left, role, Jump::Expiry));
    parts
}

/// The row as text with roles, separators included.
pub fn segments(parts: &[Part]) -> Vec<Segment<'static>> {
    let mut row = Vec::with_capacity(parts.len() * 2);
    for (index, part) in parts.iter().enumerate() {
        if index > 0 {
            row.push((Cow::Borrowed(SEPARATOR), Role::Dim));
        }
        row.push((Cow::Owned(part.text.clone()), part.role));
    }
    row
}

/// The part at column `x` of the row, if any.
pub fn part_at(parts: &[Part], x: u16) -> Option<&Part> {
    parts.iter().find(|part| x >= part.x && x < part.x.saturating_add(part.width))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::token::TokenOrigin;
    use crate::domain::Inspection;

    fn token(scope: &str) -> InspectedToken {
        use base64::Engine;
        let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let payload = format!(
            r#"{{"iss":"https://a.auth0.com/","aud":"https://a.auth0.com/api/v2/","iat":1000,"exp":87400,"scope":"{scope}"}}"#
        );
        let raw = format!(
            "{}.{}.{}",
            engine.encode(r#"{"alg":"RS256"}"#),
            engine.encode(payload),
            engine.encode([1u8; 16])
        );
        InspectedToken::new(Inspection::from_pasted(&raw).expect("token"), TokenOrigin::Pasted)
    }

    fn text(parts: &[Part]) -> String {
        segments(parts).iter().map(|(t, _)| t.as_ref()).collect()
    }

    #[test]
    fn the_long_wording_when_it_fits_the_short_one_at_80_columns() {
        let token = token("read:users read:client_keys create:client_grants read:user_idp_tokens");
        let wide = parts(&token, 1060, 200);
        assert!(text(&wide).starts_with("4 scopes │ can call "), "{}", text(&wide));
        assert!(
            text(&wide).contains("⚠ privileged: grants itself scopes, client secrets, IdP tokens"),
            "{}",
            text(&wide)
        );
        assert!(text(&wide).ends_with("no refresh · no revoke │ 23h 59m 0s left"), "{}", text(&wide));
        let narrow = parts(&token, 1060, 78);
        assert!(text(&narrow).width() <= 78, "{}", text(&narrow));
        assert!(text(&narrow).contains("⚠ 3 privileged") && text(&narrow).contains("no refresh/revoke"));
        // Each part is found where it is drawn.
        let privileged = narrow.iter().find(|p| p.jump == Jump::Privileged).expect("part");
        assert_eq!(part_at(&narrow, privileged.x).map(|p| p.jump), Some(Jump::Privileged));
        assert_eq!(
            part_at(&narrow, privileged.x + privileged.width + 1),
            None,
            "the separator leads nowhere"
        );
    }

    #[test]
    fn a_token_without_privileged_scopes_has_no_such_part() {
        let parts = parts(&token("read:users"), 1060, 200);
        assert!(parts.iter().all(|p| p.jump != Jump::Privileged));
        assert!(text(&parts).starts_with("1 scope │"));
    }
}
