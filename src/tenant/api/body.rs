//! Reading a JSON request body the way Auth0 validates one (z-schema): a named property's type,
//! required properties, enums and properties the operation does not take, each refused with
//! Auth0's `Payload validation error: '…'` 400 (`invalid_body`).

use serde_json::{Map, Value};

use super::ctx::Ctx;
use crate::tenant::errors::ApiError;

pub fn invalid(message: impl std::fmt::Display) -> ApiError {
    ApiError::bad_request(format!("Payload validation error: {message}"), "invalid_body")
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// A request's JSON object.
pub struct Body<'a>(&'a Map<String, Value>);

impl<'a> Body<'a> {
    /// The request's body, which must be an object taking only `allowed` properties.
    pub fn of(ctx: &'a Ctx, allowed: &[&str]) -> Result<Body<'a>, ApiError> {
        let found = ctx.body.as_ref().map_or("null", type_name);
        let Some(map) = ctx.body.as_ref().and_then(Value::as_object) else {
            return Err(invalid(format_args!("'Expected type object but found type {found}'.")));
        };
        if let Some(unknown) = map.keys().find(|k| !allowed.contains(&k.as_str())) {
            let unknown: String = unknown.chars().take(100).collect();
            return Err(invalid(format_args!("'Additional properties not allowed: {unknown}'.")));
        }
        Ok(Body(map))
    }

    pub fn has(&self, name: &str) -> bool {
        self.0.contains_key(name)
    }

    fn typed<T>(
        &self,
        name: &str,
        want: &str,
        get: impl Fn(&'a Value) -> Option<T>,
    ) -> Result<Option<T>, ApiError> {
        match self.0.get(name) {
            None => Ok(None),
            Some(v) => get(v).map(Some).ok_or_else(|| {
                invalid(format_args!(
                    "'Expected type {want} but found type {}' on property {name}.",
                    type_name(v)
                ))
            }),
        }
    }

    pub fn string(&self, name: &str) -> Result<Option<&'a str>, ApiError> {
        self.typed(name, "string", Value::as_str)
    }

    pub fn required_string(&self, name: &str) -> Result<&'a str, ApiError> {
        self.string(name)?.ok_or_else(|| invalid(format_args!("'Missing required property: {name}'.")))
    }

    pub fn bool(&self, name: &str) -> Result<Option<bool>, ApiError> {
        self.typed(name, "boolean", Value::as_bool)
    }

    pub fn object(&self, name: &str) -> Result<Option<&'a Map<String, Value>>, ApiError> {
        self.typed(name, "object", Value::as_object)
    }

    pub fn array(&self, name: &str) -> Result<Option<&'a Vec<Value>>, ApiError> {
        self.typed(name, "array", Value::as_array)
    }

    /// An integer within `min..=max`.
    pub fn integer(&self, name: &str, min: i64, max: i64) -> Result<Option<i64>, ApiError> {
        match self.typed(name, "integer", Value::as_i64)? {
            Some(v) if v < min => {
                Err(invalid(format_args!("'Value {v} is less than minimum {min}' on property {name}.")))
            }
            Some(v) if v > max => {
                Err(invalid(format_args!("'Value {v} is greater than maximum {max}' on property {name}.")))
            }
            other => Ok(other),
        }
    }

    /// An array of strings.
    pub fn strings(&self, name: &str) -> Result<Option<Vec<&'a str>>, ApiError> {
        let Some(items) = self.array(name)? else { return Ok(None) };
        items
            .iter()
            .map(|v| {
                v.as_str().ok_or_else(|| {
                    invalid(format_args!(
                        "'Expected type string but found type {}' on property {name}.",
                        type_name(v)
                    ))
                })
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
    }

    /// A string that must be one of `values`.
    pub fn one_of(&self, name: &str, values: &[&str]) -> Result<Option<&'a str>, ApiError> {
        match self.string(name)? {
            Some(v) if !values.contains(&v) => {
                let shown: String = v.chars().take(100).collect();
                Err(invalid(format_args!("'No enum match for: \"{shown}\"' on property {name}.")))
            }
            other => Ok(other),
        }
    }

    /// A string of `min..=max` characters.
    pub fn sized(&self, name: &str, min: usize, max: usize) -> Result<Option<&'a str>, ApiError> {
        match self.string(name)? {
            Some(v) if v.chars().count() < min => Err(invalid(format_args!(
                "'String is too short ({} chars), minimum {min}' on property {name}.",
                v.chars().count()
            ))),
            Some(v) if v.chars().count() > max => Err(invalid(format_args!(
                "'String is too long ({} chars), maximum {max}' on property {name}.",
                v.chars().count()
            ))),
            other => Ok(other),
        }
    }
}
