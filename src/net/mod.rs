//! Async networking, no terminal: one shared client, discovery, token fetch, JWKS, Management
//! API calls. Errors are typed values the UI can explain.

mod api;
pub mod assertion;
mod body;
mod discovery;
mod endpoints;
pub mod exposure;
pub mod grant_drift;
mod http;
pub mod jwks;
pub mod log_search;
mod proxy;
mod size;
mod token;
mod transport;

pub use api::{CallError, call_api};
pub use discovery::{DiscoveryError, ExplicitEndpoints, endpoints, endpoints_with};
pub use endpoints::{EndpointSource, Endpoints};
pub use http::{CACHE_TTL, CONNECT_TIMEOUT, DEFAULT_TIMEOUT, Http, HttpInitError, HttpOptions};
pub use jwks::{
    JwksError, JwksSource, VerifyTarget, load_jwks, target_for_issuer, target_for_profile,
    verify_for_profile, verify_for_profiles, verify_with_target,
};
pub use proxy::{Route, proxy_for, route_for};
pub use size::{
    DEFAULT_MAX_BODY, DISCOVERY_BODY_LIMIT, JWKS_BODY_LIMIT, SizeError, TOKEN_BODY_LIMIT, format_size,
    parse_size,
};
pub use token::{FetchError, TokenGrant, fetch_token};
pub use transport::TransportError;
