//! The parameter form of one endpoint: path and query values (prefilled with the catalog's
//! defaults) and, for calls that send one, a JSON body. Values are kept per endpoint, so
//! moving through the list does not lose what was typed.

use crate::domain::catalog::{Endpoint, Method, ParamLocation};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::Arc;

/// A JSON body that does not parse; kept typed until the form shows it.
#[derive(Debug, Clone, thiserror::Error)]
#[error("body is not JSON: {0}")]
pub struct BodyError(Arc<serde_json::Error>);

impl PartialEq for BodyError {
    fn eq(&self, other: &Self) -> bool {
        (self.0.classify(), self.0.line(), self.0.column())
            == (other.0.classify(), other.0.line(), other.0.column())
    }
}

impl From<serde_json::Error> for BodyError {
    fn from(error: serde_json::Error) -> Self {
        Self(Arc::new(error))
    }
}

/// Query examples of Auth0's v3 user search (docs/auth0.md#user-search), cycled by the `x` key.
pub const USER_SEARCH_EXAMPLES: &[&str] = &[
    "email:\"jane@example.com\"",
    "email.domain:\"example.com\"",
    "name:*john*",
    "identities.connection:\"google-oauth2\"",
    "logins_count:[100 TO *]",
    "last_login:[* TO 2024-12-31]",
    "NOT _exists_:logins_count OR logins_count:0",
    "user_id:auth0*",
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub name: String,
    pub location: ParamLocation,
    pub value: String,
    pub required: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    pub fields: Vec<Field>,
    /// Query parameters the catalog does not list, as `(key, value)`, added with `+`.
    pub extra: Vec<(String, String)>,
    /// JSON text of the body, for endpoints whose method sends one and that document it.
    pub body: Option<String>,
    /// Row under the cursor: fields first, then the extra query rows, then the body.
    pub cursor: usize,
}

/// What the row under the cursor is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowRef {
    Field(usize),
    Extra(usize),
    Body,
}

/// An extra query row typed without a key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("type the row as `key = value`")]
pub struct QueryRowError;

