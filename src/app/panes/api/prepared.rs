//! One call, fully resolved from the form: what the pane sends, confirms, pages and shows.

use crate::domain::catalog::Method;
use serde_json::Value;
use std::collections::HashMap;

/// One call, fully resolved from the form.
#[derive(Debug, Clone, PartialEq)]
pub struct PreparedCall {
    /// Index into the catalog.
    pub endpoint: usize,
    /// The form values it was built from (paging starts from them).
    pub values: HashMap<String, String>,
    /// The form's extra query rows (`key = value`), appended after the catalog's parameters.
    pub extra: Vec<(String, String)>,
    pub method: Method,
    pub path_and_query: String,
    pub body: Option<Value>,
}
