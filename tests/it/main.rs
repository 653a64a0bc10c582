//! tokex's integration tests, in one binary so a change links once: a module per layer, and the
//! helpers they share. Tests that need the local tenant (the default `tenant` feature) say so
//! with `#![cfg(feature = "tenant")]` at the top of their file.

#[cfg(feature = "tenant")]
mod api_support;
mod cli_support;
mod net_support;
mod support;
#[cfg(feature = "tenant")]
mod tenant_support;

/// The invariants of the fuzz targets, also checked here on stable (replay and properties).
#[cfg(feature = "tenant")]
#[path = "../../fuzz/checks.rs"]
mod checks;

mod architecture;
mod cli;
mod config;
mod domain;
mod e2e;
mod net;
mod runtime;
mod security;
mod tenant;
