//! The configuration as commands see it: loaded once, its problems reported once on stderr.

use super::{ProfileArgs, output};
use crate::config::{Config, NoActiveProfile, Profile};

/// The active profile for a command, with the configuration's problems reported once on
/// stderr; `None` (after saying why) when there is none.
pub fn active_profile(args: &ProfileArgs) -> Option<Profile> {
    let config = load_config(args, false);
    match config.require_active() {
        Ok(profile) => Some(profile.clone()),
        // An unknown profile name is one of the problems just reported.
        Err(NoActiveProfile::Unknown(_)) => None,
        Err(error) => {
            output::error_line(&error.to_string());
            None
        }
    }
}

/// Loads profiles; problems are reported on stderr (for commands) or in the Tokens pane (TUI),
/// and never stop tokex from starting.
pub fn load_config(args: &ProfileArgs, for_tui: bool) -> Config {
    let config = Config::load(&args.load_options());
    if !for_tui {
        for problem in &config.problems {
            output::error_line(&problem.to_string());
        }
    }
    config
}
