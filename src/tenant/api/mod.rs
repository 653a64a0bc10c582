//! `/api/v2/*`: the Management API sample endpoints. [`routes`] registers them with axum; in front
//! of them, in Auth0's (Hapi's) order: the rate limit ([`limit`]; every answer carries the
//! `x-ratelimit-*` headers), route lookup (unknown path or method → 404), then [`guard`]: bearer
//! token (400/401), payload (413/400) and the scopes from the one table in [`scopes`] (403).
//! Handlers get their inputs through the extractors in [`ctx`].

mod auth;
mod clients;
mod ctx;
mod guard;
mod limit;
mod logs;
mod misc;
mod query;
mod routes;
mod scopes;
mod users;

pub use routes::router;
#[cfg(test)]
pub use scopes::all_checked_scopes;
