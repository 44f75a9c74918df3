//! The house rules of `src/`, read from the code itself (the crate doc in `src/lib.rs` states
//! them): no two modules import each other, directly or around a loop; a step never imports
//! another step; only the wizard and the dispatch in `lib.rs` use the steps.
//!
//! A module "imports" another when its text names `crate::other` (in a `use` line or inline) or
//! lists `other` in a grouped `use crate::{other, …}`.
//! Comments are skipped, so a doc link does not count.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// The steps of the story (ARCHITECTURE.md §2): each talks to people through `Ui` and calls building
/// blocks only.
const STEPS: [&str; 6] = ["seal", "verify", "install", "status", "rollback", "wipe"];

/// What the rules allow to call a step: the guided mode and the dispatch.
const ABOVE_STEPS: [&str; 2] = ["wizard", "lib"];

/// The first names after each `crate::` in a file's code (comments skipped), other than
/// `module` itself: `crate::a::X` names `a`, and a grouped `use crate::{a, b::{X, Y}}`, also
/// across lines, names `a` and `b`.
fn crate_names(text: &str, module: &str) -> BTreeSet<String> {
    let code: String =
        text.lines().map(|line| line.split("//").next().unwrap()).collect::<Vec<_>>().join("\n");
    let mut names = BTreeSet::new();
    for (at, _) in code.match_indices("crate::") {
        let before = code[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
            continue; // `sigillo_crate::`, `$crate::`
        }
        let rest = code[at + "crate::".len()..].trim_start();
        let found = match rest.strip_prefix('{') {
            Some(group) => group_heads(group),
            None => vec![identifier(rest)],
        };
        names.extend(found.into_iter().filter(|name| !name.is_empty() && name != module));
    }
    names
}

/// The first name of each item of a `{…}` group (its text after the `{`), at the group's own
/// level: `a, b::{X, Y}}` gives `a` and `b`.
fn group_heads(group: &str) -> Vec<String> {
    let mut heads = vec![identifier(group.trim_start())];
    let mut depth = 0usize;
    for (at, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => break,
            '}' => depth -= 1,
            ',' if depth == 0 => heads.push(identifier(group[at + 1..].trim_start())),
            _ => {}
        }
    }
    heads
}

fn identifier(text: &str) -> String {
    text.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect()
}

/// Every `.rs` file under `src/`: its path relative to `src/` and its text.
fn sources() -> Vec<(PathBuf, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut sources = Vec::new();
    let mut files = vec![src.clone()];
    while let Some(path) = files.pop() {
        if path.is_dir() {
            files.extend(fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = fs::read_to_string(&path).unwrap();
            sources.push((path.strip_prefix(&src).unwrap().to_owned(), text));
        }
    }
    sources
}

/// Module name → the crate modules its code names.
fn imports() -> BTreeMap<String, BTreeSet<String>> {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (relative, text) in sources() {
        // `src/certs/pkcs12.rs` and `src/certs/mod.rs` both belong to the module `certs`.
        let module = match relative.components().next().unwrap().as_os_str().to_str().unwrap() {
            name if relative.components().count() > 1 => name.to_owned(),
            file => file.trim_end_matches(".rs").to_owned(),
        };
        graph.entry(module.clone()).or_default().extend(crate_names(&text, &module));
    }
    // Only names that are modules of this crate (not `crate::fl` the macro, `crate::Result`…).
    let modules: BTreeSet<String> = graph.keys().cloned().collect();
    for names in graph.values_mut() {
        names.retain(|name| modules.contains(name));
    }
    graph
}

#[test]
fn the_graph_is_read_from_the_code() {
    // Guards the test below against reading nothing: these imports are known to exist.
    let graph = imports();
    assert!(graph["install"].contains("journal"), "{graph:?}");
    assert!(graph["certs"].contains("keyset"), "{graph:?}");
    assert!(graph["wizard"].contains("seal"), "{graph:?}");
    assert!(graph.len() > 20, "{graph:?}");
}

#[test]
fn no_module_imports_itself_around_a_loop() {
    let graph = imports();
    // Depth-first search from every module; a path that comes back to a module on it is a loop.
    fn visit<'a>(
        module: &'a str,
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
    ) {
        if let Some(at) = path.iter().position(|m| *m == module) {
            panic!("import loop: {} -> {module}", path[at..].join(" -> "));
        }
        if !done.insert(module) {
            return;
        }
        path.push(module);
        for next in &graph[module] {
            visit(next, graph, path, done);
        }
        path.pop();
    }
    let mut done = BTreeSet::new();
    for module in graph.keys() {
        visit(module, &graph, &mut Vec::new(), &mut done);
    }
}

#[test]
fn steps_are_called_only_by_the_wizard_and_the_dispatch() {
    let graph = imports();
    let mut wrong = Vec::new();
    for (module, names) in &graph {
        for step in names.iter().filter(|n| STEPS.contains(&n.as_str())) {
            if !ABOVE_STEPS.contains(&module.as_str()) {
                wrong.push(format!("{module} -> {step}"));
            }
        }
    }
    assert!(wrong.is_empty(), "a module that is not the wizard or lib.rs uses a step: {wrong:?}");
}

#[test]
fn grouped_imports_are_read() {
    // Guards the reader against missing an import written as a group, also across lines.
    let text = "use crate::{archive, folder::{Folder, KeyFolder},\n    hash::{self, sha256}};\n\
                use crate::{\n    dates,\n};\nfn f() { crate::lock::take(); } // crate::wipe\n";
    let names = crate_names(text, "install");
    let expected = ["archive", "dates", "folder", "hash", "lock"].map(String::from);
    assert_eq!(names, BTreeSet::from(expected));
}

/// What may import `cli` (the clap structures): the dispatch in `lib.rs`, which turns them into
/// the steps' plans and the run's context (`main.rs` names the crate as `sigillo::`, not here).
const ABOVE_CLI: [&str; 1] = ["lib"];

#[test]
fn only_the_dispatch_knows_the_command_line() {
    // fd's `Opts → Config`: a step sees its plan, never clap; a building block sees values.
    let graph = imports();
    let wrong: Vec<&String> = graph
        .iter()
        .filter(|(module, names)| names.contains("cli") && !ABOVE_CLI.contains(&module.as_str()))
        .map(|(module, _)| module)
        .collect();
    assert!(graph["lib"].contains("cli"), "the dispatch is read: {graph:?}");
    assert!(wrong.is_empty(), "modules other than lib.rs import cli: {wrong:?}");
}

#[test]
fn the_system_clock_is_read_in_one_place() {
    // One clock (`dates::Clock`): every "now" and "today" a run uses comes from the plan, so a
    // test's `--today` and the certificates' findings agree. `Instant::now` measures durations,
    // not dates, and is not a clock here.
    const READS: [&str; 5] =
        ["Utc::now(", "Local::now(", "SystemTime::now(", "Utc::today(", "Local::today("];
    let mut reads = Vec::new();
    for (relative, text) in sources() {
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap();
            if READS.iter().any(|read| code.contains(read)) {
                reads.push(format!("{}:{}", relative.display(), n + 1));
            }
        }
    }
    assert_eq!(reads.len(), 1, "the system clock is read at {reads:?}");
    assert!(reads[0].starts_with("dates.rs:"), "outside dates::Clock::system: {reads:?}");
}
