//! Response bodies read with a cap while streaming: over the cap tokex stops reading, drops
//! what it has and says so, so a hostile or broken server cannot fill memory.

use super::transport::TransportError;
use std::time::Duration;

/// The whole body, or [`TransportError::TooLarge`] as soon as it would pass `limit` bytes
/// (a `Content-Length` above the limit is refused before reading anything).
pub async fn read_capped(
    mut response: reqwest::Response,
    limit: u64,
    url: &str,
    timeout: Duration,
) -> Result<Vec<u8>, TransportError> {
    let too_large = || TransportError::TooLarge { url: url.to_owned(), limit };
    if response.content_length().is_some_and(|length| length > limit) {
        return Err(too_large());
    }
    let mut body = Vec::new();
    while let Some(chunk) =
        response.chunk().await.map_err(|e| TransportError::from_reqwest(&e, url, timeout))?
    {
        if body.len() as u64 + chunk.len() as u64 > limit {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}
