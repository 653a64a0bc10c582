//! Who called the Management API, as the guard established it from the bearer token.

use std::collections::HashSet;

/// Who called, as the guard established it from the bearer token.
#[derive(Clone, Debug)]
pub struct Caller {
    pub scopes: HashSet<String>,
    /// The token's `azp`.
    pub client_id: String,
    /// The token's `sub` (`<client_id>@clients`).
    pub subject: String,
}
