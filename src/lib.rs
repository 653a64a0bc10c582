//! tokex: a terminal explorer for Auth0 Management API v2 access tokens.
//!
//! `domain` is pure (no I/O, no terminal); `net` is async HTTP (no terminal); `tenant` is the
//! built-in Auth0-compatible local tenant; `app` is the synchronous state machine; `ui`
//! renders it; `runtime` owns the terminal, the clock and tasks; `cli` parses the command line,
//! runs the non-interactive commands and is the only place that prints.

// One module-file style: `foo/mod.rs`, never `foo.rs` beside `foo/`.
#![deny(clippy::self_named_module_files)]

pub mod app;
pub mod cache;
pub mod cli;
pub mod config;
pub mod domain;
pub mod net;
pub mod palette;
pub mod runtime;
pub mod safe_file;
#[cfg(feature = "tenant")]
pub mod tenant;
pub mod ui;

#[cfg(test)]
pub(crate) mod test_support;
