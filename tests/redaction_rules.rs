//! Generates `src/redact/gitleaks/rules.rs` from the vendored gitleaks rule set
//! (`vendor/gitleaks/gitleaks.toml`, gitleaks v8.30.1, MIT) and fails when the generated
//! file is stale. Regenerate after `scripts/refresh-gitleaks.sh`:
//! `TRI_REGENERATE=1 cargo test --test redaction_rules`.
//!
//! Every rule of the toml ends up either in the table or in the skipped list of the
//! generated file, with the reason: none is dropped silently.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;
use toml::Value;

const TOML: &str = "vendor/gitleaks/gitleaks.toml";
const OUT: &str = "src/redact/gitleaks/rules.rs";

/// Rules whose regex the Rust `regex` crate cannot compile (e.g. look-arounds), with the
/// reason. The test fails when a rule fails to compile and is not listed here, and when a
/// rule listed here compiles (the entry is stale). gitleaks v8.30.1 has none: its patterns
/// are Go RE2, whose syntax the `regex` crate shares.
const SKIPPED_REGEX: &[(&str, &str)] = &[];

fn version() -> String {
    let source = std::fs::read_to_string("vendor/gitleaks/SOURCE.md").expect("SOURCE.md");
    source
        .lines()
        .find(|l| l.starts_with("| version |"))
        .and_then(|l| l.split("**").nth(1))
        .expect("SOURCE.md names the version as | version | gitleaks **vX** ...")
        .to_string()
}

