//! The layer map is docs/architecture.md's "Architecture" block, and the code keeps it: every top-level
//! module of `src/` is in exactly one layer of the map, every module the map names exists,
//! a module uses (`crate::…` in code, comments aside) only modules of its own layer or of
//! the layers below, and no command uses another command (`src/commands/shared/` and the
//! items of `src/commands/mod.rs` are what commands share).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// docs/architecture.md's map: module name → layer (0 = top), in the order of the block's lines.
fn readme_map() -> BTreeMap<String, usize> {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/architecture.md"))
            .unwrap();
    let arch = readme
        .split("\n## Architecture\n")
        .nth(1)
        .expect("docs/architecture.md has an `## Architecture` section");
    let block = arch
        .split("```\n")
        .nth(1)
        .expect("the Architecture section opens with a ``` block: the layer map");
    let mut map = BTreeMap::new();
    let mut layer = 0;
    for line in block.lines() {
        // Indented lines describe parts of the layer above (commands/shared/).
        if line.trim().is_empty() || line.starts_with(' ') {
            continue;
        }
        let names = line.split("  ").next().unwrap();
        for name in names.split([' ', ',']).filter(|n| !n.is_empty()) {
            let name = name
                .trim_end_matches('/')
                .trim_end_matches(".rs")
                .to_string();
            assert!(
                map.insert(name.clone(), layer).is_none(),
                "the layer map (docs/architecture.md) names `{name}` twice"
            );
        }
        layer += 1;
    }
    assert!(
        layer >= 4,
        "the layer map (docs/architecture.md) has only {layer} layers: {block}"
    );
    map
}

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(rust_files(&p));
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
    out.sort();
    out
}

/// The code of a Rust file with line comments (`//`, `///`, `//!`) taken out, line by line.
/// (A `//` inside a string literal cuts the line early: tri's code writes no `crate::`
/// after one.)
fn code_lines(text: &str) -> Vec<(usize, String)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.split("//").next().unwrap().to_string()))
        .collect()
}

/// The first path segments after `crate::` on a line: `crate::a::b` gives `a`, and
/// `crate::{a, b::c}` gives `a` and `b`.
fn crate_paths(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(i) = rest.find("crate::") {
        // `tri::crate::` does not occur; a preceding identifier character means another
        // name ending in `crate` (none in tri), so skip it.
        let before = rest[..i].chars().last();
        rest = &rest[i + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            // The names at depth 0 of the group.
            let mut depth = 0;
            let mut word = String::new();
            let mut at_start = true;
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => at_start = true,
                    c if depth == 0 && at_start && (c.is_alphanumeric() || c == '_') => {
                        word.push(c)
                    }
                    _ => {
                        if !word.is_empty() {
                            out.push(std::mem::take(&mut word));
                        }
                        if depth == 0 && !c.is_whitespace() {
                            at_start = false;
                        }
                    }
                }
            }
            if !word.is_empty() {
                out.push(word);
            }
        } else {
            let word: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !word.is_empty() {
                out.push(word);
            }
        }
    }
    out
}

#[test]
fn crate_paths_reads_plain_and_grouped_uses() {
    assert_eq!(crate_paths("use crate::error::{Error, Result};"), ["error"]);
    assert_eq!(
        crate_paths("use crate::{audit::{self, Record}, workspace::Workspace, env};"),
        ["audit", "workspace", "env"]
    );
    assert_eq!(
        crate_paths("let x = crate::net::block_on(crate::gate::open());"),
        ["net", "gate"]
    );
    assert!(crate_paths("let x = 1;").is_empty());
}

/// The top-level module a file of `src/` belongs to (`src/publisher/comments.rs` →
/// `publisher`, `src/cli.rs` → `cli`).
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

#[test]
fn every_module_is_in_the_map_and_every_import_runs_down() {
    let map = readme_map();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut modules = BTreeSet::new();
    for e in std::fs::read_dir(&src).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if name == "lib.rs" {
            continue;
        }
        if p.is_dir() || name.ends_with(".rs") {
            modules.insert(name.trim_end_matches(".rs").to_string());
        }
    }
    let missing: Vec<_> = modules.iter().filter(|m| !map.contains_key(*m)).collect();
    assert!(
        missing.is_empty(),
        "modules of src/ not in the layer map (docs/architecture.md): {missing:?}"
    );
    let stale: Vec<_> = map.keys().filter(|m| !modules.contains(*m)).collect();
    assert!(
        stale.is_empty(),
        "the layer map (docs/architecture.md) names modules src/ does not have: {stale:?}"
    );
    let mut against = Vec::new();
    for file in rust_files(&src) {
        let from = module_of(&src, &file);
        if from == "lib" {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        for (n, line) in code_lines(&text) {
            for to in crate_paths(&line) {
                let Some(&to_layer) = map.get(&to) else {
                    continue; // a crate-root item (none today) or a macro path
                };
                if to_layer < map[&from] {
                    against.push(format!(
                        "{}:{n}: `{from}` (layer {}) uses `{to}` (layer {to_layer}, above it)",
                        file.strip_prefix(&src).unwrap().display(),
                        map[&from]
                    ));
                }
            }
        }
    }
    assert!(
        against.is_empty(),
        "imports against the layer map:\n{}",
        against.join("\n")
    );
}

/// The command a file under `src/commands/` belongs to (`sandbox/create.rs` → `sandbox`,
/// `step.rs` → `step`; `mod.rs` → `None`, the shared context).
fn command_of(commands: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(commands).unwrap();
    let first = rel
        .components()
        .next()?
        .as_os_str()
        .to_string_lossy()
        .into_owned();
    if first == "mod.rs" {
        return None;
    }
    Some(first.trim_end_matches(".rs").to_string())
}

#[test]
fn no_command_uses_another() {
    let commands = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/commands");
    let names: BTreeSet<String> = rust_files(&commands)
        .iter()
        .filter_map(|f| command_of(&commands, f))
        .filter(|c| c != "shared")
        .collect();
    assert!(names.contains("step"), "{names:?}");
    let mut against = Vec::new();
    for file in rust_files(&commands) {
        let Some(own) = command_of(&commands, &file) else {
            continue;
        };
        // How many `super::` lead from this file to `src/commands/`: a file directly in it
        // needs one, `sandbox/create.rs` two, `sandbox/mod.rs` one.
        let rel = file.strip_prefix(&commands).unwrap();
        let depth = rel.components().count() - usize::from(rel.ends_with("mod.rs"));
        let up = "super::".repeat(depth);
        let text = std::fs::read_to_string(&file).unwrap();
        for (n, line) in code_lines(&text) {
            for prefix in ["crate::commands::".to_string(), up.clone()] {
                let mut rest = line.as_str();
                while let Some(i) = rest.find(&prefix) {
                    rest = &rest[i + prefix.len()..];
                    // `super::super::x` seen from a shallower prefix: not a command path.
                    if rest.starts_with("super::") {
                        continue;
                    }
                    let word: String = rest
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if names.contains(&word) && word != own {
                        against.push(format!(
                            "src/commands/{}:{n}: `{own}` uses `{word}`",
                            rel.display()
                        ));
                    }
                }
            }
        }
    }
    assert!(
        against.is_empty(),
        "commands using another command:\n{}",
        against.join("\n")
    );
}
