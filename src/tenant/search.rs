//! The subset of Lucene query syntax Auth0's user search v3 accepts (facts.md §6):
//! `field:value`, quoted phrases, `*` wildcards, `AND`/`OR`/`NOT` (and `&&`, `||`, `!`, `-`),
//! parentheses, field groups `name:("a" OR "b")`, ranges `[a TO b]` / `{a TO b}` with `*`, and
//! `_exists_:field`. Like v3, values match whole field values, never tokens. The same evaluator
//! serves `GET /logs?q=`.

use serde_json::Value;

#[derive(Clone, Debug, PartialEq)]
pub enum Query {
    All,
    And(Box<Query>, Box<Query>),
    Or(Box<Query>, Box<Query>),
    Not(Box<Query>),
    /// `phrase`: quoted, compared literally; otherwise `*` is a wildcard.
    Term {
        field: Option<String>,
        value: String,
        phrase: bool,
    },
    Range {
        field: String,
        lower: Bound,
        upper: Bound,
    },
    Exists(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Bound {
    /// `None` is an open end (`*`).
    pub value: Option<String>,
    pub inclusive: bool,
}

/// What a document type allows and how it matches.
pub struct Profile {
    /// Fields compared case-insensitively (Auth0 normalises them).
    pub case_insensitive: &'static [&'static str],
    /// Fields a field-less term is matched against.
    pub default_fields: &'static [&'static str],
    /// A field prefix on which wildcards and ranges are refused.
    pub restricted_prefix: Option<&'static str>,
}

pub const USERS: Profile = Profile {
    case_insensitive: &["email", "email.domain", "name", "given_name", "family_name", "nickname"],
    default_fields: &[
        "user_id",
        "email",
        "name",
        "given_name",
        "family_name",
        "nickname",
        "username",
        "phone_number",
    ],
    restricted_prefix: Some("user_metadata"),
};

pub const LOGS: Profile = Profile {
    case_insensitive: &[],
    default_fields: &["type", "description", "client_name", "user_name", "user_id", "ip", "log_id"],
    restricted_prefix: None,
};

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Word(String),
    Phrase(String),
    Colon,
    LParen,
    RParen,
    LRange(bool),
    RRange(bool),
    And,
    Or,
    Not,
}

fn tokenize(q: &str) -> Result<Vec<Tok>, String> {
    let chars: Vec<char> = q.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            c if c.is_whitespace() => i += 1,
            '(' => {
                out.push(Tok::LParen);
                i += 1;
            }
            ')' => {
                out.push(Tok::RParen);
                i += 1;
            }
            '[' => {
                out.push(Tok::LRange(true));
                i += 1;
            }
            '{' => {
                out.push(Tok::LRange(false));
                i += 1;
            }
            ']' => {
                out.push(Tok::RRange(true));
                i += 1;
            }
            '}' => {
                out.push(Tok::RRange(false));
                i += 1;
            }
            ':' => {
                out.push(Tok::Colon);
                i += 1;
            }
            '&' if chars.get(i + 1) == Some(&'&') => {
                out.push(Tok::And);
                i += 2;
            }
            '|' if chars.get(i + 1) == Some(&'|') => {
                out.push(Tok::Or);
                i += 2;
            }
            '!' => {
                out.push(Tok::Not);
                i += 1;
            }
            '-' if out.last().is_none_or(|t| !matches!(t, Tok::Colon)) && !prev_is_word_glued(&chars, i) => {
                out.push(Tok::Not);
                i += 1;
            }
            '+' => i += 1,
            '"' => {
                let mut s = String::new();
                i += 1;
                loop {
                    match chars.get(i) {
                        None => return Err("unterminated quoted phrase".into()),
                        Some('"') => {
                            i += 1;
                            break;
                        }
                        Some('\\') => {
                            if let Some(n) = chars.get(i + 1) {
                                s.push(*n);
                            }
                            i += 2;
                        }
                        Some(ch) => {
                            s.push(*ch);
                            i += 1;
                        }
                    }
                }
                out.push(Tok::Phrase(s));
            }
            _ => {
                let mut s = String::new();
                while let Some(&ch) = chars.get(i) {
                    if ch.is_whitespace() || "()[]{}:\"".contains(ch) {
                        break;
                    }
                    if ch == '\\' {
                        if let Some(n) = chars.get(i + 1) {
                            s.push(*n);
                        }
                        i += 2;
                        continue;
                    }
                    s.push(ch);
                    i += 1;
                }
                out.push(match s.as_str() {
                    "AND" => Tok::And,
                    "OR" => Tok::Or,
                    "NOT" => Tok::Not,
                    _ => Tok::Word(s),
                });
            }
        }
    }
    Ok(out)
}

/// A `-` directly after a word character belongs to that word (e.g. dates), not negation.
fn prev_is_word_glued(chars: &[char], i: usize) -> bool {
    i > 0 && !chars[i - 1].is_whitespace() && !"()".contains(chars[i - 1])
}

struct Parser<'a> {
    toks: Vec<Tok>,
    pos: usize,
    profile: &'a Profile,
}

