//! The countdown's tick: once per wall-clock second, and nothing more. This is the one place
//! tokex departs from plain tokio for a measured figure a user can feel on a laptop's battery
//! (one wake-up a second when idle, README's performance table): tokio's timer wheel wakes a
//! timer a second away twice (once to move it to a finer level of the wheel, once to fire
//! it), so on Linux the tick is a kernel timer (timerfd) on the wall clock instead, one
//! wake-up per second, exactly when `exp − now` changes. Elsewhere, tokio's interval. Handing
//! the timer to tokio is the crate's only `unsafe` block.

use std::io;
#[cfg(not(any(target_os = "linux", target_os = "android")))]
use std::time::Duration;

#[cfg(any(target_os = "linux", target_os = "android"))]
pub struct SecondTicker {
    timer: tokio::io::unix::AsyncFd<std::os::fd::OwnedFd>,
}

#[cfg(any(target_os = "linux", target_os = "android"))]
impl SecondTicker {
    /// Starts ticking at the next whole second of the wall clock. Needs tokio's IO driver.
    pub fn start() -> io::Result<Self> {
        use rustix::time::{
            Itimerspec, TimerfdClockId, TimerfdFlags, TimerfdTimerFlags, Timespec, timerfd_create,
            timerfd_settime,
        };
        let flags = TimerfdFlags::CLOEXEC | TimerfdFlags::NONBLOCK;
        let timer = timerfd_create(TimerfdClockId::Realtime, flags)?;
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
        let next_second = i64::try_from(now.as_secs()).unwrap_or(i64::MAX - 1) + 1;
        let schedule = Itimerspec {
            it_interval: Timespec { tv_sec: 1, tv_nsec: 0 },
            it_value: Timespec { tv_sec: next_second, tv_nsec: 0 },
        };
        timerfd_settime(&timer, TimerfdTimerFlags::ABSTIME, &schedule)?;
        let interest = tokio::io::Interest::READABLE;
        // The one `unsafe` in tokex (the crate denies it everywhere else): tokio asks its caller
        // to promise the descriptor's I/O safety since `with_interest` was found unsound.
        // SAFETY: `timer` is an open file descriptor that the `AsyncFd` owns from here on, so it
        // stays open and the same descriptor until the `AsyncFd` is dropped.
        #[allow(unsafe_code)]
        let timer = unsafe { tokio::io::unix::AsyncFd::register_with_interest(timer, interest) }?;
        Ok(Self { timer })
    }

    /// Waits for the next second (several missed seconds count as one tick).
    pub async fn tick(&mut self) -> io::Result<()> {
        loop {
            let mut ready = self.timer.readable().await?;
            // The timer's 8 bytes: how many seconds passed since the last read.
            let mut expirations = [0u8; 8];
            match ready
                .try_io(|timer| rustix::io::read(timer.get_ref(), &mut expirations).map_err(io::Error::from))
            {
                Ok(read) => return read.map(|_| ()),
                Err(_would_block) => continue,
            }
        }
    }
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
pub struct SecondTicker {
    interval: tokio::time::Interval,
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
impl SecondTicker {
    pub fn start() -> io::Result<Self> {
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
        // A few milliseconds late rather than early, so the second has changed by then.
        let until_next_second = Duration::from_millis(1000 - u64::from(now.subsec_millis()) + 5);
        let mut interval =
            tokio::time::interval_at(tokio::time::Instant::now() + until_next_second, Duration::from_secs(1));
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        Ok(Self { interval })
    }

    pub async fn tick(&mut self) -> io::Result<()> {
        self.interval.tick().await;
        Ok(())
    }
}
