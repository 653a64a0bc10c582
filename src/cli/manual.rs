//! `tokex man`: one complete manual page in roff, built from the same clap definition the
//! parser uses (every command and option), the TUI's key tables (`app::manual_sections`), and
//! the facts README documents: configuration file, ENVIRONMENT, FILES, EXIT STATUS, EXAMPLES.
//! It names no other page of tokex's, so `man -l` has nothing to miss.

use super::{Cli, exit};
use crate::app::manual_sections;
use clap::{Arg, Command, CommandFactory};

/// Text for roff: backslashes and leading dots or quotes cannot start a request.
fn esc(text: &str) -> String {
    let text = text.replace('\\', "\\e").replace('-', "\\-");
    text.lines()
        .map(|line| {
            if line.starts_with('.') || line.starts_with('\'') {
                format!("\\&{line}")
            } else {
                line.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn section(page: &mut String, title: &str) {
    page.push_str(&format!(".SH {title}\n"));
}

fn paragraph(page: &mut String, text: &str) {
    page.push_str(&format!(".PP\n{}\n", esc(text)));
}

fn tagged(page: &mut String, tag: &str, text: &str) {
    page.push_str(&format!(".TP\n{tag}\n{}\n", esc(text)));
}

fn example(page: &mut String, lines: &[&str]) {
    page.push_str(".PP\n.nf\n.RS 4\n");
    for line in lines {
        page.push_str(&esc(line));
        page.push('\n');
    }
    page.push_str(".RE\n.fi\n");
}

/// `\fB\-\-profile\fR \fINAME\fR` for an option, `\fIMETHOD\fR` for a positional.
fn arg_tag(arg: &Arg) -> String {
    let value = || {
        arg.get_value_names()
            .map(|names| names.iter().map(|n| format!("\\fI{}\\fR", esc(n))).collect::<Vec<_>>().join(" "))
            .unwrap_or_default()
    };
    let takes_value = arg.get_action().takes_values();
    let mut names = Vec::new();
    if let Some(short) = arg.get_short() {
        names.push(format!("\\fB\\-{short}\\fR"));
    }
    if let Some(long) = arg.get_long() {
        names.push(format!("\\fB\\-\\-{}\\fR", esc(long)));
    }
    if names.is_empty() {
        return value();
    }
    let names = names.join(", ");
    if takes_value { format!("{names} {}", value()) } else { names }
}

fn arg_help(arg: &Arg) -> String {
    let mut text = arg.get_long_help().or(arg.get_help()).map(|h| h.to_string()).unwrap_or_default();
    let values: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_owned())
        .collect();
    if !values.is_empty() && !text.contains(&values.join("|")) {
        text.push_str(&format!(" One of: {}.", values.join(", ")));
    }
    if let Some(default) = arg.get_default_values().first().filter(|_| takes_default(arg)) {
        text.push_str(&format!(" Default: {}.", default.to_string_lossy()));
    }
    if let Some(env) = arg.get_env() {
        text.push_str(&format!(" Environment: {}.", env.to_string_lossy()));
    }
    text
}

fn takes_default(arg: &Arg) -> bool {
    arg.get_action().takes_values()
}

fn options(page: &mut String, command: &Command, globals: bool) {
    for arg in command.get_arguments() {
        if arg.is_hide_set()
            || arg.get_id() == "help"
            || arg.get_id() == "version"
            || (arg.is_global_set() != globals)
        {
            continue;
        }
        tagged(page, &arg_tag(arg), &arg_help(arg));
    }
}

fn commands(page: &mut String, command: &Command, prefix: &str) {
    for sub in command.get_subcommands() {
        if sub.get_name() == "help" || sub.is_hide_set() {
            continue;
        }
        let name = format!("{prefix} {}", sub.get_name());
        if sub.has_subcommands() {
            commands(page, sub, &name);
            continue;
        }
        let positionals: Vec<String> = sub
            .get_positionals()
            .map(|p| {
                let names =
                    p.get_value_names().map(|n| n.join(" ")).unwrap_or_else(|| p.get_id().to_string());
                if p.is_required_set() { names } else { format!("[{names}]") }
            })
            .collect();
        page.push_str(&format!(".SS \"{} {}\"\n", esc(&name), esc(&positionals.join(" "))));
        let about = sub.get_long_about().or(sub.get_about()).map(|a| a.to_string()).unwrap_or_default();
        page.push_str(&format!("{}\n", esc(&about)));
        if sub.get_visible_aliases().next().is_some() {
            let aliases: Vec<&str> = sub.get_visible_aliases().collect();
            page.push_str(&format!(".br\nAlso spelled: {}.\n", esc(&aliases.join(", "))));
        }
        options(page, sub, false);
    }
}

/// The whole page.
pub fn page() -> String {
    let mut command = Cli::command();
    command.build();
    let mut page = format!(".TH TOKEX 1 \"\" \"tokex {}\" \"User Commands\"\n", env!("CARGO_PKG_VERSION"));
    section(&mut page, "NAME");
    page.push_str(&format!(
        "tokex \\- {}\n",
        esc(&command.get_about().map(|a| a.to_string()).unwrap_or_default())
    ));
    section(&mut page, "SYNOPSIS");
    page.push_str("\\fBtokex\\fR [\\fIOPTIONS\\fR] [\\fITOKEN\\fR|\\fB\\-\\fR|\\fB@\\fR\\fIFILE\\fR]\n.br\n\\fBtokex\\fR [\\fIOPTIONS\\fR] \\fICOMMAND\\fR [\\fIARGS\\fR]\n");
    section(&mut page, "DESCRIPTION");
    paragraph(
        &mut page,
        "Without a command, tokex opens its terminal UI (five panes: the Inspector, Tokens, the API pane, Exposure and the Encoder) on TOKEN, on a token read from stdin (-) or from a file (@FILE), or empty. The commands below work without the UI and suit scripts: data on stdout, everything else on stderr, one exit code per condition.",
    );
    paragraph(
        &mut page,
        "Anywhere a token is accepted, tokex takes what people paste: a bare JWT, Bearer …, a whole Authorization header line, or a JSON token response.",
    );
    section(&mut page, "GLOBAL OPTIONS");
    paragraph(&mut page, "Accepted before or after the command.");
    options(&mut page, &command, true);
    section(&mut page, "COMMANDS");
    commands(&mut page, &command, "tokex");
    section(&mut page, "KEYS OF THE TERMINAL UI");
    paragraph(&mut page, "The same tables the UI's help overlay (?) shows.");
    for help in manual_sections() {
        page.push_str(&format!(".SS \"{}\"\n", esc(&help.heading)));
        for (key, what) in help.rows {
            tagged(&mut page, &format!("\\fB{}\\fR", esc(key)), what);
        }
    }
    section(&mut page, "CONFIGURATION");
    paragraph(
        &mut page,
        "Profiles live in $XDG_CONFIG_HOME/tokex/config.toml when XDG_CONFIG_HOME is set, else in the user configuration directory (~/.config/tokex/config.toml on Linux); --config PATH names another file. Each [profiles.NAME] table has domain and client_id, and one way to the secret: client_secret_env (a variable's name), client_secret_cmd (a command whose first output line is the secret; client_secret_cmd_timeout seconds, default 30) or client_secret (discouraged). Optional: audience, auth_method (post, basic, private_key_jwt with private_key_path), token_endpoint, jwks_uri, cache = false. default_profile names the profile used without --profile.",
    );
    example(
        &mut page,
        &[
            "default_profile = \"prod\"",
            "",
            "[profiles.prod]",
            "domain = \"acme.eu.auth0.com\"",
            "client_id = \"abc123\"",
            "client_secret_env = \"ACME_SECRET\"",
        ],
    );
    section(&mut page, "ENVIRONMENT");
    for (name, what) in [
        (
            "AUTH0_DOMAIN, AUTH0_CLIENT_ID",
            "both set: the profile env, made of the environment, is the default; AUTH0_CLIENT_SECRET and AUTH0_AUDIENCE complete it.",
        ),
        ("TOKEX_TOKEN", "the token tokex call sends when --token is not given."),
        ("TOKEX_LOG", "a tracing filter for the log (tokex=debug, tokex::net=trace), instead of -v."),
        ("TOKEX_LOG_FILE", "the log file, as --log-file."),
        (
            "COMPLETE",
            "set to bash, zsh or fish by a shell asking tokex for completions (source <(COMPLETE=bash tokex)).",
        ),
        ("XDG_CONFIG_HOME", "where the configuration file is looked for."),
        ("XDG_CACHE_HOME", "where the token cache lives."),
        ("XDG_STATE_HOME", "where the log file lives by default."),
        (
            "HOME",
            "~/ in the Encoder's key file prompt and in the configuration's paths; the XDG defaults derive from it.",
        ),
        ("TMUX", "set inside tmux: a copy is also sent in tmux's passthrough form."),
        (
            "CLICOLOR, CLICOLOR_FORCE, TERM",
            "the usual colour conventions for the commands' output (NO_COLOR still wins).",
        ),
        ("SSL_CERT_FILE, SSL_CERT_DIR", "the certificates trusted for https instead of the system's store."),
        ("EDITOR, VISUAL", "the editor E opens a JSON body in (else vi)."),
        ("NO_COLOR", "no colour anywhere."),
        ("COLORFGBG", "with --theme auto, a light background picks the light palette."),
        ("HTTPS_PROXY, HTTP_PROXY, ALL_PROXY, NO_PROXY", "proxies, as curl reads them."),
    ] {
        tagged(&mut page, &format!("\\fB{}\\fR", esc(name)), what);
    }
    section(&mut page, "FILES");
    for (name, what) in [
        ("~/.config/tokex/config.toml", "the configuration (see CONFIGURATION)."),
        (
            "~/.cache/tokex/tokens.json",
            "the token cache of fetch and call (tokex cache list, tokex cache clear); readable by you only.",
        ),
        (
            "~/.local/state/tokex/tokex.log",
            "the log written with -v (default of --log-file); readable by you only.",
        ),
    ] {
        tagged(&mut page, &format!("\\fI{}\\fR", esc(name)), what);
    }
    section(&mut page, "EXIT STATUS");
    for line in exit::AFTER_HELP.lines().skip(1) {
        if let Some((code, what)) = line.trim().split_once("  ") {
            tagged(&mut page, &format!("\\fB{code}\\fR"), what.trim());
        }
    }
    section(&mut page, "EXAMPLES");
    for (what, lines) in [
        ("Inspect a token in the terminal UI:", &["tokex \"$TOKEN\""][..]),
        ("One JSON summary, no UI:", &["tokex decode --json < token.txt"]),
        (
            "Check a signature offline against a key file:",
            &["tokex decode --verify --key public.pem \"$TOKEN\""],
        ),
        (
            "Fetch a token and call the Management API with it:",
            &[
                "export TOKEN=$(tokex --profile prod fetch)",
                "tokex call GET /users -q q='email:\"jane@example.com\"' --token \"$TOKEN\"",
            ],
        ),
        ("The least scopes for a set of calls:", &["tokex scopes-for GET /users POST /roles"]),
        (
            "A test token of Auth0's Management API shape, signed with a new key:",
            &["tokex encode --generate-key --management-api acme.eu.auth0.com --scope \"read:users\""],
        ),
        ("Completions that know your profiles and the API:", &["source <(COMPLETE=bash tokex)"]),
    ] {
        paragraph(&mut page, what);
        example(&mut page, lines);
    }
    page
}

/// `tokex man` on stdout; `tokex man --dir DIR` is not needed: this page is the only one.
pub fn man_command() -> u8 {
    if super::output::stdout_bytes(page().as_bytes()) { exit::OK } else { exit::FAILURE }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_and_option_is_in_the_page() {
        let page = page();
        let mut command = Cli::command();
        command.build();
        for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
            assert!(
                page.contains(&format!(".SS \"tokex {}", esc(sub.get_name()))) || sub.has_subcommands(),
                "{}",
                sub.get_name()
            );
            for arg in sub.get_arguments().filter(|a| !a.is_hide_set()) {
                if let Some(long) = arg.get_long().filter(|l| *l != "help") {
                    assert!(page.contains(&format!("\\-\\-{}", esc(long))), "--{long} of {}", sub.get_name());
                }
            }
        }
        for heading in
            ["ENVIRONMENT", "FILES", "EXIT STATUS", "EXAMPLES", "CONFIGURATION", "KEYS OF THE TERMINAL UI"]
        {
            assert!(page.contains(&format!(".SH {heading}\n")), "{heading}");
        }
        assert!(!page.contains("tokex-call(1)") && !page.contains("tokex\\-call(1)"));
    }
}
