//! Whose markers count: the one rule every reader of the issue applies before it takes a
//! comment's marker as tri's own (`pull`, `brief`, `inbox`, `link`'s count, the marker
//! look-up of the exactly-once protocol, sticky journal adoption). Pure.
//!
//! A hidden `<!-- tri:… -->` marker can be typed by anyone who can comment (DESIGN.md, "Whose
//! words count"): it proves nothing about who wrote the comment. So a comment is tri's only
//! when its **author may write the journal**:
//!
//! - the token's own user (`GET /user`, looked up only when a decision needs it and cached
//!   per token hash), always — tri must recognise what it wrote itself;
//! - with `collaborators` (the default): GitHub Actions' bot `github-actions[bot]` (what the
//!   workflow token writes as; GitHub gives it the association `NONE`), and every author whose
//!   `author_association` is `OWNER`, `MEMBER` or `COLLABORATOR` (the associations that imply
//!   write access);
//! - any login listed.
//!
//! `TRI_JOURNAL_WRITERS` (else the config key `journal_writers`) sets the list, words
//! separated by commas or spaces: `collaborators` (the default), `self` (the token's user
//! only: the list with nothing else), and logins (e.g. `collaborators,renovate[bot]` widens
//! the default; `self,alice` trusts the token's user and alice only).
//!
//! Any other comment holding a marker is an ordinary, untrusted comment: never parsed as an
//! event, never edited, and in the inbox withheld and counted like any stranger's.
//!
//! **Tri's own record** ([`Journal::is_tris`]) is the one split every reader makes between
//! tri's records and people's replies: the comment *opens* with a marker line as tri writes
//! one ([`crate::event::marker::opens_record`]: an event marker or a sticky journal header,
//! alone on the first line) **and** its author may write the journal. A member's reply that
//! quotes a marker (a `>` quote, a code block explaining the format) is a reply.

use crate::github::Comment;

/// The login GitHub Actions' `GITHUB_TOKEN` writes as.
pub const ACTIONS_BOT: &str = "github-actions[bot]";

/// The `author_association` values that imply write access (GitHub's documentation of the
/// field: OWNER, MEMBER, COLLABORATOR, CONTRIBUTOR, FIRST_TIMER, FIRST_TIME_CONTRIBUTOR,
/// MANNEQUIN, NONE).
pub const WRITER_ASSOCIATIONS: [&str; 3] = ["OWNER", "MEMBER", "COLLABORATOR"];

/// The environment variable of the journal writers.
pub const WRITERS_VAR: &str = "TRI_JOURNAL_WRITERS";

/// The config key of the journal writers.
pub const WRITERS_KEY: &str = "journal_writers";

/// Longest GitHub login, characters (39, and `[bot]` for an app).
const MAX_LOGIN: usize = 39 + 5;

/// Who may write the journal besides the token's own user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Writers {
    /// OWNER, MEMBER, COLLABORATOR and `github-actions[bot]`.
    pub collaborators: bool,
    /// More logins, lower-cased.
    pub logins: Vec<String>,
}

impl Default for Writers {
    /// `collaborators`.
    fn default() -> Writers {
        Writers {
            collaborators: true,
            logins: Vec::new(),
        }
    }
}

impl std::fmt::Display for Writers {
    /// The words [`parse_writers`] reads back: `collaborators`, `self`, logins.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut words: Vec<&str> = Vec::new();
        if self.collaborators {
            words.push("collaborators");
        } else {
            words.push("self");
        }
        words.extend(self.logins.iter().map(String::as_str));
        f.write_str(&words.join(","))
    }
}

