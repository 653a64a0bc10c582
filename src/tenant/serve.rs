//! The tenant's accept loop. axum's `serve` cannot bound slow or idle clients, so the tenant runs
//! its router on hyper directly: each connection must send its request headers within
//! [`HEADER_READ_TIMEOUT`] (hyper starts that timer again whenever a kept-alive connection goes
//! idle, so it is the keep-alive idle timeout too), bodies are bounded by `request::read_body`,
//! and at most [`MAX_CONNECTIONS`] are open. A new connection beyond that closes one that holds
//! the least: first one that has not sent a whole request yet (the oldest of those: what a flood
//! of connections or half-sent headers opens), then a kept-alive connection between requests
//! (the one idle longest), and only when every connection is in the middle of a request the
//! oldest of those. So a flood can neither lock out a client that arrives after it nor cut a
//! legitimate client's kept-alive connection, and the tenant never runs out of file
//! descriptors. Accept errors never stop the loop.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{oneshot, watch};
use tokio::task::{AbortHandle, Id, JoinSet};
use tokio_rustls::TlsAcceptor;
use tower::ServiceExt;

/// How long a client may take to send a request's headers, and to start the next request on a
/// kept-alive connection.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(5);
/// Open connections at most; well under the usual 1024 file descriptors per process.
pub const MAX_CONNECTIONS: usize = 256;
/// A pause after a failed accept (e.g. out of file descriptors) before trying again.
const ACCEPT_RETRY: Duration = Duration::from_millis(50);

/// What the accept loop knows of one open connection.
struct Open {
    abort: AbortHandle,
    /// Order of acceptance.
    seq: u64,
    activity: Arc<Activity>,
}

/// A connection's requests, as its service sees them.
#[derive(Default)]
struct Activity {
    in_flight: AtomicU32,
    served: AtomicU64,
    /// Milliseconds since the loop started, when the last request was answered.
    last_answered: AtomicU64,
}

/// Marks a request in flight until dropped (answered or cancelled).
struct InFlight {
    activity: Arc<Activity>,
    epoch: Instant,
}

impl InFlight {
    fn start(activity: Arc<Activity>, epoch: Instant) -> Self {
        activity.in_flight.fetch_add(1, Ordering::Relaxed);
        InFlight { activity, epoch }
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        let now = self.epoch.elapsed().as_millis() as u64;
        self.activity.last_answered.store(now, Ordering::Relaxed);
        self.activity.served.fetch_add(1, Ordering::Relaxed);
        self.activity.in_flight.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Which connection to close for a new one: see the module's documentation.
fn victim(open: &HashMap<Id, Open>) -> Option<Id> {
    let rank = |o: &Open| {
        let busy = o.activity.in_flight.load(Ordering::Relaxed) > 0;
        let served = o.activity.served.load(Ordering::Relaxed) > 0;
        match (busy, served) {
            (false, false) => (0, o.seq),
            (false, true) => (1, o.activity.last_answered.load(Ordering::Relaxed)),
            (true, _) => (2, o.seq),
        }
    };
    open.iter().min_by_key(|(_, o)| rank(o)).map(|(id, _)| *id)
}

/// Serves `app` on `listener` (over TLS with `tls`) until `stop` fires, then lets open
/// connections finish their current request.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    tls: Option<TlsAcceptor>,
    mut stop: oneshot::Receiver<()>,
) {
    let (closing, closing_seen) = watch::channel(false);
    let mut tasks = JoinSet::new();
    let mut open: HashMap<Id, Open> = HashMap::new();
    let epoch = Instant::now();
    let mut seq = 0u64;
    loop {
        tokio::select! {
            _ = &mut stop => break,
            Some(done) = tasks.join_next_with_id() => {
                let id = match done {
                    Ok((id, ())) => id,
                    Err(e) => e.id(),
                };
                open.remove(&id);
            }
            accepted = listener.accept() => {
                let Ok((stream, peer)) = accepted else {
                    tokio::time::sleep(ACCEPT_RETRY).await;
                    continue;
                };
                while open.len() >= MAX_CONNECTIONS {
                    let Some(id) = victim(&open) else { break };
                    if let Some(closed) = open.remove(&id) {
                        closed.abort.abort();
                    }
                }
                let activity = Arc::new(Activity::default());
                let link = Link { peer, app: app.clone(), closing: closing_seen.clone(), activity: activity.clone(), epoch };
                let served = connection(stream, tls.clone(), link);
                let abort = tasks.spawn(served);
                seq += 1;
                open.insert(abort.id(), Open { abort, seq, activity });
            }
        }
    }
    drop(listener);
    let _ = closing.send(true);
    while tasks.join_next().await.is_some() {}
}

/// What a connection's task needs besides its stream.
struct Link {
    peer: SocketAddr,
    app: Router,
    closing: watch::Receiver<bool>,
    activity: Arc<Activity>,
    epoch: Instant,
}

async fn connection(stream: TcpStream, tls: Option<TlsAcceptor>, link: Link) {
    // Small JSON answers go out at once rather than waiting on Nagle's algorithm.
    let _ = stream.set_nodelay(true);
    match tls {
        None => http(TokioIo::new(stream), link).await,
        // The handshake is bounded like the request headers that follow it.
        Some(acceptor) => {
            if let Ok(Ok(stream)) = tokio::time::timeout(HEADER_READ_TIMEOUT, acceptor.accept(stream)).await {
                http(TokioIo::new(stream), link).await;
            }
        }
    }
}

async fn http<I>(io: TokioIo<I>, link: Link)
where
    I: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
{
    let Link { peer, app, mut closing, activity, epoch } = link;
    let service = service_fn(move |mut req: hyper::Request<Incoming>| {
        // What axum::serve would attach: handlers read the peer through `ConnectInfo`.
        req.extensions_mut().insert(ConnectInfo(peer));
        let in_flight = InFlight::start(activity.clone(), epoch);
        let answer = app.clone().oneshot(req);
        async move {
            let response = answer.await;
            drop(in_flight);
            response
        }
    });
    let mut builder = http1::Builder::new();
    builder.timer(TokioTimer::new()).header_read_timeout(HEADER_READ_TIMEOUT).keep_alive(true);
    let conn = builder.serve_connection(io, service);
    tokio::pin!(conn);
    tokio::select! {
        _ = conn.as_mut() => {}
        _ = closing.changed() => {
            conn.as_mut().graceful_shutdown();
            let _ = conn.await;
        }
    }
}
