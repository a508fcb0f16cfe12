//! The redaction cost stays flat: a text holding none of the rules' keywords compiles no
//! regex (gitleaks' keyword pre-filter, one Aho-Corasick pass), and a text holding one
//! keyword compiles only the rules that name it. One test in its own process, since the
//! compiled-rule count is per process.

use tri::redact::gitleaks::engine::{candidates, compiled_count};
use tri::redact::{redact, redact_counted};

#[test]
fn keywords_decide_what_is_compiled() {
    let line = "ran the test suite: 412 of 412 pass; see https://github.com/o/r/pull/7 (step 3)\n";
    let clean = line.repeat(64 * 1024 / line.len());
    assert!(candidates(&clean).is_empty(), "{:?}", candidates(&clean));
    assert_eq!(redact(&clean, &[]), clean);
    assert_eq!(
        compiled_count(),
        0,
        "a text without keywords compiled a rule"
    );

    let token = ["gh", "p_", "aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5"].concat();
    let r = redact_counted(&format!("{clean}token {token}\n"), &[]);
    assert!(!r.text.contains(&token));
    let n = compiled_count();
    assert!(
        (1..=3).contains(&n),
        "one keyword (ghp_) compiled {n} rules; candidates: {:?}",
        candidates("ghp_")
    );
}