/// Whether `s` has the shape of a GitHub login: letters, digits and single hyphens, at
/// most 39 characters, optionally followed by `[bot]` (an app).
pub fn is_login(s: &str) -> bool {
    let base = s.strip_suffix("[bot]").unwrap_or(s);
    !base.is_empty()
        && s.len() <= MAX_LOGIN
        && base.len() <= 39
        && base.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// Parses the journal writers: words separated by commas or spaces, each `collaborators`,
/// `self` or a login ([`is_login`]). `self` alone (or logins alone) leaves collaborators
/// out.
///
/// Errors: an empty list or a word that is none of these, saying what to write.
pub fn parse_writers(s: &str) -> Result<Writers, String> {
    let mut w = Writers {
        collaborators: false,
        logins: Vec::new(),
    };
    let mut any = false;
    for word in s.split([',', ' ']).map(str::trim).filter(|w| !w.is_empty()) {
        any = true;
        match word {
            "collaborators" => w.collaborators = true,
            "self" => {}
            l if is_login(l) => {
                let l = l.to_ascii_lowercase();
                if !w.logins.contains(&l) {
                    w.logins.push(l);
                }
            }
            _ => {
                return Err(format!(
                "`{word}` in the journal writers is not `collaborators`, `self` or a GitHub login"
            ))
            }
        }
    }
    if !any {
        return Err(
            "the journal writers are empty; use `collaborators` (the default), `self` or logins"
                .into(),
        );
    }
    Ok(w)
}

/// Whether `body` has the shape of one of tri's records: it opens with a marker line as tri
/// writes one ([`crate::event::marker::opens_record`]). Written by someone who may not
/// write the journal, such a comment is held as untrusted rather than taken for an event; a
/// marker anywhere else in a body is only text.
pub fn looks_like_record(body: &str) -> bool {
    crate::event::marker::opens_record(body)
}

/// The login and association of a comment (`ghost` and `NONE` when GitHub gives none).
pub fn author(c: &Comment) -> (&str, &str) {
    (
        c.user.as_ref().map_or("ghost", |u| u.login.as_str()),
        c.author_association.as_deref().unwrap_or("NONE"),
    )
}

impl Writers {
    /// Whether `login` with `association` may write the journal without knowing the
    /// token's user (the rule's part that needs no request).
    pub fn trusts_without_me(&self, login: &str, association: &str) -> bool {
        (self.collaborators
            && (WRITER_ASSOCIATIONS.contains(&association)
                || login.eq_ignore_ascii_case(ACTIONS_BOT)))
            || self.logins.iter().any(|l| l.eq_ignore_ascii_case(login))
    }

    /// Whether `login` with `association` may write the journal, the token's user being
    /// `me` (`None`: unknown, e.g. GitHub refused `GET /user`). The rule of the module.
    pub fn trusts(&self, login: &str, association: &str, me: Option<&str>) -> bool {
        self.trusts_without_me(login, association)
            || me.is_some_and(|m| m.eq_ignore_ascii_case(login))
    }
}

/// The rule resolved for one token: the writers and the token's user.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Journal {
    /// Who may write the journal besides the token's user.
    pub writers: Writers,
    /// The token's user, when known.
    pub me: Option<String>,
}

impl Journal {
    /// Whether comment `c`'s author may write the journal.
    pub fn trusts(&self, c: &Comment) -> bool {
        let (login, association) = author(c);
        c.user.is_some() && self.writers.trusts(login, association, self.me.as_deref())
    }

    /// Whether `c` is one of tri's own records: its body opens with tri's marker line
    /// ([`looks_like_record`]) and its author may write the journal ([`Journal::trusts`]).
    /// Any other comment is a person's, whatever it holds — a member's reply quoting a
    /// marker, a stranger's copy of a whole record. The one rule `inbox`, `brief`, `wait`,
    /// `pull` and `reap --older-than` split comments by.
    pub fn is_tris(&self, c: &Comment) -> bool {
        c.body.as_deref().is_some_and(looks_like_record) && self.trusts(c)
    }
}

