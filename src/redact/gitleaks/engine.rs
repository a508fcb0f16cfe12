//! The engine behind [`super::rules`]: keyword pre-filter, lazy compilation, secret group,
//! entropy, allowlists. Pure; the compiled state is per process (`OnceLock`s).
//!
//! Cost: a text is scanned once by one Aho-Corasick automaton of every rule's keywords
//! (ASCII case ignored, as gitleaks lower-cases the text); only rules whose keyword occurs
//! are compiled (once per process, each in its own `OnceLock`) and run. A text holding no
//! keyword compiles no regex at all.

use super::rules::{COUNT, GLOBAL_ALLOWLIST, RULES};
use super::{AllowlistDef, Target};
use aho_corasick::AhoCorasick;
use regex::bytes::{Regex, RegexBuilder};
use std::sync::OnceLock;

/// One secret found by a gitleaks rule: the byte range of the secret (the rule's secret
/// group) in the text, on `char` boundaries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The gitleaks rule id.
    pub rule: &'static str,
    /// Start of the secret (byte offset).
    pub start: usize,
    /// End of the secret (byte offset, exclusive).
    pub end: usize,
}

/// Compiles a gitleaks (Go RE2) pattern the way the engine runs it: on bytes, with ASCII
/// classes (`\w` = `[0-9A-Za-z_]`, `\s`, `\d`, `\b` and `(?i)` ASCII, as RE2's are), and a
/// size limit large enough for gitleaks' longest bounded repetitions.
///
/// Errors: the `regex` crate's, for a pattern it does not support.
pub fn compile(pattern: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(pattern)
        .unicode(false)
        .size_limit(64 << 20)
        .build()
}

struct Prefilter {
    ac: AhoCorasick,
    /// For each keyword of `ac`, the rules (indices into [`RULES`]) that name it.
    rules_of: Vec<Vec<usize>>,
    /// Rules without keywords: they always run.
    always: Vec<usize>,
}

fn prefilter() -> &'static Prefilter {
    static P: OnceLock<Prefilter> = OnceLock::new();
    P.get_or_init(|| {
        let mut words: Vec<&'static str> = Vec::new();
        let mut rules_of: Vec<Vec<usize>> = Vec::new();
        let mut always = Vec::new();
        for (i, r) in RULES.iter().enumerate() {
            if r.keywords.is_empty() {
                always.push(i);
            }
            for k in r.keywords {
                match words.iter().position(|w| w == k) {
                    Some(p) => rules_of[p].push(i),
                    None => {
                        words.push(k);
                        rules_of.push(vec![i]);
                    }
                }
            }
        }
        // Built once per process, and a process (one step) redacts a few short texts: a
        // contiguous NFA over lower-case keywords builds in about 0.2 ms, where a DFA, or
        // ignoring case in the automaton, takes 0.7 to 1.3 ms for a faster scan (1.5
        // against 2.6 ns a byte) that only pays off beyond a few hundred KiB.
        let ac = AhoCorasick::builder()
            .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
            .build(&words)
            .expect("gitleaks keywords build an automaton");
        Prefilter {
            ac,
            rules_of,
            always,
        }
    })
}

/// Indices into [`RULES`] of the rules whose keywords occur in `text` (ignoring ASCII
/// case), ascending.
pub fn candidates(text: &str) -> Vec<usize> {
    let p = prefilter();
    let mut on = vec![false; COUNT];
    for i in &p.always {
        on[*i] = true;
    }
    let mut seen = vec![false; p.rules_of.len()];
    // gitleaks lower-cases the text (its keywords are lower case).
    let lower = text.to_ascii_lowercase();
    for m in p.ac.find_overlapping_iter(&lower) {
        let k = m.pattern().as_usize();
        if !seen[k] {
            seen[k] = true;
            for r in &p.rules_of[k] {
                on[*r] = true;
            }
        }
    }
    on.iter()
        .enumerate()
        .filter_map(|(i, b)| b.then_some(i))
        .collect()
}

/// How many rule regexes this process has compiled so far (for tests of the pre-filter).
pub fn compiled_count() -> usize {
    COMPILED.iter().filter(|c| c.get().is_some()).count()
}

static COMPILED: [OnceLock<Option<Regex>>; COUNT] = [const { OnceLock::new() }; COUNT];
static ALLOW: [OnceLock<Vec<Option<Regex>>>; COUNT] = [const { OnceLock::new() }; COUNT];
static GLOBAL_ALLOW: OnceLock<Option<Regex>> = OnceLock::new();

fn rule_regex(i: usize) -> Option<&'static Regex> {
    COMPILED[i]
        .get_or_init(|| compile(RULES[i].regex).ok())
        .as_ref()
}

/// gitleaks joins an allowlist's regexes into one alternation.
fn join(regexes: &[&str]) -> Option<Regex> {
    if regexes.is_empty() {
        return None;
    }
    let joined: Vec<String> = regexes.iter().map(|r| format!("(?:{r})")).collect();
    compile(&joined.join("|")).ok()
}

/// Every secret the rules find in `text`, in rule order (findings may overlap).
pub fn find(text: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    for i in candidates(text) {
        find_rule(i, text, &mut out);
    }
    out
}

