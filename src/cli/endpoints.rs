//! `tokex endpoints [--json]`: the endpoint catalog with the scopes each endpoint needs.

use super::exit;
use super::output::json_text;
use crate::domain::catalog;
use clap::Args;
use std::io::Write;

#[derive(Debug, Args)]
pub struct EndpointsArgs {
    /// Print a JSON array (method, path, scopes, destructive, description, …).
    #[arg(long)]
    pub json: bool,
}

pub fn endpoints_command(json_output: bool, out: &mut impl Write) -> u8 {
    let endpoints = catalog::catalog();
    let written = if json_output {
        writeln!(out, "{}", json_text(&catalog::to_json(endpoints), false))
    } else {
        out.write_all(catalog::render_table(endpoints).as_bytes())
    };
    if written.is_err() { exit::FAILURE } else { exit::OK }
}
