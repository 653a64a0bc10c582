//! The shape of the code, checked: layers that must not see the terminal do not import it,
//! sibling modules do not import each other in a circle, files stay small, errors stay typed
//! outside the CLI, and nothing points outside the repository. Reads `src/` as text.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

struct SourceFile {
    /// Module path: `src/tenant/api/mod.rs` → `["tenant", "api"]`.
    module: Vec<String>,
    path: PathBuf,
    /// The file up to its `#[cfg(test)]` module, if any.
    code: String,
}

fn source_files() -> Vec<SourceFile> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    let mut pending = vec![root.clone()];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir).expect("read src") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                // Test code (`tests.rs`, a `tests/` folder, the shared test support) may
                // reach across layers to drive them; the rules are for the product's code.
                let inside = path.strip_prefix(&root).unwrap_or(&path);
                let in_tests =
                    inside.components().any(|c| c.as_os_str() == "tests" || c.as_os_str() == "test_support");
                if path.file_name().is_some_and(|n| n == "tests.rs") || in_tests {
                    continue;
                }
                let text = fs::read_to_string(&path).expect("read file");
                let code = without_test_module(&text);
                let relative = path.strip_prefix(&root).expect("under src").with_extension("");
                let mut module: Vec<String> =
                    relative.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
                if module.last().is_some_and(|m| m == "mod" || m == "lib" || m == "main") {
                    module.pop();
                }
                files.push(SourceFile { module, path, code });
            }
        }
    }
    files
}

/// The text before an inline `#[cfg(test)] mod … {` block.
fn without_test_module(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut kept = Vec::with_capacity(lines.len());
    let mut index = 0;
    while index < lines.len() {
        let opens_test_module = lines[index].trim() == "#[cfg(test)]"
            && lines
                .get(index + 1)
                .is_some_and(|next| next.starts_with("mod ") && next.trim_end().ends_with('{'));
        if opens_test_module {
            // Skip to the module's closing brace (rustfmt puts it alone at column 0).
            index += 2;
            while index < lines.len() && lines[index] != "}" {
                index += 1;
            }
            index += 1;
            continue;
        }
        kept.push(lines[index]);
        index += 1;
    }
    kept.join("\n")
}

