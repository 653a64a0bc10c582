//! Ways out that do not come through the keyboard: termination signals, and a terminal that
//! went away. Both end the event loop the way `q` does, so the terminal guard restores the
//! terminal (alternate screen, cursor, bracketed paste, raw mode) on every path.

/// Resolves on SIGINT, SIGQUIT, SIGTERM or SIGHUP, all handled alike. In raw mode Ctrl-C and
/// Ctrl-\ are keys; these signals come from outside (`kill`, a closing terminal).
#[cfg(unix)]
pub async fn termination() {
    use tokio::signal::unix::{SignalKind, signal};
    let kinds = [SignalKind::interrupt(), SignalKind::quit(), SignalKind::terminate(), SignalKind::hangup()];
    let mut signals: Vec<_> = kinds.into_iter().filter_map(|kind| signal(kind).ok()).collect();
    if signals.is_empty() {
        // Without signal handlers there is nothing to wait for.
        return std::future::pending().await;
    }
    futures_util::future::select_all(signals.iter_mut().map(|signal| Box::pin(signal.recv()))).await;
}

#[cfg(not(unix))]
pub async fn termination() {
    std::future::pending::<()>().await
}

/// Resolves when the terminal tokex reads from hangs up (its window, tmux pane or session was
/// destroyed). crossterm's reader keeps reading `0` bytes in a loop then and never reports
/// the end, and no SIGHUP arrives when tokex is not in the terminal's session, so a thread of
/// our own waits for the hang-up (it sleeps in `poll`, costing nothing meanwhile).
#[cfg(unix)]
pub async fn terminal_gone() {
    let (sender, receiver) = tokio::sync::oneshot::channel();
    let watcher = std::thread::Builder::new().name("tty-hangup".into()).spawn(move || {
        if wait_for_hangup() {
            let _ = sender.send(());
        }
    });
    // No watcher, or it stopped without a hang-up: nothing more to wait for.
    if watcher.is_err() || receiver.await.is_err() {
        std::future::pending::<()>().await;
    }
}

#[cfg(not(unix))]
pub async fn terminal_gone() {
    std::future::pending::<()>().await
}

/// Blocks until the terminal hangs up (true), or returns false when it cannot be watched.
#[cfg(unix)]
fn wait_for_hangup() -> bool {
    use rustix::event::{PollFd, PollFlags, poll};
    use std::io::IsTerminal;
    use std::os::fd::AsFd;
    // The terminal crossterm reads: stdin when it is one, else the controlling terminal.
    let controlling =
        if std::io::stdin().is_terminal() { None } else { std::fs::File::open("/dev/tty").ok() };
    let stdin = std::io::stdin();
    let fd = match controlling.as_ref() {
        Some(tty) => tty.as_fd(),
        None => stdin.as_fd(),
    };
    loop {
        // No events asked for: poll(2) still reports a hang-up or an error, and nothing else.
        let mut watched = [PollFd::new(&fd, PollFlags::empty())];
        match poll(&mut watched, None) {
            Ok(_) => {}
            Err(rustix::io::Errno::INTR) => continue,
            Err(_) => return false,
        }
        if watched[0].revents().intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL) {
            return true;
        }
    }
}