/// Whether deciding about `comments` needs the token's user: some comment has the shape of
/// a record ([`looks_like_record`]) and its author is not trusted by the rest of the rule.
pub fn needs_me(writers: &Writers, comments: &[Comment]) -> bool {
    comments.iter().any(|c| {
        let (login, association) = author(c);
        c.body.as_deref().is_some_and(looks_like_record)
            && c.user.is_some()
            && !writers.trusts_without_me(login, association)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::github::client::User;

    fn c(login: Option<&str>, assoc: &str, body: &str) -> Comment {
        Comment {
            id: 1,
            html_url: "u".into(),
            body: Some(body.into()),
            created_at: None,
            user: login.map(|l| User { login: l.into() }),
            author_association: Some(assoc.into()),
        }
    }

    const M: &str = "<!-- tri:event id=a type=handoff -->\nx";

    #[test]
    fn the_default_trusts_writers_the_actions_bot_and_the_token_user() {
        let j = Journal {
            writers: Writers::default(),
            me: Some("Tri-Bot".into()),
        };
        for a in WRITER_ASSOCIATIONS {
            assert!(j.is_tris(&c(Some("alice"), a, M)), "{a}");
        }
        assert!(j.is_tris(&c(Some(ACTIONS_BOT), "NONE", M)));
        assert!(
            j.is_tris(&c(Some("tri-bot"), "NONE", M)),
            "case-insensitive"
        );
        for a in [
            "CONTRIBUTOR",
            "FIRST_TIMER",
            "FIRST_TIME_CONTRIBUTOR",
            "MANNEQUIN",
            "NONE",
        ] {
            assert!(!j.is_tris(&c(Some("mallory"), a, M)), "{a}");
        }
        assert!(!j.is_tris(&c(None, "OWNER", M)), "no author, no trust");
        assert!(
            !j.is_tris(&c(Some("alice"), "OWNER", "no marker")),
            "a person's comment"
        );
        let unknown = Journal::default();
        assert!(!unknown.is_tris(&c(Some("tri-bot"), "NONE", M)));
    }

    #[test]
    fn self_and_logins_narrow_or_widen() {
        let only_me = parse_writers("self").unwrap();
        assert!(!only_me.collaborators && only_me.logins.is_empty());
        assert!(!only_me.trusts("alice", "OWNER", Some("me")));
        assert!(!only_me.trusts(ACTIONS_BOT, "NONE", Some("me")));
        assert!(only_me.trusts("ME", "NONE", Some("me")));
        let wide = parse_writers("collaborators, renovate[bot]").unwrap();
        assert!(wide.trusts("Renovate[bot]", "NONE", None));
        assert!(wide.trusts("alice", "MEMBER", None));
        let listed = parse_writers("self,alice").unwrap();
        assert!(listed.trusts("alice", "NONE", None));
        assert!(!listed.trusts("bob", "OWNER", None));
        assert_eq!(parse_writers(&wide.to_string()).unwrap(), wide);
        assert_eq!(parse_writers(&only_me.to_string()).unwrap(), only_me);
        assert_eq!(Writers::default().to_string(), "collaborators");
        assert!(parse_writers("").unwrap_err().contains("collaborators"));
        assert!(parse_writers("everyone; rm").is_err());
        assert!(!is_login(&"a".repeat(40)) && is_login("app-1[bot]"));
    }

    #[test]
    fn the_token_user_is_needed_only_for_an_otherwise_untrusted_marker() {
        let w = Writers::default();
        assert!(!needs_me(
            &w,
            &[c(Some("alice"), "OWNER", M), c(Some("x"), "NONE", "hi")]
        ));
        assert!(needs_me(&w, &[c(Some("app[bot]"), "NONE", M)]));
        assert!(needs_me(
            &parse_writers("self").unwrap(),
            &[c(Some("alice"), "OWNER", M)]
        ));
        assert!(
            !needs_me(
                &w,
                &[c(
                    Some("app[bot]"),
                    "NONE",
                    &format!("> {}", M.replace('\n', "\n> "))
                )]
            ),
            "a quoted marker decides nothing"
        );
    }

    #[test]
    fn a_members_reply_quoting_a_marker_is_a_reply_and_a_strangers_record_is_no_record() {
        let j = Journal {
            writers: Writers::default(),
            me: Some("tri-bot".into()),
        };
        let line = "<!-- tri:event id=a type=question -->";
        for body in [
            format!("> {line}\n> which db?\n\npostgres"),
            format!("The format:\n```\n{line}\n```"),
            format!("```\n{line}\n```"),
            format!("see {line}"),
        ] {
            assert!(!j.is_tris(&c(Some("alice"), "MEMBER", &body)), "{body}");
            assert!(!j.is_tris(&c(Some("tri-bot"), "NONE", &body)), "{body}");
        }
        let journal = "<!-- tri:journal issue=7 session=s -->\n### 📓 tri journal for #7\n";
        assert!(j.is_tris(&c(Some("tri-bot"), "NONE", journal)));
        assert!(j.is_tris(&c(Some("alice"), "OWNER", M)));
        assert!(!j.is_tris(&c(Some("mallory"), "NONE", M)));
        assert!(!j.is_tris(&c(Some("mallory"), "NONE", journal)));
        assert!(looks_like_record(M) && looks_like_record(journal));
    }
}