/// The code without comment lines (doc links like [`super::x`] are not imports).
fn without_comments(code: &str) -> String {
    code.lines().filter(|line| !line.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n")
}

/// Names a module file re-exports from one of its children (`pub use child::{Name, …}`), so an
/// import of `parent::Name` counts as an import of `parent::child`.
fn reexports(files: &[SourceFile]) -> BTreeMap<(Vec<String>, String), String> {
    let mut map = BTreeMap::new();
    for file in files {
        let code = expand_braces(&without_comments(&file.code));
        for statement in code.split(';') {
            let Some(rest) = statement.trim().strip_prefix("pub use ") else { continue };
            for path in rest.split_whitespace() {
                let segments: Vec<&str> = path.split("::").collect();
                if let [child, .., name] = segments.as_slice()
                    && segments.len() >= 2
                    && !matches!(*child, "crate" | "super" | "self")
                {
                    map.insert((file.module.clone(), name.to_string()), child.to_string());
                }
            }
        }
    }
    map
}

/// Expands brace groups from the inside out: `p::{a, b::{c, d}}` → `p::a p::b::c p::b::d`.
fn expand_braces(code: &str) -> String {
    let mut text = code.to_owned();
    while let Some(open) = text.rfind("::{") {
        let Some(close) = text[open..].find('}').map(|i| open + i) else { break };
        let start =
            text[..open].rfind(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')).map_or(0, |i| i + 1);
        let prefix = text[start..open].to_owned();
        let items: Vec<String> = text[open + 3..close]
            .split(|c: char| c == ',' || c.is_whitespace())
            .filter(|item| !item.is_empty())
            .map(|item| format!("{prefix}::{item}"))
            .collect();
        text.replace_range(start..=close, &items.join(" "));
    }
    text
}

/// `use crate::{a, b::c}` and `super::x` paths, brace groups expanded, as absolute module paths.
/// Every item path is cut to the module it names: the longest known module prefix, plus the
/// child a re-exported item comes from.
fn imported_paths(
    file: &SourceFile,
    modules: &BTreeSet<Vec<String>>,
    reexported: &BTreeMap<(Vec<String>, String), String>,
) -> Vec<Vec<String>> {
    let text = expand_braces(&without_comments(&file.code));
    let mut paths = Vec::new();
    for (marker, base) in [("crate::", Vec::new()), ("super::", parent(&file.module))] {
        let mut rest = text.as_str();
        while let Some(at) = rest.find(marker) {
            let before = rest[..at].chars().last();
            rest = &rest[at + marker.len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let path: String =
                rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':').collect();
            let mut full = base.clone();
            full.extend(path.split("::").filter(|s| !s.is_empty()).map(str::to_owned));
            let known = (0..=full.len()).rev().find(|&n| modules.contains(&full[..n])).unwrap_or(0);
            let mut module = full[..known].to_vec();
            if let Some(child) =
                full.get(known).and_then(|name| reexported.get(&(module.clone(), name.clone())))
            {
                module.push(child.clone());
            }
            paths.push(module);
        }
    }
    paths
}

fn parent(module: &[String]) -> Vec<String> {
    module[..module.len().saturating_sub(1)].to_vec()
}

#[test]
fn sibling_modules_never_import_each_other_in_a_circle() {
    let found = circles(&source_files());
    assert!(found.is_empty(), "import circles: {found:#?}");
}

#[test]
fn the_circle_check_sees_through_reexports_and_digits() {
    let file = |module: &[&str], code: &str| SourceFile {
        module: module.iter().map(|m| m.to_string()).collect(),
        path: PathBuf::from(module.join("/")),
        code: without_test_module(code),
    };
    // `a::b` names `a::c` directly; `a::c` reaches `a::b` through a re-export from `a`.
    let files = vec![
        file(&["a"], "mod b;\nmod c;\npub use b::{Pane, Other};"),
        file(&["a", "b"], "use super::c::Thing;"),
        file(&["a", "c"], "use super::Pane;"),
        file(&["x"], "mod auth0;\nmod errors;"),
        file(&["x", "auth0"], "fn f() { super::errors::g() }"),
        file(&["x", "errors"], "use crate::x::auth0::Body;"),
        file(&["y"], "mod p;\nmod q;"),
        file(&["y", "p"], "// a doc link to [`super::q`] is no import\nuse super::q::Z;"),
        file(&["y", "q"], "#[cfg(test)]\nmod tests {\n    use super::super::p::Y;\n}\n"),
    ];
    let found = circles(&files);
    assert!(found.iter().any(|c| c == "a::b ⇄ a::c"), "{found:?}");
    assert!(found.iter().any(|c| c == "x::auth0 ⇄ x::errors"), "{found:?}");
    assert!(!found.iter().any(|c| c.starts_with("y::")), "{found:?}");
}

/// Every pair of sibling modules that reach each other through their imports.
fn circles(files: &[SourceFile]) -> Vec<String> {
    let modules: BTreeSet<Vec<String>> = files.iter().map(|f| f.module.clone()).collect();
    let reexported = reexports(files);
    // Edges between siblings: `a::b::x` importing `a::c::y` is the edge `a::b → a::c`.
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for file in files {
        for target in imported_paths(file, &modules, &reexported) {
            let common = file.module.iter().zip(&target).take_while(|(a, b)| a == b).count();
            if common < file.module.len() && common < target.len() {
                let from = file.module[..=common].to_vec();
                let to = target[..=common].to_vec();
                edges.entry(from).or_default().insert(to);
            }
        }
    }
    let mut found = Vec::new();
    for (from, targets) in &edges {
        for to in targets {
            if reaches(&edges, to, from, &mut BTreeSet::new()) {
                found.push(format!("{} ⇄ {}", from.join("::"), to.join("::")));
            }
        }
    }
    found
}

fn reaches(
    edges: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
    from: &Vec<String>,
    goal: &Vec<String>,
    seen: &mut BTreeSet<Vec<String>>,
) -> bool {
    if from == goal {
        return true;
    }
    if !seen.insert(from.clone()) {
        return false;
    }
    edges.get(from).is_some_and(|next| next.iter().any(|n| reaches(edges, n, goal, seen)))
}

#[test]
fn domain_and_net_never_see_the_terminal() {
    for file in source_files() {
        let layer = file.module.first().map(String::as_str);
        if matches!(layer, Some("domain" | "net" | "config" | "tenant")) {
            for forbidden in
                ["ratatui", "crossterm", "crate::ui", "crate::app", "crate::runtime", "crate::cli"]
            {
                assert!(!file.code.contains(forbidden), "{} imports {forbidden}", file.path.display());
            }
        }
    }
}

/// The command line takes its colours from the neutral palette, not from the TUI's renderer;
/// the palette itself knows no front end.
#[test]
fn the_cli_and_the_palette_never_import_the_tui_renderer() {
    for file in source_files() {
        let layer = file.module.first().map(String::as_str);
        let forbidden: &[&str] = match layer {
            Some("cli") => &["crate::ui", "ratatui::"],
            Some("palette") => &["crate::ui", "crate::cli", "ratatui::", "crossterm::", "anstyle::"],
            _ => continue,
        };
        for name in forbidden {
            assert!(!file.code.contains(name), "{} imports {name}", file.path.display());
        }
    }
}

/// `unsafe` is denied crate-wide (Cargo.toml's lints); the one block allowed is the ticker's
/// hand-over of its timer to tokio.
#[test]
fn unsafe_lives_only_in_the_ticker() {
    let manifest =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml")).expect("manifest");
    assert!(manifest.contains("[lints.rust]\n") && manifest.contains("unsafe_code = \"deny\""), "{manifest}");
    let unsafe_files: Vec<String> = source_files()
        .iter()
        .filter(|f| {
            let code = without_comments(&f.code);
            code.contains("unsafe {") || code.contains("unsafe fn") || code.contains("unsafe impl")
        })
        .map(|f| f.path.display().to_string())
        .collect();
    assert_eq!(unsafe_files.len(), 1, "{unsafe_files:?}");
    assert!(unsafe_files[0].ends_with("runtime/ticker.rs"), "{unsafe_files:?}");
}

/// The TUI's state (`app`) and its renderer (`ui`) never call the network: they name the
/// network's error types to show them, and nothing else of `net`; the runtime does the I/O.
#[test]
fn the_tui_takes_only_error_types_from_net() {
    for file in source_files() {
        if !matches!(file.module.first().map(String::as_str), Some("app" | "ui")) {
            continue;
        }
        let code = expand_braces(&without_comments(&file.code));
        for (at, _) in code.match_indices("net::") {
            let rest = &code[at + "net::".len()..];
            let item: String =
                rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':').collect();
            let name = item.rsplit("::").next().unwrap_or_default();
            assert!(name.ends_with("Error"), "{} uses net::{item}", file.path.display());
        }
    }
}

#[test]
fn files_stay_small() {
    let long: Vec<String> = source_files()
        .iter()
        .filter(|f| f.code.lines().count() > 500)
        .map(|f| format!("{} ({} lines)", f.path.display(), f.code.lines().count()))
        .collect();
    assert!(long.is_empty(), "files over 500 lines outside tests: {long:#?}");
}

#[test]
fn errors_stay_typed_outside_the_cli() {
    let stringly: Vec<String> = source_files()
        .iter()
        .filter(|f| f.module.first().is_none_or(|m| m != "cli"))
        .flat_map(|f| {
            f.code
                .lines()
                .filter(|line| has_string_error(line))
                .map(move |line| format!("{}: {}", f.path.display(), line.trim()))
        })
        .collect();
    assert!(stringly.is_empty(), "Result<_, String> outside src/cli: {stringly:#?}");
}

/// Whether `line` names a `Result<T, String>` (the error argument at the top level).
fn has_string_error(line: &str) -> bool {
    line.match_indices("Result<").any(|(at, _)| {
        let mut depth = 0usize;
        let mut error_start = None;
        for (i, c) in line[at + "Result<".len()..].char_indices() {
            match c {
                '<' | '(' => depth += 1,
                '>' | ')' if depth == 0 => {
                    let rest = &line[at + "Result<".len()..];
                    return error_start.is_some_and(|start: usize| rest[start..i].trim() == "String");
                }
                '>' | ')' => depth -= 1,
                ',' if depth == 0 => error_start = Some(i + 1),
                _ => {}
            }
        }
        false
    })
}

#[test]
fn the_string_error_check_reads_generics() {
    assert!(has_string_error("fn a() -> Result<Vec<u8>, String> {"));
    assert!(has_string_error("x: Result<(), String>,"));
    assert!(!has_string_error("fn r(v: &HashMap<String, String>) -> Result<String, RenderError> {"));
    assert!(!has_string_error("fn p() -> Result<HashMap<String, String>, OAuthError> {"));
}

#[test]
fn nothing_points_outside_the_repository() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut offenders = Vec::new();
    let mut pending = vec![root.join("src"), root.join("docs"), root.join("tests"), root.join("benches")];
    pending.push(root.join("README.md"));
    while let Some(path) = pending.pop() {
        if path.is_dir() {
            // Third-party code benches/compare.sh installs (git-ignored) is not ours to check.
            if ["node_modules", "peers", "target"].iter().any(|ignored| path.ends_with(ignored)) {
                continue;
            }
            for entry in fs::read_dir(&path).expect("read dir") {
                pending.push(entry.expect("entry").path());
            }
        } else if let Ok(text) = fs::read_to_string(&path) {
            if path.ends_with("architecture.rs") {
                continue;
            }
            if text.contains("facts.md") || text.contains("../shared") {
                offenders.push(path.display().to_string());
            }
        }
    }
    assert!(offenders.is_empty(), "files citing facts.md or ../shared: {offenders:#?}");
}

#[test]
fn one_module_file_style() {
    // `foo.rs` beside `foo/` would mix the self-named style with `mod.rs`.
    let mixed: Vec<String> = source_files()
        .iter()
        .filter(|f| f.path.file_name().is_some_and(|n| n != "mod.rs") && f.path.with_extension("").is_dir())
        .map(|f| f.path.display().to_string())
        .collect();
    assert!(mixed.is_empty(), "self-named module files beside a folder: {mixed:#?}");
}
