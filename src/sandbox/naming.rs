//! A sandbox's identity on Railway: the service name of a (repository, issue) and the
//! service variables that record whose it is. Pure.
//!
//! Name: `agent-<issue>-<slug>-<hash>`, e.g. `agent-7-widgets-d782c8`, where
//! - `slug` is the repository's name (not its owner), lower-case, every run of characters
//!   other than `a-z0-9` made one `-`, trimmed of `-`, cut so the whole name fits in
//!   [`MAX_NAME_LEN`] (dropped, with its `-`, when no room is left);
//! - `hash` is the first [`HASH_HEX`] hex digits of SHA-256 of `owner/name` in lower case:
//!   two repositories whose names share a slug still get different names.
//!
//! The name is stable (the same input always gives the same name), readable on the Railway
//! dashboard, and made only of `a-z0-9-`. [`MAX_NAME_LEN`] is tri's own cap: Railway's
//! schema states no length limit for `ServiceCreateInput.name`, and 32 characters keep the
//! name whole in the dashboard and in the generated `*.up.railway.app` host names.
//!
//! trinity's services are named [`legacy_name`] (`agent-<issue>`) and carry no variables;
//! they belong only to the farm repository configured explicitly (`TRI_FARM_REPO`, config
//! `farm_repo`; [`crate::farm::Key::owns_bare`]) — never to a repository by default.

use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// Longest service name tri makes, characters.
pub const MAX_NAME_LEN: usize = 32;
/// Hex digits of the repository hash in a name.
pub const HASH_HEX: usize = 6;
/// The service variable holding the repository `OWNER/NAME`.
pub const VAR_REPO: &str = "TRI_REPO";
/// The service variable holding the issue number.
pub const VAR_ISSUE: &str = "TRI_ISSUE";

/// The first [`HASH_HEX`] hex digits of SHA-256 of `repo` in lower case.
pub fn repo_hash(repo: &str) -> String {
    let d = Sha256::digest(repo.trim().to_ascii_lowercase().as_bytes());
    d.iter()
        .map(|b| format!("{b:02x}"))
        .collect::<String>()
        .chars()
        .take(HASH_HEX)
        .collect()
}

