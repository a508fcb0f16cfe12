//! `tri ci init [--sandbox] [--steps] [--reap] [--force] [--action OWNER/NAME@SHA]`: writes GitHub
//! Actions workflows that use tri into `<workspace root>/.github/workflows/`, one per entry of
//! [`WORKFLOWS`]:
//! - `tri-sandbox.yml` (`--sandbox`, the default): a Railway sandbox per open issue
//!   (`on: issues` opened/reopened/closed/deleted, `concurrency: tri-issue-<number>`, the tri
//!   action, `tri agent on-issue-event`, and an `if: cancelled() || failure()` step running
//!   `tri agent finish`);
//! - `tri-steps.yml` (`--steps`): a job that links to an issue, posts its progress with
//!   `tri agent step`, hands over and finishes;
//! - `tri-reap.yml` (`--reap`): a daily sweep (cron, and by hand with a dry run) that runs
//!   `tri agent reap`, destroying the sandboxes whose issue is closed or gone.
//!
//! Supply chain (a moved tag cannot change what runs): every action is pinned to a full
//! commit with its tag in a comment
//! (`uses: actions/checkout@<sha> # v7.0.1`; third-party pins in [`super::pins`]); tri's own
//! action is pinned to the commit this binary was built from (`TRI_BUILD_COMMIT`, embedded by
//! build.rs) in the repository of Cargo.toml's `repository`, or to `--action OWNER/NAME@SHA`.
//! When neither is known (the placeholder repository `OWNER/tri`, or a build whose commit is
//! unknown) the command refuses (exit 2) and writes nothing: it never writes a placeholder.
//! Workflow-level `permissions: {}`, each job names the least it needs; checkout never keeps
//! the token (`persist-credentials: false`); secrets are given to the steps that use them
//! (step `env:`), never to a whole job; event text reaches `run:` only through `env:`.
//!
//! An existing file is never replaced without `--force`: then nothing is written and the
//! command exits 1.
//!
//! Adding a workflow: a template in `templates/`, a flag in [`InitArgs`], and an entry in
//! [`WORKFLOWS`] (its kind, file, template and the flag that asks for it).

use super::super::Ctx;
use super::pins::{self, is_commit};
use crate::error::{Error, Result, EXIT_OK};
use crate::workspace::atomic;
use clap::Args;
use serde_json::json;
use std::path::PathBuf;

/// `tri ci init`.
#[derive(Debug, Args)]
#[command(
    after_help = "Without --sandbox or --steps it writes the sandbox workflow. \
Every action is pinned to a full commit; the tri action to the commit this tri was built \
from, in the repository it was released from (or to --action OWNER/NAME@SHA). Commit the \
workflows, then set the repository secret RAILWAY_API_TOKEN and the variables \
RAILWAY_PROJECT_ID and RAILWAY_ENVIRONMENT_ID for the sandbox workflow."
)]
pub struct InitArgs {
    /// Write .github/workflows/tri-sandbox.yml: a Railway sandbox per open issue.
    #[arg(long)]
    pub sandbox: bool,

    /// Write .github/workflows/tri-steps.yml: a CI job that posts its progress on an issue.
    #[arg(long)]
    pub steps: bool,

    /// Write .github/workflows/tri-reap.yml: a daily sweep destroying the sandboxes whose
    /// issue is closed or gone (`tri agent reap`).
    #[arg(long)]
    pub reap: bool,

    /// Replace workflow files that already exist.
    #[arg(long)]
    pub force: bool,

    /// The tri action to use, pinned to a full commit: OWNER/NAME@<40-hex commit> (default:
    /// the repository and commit this tri was built from).
    #[arg(long, value_name = "OWNER/NAME@SHA")]
    pub action: Option<String>,
}

/// The directory workflows go in, relative to the workspace root.
pub const WORKFLOW_DIR: &str = ".github/workflows";

