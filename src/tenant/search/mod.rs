//! The subset of Lucene query syntax Auth0's user search v3 accepts (docs/auth0.md#user-search):
//! `field:value`, quoted phrases, `*` wildcards, `AND`/`OR`/`NOT` (and `&&`, `||`, `!`, `-`),
//! parentheses, field groups `name:("a" OR "b")`, ranges `[a TO b]` / `{a TO b}` with `*`, and
//! `_exists_:field`. Like v3, values match whole field values, never tokens. The same evaluator
//! serves `GET /logs?q=`. [`parse`] turns text into a [`Query`]; [`Query::matches`] evaluates it.

mod eval;
mod lex;
mod parse;

pub use eval::values_at;
pub use parse::{MAX_DEPTH, MAX_QUERY_CHARS, parse};

/// A parsed query. `And`/`Or` hold all their operands in one list, so a long chain of terms is
/// wide, not deep.
#[derive(Clone, Debug, PartialEq)]
pub enum Query {
    All,
    And(Vec<Query>),
    Or(Vec<Query>),
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

/// Why a query is refused; the text goes into Auth0's 400 body.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum SearchError {
    #[error("the query is longer than {max} characters")]
    TooLong { max: usize },
    #[error("the query nests deeper than {max} levels")]
    TooDeep { max: usize },
    #[error("unterminated quoted phrase")]
    UnterminatedPhrase,
    /// The token's debug form, e.g. `RParen`.
    #[error("unexpected {0}")]
    Unexpected(String),
    #[error("unexpected end of query")]
    UnexpectedEnd,
    #[error("missing closing parenthesis")]
    MissingClosingParenthesis,
    #[error("a range needs a field")]
    RangeWithoutField,
    #[error("_exists_ needs a field name")]
    ExistsWithoutField,
    #[error("missing value for field {0}")]
    MissingValue(String),
    #[error("the ? wildcard is not supported; use *")]
    QuestionMarkWildcard,
    #[error("wildcard {0:?} needs at least 3 characters besides a leading *")]
    ShortLeadingWildcard(String),
    #[error("a range needs TO")]
    RangeWithoutTo,
    #[error("unterminated range")]
    UnterminatedRange,
    #[error("missing range bound")]
    MissingRangeBound,
    #[error("{what} are not allowed on {prefix}")]
    Restricted { what: &'static str, prefix: &'static str },
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