/// The slug of a repository's name: lower-case `a-z0-9` runs joined by `-`.
pub fn slug(repo: &str) -> String {
    let name = repo.rsplit('/').next().unwrap_or(repo).to_ascii_lowercase();
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

/// The service name of `repo`'s issue `issue` (see the module docs).
pub fn service_name(repo: &str, issue: u64) -> String {
    let head = format!("agent-{issue}-");
    let hash = repo_hash(repo);
    let room = MAX_NAME_LEN.saturating_sub(head.len() + hash.len() + 1);
    let s: String = slug(repo).chars().take(room).collect();
    let s = s.trim_end_matches('-');
    if s.is_empty() {
        format!("{head}{hash}")
    } else {
        format!("{head}{s}-{hash}")
    }
}

/// trinity's service name for `issue`: `agent-<issue>`.
pub fn legacy_name(issue: u64) -> String {
    format!("agent-{issue}")
}

/// The variables tri sets on a new service: `TRI_REPO` and `TRI_ISSUE`.
pub fn identity_vars(repo: &str, issue: u64) -> BTreeMap<String, String> {
    BTreeMap::from([
        (VAR_REPO.to_string(), repo.to_string()),
        (VAR_ISSUE.to_string(), issue.to_string()),
    ])
}

/// Whether a service found on Railway belongs to `repo`'s issue `issue`, from its `name`
/// and its variables `vars`; `owns_legacy` says whether `repo` is the farm repository
/// configured explicitly (which alone owns trinity's `agent-<issue>` services without
/// `TRI_REPO`; [`crate::farm::Key::owns_bare`]). The one ownership rule: lookup and
/// adoption, confirmation before deploy or destroy, and `reap` all ask it. The rule:
/// - a recorded `TRI_REPO` that differs from `repo` (case-insensitive): never;
/// - a recorded `TRI_ISSUE` that differs from `issue`: never;
/// - otherwise the name decides: [`service_name`] of (repo, issue) matches; trinity's
///   [`legacy_name`] matches when `TRI_REPO` is recorded (and equal) or `owns_legacy`.
pub fn belongs(
    name: &str,
    vars: &BTreeMap<String, String>,
    repo: &str,
    issue: u64,
    owns_legacy: bool,
) -> bool {
    let rec_repo = vars.get(VAR_REPO).map(|s| s.trim());
    if rec_repo.is_some_and(|r| !r.eq_ignore_ascii_case(repo.trim())) {
        return false;
    }
    if vars
        .get(VAR_ISSUE)
        .is_some_and(|i| i.trim() != issue.to_string())
    {
        return false;
    }
    if name == service_name(repo, issue) {
        return true;
    }
    name == legacy_name(issue) && (rec_repo.is_some() || owns_legacy)
}

/// The issue number a sandbox service name is for: `agent-<N>` or `agent-<N>-…`. Pure.
pub fn issue_of_name(name: &str) -> Option<u64> {
    let rest = name.strip_prefix("agent-")?;
    let digits = rest.split('-').next()?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|&n| n > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_stable_short_legal_and_per_repository() {
        let a = service_name("acme/widgets", 7);
        assert_eq!(a, service_name("acme/widgets", 7));
        assert_eq!(
            a,
            service_name("ACME/Widgets", 7),
            "GitHub names ignore case"
        );
        assert_eq!(a, "agent-7-widgets-d782c8", "docs/sandboxes.md's example");
        assert_ne!(a, service_name("acme/gadgets", 7));
        assert_ne!(
            a,
            service_name("other/widgets", 7),
            "same slug, other owner"
        );
        assert_ne!(a, service_name("acme/widgets", 8));
        for (repo, issue) in [
            ("octo-org/a-very-long-repository-name-indeed", 123456),
            ("o/___", 1),
            ("o/Hello.World_2", 99),
            ("o/x", 4_294_967_295),
        ] {
            let n = service_name(repo, issue);
            assert!(n.len() <= MAX_NAME_LEN, "{n}");
            assert!(
                n.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{n}"
            );
            assert!(!n.contains("--"), "{n}");
            assert_eq!(issue_of_name(&n), Some(issue));
        }
        assert_eq!(
            service_name("o/___", 1),
            format!("agent-1-{}", repo_hash("o/___"))
        );
        assert_eq!(slug("o/Hello.World_2"), "hello-world-2");
    }

    #[test]
    fn a_service_of_another_repository_never_belongs() {
        let mine = service_name("acme/widgets", 7);
        let none = BTreeMap::new();
        let vars = identity_vars("acme/widgets", 7);
        assert!(belongs(&mine, &vars, "acme/widgets", 7, false));
        assert!(belongs(&mine, &none, "acme/widgets", 7, false));
        let theirs = identity_vars("acme/gadgets", 7);
        assert!(!belongs(&mine, &theirs, "acme/widgets", 7, true));
        // trinity's agent-7: only the farm's repository owns it, unless it says whose.
        assert!(belongs("agent-7", &none, "acme/widgets", 7, true));
        assert!(!belongs("agent-7", &none, "acme/widgets", 7, false));
        assert!(!belongs("agent-7", &theirs, "acme/widgets", 7, true));
        assert!(belongs("agent-7", &vars, "acme/widgets", 7, false));
        assert!(!belongs("agent-8", &none, "acme/widgets", 7, true));
        assert!(!belongs(
            &mine,
            &identity_vars("acme/widgets", 8),
            "acme/widgets",
            7,
            true
        ));
        assert_eq!(issue_of_name("agent-77"), Some(77));
        assert_eq!(issue_of_name("agent-x"), None);
        assert_eq!(issue_of_name("web"), None);
    }
}
