//! Evaluating a parsed [`Query`] against a JSON document, with v3's whole-value semantics.

use serde_json::Value;

use super::{Bound, Profile, Query};

/// Values at a dotted path, descending through arrays (`identities.connection`).
/// `email.domain` is derived from `email`, as Auth0 indexes it.
pub fn values_at<'a>(doc: &'a Value, path: &str) -> Vec<std::borrow::Cow<'a, Value>> {
    use std::borrow::Cow;
    if path == "email.domain" {
        return doc["email"]
            .as_str()
            .and_then(|e| e.rsplit_once('@'))
            .map(|(_, d)| vec![Cow::Owned(Value::String(d.to_string()))])
            .unwrap_or_default();
    }
    let mut current: Vec<&Value> = vec![doc];
    for part in path.split('.') {
        let mut next = Vec::new();
        for v in current {
            let found = match v {
                Value::Object(m) => m.get(part),
                _ => None,
            };
            match found {
                Some(Value::Array(items)) => next.extend(items.iter()),
                Some(Value::Null) | None => {}
                Some(x) => next.push(x),
            }
        }
        current = next;
    }
    current.into_iter().map(Cow::Borrowed).collect()
}

impl Query {
    /// Recursion follows the query's nesting, which the parser caps at [`super::MAX_DEPTH`].
    pub fn matches(&self, doc: &Value, profile: &Profile) -> bool {
        match self {
            Query::All => true,
            Query::And(all) => all.iter().all(|q| q.matches(doc, profile)),
            Query::Or(any) => any.iter().any(|q| q.matches(doc, profile)),
            Query::Not(a) => !a.matches(doc, profile),
            Query::Exists(f) => values_at(doc, f).iter().any(|v| !is_empty(v)),
            Query::Term { field: Some(f), value, phrase } => {
                let ci = profile.case_insensitive.contains(&f.as_str());
                values_at(doc, f).iter().any(|v| term_matches(v, value, *phrase, ci))
            }
            Query::Term { field: None, value, phrase } => profile.default_fields.iter().any(|f| {
                let ci = profile.case_insensitive.contains(f);
                values_at(doc, f).iter().any(|v| term_matches(v, value, *phrase, ci))
            }),
            Query::Range { field, lower, upper } => {
                let ci = profile.case_insensitive.contains(&field.as_str());
                values_at(doc, field).iter().any(|v| in_range(v, lower, upper, ci))
            }
        }
    }
}

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Array(a) => a.is_empty(),
        Value::Object(m) => m.is_empty(),
        _ => false,
    }
}

fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn term_matches(v: &Value, pattern: &str, phrase: bool, ci: bool) -> bool {
    if let (Value::Number(n), Ok(p)) = (v, pattern.parse::<f64>())
        && !pattern.contains('*')
    {
        return n.as_f64() == Some(p);
    }
    let Some(text) = scalar_text(v) else { return false };
    let (text, pattern) =
        if ci { (text.to_lowercase(), pattern.to_lowercase()) } else { (text, pattern.to_string()) };
    if phrase || !pattern.contains('*') { text == pattern } else { glob(&text, &pattern) }
}

/// `*`-only glob over whole values.
fn glob(text: &str, pattern: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !text.starts_with(first) || text.len() < first.len() + last.len() {
        return false;
    }
    let mut rest = &text[first.len()..];
    for mid in &parts[1..parts.len() - 1] {
        match rest.find(mid) {
            Some(i) => rest = &rest[i + mid.len()..],
            None => return false,
        }
    }
    rest.ends_with(last)
}

fn is_date_only(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10 && b[4] == b'-' && b[7] == b'-' && s.chars().filter(|c| c.is_ascii_digit()).count() == 8
}

