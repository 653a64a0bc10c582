//! A recursive-descent parser for the search syntax. Recursion only happens on nesting
//! (parentheses and negation), and [`MAX_DEPTH`] caps that, so no query can exhaust the stack;
//! chains of terms are collected into one `And`/`Or` list.

use super::lex::{Tok, tokenize};
use super::{Bound, Profile, Query, SearchError};

/// The longest query accepted, in characters. Auth0 refuses over-long queries with a 414; it
/// does not document its limit, so this one is ours: roomy for real searches, small enough that
/// parsing and evaluation stay cheap.
pub const MAX_QUERY_CHARS: usize = 4096;
/// The deepest nesting of parentheses and negations accepted (ours too; unconfirmed for Auth0).
pub const MAX_DEPTH: usize = 64;

struct Parser<'a> {
    toks: Vec<Tok>,
    pos: usize,
    depth: usize,
    profile: &'a Profile,
}

/// Parses `q`; an empty query matches everything.
pub fn parse(q: &str, profile: &Profile) -> Result<Query, SearchError> {
    if q.chars().count() > MAX_QUERY_CHARS {
        return Err(SearchError::TooLong { max: MAX_QUERY_CHARS });
    }
    let toks = tokenize(q)?;
    if toks.is_empty() {
        return Ok(Query::All);
    }
    let mut p = Parser { toks, pos: 0, depth: 0, profile };
    let query = p.or_expr(None)?;
    if let Some(t) = p.toks.get(p.pos) {
        return Err(SearchError::Unexpected(format!("{t:?}")));
    }
    Ok(query)
}

