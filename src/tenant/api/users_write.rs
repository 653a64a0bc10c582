//! `POST /users` and `DELETE /users/{id}` with Auth0's rules: a database connection needs an
//! email and a password that passes the connection's password policy; an email is unique per
//! connection (409 "The user already exists."); social and enterprise connections take no users
//! this way. The password is checked and never stored. Ids are `auth0|` + 24 random hex digits.
//! Texts Auth0 does not publish are the local tenant's own (docs/auth0.md#local-tenant-operations).

use std::sync::Arc;

use axum::http::StatusCode;
use axum::response::IntoResponse;
use chrono::Utc;
use serde_json::{Map, Value, json};

use super::body::{Body, invalid};
use super::ctx::{ApiResult, Ctx};
use crate::tenant::errors::{ApiError, json_response};
use crate::tenant::ids::new_hex;
use crate::tenant::store::{Store, iso};

/// Users the local tenant keeps at most (the seed's 50 and whatever scripts create).
pub const MAX_USERS: usize = 10_000;

const FIELDS: [&str; 17] = [
    "connection",
    "email",
    "phone_number",
    "user_metadata",
    "blocked",
    "email_verified",
    "phone_verified",
    "app_metadata",
    "given_name",
    "family_name",
    "name",
    "nickname",
    "picture",
    "user_id",
    "password",
    "verify_email",
    "username",
];

/// Auth0's password policies (Password Strength): minimum length and how many of lower case,
/// upper case, digits and special characters a password needs.
pub fn password_refusal(policy: &str, min_length: Option<usize>, password: &str) -> Option<&'static str> {
    let classes = [
        password.chars().any(|c| c.is_lowercase()),
        password.chars().any(|c| c.is_uppercase()),
        password.chars().any(|c| c.is_ascii_digit()),
        password.chars().any(|c| !c.is_alphanumeric()),
    ];
    let kinds = classes.iter().filter(|k| **k).count();
    let (min, ok) = match policy {
        "none" => (1, true),
        "low" => (6, true),
        "fair" => (8, classes[0] && classes[1] && classes[2]),
        "excellent" => {
            let chars: Vec<char> = password.chars().collect();
            let repeats = chars.windows(3).any(|w| w[0] == w[1] && w[1] == w[2]);
            (10, kinds >= 3 && !repeats)
        }
        // "good", and what a connection does not say.
        _ => (8, kinds >= 3),
    };
    let long_enough = password.chars().count() >= min_length.unwrap_or(min).max(1);
    if long_enough && ok { None } else { Some("PasswordStrengthError: Password is too weak") }
}

/// A plain check of an address's shape (`local@domain.tld`), as a schema's `format: email`.
fn looks_like_email(s: &str) -> bool {
    let Some((local, domain)) = s.rsplit_once('@') else { return false };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.chars().any(char::is_whitespace)
}

/// `POST /users`: 201 with the new user.
pub fn create(ctx: &Ctx, store: &mut Store) -> ApiResult {
    let body = Body::of(ctx, &FIELDS)?;
    let connection_name = body.required_string("connection")?;
    let email = body.string("email")?.map(str::to_lowercase);
    let password = body.string("password")?;
    for name in ["blocked", "email_verified", "phone_verified", "verify_email"] {
        body.bool(name)?;
    }
    for name in ["user_metadata", "app_metadata"] {
        body.object(name)?;
    }
    for name in
        ["phone_number", "given_name", "family_name", "name", "nickname", "picture", "username", "user_id"]
    {
        body.string(name)?;
    }
    if let Some(email) = &email
        && !looks_like_email(email)
    {
        return Err(invalid(format_args!(
            "'Object didn't pass validation for format email: {}' on property email (The user's email).",
            email.chars().take(100).collect::<String>()
        )));
    }
    let Some(connection) = store.connections.iter().find(|c| c["name"] == connection_name) else {
        return Err(ApiError::bad_request("The connection does not exist.", "inexistent_connection"));
    };
    if connection["strategy"] != "auth0" {
        return Err(ApiError::bad_request(
            "Connection is not supported for this operation.",
            "operation_not_supported",
        ));
    }
    let email = email.ok_or_else(|| invalid("'Missing required property: email'."))?;
    let password = password.ok_or_else(|| invalid("'Missing required property: password'."))?;
    let options = &connection["options"];
    let policy = options["passwordPolicy"].as_str().unwrap_or("good");
    let min_length = options["password_complexity_options"]["min_length"].as_u64().map(|n| n as usize);
    if let Some(refusal) = password_refusal(policy, min_length, password) {
        return Err(ApiError::bad_request(refusal, "invalid_password"));
    }
    if options["requires_username"] == true && !body.has("username") {
        return Err(invalid("'Missing required property: username'."));
    }
    let same_email = |u: &&Arc<Value>| {
        u["email"].as_str().is_some_and(|e| e.eq_ignore_ascii_case(&email))
            && u["identities"][0]["connection"] == connection_name
    };
    if store.users.iter().any(|u| same_email(&u)) {
        return Err(already_exists());
    }
    let local_id = match body.string("user_id")? {
        Some(id) if id.is_empty() || id.len() > 255 => {
            return Err(invalid("'Invalid user_id' on property user_id."));
        }
        Some(id) => id.to_owned(),
        None => new_hex(|id| store.users.iter().any(|u| u["user_id"] == format!("auth0|{id}"))),
    };
    let user_id = format!("auth0|{local_id}");
    if store.users.iter().any(|u| u["user_id"] == user_id.as_str()) {
        return Err(already_exists());
    }
    if store.users.len() >= MAX_USERS {
        return Err(ApiError::bad_request(
            format!("The local tenant keeps at most {MAX_USERS} users."),
            "too_many_entities",
        ));
    }
    let user = new_user(&body, &email, &user_id, &local_id, connection_name);
    store.users.push(Arc::new(user.clone()));
    Ok(json_response(StatusCode::CREATED, &user))
}