/// One workflow `ci init` can write.
#[derive(Debug, Clone, Copy)]
pub struct Workflow {
    /// Its kind, as shown in JSON (`"sandbox"`, `"steps"`).
    pub kind: &'static str,
    /// Its file name under [`WORKFLOW_DIR`].
    pub file: &'static str,
    /// Its template: `@ACTION@` stands for the tri action's `uses:` value, and
    /// `@PIN:OWNER/NAME@` for a third-party action's pinned `uses:` value ([`pins::PINS`]).
    pub template: &'static str,
    /// Whether the command's flags ask for it.
    pub asked: fn(&InitArgs) -> bool,
}

/// The workflows `ci init` can write; the first is the one written when none is asked for.
pub const WORKFLOWS: [Workflow; 3] = [
    Workflow {
        kind: "sandbox",
        file: "tri-sandbox.yml",
        template: include_str!("templates/tri-sandbox.yml"),
        asked: |a| a.sandbox,
    },
    Workflow {
        kind: "steps",
        file: "tri-steps.yml",
        template: include_str!("templates/tri-steps.yml"),
        asked: |a| a.steps,
    },
    Workflow {
        kind: "reap",
        file: "tri-reap.yml",
        template: include_str!("templates/tri-reap.yml"),
        asked: |a| a.reap,
    },
];

/// The commit this binary was built from (40 lowercase hex characters), or `None` when the
/// build could not tell (see build.rs: `TRI_BUILD_COMMIT`, else `git rev-parse HEAD`).
pub fn build_commit() -> Option<&'static str> {
    let c = env!("TRI_BUILD_COMMIT");
    is_commit(c).then_some(c)
}

/// `OWNER/NAME` of a GitHub repository URL such as `https://github.com/OWNER/tri` (a
/// trailing `.git` or `/` dropped); `None` for anything else. Pure.
pub fn github_repo(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("https://github.com/")
        .or_else(|| url.strip_prefix("http://github.com/"))?;
    let rest = rest.trim_end_matches('/');
    let rest = rest.strip_suffix(".git").unwrap_or(rest);
    let mut parts = rest.split('/');
    let (owner, name) = (parts.next()?, parts.next()?);
    if owner.is_empty() || name.is_empty() || parts.next().is_some() {
        return None;
    }
    Some(format!("{owner}/{name}"))
}

/// Whether `owner` is a GitHub account name: 1 to 39 ASCII letters, digits and hyphens, not
/// starting or ending with a hyphen (GitHub's sign-up rule). Pure.
fn valid_owner(owner: &str) -> bool {
    (1..=39).contains(&owner.len())
        && owner
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !owner.starts_with('-')
        && !owner.ends_with('-')
}

/// Whether `name` is a GitHub repository name: 1 to 100 ASCII letters, digits, `.`, `-` and
/// `_`, not `.` or `..` (GitHub's rule). Pure.
fn valid_name(name: &str) -> bool {
    (1..=100).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
        && name != "."
        && name != ".."
}

/// The tri action a workflow uses: a repository and a full commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TriAction {
    /// `OWNER/NAME`.
    pub repo: String,
    /// The commit: 40 lowercase hex characters.
    pub sha: String,
    /// What the pin stands for, written as its comment (`v0.1.0`).
    pub note: String,
}

impl TriAction {
    /// The `uses:` value: `OWNER/NAME@<sha> # <note>`.
    pub fn uses(&self) -> String {
        format!("{}@{} # {}", self.repo, self.sha, self.note)
    }

    /// `OWNER/NAME@<sha>`, without the comment.
    pub fn reference(&self) -> String {
        format!("{}@{}", self.repo, self.sha)
    }
}

/// Parses `--action OWNER/NAME@SHA`. Pure.
///
/// Errors: [`Error::Usage`] (exit 2) saying what is wrong: not `OWNER/NAME@SHA`, an owner or
/// name GitHub would refuse, the placeholder owner `OWNER`, or a ref that is not a full
/// 40-hex commit (a tag or branch can be moved; a commit cannot).
pub fn parse_action(s: &str) -> Result<TriAction> {
    let bad = |why: &str| {
        Error::Usage(format!(
            "--action {s:?}: {why}; give OWNER/NAME@<40-hex commit>, e.g. --action acme/tri@$(git rev-parse v0.1.0^{{commit}})"
        ))
    };
    let (repo, sha) = s.split_once('@').ok_or_else(|| bad("no @<commit>"))?;
    let (owner, name) = repo.split_once('/').ok_or_else(|| bad("not OWNER/NAME"))?;
    if !valid_owner(owner) || !valid_name(name) {
        return Err(bad("not a GitHub OWNER/NAME"));
    }
    if owner == "OWNER" {
        return Err(bad("OWNER is a placeholder"));
    }
    if !is_commit(sha) {
        return Err(bad(
            "the ref must be a full 40-hex commit, not a tag or branch",
        ));
    }
    Ok(TriAction {
        repo: repo.to_string(),
        sha: sha.to_ascii_lowercase(),
        note: "pinned with --action".into(),
    })
}

