//! The CLI's way to a profile's token: the token cache (`crate::cache::obtain_token`), with
//! whatever it noticed about the cache printed on stderr.

use super::output;
use crate::cache::{self, ObtainedToken};
use crate::config::Profile;
use crate::net::{FetchError, Http};

pub async fn obtain_token(
    http: &Http,
    profile: &Profile,
    use_cache: bool,
    now: i64,
) -> Result<ObtainedToken, FetchError> {
    let mut notes = Vec::new();
    let result = cache::obtain_token(http, profile, use_cache, now, &mut notes).await;
    for note in notes {
        // A cache that cannot be used is a problem to fix (a directory others can write): a
        // warning, which --quiet keeps. A token that no longer verifies is simply replaced.
        match note {
            cache::CacheNote::NoLongerVerifies { .. } => output::note_line(&note.to_string()),
            _ => output::warning_line(&note.to_string()),
        }
    }
    result
}