fn find_rule(i: usize, text: &str, out: &mut Vec<Finding>) {
    let def = &RULES[i];
    let Some(re) = rule_regex(i) else { return };
    let bytes = text.as_bytes();
    for caps in re.captures_iter(bytes) {
        let Some(m) = caps.get(0) else { continue };
        // gitleaks trims newlines off the match before anything else.
        let (mut ms, mut me) = (m.start(), m.end());
        while ms < me && bytes[ms] == b'\n' {
            ms += 1;
        }
        while me > ms && bytes[me - 1] == b'\n' {
            me -= 1;
        }
        let group = if def.secret_group > 0 {
            caps.get(def.secret_group)
        } else {
            caps.iter().skip(1).flatten().find(|g| !g.is_empty())
        };
        let (ss, se) = match group {
            Some(g) => (g.start().max(ms), g.end().min(me).max(g.start().max(ms))),
            None => (ms, me),
        };
        if ss >= se {
            continue;
        }
        let secret = &bytes[ss..se];
        if def.entropy != 0.0 && shannon_entropy(secret) <= def.entropy {
            continue;
        }
        let line = {
            let ls = bytes[..ms]
                .iter()
                .rposition(|b| *b == b'\n')
                .map_or(0, |p| p + 1);
            let le = bytes[me..]
                .iter()
                .position(|b| *b == b'\n')
                .map_or(bytes.len(), |p| me + p);
            &bytes[ls..le]
        };
        let matched = &bytes[ms..me];
        let global = GLOBAL_ALLOW.get_or_init(|| join(GLOBAL_ALLOWLIST.regexes));
        if allowed(&GLOBAL_ALLOWLIST, global.as_ref(), secret, matched, line) {
            continue;
        }
        let compiled =
            ALLOW[i].get_or_init(|| def.allowlists.iter().map(|a| join(a.regexes)).collect());
        if def
            .allowlists
            .iter()
            .zip(compiled)
            .any(|(a, re)| allowed(a, re.as_ref(), secret, matched, line))
        {
            continue;
        }
        // Some rules end without a boundary (`github_pat_\w{82}`): a longer token would
        // keep its tail. The secret extends to the end of its run of word characters.
        let mut se = se;
        while se < bytes.len() && (bytes[se].is_ascii_alphanumeric() || bytes[se] == b'_') {
            se += 1;
        }
        let (start, end) = char_bounds(text, ss, se);
        out.push(Finding {
            rule: def.id,
            start,
            end,
        });
    }
}

/// gitleaks' `checkFindingAllowed` for one allowlist (no path, no commit).
fn allowed(
    a: &AllowlistDef,
    re: Option<&Regex>,
    secret: &[u8],
    matched: &[u8],
    line: &[u8],
) -> bool {
    let target = match a.target {
        Target::Secret => secret,
        Target::Match => matched,
        Target::Line => line,
    };
    let regex_ok = !target.is_empty() && re.is_some_and(|r| r.is_match(target));
    let stop_ok = !a.stopwords.is_empty() && {
        let lower = secret.to_ascii_lowercase();
        a.stopwords
            .iter()
            .any(|w| memchr_find(&lower, w.as_bytes()))
    };
    if a.and {
        let mut checks = Vec::new();
        if a.has_paths {
            checks.push(false);
        }
        if !a.regexes.is_empty() {
            checks.push(regex_ok);
        }
        if !a.stopwords.is_empty() {
            checks.push(stop_ok);
        }
        !checks.is_empty() && checks.iter().all(|c| *c)
    } else {
        regex_ok || stop_ok
    }
}

fn memchr_find(hay: &[u8], needle: &[u8]) -> bool {
    needle.is_empty() || hay.windows(needle.len()).any(|w| w == needle)
}

/// Widens `[s, e)` to `char` boundaries of `text`.
fn char_bounds(text: &str, mut s: usize, mut e: usize) -> (usize, usize) {
    while s > 0 && !text.is_char_boundary(s) {
        s -= 1;
    }
    while e < text.len() && !text.is_char_boundary(e) {
        e += 1;
    }
    (s, e)
}

/// Shannon entropy in bits per character, as gitleaks computes it: character counts over
/// the length in bytes (equal for ASCII).
pub fn shannon_entropy(data: &[u8]) -> f64 {
    if data.is_empty() {
        return 0.0;
    }
    let s = String::from_utf8_lossy(data);
    let mut counts: std::collections::HashMap<char, usize> = std::collections::HashMap::new();
    for c in s.chars() {
        *counts.entry(c).or_default() += 1;
    }
    let inv = 1.0 / data.len() as f64;
    counts
        .values()
        .map(|n| {
            let f = *n as f64 * inv;
            -f * f.log2()
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entropy_matches_gitleaks() {
        assert_eq!(shannon_entropy(b""), 0.0);
        assert_eq!(shannon_entropy(b"aaaa"), 0.0);
        assert!((shannon_entropy(b"ab") - 1.0).abs() < 1e-12);
        assert!((shannon_entropy(b"abcd") - 2.0).abs() < 1e-12);
    }

    #[test]
    fn every_rule_compiles() {
        for r in RULES.iter() {
            compile(r.regex).unwrap_or_else(|e| panic!("{}: {e}", r.id));
            for a in r.allowlists {
                assert!(
                    a.regexes.is_empty() || join(a.regexes).is_some(),
                    "{}",
                    r.id
                );
            }
        }
        assert!(join(GLOBAL_ALLOWLIST.regexes).is_some());
    }

    #[test]
    fn text_without_keywords_has_no_candidates() {
        assert!(candidates("ran the suite: 412 of 412 pass (step 3)").is_empty());
        assert!(
            !candidates("GHP_ x").is_empty(),
            "keywords ignore ASCII case"
        );
    }
}
