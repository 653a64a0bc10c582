mod call;
mod conventions;
mod diff;
mod drift;
mod network;
mod scopes;
mod session_tenant;
mod token_cache;