/// One operand stays itself; several become one list.
fn combine(mut operands: Vec<Query>, list: fn(Vec<Query>) -> Query) -> Query {
    if operands.len() == 1 { operands.remove(0) } else { list(operands) }
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

    /// Enters one level of nesting, refusing to go deeper than [`MAX_DEPTH`].
    fn descend(&mut self) -> Result<(), SearchError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH { Err(SearchError::TooDeep { max: MAX_DEPTH }) } else { Ok(()) }
    }

    /// Lucene's default operator between bare clauses is OR.
    fn or_expr(&mut self, field: Option<&str>) -> Result<Query, SearchError> {
        let mut operands = vec![self.and_expr(field)?];
        loop {
            match self.peek() {
                Some(Tok::Or) => {
                    self.pos += 1;
                    operands.push(self.and_expr(field)?);
                }
                Some(Tok::RParen) | None => return Ok(combine(operands, Query::Or)),
                Some(_) => operands.push(self.and_expr(field)?),
            }
        }
    }

    fn and_expr(&mut self, field: Option<&str>) -> Result<Query, SearchError> {
        let mut operands = vec![self.unary(field)?];
        while self.peek() == Some(&Tok::And) {
            self.pos += 1;
            operands.push(self.unary(field)?);
        }
        Ok(combine(operands, Query::And))
    }

    fn unary(&mut self, field: Option<&str>) -> Result<Query, SearchError> {
        if self.peek() == Some(&Tok::Not) {
            self.pos += 1;
            self.descend()?;
            let q = Query::Not(Box::new(self.unary(field)?));
            self.depth -= 1;
            return Ok(q);
        }
        self.primary(field)
    }

    /// `( … )` after its opening parenthesis.
    fn group(&mut self, field: Option<&str>) -> Result<Query, SearchError> {
        self.descend()?;
        let q = self.or_expr(field)?;
        self.depth -= 1;
        match self.next() {
            Some(Tok::RParen) => Ok(q),
            _ => Err(SearchError::MissingClosingParenthesis),
        }
    }

    fn primary(&mut self, field: Option<&str>) -> Result<Query, SearchError> {
        match self.next() {
            Some(Tok::LParen) => self.group(field),
            Some(Tok::Word(w)) if self.peek() == Some(&Tok::Colon) && field.is_none() => {
                self.pos += 1;
                self.value(&w)
            }
            Some(Tok::Word(w)) => self.term(field, w, false),
            Some(Tok::Phrase(s)) => self.term(field, s, true),
            Some(Tok::LRange(inc)) => match field {
                Some(f) => self.range(f, inc),
                None => Err(SearchError::RangeWithoutField),
            },
            Some(t) => Err(SearchError::Unexpected(format!("{t:?}"))),
            None => Err(SearchError::UnexpectedEnd),
        }
    }

    /// What follows `field:`.
    fn value(&mut self, field: &str) -> Result<Query, SearchError> {
        if field == "_exists_" {
            return match self.next() {
                Some(Tok::Word(f)) | Some(Tok::Phrase(f)) => Ok(Query::Exists(f)),
                _ => Err(SearchError::ExistsWithoutField),
            };
        }
        match self.next() {
            Some(Tok::LParen) => self.group(Some(field)),
            Some(Tok::LRange(inc)) => self.range(field, inc),
            Some(Tok::Word(w)) => self.term(Some(field), w, false),
            Some(Tok::Phrase(s)) => self.term(Some(field), s, true),
            _ => Err(SearchError::MissingValue(field.to_string())),
        }
    }

    fn term(&self, field: Option<&str>, value: String, phrase: bool) -> Result<Query, SearchError> {
        if !phrase {
            if value.contains('?') {
                return Err(SearchError::QuestionMarkWildcard);
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
                    return Err(SearchError::ShortLeadingWildcard(value));
                }
            }
        }
        Ok(Query::Term { field: field.map(str::to_string), value, phrase })
    }

    fn range(&mut self, field: &str, lower_inclusive: bool) -> Result<Query, SearchError> {
        self.check_restricted(Some(field), "ranges")?;
        let lower = self.bound_value()?;
        match self.next() {
            Some(Tok::Word(w)) if w == "TO" => {}
            _ => return Err(SearchError::RangeWithoutTo),
        }
        let upper = self.bound_value()?;
        let upper_inclusive = match self.next() {
            Some(Tok::RRange(inc)) => inc,
            _ => return Err(SearchError::UnterminatedRange),
        };
        Ok(Query::Range {
            field: field.to_string(),
            lower: Bound { value: lower, inclusive: lower_inclusive },
            upper: Bound { value: upper, inclusive: upper_inclusive },
        })
    }

    fn bound_value(&mut self) -> Result<Option<String>, SearchError> {
        match self.next() {
            Some(Tok::Word(w)) if w == "*" => Ok(None),
            Some(Tok::Word(w)) | Some(Tok::Phrase(w)) => Ok(Some(w)),
            _ => Err(SearchError::MissingRangeBound),
        }
    }

    fn check_restricted(&self, field: Option<&str>, what: &'static str) -> Result<(), SearchError> {
        match (self.profile.restricted_prefix, field) {
            (Some(prefix), Some(f)) if f == prefix || f.starts_with(&format!("{prefix}.")) => {
                Err(SearchError::Restricted { what, prefix })
            }
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::USERS;
    use super::*;

    #[test]
    fn long_chains_are_wide_not_deep() {
        // Under the length cap: hundreds of terms make one list each, evaluated without deep recursion.
        let q = vec!["name:x"; 580].join(" ");
        let parsed = parse(&q, &USERS).expect("parses");
        assert!(matches!(&parsed, Query::Or(list) if list.len() == 580), "one flat list");
        let q = vec!["a"; 600].join(" AND ");
        assert!(matches!(parse(&q, &USERS), Ok(Query::And(list)) if list.len() == 600));
        assert!(!parsed.matches(&serde_json::json!({"name": "y"}), &USERS));
    }

    #[test]
    fn nesting_and_length_are_capped() {
        let deep = "!".repeat(MAX_DEPTH + 1) + "a";
        assert_eq!(parse(&deep, &USERS), Err(SearchError::TooDeep { max: MAX_DEPTH }));
        let ok = "!".repeat(MAX_DEPTH) + "a";
        assert!(parse(&ok, &USERS).is_ok());
        let parens = "(".repeat(MAX_DEPTH + 1) + "a" + &")".repeat(MAX_DEPTH + 1);
        assert_eq!(parse(&parens, &USERS), Err(SearchError::TooDeep { max: MAX_DEPTH }));
        let field_groups = "name:(".repeat(3) + "a" + &")".repeat(3);
        assert!(parse(&field_groups, &USERS).is_err(), "field groups do not nest fields");
        let long = "!".repeat(60_000);
        assert_eq!(parse(&long, &USERS), Err(SearchError::TooLong { max: MAX_QUERY_CHARS }));
        let exactly = "a".repeat(MAX_QUERY_CHARS);
        assert!(parse(&exactly, &USERS).is_ok());
    }
}
