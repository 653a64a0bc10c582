//! A ready-to-run curl command for a call. The token is a `$TOKEN` placeholder unless the
//! user asked for it to be included: commands get pasted into chats and tickets.

use super::ApiPane;
use crate::app::context::PaneContext;
use crate::app::panes::effect::Effect;
use serde_json::Value;

impl ApiPane {
    /// The call in flight (or the last one) as a curl command, for the clipboard.
    pub(super) fn copy_curl(&mut self, ctx: &PaneContext) -> Vec<Effect> {
        let Some(call) = self.call.pending.as_ref().or(self.call.response.as_ref().map(|r| &r.call)) else {
            self.say("Call an endpoint first; Y copies that call as a curl command.");
            return Vec::new();
        };
        let Some(domain) = ctx.active_profile().map(|p| p.domain.as_str()) else {
            self.complain("No active profile, so no tenant URL for the curl command.");
            return Vec::new();
        };
        let url = match crate::config::checked_api_url(domain, &call.path_and_query) {
            Ok(url) => url,
            Err(error) => {
                self.complain(error.to_string());
                return Vec::new();
            }
        };
        let token = if self.curl_with_token { ctx.token.map(|t| t.raw()) } else { None };
        let text = curl_command(call.method.as_str(), &url, call.body.as_ref(), token);
        let what =
            if token.is_some() { "a curl command (with the token)" } else { "a curl command (uses $TOKEN)" };
        vec![Effect::Copy { what: what.to_owned(), text }]
    }
}

/// Single-quotes for POSIX shells: `'` becomes `'\''`.
pub fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

pub fn curl_command(method: &str, url: &str, body: Option<&Value>, token: Option<&str>) -> String {
    let auth = match token {
        Some(token) => shell_quote(&format!("Authorization: Bearer {token}")),
        None => "\"Authorization: Bearer $TOKEN\"".to_owned(),
    };
    let mut command =
        format!("curl -sS -X {method} {} -H {auth} -H 'Accept: application/json'", shell_quote(url));
    if let Some(body) = body {
        command.push_str(" -H 'Content-Type: application/json' --data-raw ");
        command.push_str(&shell_quote(&body.to_string()));
    }
    command
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn placeholder_unless_asked() {
        let plain = curl_command("GET", "https://t/api/v2/users?q=a'b", None, None);
        assert_eq!(
            plain,
            r#"curl -sS -X GET 'https://t/api/v2/users?q=a'\''b' -H "Authorization: Bearer $TOKEN" -H 'Accept: application/json'"#
        );
        let with = curl_command("PATCH", "https://t/x", Some(&json!({"a": 1})), Some("eyJ.x.y"));
        assert!(with.contains("-H 'Authorization: Bearer eyJ.x.y'"), "{with}");
        assert!(with.ends_with(r#"--data-raw '{"a":1}'"#), "{with}");
    }
}