/// The tri action for this command: `--action` when given, else the repository of
/// `repository_url` (Cargo.toml's `repository`) at `commit` (the build's). Pure.
///
/// Errors: [`Error::Usage`] (exit 2, one line saying to pass `--action`) when the repository
/// is the placeholder `OWNER/...` or not on GitHub, or the commit is unknown.
pub fn tri_action(
    flag: Option<&str>,
    repository_url: &str,
    commit: Option<&str>,
    version: &str,
) -> Result<TriAction> {
    if let Some(f) = flag {
        return parse_action(f);
    }
    let repo = github_repo(repository_url);
    let why = match (&repo, commit) {
        (None, _) => format!("its repository ({repository_url}) is not a GitHub repository"),
        (Some(r), _) if r.split('/').next() == Some("OWNER") => {
            format!("it was built with the placeholder repository {r} (Cargo.toml's `repository`)")
        }
        (Some(_), None) => "the commit it was built from is unknown".to_string(),
        (Some(r), Some(c)) => {
            return Ok(TriAction {
                repo: r.clone(),
                sha: c.to_ascii_lowercase(),
                note: format!("v{version}"),
            })
        }
    };
    Err(Error::Usage(format!(
        "this tri cannot name its own action: {why}; nothing written (pass --action OWNER/NAME@<40-hex commit>)"
    )))
}

/// `template` with `@ACTION@` replaced by `action` (a `uses:` value) and each
/// `@PIN:OWNER/NAME@` by that action's pinned `uses:` value. Pure.
///
/// Panics when a template names an action that is not in [`pins::PINS`] (a programming
/// error, caught by the unit tests).
pub fn render(template: &str, action: &str) -> String {
    let mut out = template.replace("@ACTION@", action);
    while let Some(i) = out.find("@PIN:") {
        let rest = &out[i + 5..];
        let end = rest.find('@').expect("unclosed @PIN: in a template");
        let name = &rest[..end];
        let pin = pins::pin(name).unwrap_or_else(|| panic!("no pin for {name} in pins::PINS"));
        out = format!("{}{}{}", &out[..i], pin.uses(), &rest[end + 1..]);
    }
    out
}

/// Which workflows the flags select, as indexes into [`WORKFLOWS`]: each one asked for;
/// none asked for means the first (the sandbox workflow). Pure.
pub fn selected(args: &InitArgs) -> Vec<usize> {
    let v: Vec<usize> = (0..WORKFLOWS.len())
        .filter(|&i| (WORKFLOWS[i].asked)(args))
        .collect();
    if v.is_empty() {
        vec![0]
    } else {
        v
    }
}

