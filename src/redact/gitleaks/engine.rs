//! The engine behind [`super::rules`]: keyword pre-filter, lazy compilation, secret group,
//! entropy, allowlists. Pure; the compiled state is per process (`OnceLock`s).
//!
//! Cost: a text is scanned for every rule's keywords (ASCII case ignored, as gitleaks
//! lower-cases the text); only rules whose keyword occurs are compiled (once per process,
//! each in its own `OnceLock`) and run. A text holding no keyword compiles no regex at all.
//! A text longer than [`AUTOMATON_MIN_BYTES`] is scanned once by one Aho-Corasick automaton
//! of the keywords, built on first use; a shorter one (a step's message, most comments) is
//! searched for each keyword in turn, which finds the same keywords without building the
//! automaton (2.2 million instructions, half of a published step's, `benches/profile-step.sh`).

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

/// Texts of at least this many bytes are scanned by the keyword automaton; shorter ones
/// keyword by keyword. About where the two cost the same: the automaton takes about 2.2
/// million instructions to build and a few a byte to scan; searching for each of the ~285
/// keywords costs about their number times the text's length (callgrind, on this tree).
pub const AUTOMATON_MIN_BYTES: usize = 4096;

struct Prefilter {
    /// The distinct keywords of every rule, lower case.
    words: Vec<&'static str>,
    /// For each keyword of `words`, the rules (indices into [`RULES`]) that name it.
    rules_of: Vec<Vec<usize>>,
    /// Rules without keywords: they always run.
    always: Vec<usize>,
    /// The automaton of `words`, built on the first long text.
    ac: OnceLock<AhoCorasick>,
}

fn prefilter() -> &'static Prefilter {
    static P: OnceLock<Prefilter> = OnceLock::new();
    P.get_or_init(|| {
        let mut words: Vec<&'static str> = Vec::new();
        let mut rules_of: Vec<Vec<usize>> = Vec::new();
        let mut always = Vec::new();
        // Each keyword's place in `words`, found by hashing: comparing every keyword with
        // every earlier one cost 0.45 million instructions a process.
        let mut place: std::collections::HashMap<&'static str, usize> =
            std::collections::HashMap::with_capacity(512);
        for (i, r) in RULES.iter().enumerate() {
            if r.keywords.is_empty() {
                always.push(i);
            }
            for k in r.keywords {
                match place.get(k) {
                    Some(&p) => rules_of[p].push(i),
                    None => {
                        place.insert(k, words.len());
                        words.push(k);
                        rules_of.push(vec![i]);
                    }
                }
            }
        }
        Prefilter {
            words,
            rules_of,
            always,
            ac: OnceLock::new(),
        }
    })
}

impl Prefilter {
    /// The automaton of the keywords. Built once per process: a contiguous NFA over
    /// lower-case keywords builds in about 0.2 ms, where a DFA, or ignoring case in the
    /// automaton, takes 0.7 to 1.3 ms for a faster scan (1.5 against 2.6 ns a byte) that
    /// only pays off beyond a few hundred KiB.
    fn automaton(&self) -> &AhoCorasick {
        self.ac.get_or_init(|| {
            AhoCorasick::builder()
                .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
                .build(&self.words)
                .expect("gitleaks keywords build an automaton")
        })
    }

    /// Whether each keyword occurs in `lower` (a lower-cased text), by the automaton.
    fn found_by_automaton(&self, lower: &str) -> Vec<bool> {
        let mut seen = vec![false; self.words.len()];
        for m in self.automaton().find_overlapping_iter(lower) {
            seen[m.pattern().as_usize()] = true;
        }
        seen
    }

    /// Whether each keyword occurs in `lower`, searching for one keyword after another:
    /// the same answer as [`Prefilter::found_by_automaton`] (an overlapping search reports
    /// every keyword that occurs anywhere), without building the automaton.
    fn found_by_search(&self, lower: &str) -> Vec<bool> {
        self.words.iter().map(|w| lower.contains(w)).collect()
    }
}

/// Indices into [`RULES`] of the rules whose keywords occur in `text` (ignoring ASCII
/// case), ascending.
pub fn candidates(text: &str) -> Vec<usize> {
    let p = prefilter();
    // gitleaks lower-cases the text (its keywords are lower case).
    let lower = text.to_ascii_lowercase();
    let seen = if lower.len() >= AUTOMATON_MIN_BYTES {
        p.found_by_automaton(&lower)
    } else {
        p.found_by_search(&lower)
    };
    rules_for(p, &seen)
}

/// The rules to run given which keywords were seen: those naming a seen keyword and those
/// without keywords, ascending.
fn rules_for(p: &Prefilter, seen: &[bool]) -> Vec<usize> {
    let mut on = vec![false; COUNT];
    for i in &p.always {
        on[*i] = true;
    }
    for (k, _) in seen.iter().enumerate().filter(|(_, s)| **s) {
        for r in &p.rules_of[k] {
            on[*r] = true;
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
    fn searching_keyword_by_keyword_finds_what_the_automaton_finds() {
        let p = prefilter();
        let mut texts: Vec<String> = vec![
            String::new(),
            "ran the tests: 412 of 412 pass".into(),
            "a".repeat(100),
        ];
        // Every keyword alone, inside other text, at both ends, and overlapping another.
        for (i, w) in p.words.iter().enumerate() {
            texts.push(w.to_string());
            texts.push(format!("x {w} y"));
            texts.push(format!("{w}{}", p.words[(i + 1) % p.words.len()]));
            texts.push(format!("{}{w}", w.get(..w.len() / 2).unwrap_or("")));
        }
        let mut found_some = 0;
        for t in &texts {
            let lower = t.to_ascii_lowercase();
            let a = p.found_by_automaton(&lower);
            let s = p.found_by_search(&lower);
            assert_eq!(a, s, "{t:?}");
            found_some += usize::from(a.iter().any(|b| *b));
        }
        assert!(found_some >= p.words.len(), "the keywords were found");
    }

    #[test]
    fn every_keyword_is_listed_once_with_every_rule_that_names_it() {
        let p = prefilter();
        let mut sorted = p.words.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), p.words.len(), "no keyword twice");
        for (i, r) in RULES.iter().enumerate() {
            assert_eq!(r.keywords.is_empty(), p.always.contains(&i), "{}", r.id);
            for k in r.keywords {
                let at = p.words.iter().position(|w| w == k).expect("listed");
                assert!(p.rules_of[at].contains(&i), "{} under {k}", r.id);
            }
        }
        let named: usize = p.rules_of.iter().map(Vec::len).sum();
        let expected: usize = RULES.iter().map(|r| r.keywords.len()).sum();
        assert_eq!(
            named, expected,
            "no rule listed under a keyword it does not name"
        );
    }

    #[test]
    fn a_long_text_and_a_short_one_select_the_same_rules() {
        // The same keywords, once below AUTOMATON_MIN_BYTES and once above it.
        let short = "token ghp_ and AKIA and -----BEGIN".to_string();
        let long = format!("{short}{}", " ".repeat(AUTOMATON_MIN_BYTES));
        let (a, b) = (candidates(&short), candidates(&long));
        assert!(
            a.len() > prefilter().always.len(),
            "keywords selected rules"
        );
        assert_eq!(a, b);
    }

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
