//! The confirmation of a call that changes the tenant, on the command line: the question of
//! `domain::change_confirmation` written to stderr, the answer read from the terminal
//! (`/dev/tty`, so `-d -` and `--token -` keep stdin). `--yes` skips it; without a terminal the
//! call is refused before anything is sent (exit 8, as a declined prompt).

use super::{exit, output};
use crate::domain::change_confirmation::ChangeConfirmation;
use std::io::{self, BufRead, BufReader, IsTerminal, Read, Write};

/// Where the question is asked: stderr must be a terminal (the question is shown there) and the
/// process must have a controlling terminal to read the answer from.
pub struct Terminal {
    tty: std::fs::File,
}

impl Terminal {
    /// The terminal to ask on, or None (a script, CI, a pipe on stderr).
    pub fn open() -> Option<Self> {
        if !io::stderr().is_terminal() {
            return None;
        }
        let tty = std::fs::OpenOptions::new().read(true).write(true).open("/dev/tty").ok()?;
        Some(Self { tty })
    }
}

/// The refusal when no terminal can ask and `--yes` was not given. Returns the exit code.
pub fn refuse_without_terminal(method: &str, path: &str) -> u8 {
    output::error_line(&format!(
        "{method} {path} changes the tenant and there is no terminal to confirm it on; pass --yes to \
         send it. Nothing was sent"
    ));
    exit::DECLINED
}

/// Asks on `terminal`; Ok when the user typed the answer, else the exit code after saying why.
pub fn ask(terminal: Terminal, confirmation: &ChangeConfirmation) -> Result<(), u8> {
    let mut reader = BufReader::new(terminal.tty);
    if ask_with(confirmation, &mut reader, &mut io::stderr().lock()) {
        Ok(())
    } else {
        output::error_line(&format!("not confirmed ({}); nothing was sent", confirmation.mismatch()));
        Err(exit::DECLINED)
    }
}

/// The question written to `err`, one answer read from `answer`: true only for the answer the
/// confirmation accepts.
pub fn ask_with(confirmation: &ChangeConfirmation, answer: &mut impl BufRead, err: &mut impl Write) -> bool {
    let _ = write!(err, "{}", question(confirmation));
    let _ = err.flush();
    let mut typed = String::new();
    // Bounded: a line longer than any id is no answer.
    if answer.by_ref().take(4096).read_line(&mut typed).is_err() {
        return false;
    }
    confirmation.accepts(&typed)
}

/// The question as text: the labelled rows, the instruction, then the prompt.
pub fn question(confirmation: &ChangeConfirmation) -> String {
    let mut text = String::from("tokex: this call changes the tenant.\n");
    for (label, value) in confirmation.rows() {
        let mut lines = value.lines();
        text.push_str(&format!("  {label:<9} {}\n", lines.next().unwrap_or("")));
        for line in lines {
            text.push_str(&format!("  {:<9} {line}\n", ""));
        }
    }
    text.push_str(&format!("{}\n> ", confirmation.instruction()));
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::catalog::Method;
    use crate::domain::change_confirmation::{ChangeRequest, Identity};

    fn confirmation(method: Method, path: &str) -> ChangeConfirmation {
        ChangeConfirmation::new(&ChangeRequest {
            tenant: "http://127.0.0.1:4000",
            identity: Identity { profile: None, client_name: None, azp: Some("cli_admin") },
            method,
            path_and_query: path,
            body: None,
        })
    }

    /// Every changing method: the right answer confirms, a wrong one, `yes`, an empty line or
    /// end of input declines, and the question names tenant, identity and call.
    #[test]
    fn only_the_typed_answer_confirms() {
        let cases = [
            (Method::Post, "/api/v2/roles", "post"),
            (Method::Put, "/api/v2/email-templates/verify_email", "verify_email"),
            (Method::Patch, "/api/v2/client-grants/cgr_0123456789", "456789"),
            (Method::Delete, "/api/v2/users/auth0%7C42", "auth0|42"),
        ];
        for (method, path, right) in cases {
            let confirmation = confirmation(method, path);
            let mut err = Vec::new();
            assert!(
                ask_with(&confirmation, &mut format!("{right}\n").as_bytes(), &mut err),
                "{method} {path}"
            );
            let shown = String::from_utf8(err).unwrap_or_default();
            assert!(shown.contains("tenant    127.0.0.1:4000"), "{shown}");
            assert!(shown.contains("client id (azp) cli_admin"), "{shown}");
            assert!(shown.contains(&format!("call      {method} {path}")), "{shown}");
            for wrong in ["yes\n", "y\n", "\n", ""] {
                assert!(
                    !ask_with(&confirmation, &mut wrong.as_bytes(), &mut Vec::new()),
                    "{method} {wrong:?}"
                );
            }
        }
    }
}