/// Runs `tri ci init`: decides the tri action and checks every target first, then writes
/// each file atomically.
///
/// Errors: [`Error::Usage`] (exit 2) when the tri action cannot be named (see
/// [`tri_action`]) or `--action` is malformed; [`Error::Other`] (exit 1) naming the first
/// existing file when `--force` is not given; nothing is written in either case.
/// [`Error::Io`] when a file cannot be written.
pub fn run(args: &InitArgs, ctx: &mut Ctx) -> Result<i32> {
    let action = tri_action(
        args.action.as_deref(),
        env!("CARGO_PKG_REPOSITORY"),
        build_commit(),
        env!("CARGO_PKG_VERSION"),
    )?;
    let ws = ctx.workspace();
    let dir = ws.root().join(WORKFLOW_DIR);
    let uses = action.uses();
    let plan: Vec<(&str, PathBuf, String, bool)> = selected(args)
        .into_iter()
        .map(|i| {
            let w = WORKFLOWS[i];
            let path = dir.join(w.file);
            let existed = path.exists();
            (w.kind, path, render(w.template, &uses), existed)
        })
        .collect();
    if !args.force {
        if let Some((_, path, _, _)) = plan.iter().find(|p| p.3) {
            return Err(Error::Other(format!(
                "{} already exists; nothing written (run again with --force to replace it)",
                path.display()
            )));
        }
    }
    std::fs::create_dir_all(&dir).map_err(|e| Error::io("create", &dir, e))?;
    let mut written = Vec::new();
    for (kind, path, text, existed) in &plan {
        atomic::write(path, text.as_bytes())?;
        let rel = path.strip_prefix(ws.root()).unwrap_or(path);
        ctx.out.line(&format!(
            "{} {} ({kind} workflow, tri action {})",
            if *existed { "Replaced" } else { "Wrote" },
            rel.display(),
            action.reference()
        ));
        written.push(json!({
            "kind": kind,
            "path": path.to_string_lossy(),
            "replaced": existed,
        }));
    }
    if plan.iter().any(|p| p.0 == "sandbox") {
        ctx.out.line("Commit it; the sandbox workflow needs the repository secret RAILWAY_API_TOKEN and the variables RAILWAY_PROJECT_ID and RAILWAY_ENVIRONMENT_ID.");
    }
    ctx.out.result(&json!({
        "root": ws.root().to_string_lossy(),
        "action": action.reference(),
        "written": written,
    }));
    Ok(EXIT_OK)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHA: &str = "0123456789abcdef0123456789abcdef01234567";

    fn args(sandbox: bool, steps: bool) -> InitArgs {
        InitArgs {
            sandbox,
            steps,
            reap: false,
            force: false,
            action: None,
        }
    }

    #[test]
    fn github_repo_takes_owner_and_name() {
        assert_eq!(
            github_repo("https://github.com/OWNER/tri").as_deref(),
            Some("OWNER/tri")
        );
        assert_eq!(
            github_repo("https://github.com/a/b.git/").as_deref(),
            Some("a/b")
        );
        assert_eq!(github_repo("https://gitlab.com/a/b"), None);
        assert_eq!(github_repo("https://github.com/a"), None);
        assert_eq!(github_repo("https://github.com/a/b/c"), None);
    }

    #[test]
    fn templates_pin_every_action_and_leave_nothing_unfilled() {
        for w in WORKFLOWS {
            assert!(w.template.contains("uses: @ACTION@"), "{}", w.file);
            let r = render(w.template, &format!("o/tri@{SHA} # v1.2.3"));
            assert!(r.contains(&format!("uses: o/tri@{SHA} # v1.2.3")), "{r}");
            assert!(!r.contains("@ACTION@") && !r.contains("@PIN:"), "{r}");
            for line in r.lines() {
                let Some(u) = line
                    .trim_start()
                    .trim_start_matches("- ")
                    .strip_prefix("uses: ")
                else {
                    continue;
                };
                let (_, rest) = u.split_once('@').expect("uses without @");
                let (sha, comment) = rest.split_once(" # ").expect("a pin without its tag");
                assert!(is_commit(sha), "{line}");
                assert!(!comment.is_empty(), "{line}");
            }
        }
    }

    #[test]
    fn templates_keep_secrets_and_event_text_out_of_jobs_and_scripts() {
        for w in WORKFLOWS {
            let t = w.template;
            assert!(t.contains("\npermissions: {}\n"), "{}", w.file);
            assert!(t.contains("persist-credentials: false"), "{}", w.file);
            // No job-level env: secrets go to the steps that use them.
            assert!(!t.contains("\n    env:"), "{}: a job-level env", w.file);
            // No `${{ }}` inside a run: script (a `run:` line or a block under one).
            let mut in_run = None;
            for line in t.lines() {
                let indent = line.len() - line.trim_start().len();
                if let Some(i) = in_run {
                    if indent > i || line.trim().is_empty() {
                        assert!(!line.contains("${{"), "{}: {line}", w.file);
                        continue;
                    }
                    in_run = None;
                }
                let l = line.trim_start().trim_start_matches("- ");
                if let Some(r) = l.strip_prefix("run:") {
                    assert!(!r.contains("${{"), "{}: {line}", w.file);
                    in_run = Some(indent);
                }
            }
        }
        let sandbox = WORKFLOWS[0].template;
        for p in ["issues: write", "deployments: write", "contents: read"] {
            assert!(sandbox.contains(&format!("      {p}\n")), "{p}");
        }
    }

    #[test]
    fn the_first_workflow_is_the_default_and_each_flag_selects_its_own() {
        assert_eq!(selected(&args(false, false)), vec![0]);
        assert_eq!(selected(&args(true, false)), vec![0]);
        assert_eq!(selected(&args(false, true)), vec![1]);
        assert_eq!(selected(&args(true, true)), vec![0, 1]);
        assert_eq!(WORKFLOWS[0].kind, "sandbox");
    }

    #[test]
    fn the_build_commit_is_the_one_build_rs_was_given_or_the_checkouts_head() {
        // build.rs: TRI_BUILD_COMMIT when set (this test's build saw the same environment),
        // else `git rev-parse HEAD` (rerun whenever HEAD moves), else unknown.
        let want = match std::env::var("TRI_BUILD_COMMIT") {
            Ok(c) if !c.trim().is_empty() => Some(c.trim().to_ascii_lowercase()),
            _ => std::process::Command::new("git")
                .args(["rev-parse", "--verify", "-q", "HEAD"])
                .current_dir(env!("CARGO_MANIFEST_DIR"))
                .output()
                .ok()
                .filter(|o| o.status.success())
                .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string()),
        };
        assert_eq!(build_commit().map(str::to_string), want);
    }

    #[test]
    fn the_action_is_the_build_commit_in_the_release_repository() {
        let a = tri_action(None, "https://github.com/acme/tri", Some(SHA), "0.4.0").unwrap();
        assert_eq!(a.uses(), format!("acme/tri@{SHA} # v0.4.0"));
        assert_eq!(a.reference(), format!("acme/tri@{SHA}"));
    }

    #[test]
    fn a_placeholder_repository_or_an_unknown_commit_is_refused_unless_action_is_given() {
        for (url, commit) in [
            ("https://github.com/OWNER/tri", Some(SHA)),
            ("https://github.com/acme/tri", None),
            ("https://example.com/acme/tri", Some(SHA)),
        ] {
            let e = tri_action(None, url, commit, "0.1.0").unwrap_err();
            assert_eq!(e.exit_code(), 2, "{url}");
            let m = e.to_string();
            assert!(m.contains("--action OWNER/NAME@<40-hex commit>"), "{m}");
            assert!(m.contains("nothing written"), "{m}");
            assert_eq!(m.lines().count(), 1);
            let given = format!("acme/tri@{SHA}");
            let a = tri_action(Some(&given), url, commit, "0.1.0").unwrap();
            assert_eq!(a.reference(), given);
        }
    }

    #[test]
    fn action_must_be_owner_name_at_a_full_commit() {
        let ok = parse_action(&format!("Acme-1/tri.x_y@{}", SHA.to_uppercase())).unwrap();
        assert_eq!(ok.repo, "Acme-1/tri.x_y");
        assert_eq!(ok.sha, SHA);
        for bad in [
            "acme/tri".to_string(),
            "acme/tri@v1.2.3".to_string(),
            "acme/tri@main".to_string(),
            format!("acme/tri@{}", &SHA[..39]),
            format!("acme@{SHA}"),
            format!("acme/tri/x@{SHA}"),
            format!("-acme/tri@{SHA}"),
            format!("ac me/tri@{SHA}"),
            format!("acme/..@{SHA}"),
            format!("acme/tri$(x)@{SHA}"),
            format!("OWNER/tri@{SHA}"),
            format!("acme/tri@{SHA}\n- run: x"),
        ] {
            let e = parse_action(&bad).unwrap_err();
            assert_eq!(e.exit_code(), 2, "{bad}");
        }
    }
}
