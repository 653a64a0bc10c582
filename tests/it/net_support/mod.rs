pub mod keys;
pub mod server;