/// Parses `q`; an empty query matches everything.
pub fn parse(q: &str, profile: &Profile) -> Result<Query, String> {
    let toks = tokenize(q)?;
    if toks.is_empty() {
        return Ok(Query::All);
    }
    let mut p = Parser { toks, pos: 0, profile };
    let query = p.or_expr(None)?;
    if p.pos < p.toks.len() {
        return Err(format!("unexpected {:?}", p.toks[p.pos]));
    }
    Ok(query)
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }
    fn next(&mut self) -> Option<Tok> {
        let t = self.toks.get(self.pos).cloned();
        self.pos += 1;
        t
    }

    /// Lucene's default operator between bare clauses is OR.
    fn or_expr(&mut self, field: Option<&str>) -> Result<Query, String> {
        let mut left = self.and_expr(field)?;
        loop {
            match self.peek() {
                Some(Tok::Or) => {
                    self.pos += 1;
                    left = Query::Or(Box::new(left), Box::new(self.and_expr(field)?));
                }
                Some(Tok::RParen) | None => return Ok(left),
                Some(_) => left = Query::Or(Box::new(left), Box::new(self.and_expr(field)?)),
            }
        }
    }

    fn and_expr(&mut self, field: Option<&str>) -> Result<Query, String> {
        let mut left = self.unary(field)?;
        while self.peek() == Some(&Tok::And) {
            self.pos += 1;
            left = Query::And(Box::new(left), Box::new(self.unary(field)?));
        }
        Ok(left)
    }

    fn unary(&mut self, field: Option<&str>) -> Result<Query, String> {
        if self.peek() == Some(&Tok::Not) {
            self.pos += 1;
            return Ok(Query::Not(Box::new(self.unary(field)?)));
        }
        self.primary(field)
    }

    fn primary(&mut self, field: Option<&str>) -> Result<Query, String> {
        match self.next() {
            Some(Tok::LParen) => {
                let q = self.or_expr(field)?;
                match self.next() {
                    Some(Tok::RParen) => Ok(q),
                    _ => Err("missing closing parenthesis".into()),
                }
            }
            Some(Tok::Word(w)) if self.peek() == Some(&Tok::Colon) && field.is_none() => {
                self.pos += 1;
                self.value(&w)
            }
            Some(Tok::Word(w)) => self.term(field, w, false),
            Some(Tok::Phrase(s)) => self.term(field, s, true),
            Some(Tok::LRange(inc)) => match field {
                Some(f) => self.range(f, inc),
                None => Err("a range needs a field".into()),
            },
            Some(t) => Err(format!("unexpected {t:?}")),
            None => Err("unexpected end of query".into()),
        }
    }

    /// What follows `field:`.
    fn value(&mut self, field: &str) -> Result<Query, String> {
        if field == "_exists_" {
            return match self.next() {
                Some(Tok::Word(f)) | Some(Tok::Phrase(f)) => Ok(Query::Exists(f)),
                _ => Err("_exists_ needs a field name".into()),
            };
        }
        match self.next() {
            Some(Tok::LParen) => {
                let q = self.or_expr(Some(field))?;
                match self.next() {
                    Some(Tok::RParen) => Ok(q),
                    _ => Err("missing closing parenthesis".into()),
                }
            }
            Some(Tok::LRange(inc)) => self.range(field, inc),
            Some(Tok::Word(w)) => self.term(Some(field), w, false),
            Some(Tok::Phrase(s)) => self.term(Some(field), s, true),
            _ => Err(format!("missing value for field {field}")),
        }
    }

    fn term(&self, field: Option<&str>, value: String, phrase: bool) -> Result<Query, String> {
        if !phrase {
            if value.contains('?') {
                return Err("the ? wildcard is not supported; use *".into());
            }
            if value == "*" {
                return Ok(match field {
                    Some(f) => Query::Exists(f.to_string()),
                    None => Query::All,
                });
            }
            if value.contains('*') {
                self.check_restricted(field, "wildcards")?;
                if value.starts_with('*') && value.chars().filter(|c| *c != '*').count() < 3 {
                    return Err(format!(
                        "wildcard {value:?} needs at least 3 characters besides a leading *"
                    ));
                }
            }
        }
        Ok(Query::Term { field: field.map(str::to_string), value, phrase })
    }

    fn range(&mut self, field: &str, lower_inclusive: bool) -> Result<Query, String> {
        self.check_restricted(Some(field), "ranges")?;
        let lower = self.bound_value()?;
        match self.next() {
            Some(Tok::Word(w)) if w == "TO" => {}
            _ => return Err("a range needs TO".into()),
        }
        let upper = self.bound_value()?;
        let upper_inclusive = match self.next() {
            Some(Tok::RRange(inc)) => inc,
            _ => return Err("unterminated range".into()),
        };
        Ok(Query::Range {
            field: field.to_string(),
            lower: Bound { value: lower, inclusive: lower_inclusive },
            upper: Bound { value: upper, inclusive: upper_inclusive },
        })
    }

    fn bound_value(&mut self) -> Result<Option<String>, String> {
        match self.next() {
            Some(Tok::Word(w)) if w == "*" => Ok(None),
            Some(Tok::Word(w)) | Some(Tok::Phrase(w)) => Ok(Some(w)),
            _ => Err("missing range bound".into()),
        }
    }

    fn check_restricted(&self, field: Option<&str>, what: &str) -> Result<(), String> {
        match (self.profile.restricted_prefix, field) {
            (Some(prefix), Some(f)) if f == prefix || f.starts_with(&format!("{prefix}.")) => {
                Err(format!("{what} are not allowed on {prefix}"))
            }
            _ => Ok(()),
        }
    }
}

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
    pub fn matches(&self, doc: &Value, profile: &Profile) -> bool {
        match self {
            Query::All => true,
            Query::And(a, b) => a.matches(doc, profile) && b.matches(doc, profile),
            Query::Or(a, b) => a.matches(doc, profile) || b.matches(doc, profile),
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
