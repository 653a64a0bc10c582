//! `/api/v2/*`: the Management API sample endpoints. [`routes`] registers them with axum; in front
//! of them, in Auth0's (Hapi's) order: the rate limit ([`limit`]; every answer carries the
//! `x-ratelimit-*` headers), route lookup, then [`guard`]: bearer token (400/401), payload
//! (413/400) and the scopes of the catalog's operation ([`scopes`], 403). Operations without a
//! handler pass the same checks and answer 501 ([`unimplemented`]); other paths answer 404.
//! Handlers get their inputs through the extractors in [`ctx`].

mod access;
mod audit;
mod auth;
mod body;
mod caller;
mod clients;
mod ctx;
mod grants;
mod guard;
mod limit;
mod logs;
mod misc;
mod params;
mod query;
mod resource_servers;
mod roles;
mod routes;
mod scopes;
mod unimplemented;
mod users;
mod users_write;

pub use routes::router;

/// Where the Management API router is mounted; matched paths may carry it.
pub const MOUNT: &str = "/api/v2";
#[cfg(test)]
pub use scopes::all_checked_scopes;
