//! The tenant's accept loop. axum's `serve` cannot bound slow or idle clients, so the tenant runs
//! its router on hyper directly: each connection must send its request headers within
//! [`HEADER_READ_TIMEOUT`] (hyper starts that timer again whenever a kept-alive connection goes
//! idle, so it is the keep-alive idle timeout too), bodies are bounded by `request::read_body`,
//! and at most [`MAX_CONNECTIONS`] are open: a new connection beyond that closes the oldest one,
//! so a flood of half-open connections cannot lock out a client that arrives after it, and the
//! tenant never runs out of file descriptors. Accept errors never stop the loop.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{oneshot, watch};
use tokio::task::{AbortHandle, Id, JoinSet};
use tower::ServiceExt;

/// How long a client may take to send a request's headers, and to start the next request on a
/// kept-alive connection.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(5);
/// Open connections at most; well under the usual 1024 file descriptors per process.
pub const MAX_CONNECTIONS: usize = 256;
/// A pause after a failed accept (e.g. out of file descriptors) before trying again.
const ACCEPT_RETRY: Duration = Duration::from_millis(50);

/// Serves `app` on `listener` until `stop` fires, then lets open connections finish their
/// current request.
pub async fn serve(listener: TcpListener, app: Router, mut stop: oneshot::Receiver<()>) {
    let (closing, closing_seen) = watch::channel(false);
    let mut tasks = JoinSet::new();
    // Oldest first, for eviction at the cap.
    let mut open: VecDeque<(Id, AbortHandle)> = VecDeque::new();
    loop {
        tokio::select! {
            _ = &mut stop => break,
            Some(done) = tasks.join_next_with_id() => {
                let id = match done {
                    Ok((id, ())) => id,
                    Err(e) => e.id(),
                };
                open.retain(|(open_id, _)| *open_id != id);
            }
            accepted = listener.accept() => {
                let Ok((stream, peer)) = accepted else {
                    tokio::time::sleep(ACCEPT_RETRY).await;
                    continue;
                };
                while open.len() >= MAX_CONNECTIONS {
                    if let Some((_, oldest)) = open.pop_front() {
                        oldest.abort();
                    }
                }
                let handle = tasks.spawn(connection(stream, peer, app.clone(), closing_seen.clone()));
                open.push_back((handle.id(), handle));
            }
        }
    }
    drop(listener);
    let _ = closing.send(true);
    while tasks.join_next().await.is_some() {}
}

async fn connection(stream: TcpStream, peer: SocketAddr, app: Router, mut closing: watch::Receiver<bool>) {
    // Small JSON answers go out at once rather than waiting on Nagle's algorithm.
    let _ = stream.set_nodelay(true);
    let service = service_fn(move |mut req: hyper::Request<Incoming>| {
        // What axum::serve would attach: handlers read the peer through `ConnectInfo`.
        req.extensions_mut().insert(ConnectInfo(peer));
        app.clone().oneshot(req)
    });
    let mut builder = http1::Builder::new();
    builder.timer(TokioTimer::new()).header_read_timeout(HEADER_READ_TIMEOUT).keep_alive(true);
    let conn = builder.serve_connection(TokioIo::new(stream), service);
    tokio::pin!(conn);
    tokio::select! {
        _ = conn.as_mut() => {}
        _ = closing.changed() => {
            conn.as_mut().graceful_shutdown();
            let _ = conn.await;
        }
    }
}
