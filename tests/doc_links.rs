//! Every relative link in README.md and docs/*.md resolves: `[text](path)` names a file or
//! directory that exists (relative to the page), and `[text](path#anchor)` or `[text](#anchor)`
//! names a heading of that Markdown file. Links with a scheme (`https:`, `http:`, `mailto:`)
//! are not followed. Links inside fenced code blocks and code spans are not links.
//!
//! Anchors follow GitHub's rule for heading ids (github-slugger, which github.com uses):
//! the heading's text lowercased, every character that is not a letter, a digit, a space,
//! `-` or `_` dropped, each space turned into `-`; the second heading with the same id gets
//! `-1`, the third `-2`, and so on.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// GitHub's id for a heading's text (see the module docs): `"Workflow files: `tri ci init`"`
/// → `"workflow-files-tri-ci-init"`.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// Whether `line` opens or closes a fenced code block (up to 3 spaces, then ``` or ~~~).
fn is_fence(line: &str) -> bool {
    let t = line.trim_start_matches(' ');
    line.len() - t.len() <= 3 && (t.starts_with("```") || t.starts_with("~~~"))
}

/// The lines of `text` outside fenced code blocks.
fn prose_lines(text: &str) -> Vec<&str> {
    let mut fenced = false;
    let mut out = Vec::new();
    for line in text.lines() {
        if is_fence(line) {
            fenced = !fenced;
        } else if !fenced {
            out.push(line);
        }
    }
    out
}

/// The anchors of a Markdown text: the ids of its ATX headings (`#` to `######`), duplicates
/// numbered as GitHub numbers them.
fn anchors(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut seen = std::collections::BTreeMap::<String, usize>::new();
    for line in prose_lines(text) {
        let hashes = line.chars().take_while(|&c| c == '#').count();
        if !(1..=6).contains(&hashes) || !line[hashes..].starts_with(' ') {
            continue;
        }
        let id = slug(line[hashes..].trim_end_matches('#'));
        let n = seen.entry(id.clone()).or_insert(0);
        out.insert(if *n == 0 { id } else { format!("{id}-{n}") });
        *n += 1;
    }
    out
}

/// `line` with its code spans (text between backticks) removed.
fn without_code_spans(line: &str) -> String {
    line.split('`').step_by(2).collect::<Vec<_>>().join(" ")
}

/// The targets of the inline links `[text](target)` and `[text](target "title")` of a
/// Markdown text, and of its link definitions `[label]: target`, outside code.
fn link_targets(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in prose_lines(text) {
        let line = without_code_spans(line);
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            if let Some(at) = trimmed.find("]: ") {
                if let Some(target) = trimmed[at + 3..].split_whitespace().next() {
                    out.push(target.trim_matches(['<', '>']).to_string());
                }
            }
        }
        let mut rest = line.as_str();
        while let Some(at) = rest.find("](") {
            rest = &rest[at + 2..];
            let end = rest.find(')').unwrap_or(rest.len());
            if let Some(target) = rest[..end].split_whitespace().next() {
                out.push(target.trim_matches(['<', '>']).to_string());
            }
        }
    }
    out
}

/// What is wrong with the links of the Markdown file `page` whose text is `text`: one line per
/// link whose file does not exist or whose anchor is no heading of its file. `read` gives
/// the text of another Markdown file (`None`: it does not exist).
fn broken_links(page: &Path, text: &str, read: &dyn Fn(&Path) -> Option<String>) -> Vec<String> {
    let mut problems = Vec::new();
    for target in link_targets(text) {
        if target.contains("://") || target.starts_with("mailto:") {
            continue;
        }
        let (path, anchor) = match target.split_once('#') {
            Some((p, a)) => (p, Some(a)),
            None => (target.as_str(), None),
        };
        let file = if path.is_empty() {
            page.to_path_buf()
        } else {
            page.parent().unwrap_or(Path::new("")).join(path)
        };
        let Some(anchor) = anchor else {
            if !file.exists() {
                problems.push(format!("{}: ({target}): no such file", page.display()));
            }
            continue;
        };
        match (path.is_empty(), read(&file)) {
            (true, _) => {
                if !anchors(text).contains(anchor) {
                    problems.push(format!("{}: ({target}): no such heading", page.display()));
                }
            }
            (false, None) => problems.push(format!("{}: ({target}): no such file", page.display())),
            (false, Some(other)) => {
                if !anchors(&other).contains(anchor) {
                    problems.push(format!(
                        "{}: ({target}): no such heading in {}",
                        page.display(),
                        file.display()
                    ));
                }
            }
        }
    }
    problems
}

/// README.md and every docs/*.md of the checkout.
fn pages() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut pages = vec![root.join("README.md")];
    for entry in std::fs::read_dir(root.join("docs")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            pages.push(path);
        }
    }
    pages.sort();
    pages
}

#[test]
fn every_relative_link_and_anchor_in_readme_and_docs_resolves() {
    let read = |p: &Path| std::fs::read_to_string(p).ok();
    let pages = pages();
    assert!(pages.len() > 5, "docs/ has its pages: {pages:?}");
    let mut problems = Vec::new();
    let mut links = 0;
    for page in &pages {
        let text = std::fs::read_to_string(page).unwrap();
        links += link_targets(&text).len();
        problems.extend(broken_links(page, &text, &read));
    }
    assert!(links > 20, "the pages link to each other ({links} links)");
    assert!(
        problems.is_empty(),
        "broken links:\n{}",
        problems.join("\n")
    );
}

#[test]
fn slugs_follow_githubs_rule() {
    assert_eq!(slug("Exit codes"), "exit-codes");
    assert_eq!(
        slug("Workflow files: `tri ci init`"),
        "workflow-files-tri-ci-init"
    );
    assert_eq!(
        slug("Networks: GitHub Enterprise, proxies, certificates, time-outs"),
        "networks-github-enterprise-proxies-certificates-time-outs"
    );
    assert_eq!(
        slug("Quick start (no token, no network needed)"),
        "quick-start-no-token-no-network-needed"
    );
    assert_eq!(slug("tri — a b_c"), "tri--a-b_c");
    let text = "# A\n## Same\n```\n# not a heading\n```\n### Same\n#no\n";
    let want = ["a", "same", "same-1"].map(String::from);
    assert_eq!(anchors(text), BTreeSet::from(want));
}

#[test]
fn a_made_up_anchor_or_file_is_reported() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let other = |p: &Path| (p.file_name()? == "other.md").then(|| "# Real one\n".to_string());
    let text = "# Top\n[ok](#top) [bad](#made-up) [x](other.md#real-one) [y](other.md#nope)\n\
                [z](no-such-file.md) `[code](#not-a-link)` [web](https://example.com/#x)\n\
                [def]: #also-made-up\n";
    let problems = broken_links(&here, text, &other);
    let targets: Vec<&str> = problems
        .iter()
        .map(|p| p.split(": (").nth(1).unwrap().split(')').next().unwrap())
        .collect();
    assert_eq!(
        targets,
        [
            "#made-up",
            "other.md#nope",
            "no-such-file.md",
            "#also-made-up"
        ],
        "{problems:?}"
    );
}
