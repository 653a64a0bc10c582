//! The token core: pure functions over strings and numbers. No I/O, no terminal, no clock.

pub mod api_errors;
pub mod api_path;
pub mod api_response;
pub mod auth0;
pub mod catalog;
pub mod change_confirmation;
pub mod claims;
pub mod expiry;
pub mod exposure;
pub mod grant_drift;
pub mod input;
pub mod inspection;
pub mod issuing_tenant;
pub mod json_lines;
pub mod sanitize;
pub mod scope_catalog;
pub mod scope_rule;
#[rustfmt::skip]
mod scope_table;
pub mod signing;
pub mod token;
pub mod token_diff;
pub mod verify;
pub mod warnings;

pub use claims::{Claims, ScopeGroup, group_scopes};
pub use expiry::{Expiry, TimeState, Urgency, format_duration};
pub use inspection::Inspection;
pub use token::{DecodeError, DecodedJwt, Part};
pub use warnings::{Warning, WarningKind};