/// An edit the form refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StoreError {
    #[error(transparent)]
    Body(#[from] BodyError),
    #[error(transparent)]
    QueryRow(#[from] QueryRowError),
}

/// `key = value` (or `key=value`, or a bare `key`) as an extra query row.
pub fn parse_query_row(text: &str) -> Result<(String, String), QueryRowError> {
    let (key, value) = text.split_once('=').unwrap_or((text, ""));
    let key = key.trim();
    if key.is_empty() {
        return Err(QueryRowError);
    }
    Ok((key.to_owned(), value.trim().to_owned()))
}

impl Form {
    pub fn new(endpoint: &Endpoint) -> Self {
        let defaults = endpoint.default_values();
        let fields = endpoint
            .params_in(ParamLocation::Path)
            .chain(endpoint.params_in(ParamLocation::Query))
            .map(|p| Field {
                name: p.name.clone(),
                location: p.location,
                value: defaults.get(&p.name).cloned().unwrap_or_default(),
                required: p.required,
            })
            .collect();
        let has_body = endpoint.method.has_body()
            && (endpoint.body_example.is_some() || endpoint.params_in(ParamLocation::Body).next().is_some());
        let body = has_body
            .then(|| endpoint.body_example.as_ref().map(Value::to_string).unwrap_or_else(|| "{}".to_owned()));
        Self { fields, extra: Vec::new(), body, cursor: 0 }
    }

    pub fn rows(&self) -> usize {
        self.fields.len() + self.extra.len() + usize::from(self.body.is_some())
    }

    /// What the row under the cursor is.
    pub fn row(&self) -> Option<RowRef> {
        self.row_at(self.cursor)
    }

    /// What row `row` is: fields first, then the extra query rows, then the body.
    pub fn row_at(&self, row: usize) -> Option<RowRef> {
        let extra_start = self.fields.len();
        let body_row = extra_start + self.extra.len();
        if row < extra_start {
            Some(RowRef::Field(row))
        } else if row < body_row {
            Some(RowRef::Extra(row - extra_start))
        } else if self.body.is_some() && row == body_row {
            Some(RowRef::Body)
        } else {
            None
        }
    }

    /// Adds an empty extra query row and puts the cursor on it.
    pub fn add_extra(&mut self) {
        self.extra.push((String::new(), String::new()));
        self.cursor = self.fields.len() + self.extra.len() - 1;
    }

    /// Removes the extra query row under the cursor; false when the cursor is elsewhere.
    pub fn remove_current_extra(&mut self) -> bool {
        let Some(RowRef::Extra(i)) = self.row() else { return false };
        self.extra.remove(i);
        self.move_by(0);
        true
    }

    /// The extra rows that have a key, for the query string.
    pub fn extra_query(&self) -> Vec<(String, String)> {
        self.extra.iter().filter(|(key, _)| !key.trim().is_empty()).cloned().collect()
    }

    pub fn move_by(&mut self, delta: isize) {
        let last = self.rows().saturating_sub(1);
        self.cursor = self.cursor.saturating_add_signed(delta).min(last);
    }

    pub fn values(&self) -> HashMap<String, String> {
        self.fields.iter().map(|f| (f.name.clone(), f.value.clone())).collect()
    }

    pub fn get(&self, name: &str) -> &str {
        self.fields.iter().find(|f| f.name == name).map_or("", |f| f.value.as_str())
    }

    pub fn set(&mut self, name: &str, value: &str) {
        if let Some(field) = self.fields.iter_mut().find(|f| f.name == name) {
            field.value = value.to_owned();
        }
    }

    /// The text of the row under the cursor (what the editor starts with).
    pub fn current_text(&self) -> String {
        match self.row() {
            Some(RowRef::Field(i)) => self.fields[i].value.clone(),
            Some(RowRef::Extra(i)) => match &self.extra[i] {
                (key, _) if key.is_empty() => String::new(),
                (key, value) => format!("{key} = {value}"),
            },
            Some(RowRef::Body) => self.body.clone().unwrap_or_default(),
            None => String::new(),
        }
    }

    /// Stores edited text in the row under the cursor; a body must be valid JSON, an extra
    /// query row `key = value` (emptied, it goes away).
    pub fn store_current(&mut self, text: &str) -> Result<(), StoreError> {
        match self.row() {
            Some(RowRef::Field(i)) => {
                self.fields[i].value = text.trim().to_owned();
                Ok(())
            }
            Some(RowRef::Extra(_)) if text.trim().is_empty() => {
                self.remove_current_extra();
                Ok(())
            }
            Some(RowRef::Extra(i)) => {
                self.extra[i] = parse_query_row(text)?;
                Ok(())
            }
            Some(RowRef::Body) => {
                let parsed: Value = serde_json::from_str(text).map_err(BodyError::from)?;
                self.body = Some(parsed.to_string());
                Ok(())
            }
            None => Ok(()),
        }
    }

    /// The body indented for editing (as typed when it does not parse).
    pub fn pretty_body(&self) -> String {
        let text = self.body.clone().unwrap_or_default();
        serde_json::from_str::<Value>(&text)
            .ok()
            .and_then(|v| serde_json::to_string_pretty(&v).ok())
            .unwrap_or(text)
    }

    pub fn body_json(&self) -> Result<Option<Value>, BodyError> {
        match self.body.as_deref() {
            None => Ok(None),
            Some(text) => Ok(Some(serde_json::from_str(text)?)),
        }
    }

    /// Fills in an example for the row under the cursor: for the user search's `q`, the next
    /// of the v3 examples; otherwise the catalog's example.
    pub fn fill_example(&mut self, endpoint: &Endpoint) -> bool {
        match self.row() {
            Some(RowRef::Field(i)) => {
                let name = self.fields[i].name.clone();
                let example = if is_user_search(endpoint) && name == "q" {
                    let current = USER_SEARCH_EXAMPLES.iter().position(|e| *e == self.fields[i].value);
                    let next = current.map_or(0, |p| (p + 1) % USER_SEARCH_EXAMPLES.len());
                    Some(USER_SEARCH_EXAMPLES[next].to_owned())
                } else {
                    endpoint.param(&name).and_then(|p| p.example.clone())
                };
                match example {
                    Some(example) => {
                        self.fields[i].value = example;
                        true
                    }
                    None => false,
                }
            }
            Some(RowRef::Body) => match endpoint.body_example.as_ref() {
                Some(example) => {
                    self.body = Some(example.to_string());
                    true
                }
                None => false,
            },
            Some(RowRef::Extra(_)) | None => false,
        }
    }
}

/// `GET /api/v2/users`, which gets the search helper.
pub fn is_user_search(endpoint: &Endpoint) -> bool {
    endpoint.method == Method::Get && endpoint.path == "/api/v2/users"
}

/// Values for a `pick_from` field from a response body: the items of a list (bare, under
/// `items_key`, or under any array member), or the object itself. Each with a label to
/// recognise it by (email, name, …).
pub fn pick_options(body: &Value, field: &str) -> Vec<(String, String)> {
    pick_options_naming_clients(body, field, &|_| None)
}

/// `pick_options`, with each item that names a `client_id` (a client grant) labelled by the
/// client's name as `client_name` knows it, else by the client id.
pub fn pick_options_naming_clients(
    body: &Value,
    field: &str,
    client_name: &dyn Fn(&str) -> Option<String>,
) -> Vec<(String, String)> {
    let items: Vec<&Value> = match body {
        Value::Array(items) => items.iter().collect(),
        Value::Object(map) if map.contains_key(field) => vec![body],
        Value::Object(map) => map.values().filter_map(Value::as_array).flatten().collect(),
        _ => Vec::new(),
    };
    let mut options: Vec<(String, String)> = Vec::new();
    for item in items {
        let Some(value) = item.get(field).and_then(scalar) else { continue };
        if options.iter().any(|(v, _)| *v == value) {
            continue;
        }
        let mut label = ["email", "name", "client_name", "audience", "description", "type", "date"]
            .iter()
            .filter(|k| **k != field)
            .find_map(|k| item.get(*k).and_then(scalar))
            .unwrap_or_default();
        if field != "client_id"
            && !item.get("name").is_some_and(Value::is_string)
            && let Some(client) = item.get("client_id").and_then(scalar)
        {
            let name = client_name(&client).unwrap_or(client);
            label =
                if label.is_empty() { format!("client {name}") } else { format!("client {name} · {label}") };
        }
        options.push((value, label));
    }
    options
}

fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::catalog::{catalog, find};
    use serde_json::json;

    fn endpoint(method: Method, path: &str) -> &'static Endpoint {
        match find(method, path) {
            Some(e) => e,
            None => panic!("{path} missing"),
        }
    }

    #[test]
    fn prefilled_with_defaults_and_body_only_where_sent() {
        let users = Form::new(endpoint(Method::Get, "/api/v2/users"));
        assert_eq!(users.get("search_engine"), "v3");
        assert_eq!(users.get("per_page"), "50");
        assert!(users.body.is_none());
        let patch = Form::new(endpoint(Method::Patch, "/api/v2/users/x"));
        assert_eq!(patch.body.as_deref(), Some(r#"{"app_metadata":{"plan":"pro"}}"#));
        let rotate = Form::new(endpoint(Method::Post, "/api/v2/clients/x/rotate-secret"));
        assert!(rotate.body.is_none(), "rotate-secret takes no body");
        assert!(catalog().iter().all(|e| Form::new(e).fields.len() <= e.params.len()));
    }

    #[test]
    fn body_edits_must_be_json() {
        let mut patch = Form::new(endpoint(Method::Patch, "/api/v2/users/x"));
        patch.cursor = patch.fields.len();
        assert!(patch.store_current("{not json").is_err());
        assert!(patch.store_current(r#"{"blocked": true}"#).is_ok());
        assert_eq!(patch.body_json(), Ok(Some(json!({"blocked": true}))));
    }

    #[test]
    fn user_search_examples_cycle() {
        let users = endpoint(Method::Get, "/api/v2/users");
        let mut form = Form::new(users);
        form.cursor = 0;
        assert_eq!(form.fields[0].name, "q");
        assert!(form.fill_example(users));
        assert_eq!(form.get("q"), USER_SEARCH_EXAMPLES[0]);
        assert!(form.fill_example(users));
        assert_eq!(form.get("q"), USER_SEARCH_EXAMPLES[1]);
    }

    #[test]
    fn pick_options_from_lists_and_objects() {
        let body = json!({"start": 0, "users": [
            {"user_id": "auth0|1", "email": "a@x"}, {"user_id": "auth0|2", "name": "B"}, {"nope": 1}
        ]});
        assert_eq!(
            pick_options(&body, "user_id"),
            vec![("auth0|1".into(), "a@x".into()), ("auth0|2".into(), "B".into())]
        );
        assert_eq!(pick_options(&json!([{"kid": "k1"}]), "kid"), vec![("k1".into(), String::new())]);
        assert_eq!(pick_options(&json!({"client_id": "c1", "name": "n"}), "client_id").len(), 1);
        assert!(pick_options(&json!(3), "id").is_empty());
    }

    #[test]
    fn grants_are_labelled_by_their_client_name_or_id() {
        let grants = json!([
            {"id": "cgr_1", "client_id": "c1", "audience": "https://t/api/v2/"},
            {"id": "cgr_2", "client_id": "c2", "audience": "https://t/api/v2/"}
        ]);
        let names = |id: &str| (id == "c1").then(|| "tokex-admin".to_owned());
        assert_eq!(
            pick_options_naming_clients(&grants, "id", &names),
            vec![
                ("cgr_1".into(), "client tokex-admin · https://t/api/v2/".into()),
                ("cgr_2".into(), "client c2 · https://t/api/v2/".into())
            ]
        );
    }
}