fn already_exists() -> ApiError {
    ApiError::new(StatusCode::CONFLICT, "The user already exists.").code("auth0_idp_error")
}

fn new_user(body: &Body, email: &str, user_id: &str, local_id: &str, connection: &str) -> Value {
    let now = iso(Utc::now());
    let text = |name: &str| body.string(name).ok().flatten().map(str::to_owned);
    let nickname = text("nickname").unwrap_or_else(|| email.split('@').next().unwrap_or(email).to_string());
    let mut u = Map::new();
    u.insert("created_at".into(), json!(now));
    u.insert("email".into(), json!(email));
    u.insert("email_verified".into(), json!(body.bool("email_verified").ok().flatten().unwrap_or(false)));
    for name in ["family_name", "given_name"] {
        if let Some(v) = text(name) {
            u.insert(name.into(), json!(v));
        }
    }
    u.insert(
        "identities".into(),
        json!([{"connection": connection, "user_id": local_id, "provider": "auth0", "isSocial": false}]),
    );
    u.insert("name".into(), json!(text("name").unwrap_or_else(|| email.to_string())));
    u.insert("nickname".into(), json!(nickname));
    let initials: String = nickname.chars().take(2).collect::<String>().to_lowercase();
    let picture = format!(
        "https://s.gravatar.com/avatar/0?s=480&r=pg&d=https%3A%2F%2Fcdn.auth0.com%2Favatars%2F{initials}.png"
    );
    u.insert("picture".into(), json!(text("picture").unwrap_or(picture)));
    u.insert("updated_at".into(), json!(now));
    u.insert("user_id".into(), json!(user_id));
    for name in ["user_metadata", "app_metadata"] {
        if let Ok(Some(v)) = body.object(name) {
            u.insert(name.into(), Value::Object(v.clone()));
        }
    }
    for name in ["username", "phone_number"] {
        if let Some(v) = text(name) {
            u.insert(name.into(), json!(v));
        }
    }
    for name in ["blocked", "phone_verified"] {
        if let Ok(Some(v)) = body.bool(name) {
            u.insert(name.into(), json!(v));
        }
    }
    Value::Object(u)
}

/// `DELETE /users/{id}`: 204, also for an id that names no user (Auth0's reference lists no 404).
pub fn delete(_ctx: &Ctx, store: &mut Store, id: &str) -> ApiResult {
    store.users.retain(|u| u["user_id"] != id);
    store.user_roles.remove(id);
    store.user_permissions.remove(id);
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_policies_follow_auth0s_table() {
        assert!(password_refusal("good", None, "Passw0rd").is_none());
        assert!(password_refusal("good", None, "password").is_some(), "one kind");
        assert!(password_refusal("good", None, "Pw0!").is_some(), "short");
        assert!(password_refusal("fair", None, "Password!").is_some(), "fair needs a digit");
        assert!(password_refusal("excellent", None, "Passsw0rd!x").is_some(), "three in a row");
        assert!(password_refusal("excellent", None, "Pasw0rd!xyz").is_none());
        assert!(password_refusal("none", None, "x").is_none());
        assert!(password_refusal("low", Some(12), "abcdefgh").is_some(), "the connection's own minimum");
    }

    #[test]
    fn email_shapes() {
        for ok in ["a@b.co", "jane.doe+ci@example.com"] {
            assert!(looks_like_email(ok), "{ok}");
        }
        for bad in ["", "a", "a@b", "@b.co", "a b@c.de", "a@.co", "a@co."] {
            assert!(!looks_like_email(bad), "{bad}");
        }
    }
}
