//! The binary: everything is in the library (`tokex::cli`).
//!
//! `no_main`: Rust's own start-up (`lang_start`) asks glibc for the main thread's stack bounds,
//! and glibc answers by parsing /proc/self/maps with `sscanf`: about an eighth of a whole
//! `tokex decode`. tokex starts without it. The arguments still come from std (glibc hands them
//! over when the program is loaded); SIGPIPE is ignored and stdout flushed at the end, as
//! `lang_start` would do. What is lost is the "has overflowed its stack" message: a stack
//! overflow still stops the process, by SIGSEGV.
#![cfg_attr(not(test), no_main)]

#[cfg(not(test))]
#[unsafe(no_mangle)]
pub extern "C" fn main(_argc: std::ffi::c_int, _argv: *const *const std::ffi::c_char) -> std::ffi::c_int {
    // A closed pipe must be an error tokex reports (`tokex decode | head`), not a silent death.
    #[cfg(unix)]
    // SAFETY: sets a signal's disposition before any other thread exists; no handler runs.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_IGN);
    }
    let code = tokex::cli::launch_from_args(std::env::args_os());
    let _ = std::io::Write::flush(&mut std::io::stdout());
    std::ffi::c_int::from(code)
}