/// Go RE2 reads a `{` that does not open a repetition (`{n}`, `{n,}`, `{n,m}`) as a
/// literal; the `regex` crate rejects it. Escapes such braces outside character classes.
/// Every other construct of gitleaks' patterns means the same in both.
fn from_go(p: &str) -> String {
    let b: Vec<char> = p.chars().collect();
    let mut out = String::with_capacity(p.len());
    let mut i = 0;
    let mut class = 0usize;
    while i < b.len() {
        let c = b[i];
        if c == '\\' && i + 1 < b.len() {
            out.push(c);
            out.push(b[i + 1]);
            i += 2;
            continue;
        }
        if class > 0 {
            if c == '[' && b.get(i + 1) == Some(&':') {
                // [:alpha:] inside a class
                let end =
                    (i + 2..b.len().saturating_sub(1)).find(|j| b[*j] == ':' && b[j + 1] == ']');
                if let Some(e) = end {
                    out.extend(&b[i..e + 2]);
                    i = e + 2;
                    continue;
                }
            }
            if c == ']' {
                class -= 1;
            }
            out.push(c);
            i += 1;
            continue;
        }
        if c == '[' {
            class = 1;
            out.push(c);
            i += 1;
            // a leading ] or ^] is a literal
            if b.get(i) == Some(&'^') {
                out.push('^');
                i += 1;
            }
            if b.get(i) == Some(&']') {
                out.push(']');
                i += 1;
            }
            continue;
        }
        if c == '{' {
            let close = b[i..].iter().position(|x| *x == '}').map(|k| i + k);
            let valid = close.is_some_and(|e| {
                let inner: String = b[i + 1..e].iter().collect();
                let mut parts = inner.splitn(2, ',');
                let lo = parts.next().unwrap_or("");
                let hi = parts.next();
                !lo.is_empty()
                    && lo.chars().all(|d| d.is_ascii_digit())
                    && hi.is_none_or(|h| h.chars().all(|d| d.is_ascii_digit()))
            });
            if !valid {
                out.push_str("\\{");
                i += 1;
                continue;
            }
        }
        if c == '}' {
            // a `}` that closes no repetition (the opening one was escaped above)
            let opened = out
                .rfind('{')
                .is_some_and(|k| !out[..k].ends_with('\\') && !out[k..].contains('}'));
            if !opened {
                out.push_str("\\}");
                i += 1;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

/// A Rust raw string literal holding `s`.
fn raw(s: &str) -> String {
    let mut hashes = 1;
    while s.contains(&format!("\"{}", "#".repeat(hashes))) {
        hashes += 1;
    }
    let h = "#".repeat(hashes);
    format!("r{h}\"{s}\"{h}")
}

fn strs(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn allowlist(a: &toml::Table, indent: &str) -> String {
    let target = match a.get("regexTarget").and_then(Value::as_str) {
        None | Some("secret") => "Secret",
        Some("match") => "Match",
        Some("line") => "Line",
        Some(other) => panic!("unknown regexTarget {other}"),
    };
    let and = match a.get("condition").and_then(Value::as_str) {
        None | Some("OR") => false,
        Some("AND") => true,
        Some(other) => panic!("unknown condition {other}"),
    };
    let has_paths = !strs(a.get("paths")).is_empty();
    let regexes: Vec<String> = strs(a.get("regexes")).iter().map(|r| from_go(r)).collect();
    let mut stop: Vec<String> = strs(a.get("stopwords"))
        .into_iter()
        .map(|s| s.to_lowercase())
        .collect();
    stop.sort();
    stop.dedup();
    let mut s = String::new();
    writeln!(s, "{indent}AllowlistDef {{").unwrap();
    writeln!(s, "{indent}    target: Target::{target},").unwrap();
    writeln!(s, "{indent}    and: {and},").unwrap();
    writeln!(s, "{indent}    has_paths: {has_paths},").unwrap();
    writeln!(s, "{indent}    regexes: &[").unwrap();
    for r in &regexes {
        writeln!(s, "{indent}        {},", raw(r)).unwrap();
    }
    writeln!(s, "{indent}    ],").unwrap();
    writeln!(s, "{indent}    stopwords: &[").unwrap();
    for w in &stop {
        writeln!(s, "{indent}        {w:?},").unwrap();
    }
    writeln!(s, "{indent}    ],").unwrap();
    write!(s, "{indent}}}").unwrap();
    s
}

/// The generated file, and the ids of rules whose regex failed to compile.
fn generate() -> (String, Vec<(String, String)>) {
    let text = std::fs::read_to_string(TOML).expect("vendored gitleaks.toml");
    let doc: toml::Table = text.parse().expect("gitleaks.toml parses");
    let mut skipped: Vec<(String, String)> = Vec::new();
    let mut failed = Vec::new();
    let mut table = String::new();
    let mut count = 0;
    for rule in doc["rules"].as_array().expect("[[rules]]") {
        let rule = rule.as_table().expect("rule table");
        let id = rule["id"].as_str().expect("rule id").to_string();
        let Some(regex) = rule.get("regex").and_then(Value::as_str).map(from_go) else {
            skipped.push((
                id,
                "path-only rule (matches file names; tri redacts text)".into(),
            ));
            continue;
        };
        if let Some(path) = rule.get("path").and_then(Value::as_str) {
            skipped.push((
                id,
                format!("applies only to files whose path matches `{path}`; text has no path"),
            ));
            continue;
        }
        if let Some((_, why)) = SKIPPED_REGEX.iter().find(|(s, _)| *s == id) {
            assert!(
                tri::redact::gitleaks::engine::compile(&regex).is_err(),
                "{id} is in SKIPPED_REGEX but compiles: remove the entry"
            );
            skipped.push((
                id,
                format!("regex not supported by the `regex` crate: {why}"),
            ));
            continue;
        }
        if let Err(e) = tri::redact::gitleaks::engine::compile(&regex) {
            failed.push((
                id.clone(),
                e.to_string().lines().last().unwrap_or("").to_string(),
            ));
            continue;
        }
        let group = rule
            .get("secretGroup")
            .and_then(Value::as_integer)
            .unwrap_or(0);
        let entropy = rule
            .get("entropy")
            .map(|v| {
                v.as_float()
                    .or(v.as_integer().map(|i| i as f64))
                    .expect("entropy")
            })
            .unwrap_or(0.0);
        let mut keywords: Vec<String> = strs(rule.get("keywords"))
            .into_iter()
            .map(|k| k.to_lowercase())
            .collect();
        keywords.dedup();
        writeln!(table, "    RuleDef {{").unwrap();
        writeln!(table, "        id: {id:?},").unwrap();
        writeln!(table, "        regex: {},", raw(&regex)).unwrap();
        writeln!(table, "        secret_group: {group},").unwrap();
        writeln!(table, "        entropy: {entropy:?},").unwrap();
        writeln!(table, "        keywords: &{keywords:?},").unwrap();
        writeln!(table, "        allowlists: &[").unwrap();
        for a in rule
            .get("allowlists")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let a = a.as_table().expect("allowlist table");
            for r in strs(a.get("regexes")) {
                if let Err(e) = tri::redact::gitleaks::engine::compile(&from_go(&r)) {
                    failed.push((format!("{id} (allowlist)"), e.to_string()));
                }
            }
            writeln!(table, "{},", allowlist(a, "            ")).unwrap();
        }
        writeln!(table, "        ],").unwrap();
        writeln!(table, "    }},").unwrap();
        count += 1;
    }
    let global = doc
        .get("allowlist")
        .and_then(Value::as_table)
        .expect("[allowlist]");
    // The global allowlist's paths are file paths: text has none, so they never apply.
    let mut global = global.clone();
    global.remove("paths");
    for r in strs(global.get("regexes")) {
        if let Err(e) = tri::redact::gitleaks::engine::compile(&from_go(&r)) {
            failed.push(("global allowlist".into(), e.to_string()));
        }
    }

    let mut out = String::new();
    writeln!(
        out,
        "//! gitleaks' rule set as a table. GENERATED by `tests/redaction_rules.rs` from"
    )
    .unwrap();
    writeln!(
        out,
        "//! `vendor/gitleaks/gitleaks.toml` (gitleaks {}, <https://github.com/gitleaks/gitleaks>,",
        version()
    )
    .unwrap();
    writeln!(
        out,
        "//! MIT licence, Copyright (c) 2019 Zachary Rice; see `vendor/gitleaks/`). Do not edit:"
    )
    .unwrap();
    writeln!(
        out,
        "//! `TRI_REGENERATE=1 cargo test --test redaction_rules`."
    )
    .unwrap();
    writeln!(out, "//!").unwrap();
    writeln!(out, "//! {count} rules. Skipped ({}):", skipped.len()).unwrap();
    for (id, why) in &skipped {
        writeln!(out, "//! - `{id}`: {why}").unwrap();
    }
    writeln!(out, "//!").unwrap();
    writeln!(
        out,
        "//! The global allowlist's file paths are left out (text has no path). Patterns are"
    )
    .unwrap();
    writeln!(
        out,
        "//! gitleaks' with one translation: a `{{` that opens no repetition, a literal in Go"
    )
    .unwrap();
    writeln!(out, "//! RE2, is escaped (`\\{{`) for the `regex` crate.").unwrap();
    writeln!(out).unwrap();
    writeln!(out, "use super::{{AllowlistDef, RuleDef, Target}};").unwrap();
    writeln!(out).unwrap();
    writeln!(
        out,
        "/// Ids of the rules of the vendored toml left out of [`RULES`], with the reason."
    )
    .unwrap();
    writeln!(out, "pub static SKIPPED: &[(&str, &str)] = &[").unwrap();
    for (id, why) in &skipped {
        writeln!(out, "    ({id:?}, {why:?}),").unwrap();
    }
    writeln!(out, "];").unwrap();
    writeln!(out).unwrap();
    writeln!(
        out,
        "/// gitleaks' global allowlist (`[allowlist]`), without its file paths."
    )
    .unwrap();
    writeln!(
        out,
        "pub static GLOBAL_ALLOWLIST: AllowlistDef = {};",
        allowlist(&global, "").trim_start()
    )
    .unwrap();
    writeln!(out).unwrap();
    writeln!(out, "/// How many rules [`RULES`] holds.").unwrap();
    writeln!(out, "pub const COUNT: usize = {count};").unwrap();
    writeln!(out).unwrap();
    writeln!(out, "/// gitleaks' rules, in the toml's order.").unwrap();
    writeln!(out, "pub static RULES: [RuleDef; COUNT] = [").unwrap();
    out.push_str(&table);
    writeln!(out, "];").unwrap();
    (out, failed)
}

#[test]
fn go_braces_become_literals() {
    assert_eq!(from_go(r"a{2,3}b{4}"), r"a{2,3}b{4}");
    assert_eq!(from_go(r"\$?{{[^}]+}}"), r"\$?\{\{[^}]+\}\}");
    assert_eq!(
        from_go(r"import[ \t]+{[ \t\w,]+}"),
        r"import[ \t]+\{[ \t\w,]+\}"
    );
    assert_eq!(from_go(r"^\${(?:[A-Z_]+)}$"), r"^\$\{(?:[A-Z_]+)\}$");
    assert_eq!(from_go(r"[[:alnum:]{]{3}"), r"[[:alnum:]{]{3}");
}

#[test]
fn generated_rules_are_fresh() {
    let (want, failed) = generate();
    assert!(
        failed.is_empty(),
        "rules whose regex the `regex` crate cannot compile; add each to SKIPPED_REGEX with the reason: {failed:#?}"
    );
    if regenerate_asked() {
        std::fs::write(OUT, &want).expect("write rules.rs");
        return;
    }
    let have = std::fs::read_to_string(OUT).unwrap_or_default();
    assert!(
        have == want,
        "{OUT} is stale: run `TRI_REGENERATE=1 cargo test --test redaction_rules`"
    );
}

#[test]
fn every_toml_rule_is_in_the_table_or_skipped_with_a_reason() {
    let text = std::fs::read_to_string(TOML).unwrap();
    let doc: toml::Table = text.parse().unwrap();
    let ids: BTreeSet<String> = doc["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    let table: BTreeSet<String> = tri::redact::gitleaks::rules::RULES
        .iter()
        .map(|r| r.id.to_string())
        .collect();
    let skipped: BTreeSet<String> = tri::redact::gitleaks::rules::SKIPPED
        .iter()
        .map(|(id, why)| {
            assert!(!why.is_empty());
            id.to_string()
        })
        .collect();
    assert!(table.is_disjoint(&skipped));
    let both: BTreeSet<String> = table.union(&skipped).cloned().collect();
    assert_eq!(both, ids);
    assert!(table.len() > 200, "{} rules", table.len());
    assert!(Path::new("vendor/gitleaks/LICENSE").exists());
}

/// `TRI_REGENERATE=1` (exactly): rewrite the generated files and pass. Any other value checks
/// them. Refused under CI (`CI` set, as GitHub Actions does): CI never rewrites what it checks.
fn regenerate_asked() -> bool {
    let asked = std::env::var("TRI_REGENERATE").as_deref() == Ok("1");
    assert!(
        !(asked && std::env::var_os("CI").is_some()),
        "TRI_REGENERATE=1 under CI: CI checks the committed files, it does not rewrite them"
    );
    asked
}
