//! Links the binary with packed relative relocations (`DT_RELR`) where the toolchain can: the
//! table the loader walks at every start shrinks from about 10,000 24-byte entries to a few
//! kilobytes of bitmaps, which makes the binary smaller and its start-up faster (a `tokex decode`
//! spent about a fifth of its instructions relocating). Only on Linux with glibc, and only when
//! the C toolchain that links Rust accepts the flag (GNU ld 2.38+, lld 15+); otherwise the
//! binary is linked as usual.

use std::env;
use std::io::Write;
use std::process::{Command, Stdio};

const FLAG: &str = "-Wl,-z,pack-relative-relocs";

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let linux_gnu = env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux")
        && env::var("CARGO_CFG_TARGET_ENV").as_deref() == Ok("gnu");
    if linux_gnu && linker_accepts_relr() {
        println!("cargo:rustc-link-arg-bins={FLAG}");
    }
}

/// Links an empty C program with the flag, with the same `cc` Rust links with by default.
fn linker_accepts_relr() -> bool {
    let Some(out_dir) = env::var_os("OUT_DIR") else { return false };
    let probe = std::path::Path::new(&out_dir).join("relr-probe");
    let child = Command::new("cc")
        .args(["-x", "c", "-", "-o"])
        .arg(&probe)
        .arg(FLAG)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    let Ok(mut child) = child else { return false };
    let wrote = child
        .stdin
        .take()
        .is_some_and(|mut stdin| stdin.write_all(b"int main(void) { return 0; }\n").is_ok());
    let linked = child.wait().is_ok_and(|status| status.success());
    let _ = std::fs::remove_file(&probe);
    wrote && linked
}
