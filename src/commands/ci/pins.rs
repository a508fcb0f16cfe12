//! The third-party GitHub Actions tri's workflows use, each pinned to the full commit of a
//! release tag (`uses: actions/checkout@<40-hex> # v7.0.1`): a tag can be moved to other
//! code, a commit cannot (GitHub's "Security hardening for GitHub Actions": "Pin actions to a
//! full length commit SHA").
//!
//! Where the commits come from: the actions' own repositories on GitHub, read on 2026-12-04
//! as `git rev-parse <tag>^{commit}` in a clone of each. The same commits are pinned in
//! action.yml and dist-workspace.toml (`github-action-commits`); tests/zizmor.rs checks that
//! they agree with this table.
//!
//! To refresh (for each action, in any clone or with `git ls-remote`):
//!
//! ```sh
//! git ls-remote --tags https://github.com/actions/checkout 'v7*'   # newest vX.Y.Z, its ^{} line
//! ```
//!
//! then put the tag and the commit of its `^{}` line (the commit, not the annotated tag
//! object) here, in action.yml and in dist-workspace.toml, and run `dist generate`.

/// One pinned action: `uses: <action>@<sha> # <tag>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pin {
    /// `OWNER/NAME` of the action, as written in `uses:`.
    pub action: &'static str,
    /// The release tag the commit is (`vX.Y.Z`), written as a comment beside the pin.
    pub tag: &'static str,
    /// The tag's commit: 40 lowercase hex characters.
    pub sha: &'static str,
}

impl Pin {
    /// The `uses:` value with its tag comment: `actions/checkout@<sha> # v7.0.1`.
    pub fn uses(&self) -> String {
        format!("{}@{} # {}", self.action, self.sha, self.tag)
    }
}

/// Every third-party action a workflow `tri ci init` writes may use, action.yml uses, or
/// cargo-dist's release.yml uses (dist-workspace.toml's `github-action-commits`).
pub const PINS: &[Pin] = &[
    Pin {
        action: "actions/checkout",
        tag: "v7.0.1",
        sha: "3d3c42e5aac5ba805825da76410c181273ba90b1",
    },
    Pin {
        action: "actions/cache",
        tag: "v5.0.5",
        sha: "27d5ce7f107fe9357f9df03efb73ab90386fccae",
    },
    Pin {
        action: "actions/upload-artifact",
        tag: "v7.0.0",
        sha: "bbbca2ddaa5d8feaa63e36b76fdaad77386f024f",
    },
    Pin {
        action: "actions/download-artifact",
        tag: "v8.0.1",
        sha: "3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c",
    },
    Pin {
        action: "actions/attest",
        tag: "v4.2.2",
        sha: "1e69f48acb82d1966a394da916b4c1698aa569d6",
    },
];

/// The pin of `action` (`OWNER/NAME`), if it is in [`PINS`].
pub fn pin(action: &str) -> Option<&'static Pin> {
    PINS.iter().find(|p| p.action == action)
}

/// Whether `s` is a full git commit id: exactly 40 hex characters. Pure.
pub fn is_commit(s: &str) -> bool {
    s.len() == 40 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pin_is_a_full_lowercase_commit_and_a_release_tag() {
        for p in PINS {
            assert!(is_commit(p.sha), "{p:?}");
            assert_eq!(p.sha, p.sha.to_ascii_lowercase(), "{p:?}");
            assert!(
                p.tag.starts_with('v') && p.tag.split('.').count() == 3,
                "{p:?}"
            );
            assert_eq!(p.action.split('/').count(), 2, "{p:?}");
        }
        assert_eq!(
            pin("actions/checkout").unwrap().uses(),
            "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1"
        );
        assert_eq!(pin("actions/nope"), None);
    }

    #[test]
    fn is_commit_wants_40_hex() {
        assert!(is_commit(&"a".repeat(40)));
        assert!(!is_commit(&"a".repeat(39)));
        assert!(!is_commit(&"g".repeat(40)));
        assert!(!is_commit("v1.2.3"));
    }
}