fn in_range(v: &Value, lower: &Bound, upper: &Bound, ci: bool) -> bool {
    use std::cmp::Ordering;
    let compare = |bound: &str| -> Option<Ordering> {
        if let Value::Number(n) = v {
            return n.as_f64().zip(bound.parse::<f64>().ok()).and_then(|(a, b)| a.partial_cmp(&b));
        }
        let text = scalar_text(v)?;
        let (text, bound) =
            if ci { (text.to_lowercase(), bound.to_lowercase()) } else { (text, bound.to_string()) };
        // A date-only bound covers its whole day, as Elasticsearch rounds date ranges.
        if is_date_only(&bound)
            && let Some(day) = text.get(..10).filter(|d| is_date_only(d))
        {
            return Some(day.cmp(bound.as_str()));
        }
        // Two instants compare as instants, whatever their precision or offset
        // (`…T10:00:00Z` and `…T10:00:00.000Z` are the same moment).
        if let (Ok(at), Ok(limit)) =
            (chrono::DateTime::parse_from_rfc3339(&text), chrono::DateTime::parse_from_rfc3339(&bound))
        {
            return Some(at.cmp(&limit));
        }
        Some(text.as_str().cmp(bound.as_str()))
    };
    let lower_ok = match &lower.value {
        None => true,
        Some(b) => match compare(b) {
            Some(Ordering::Greater) => true,
            Some(Ordering::Equal) => lower.inclusive,
            _ => false,
        },
    };
    let upper_ok = match &upper.value {
        None => true,
        Some(b) => match compare(b) {
            Some(Ordering::Less) => true,
            Some(Ordering::Equal) => upper.inclusive,
            _ => false,
        },
    };
    lower_ok && upper_ok && scalar_text(v).is_some()
}

#[cfg(test)]
mod tests {
    use super::super::{USERS, parse};
    use super::*;
    use serde_json::json;

    fn user() -> Value {
        json!({
            "user_id": "auth0|abc123", "email": "Jane.Doe@Example.com", "name": "Jane Doe",
            "logins_count": 150, "email_verified": false, "last_login": "2024-12-31T10:00:00.000Z",
            "identities": [{"connection": "google-oauth2", "provider": "google-oauth2"}],
            "app_metadata": {"plan": "pro"}, "user_metadata": {"addresses": {"cities": ["Paris", "Lyon"]}}
        })
    }

    fn m(q: &str) -> bool {
        parse(q, &USERS).unwrap_or_else(|e| panic!("{q}: {e}")).matches(&user(), &USERS)
    }

    #[test]
    fn v3_semantics() {
        assert!(m("email:\"jane.doe@example.com\""), "email is case-insensitive");
        assert!(m("email.domain:\"example.com\""));
        assert!(!m("user_id:auth0"), "no tokenising");
        assert!(m("user_id:auth0*"));
        assert!(m("name:*doe*"));
        assert!(m("name:\"jane doe\""));
        assert!(!m("name:\"jane*\""), "phrases are literal");
        assert!(m("identities.connection:\"google-oauth2\""));
        assert!(m("logins_count:[100 TO *]"));
        assert!(!m("logins_count:{150 TO *]"));
        assert!(m("logins_count:[100 TO 200}"));
        assert!(m("last_login:[* TO 2024-12-31]"));
        assert!(!m("last_login:{2024-12-31 TO *]"));
        assert!(m("last_login:[2024-12-31T10:00:00Z TO *]"), "the same instant, another precision");
        assert!(m("last_login:[* TO 2024-12-31T11:00:00+01:00]"), "the same instant, another offset");
        assert!(!m("last_login:{2024-12-31T10:00:00Z TO *]"));
        assert!(m("NOT _exists_:blocked AND email_verified:false"));
        assert!(m("user_metadata.addresses.cities:\"Paris\""));
        assert!(!m("app_metadata.plan:Pro"), "metadata is case-sensitive");
        assert!(m("name:(\"nobody\" OR \"jane doe\")"));
        assert!(m("(app_metadata.plan:free OR app_metadata.plan:pro) AND -blocked:true"));
        assert!(!m("email_verified:true OR NOT _exists_:email_verified"));
        assert!(m("jane.doe@example.com"), "field-less term");
        let accented = json!({"name": "Tomás García"});
        let q = parse("name:[2024-01-01 TO *]", &USERS).unwrap();
        assert!(q.matches(&accented, &USERS), "multi-byte text never panics and compares as text");
    }

    #[test]
    fn refusals() {
        for q in
            ["name:*sa", "user_metadata.x:a*", "user_metadata.n:[1 TO 2]", "name:jo?n", "(a", "name:", "\"x"]
        {
            assert!(parse(q, &USERS).is_err(), "{q}");
        }
    }
}
