//! Comments in `src/` say what the code does and why, never its history: a reader cannot
//! see the project's issue tracker, nor the tri that came before. A comment line may not
//! cite an issue number as a source (`(issue 19)`, `issue 19 item 4`, `issue 12:`,
//! `issue 4,`) nor lean on an earlier version (`as before this rule`, `older tri`).
//! Examples of issues (`tri agent link 42`, "a brief of issue 7 titled ...") are fine.

use std::path::{Path, PathBuf};

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

/// Phrases that lean on an earlier version rather than saying the rule.
const HISTORY_PHRASES: &[&str] = &["as before this", "older tri", "as before,", "as before)"];

/// Whether the comment text `c` cites an issue as history: `issue N` (N digits) preceded
/// by `(` or followed by `)`, `,`, `:`, ` item` or ` (`. Pure.
fn cites_issue(c: &str) -> bool {
    let lower = c.to_lowercase();
    let mut rest = lower.as_str();
    let mut offset = 0;
    while let Some(i) = rest.find("issue ") {
        let at = offset + i;
        let after = &lower[at + "issue ".len()..];
        let digits = after.chars().take_while(|c| c.is_ascii_digit()).count();
        if digits > 0 {
            let tail = &after[digits..];
            let opened = lower[..at].ends_with('(');
            let closed = [")", ",", ":", " item", " ("]
                .iter()
                .any(|t| tail.starts_with(t));
            if opened || closed {
                return true;
            }
        }
        offset = at + "issue ".len();
        rest = &lower[offset..];
    }
    false
}

/// Whether `c` leans on an earlier version ([`HISTORY_PHRASES`]). Pure.
fn leans_on_history(c: &str) -> bool {
    let lower = c.to_lowercase();
    HISTORY_PHRASES.iter().any(|p| lower.contains(p))
}

#[test]
fn the_rules_catch_history_and_spare_examples() {
    for c in [
        "//! Who may start a sandbox (issue 19): `tri agent on-issue-event`",
        "/// What Railway says (issue 19 item 4: tri acts on a mapping",
        "//! Rules (issue 4):",
        "//! The rule follows issue 22 (Linear's agent sessions go `stale`",
        "// give up after Railway carried it out (issue 11).",
    ] {
        assert!(cites_issue(c), "not caught: {c}");
    }
    for c in [
        "/// look older, and a new one is started, as before this rule. Pure.",
        "/// tri and holds off another deploy, as older tris do with any mark.",
        "// Dated ahead of now (a clock set back): as before, not held.",
    ] {
        assert!(leans_on_history(c), "not caught: {c}");
    }
    for c in [
        "// A local brief of issue 7 titled \"Title\", no hand-off.",
        "//! `tri agent link 42` links the working copy to issue 42 of the repository",
        "/// The issue 5 entries are kept.",
    ] {
        assert!(!cites_issue(c) && !leans_on_history(c), "caught: {c}");
    }
}

#[test]
fn comments_in_src_say_the_rule_not_its_history() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = Vec::new();
    for f in rust_files(&src) {
        let text = std::fs::read_to_string(&f).unwrap();
        for (n, line) in text.lines().enumerate() {
            let Some(i) = line.find("//") else { continue };
            let c = &line[i..];
            if cites_issue(c) || leans_on_history(c) {
                let rel = f.strip_prefix(&src).unwrap().display();
                found.push(format!("src/{rel}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "comments that narrate history (say the rule and its reason instead):\n{}",
        found.join("\n")
    );
}
