//! `tri ci init [--sandbox] [--steps] [--force]`: writes GitHub Actions workflows that use
//! tri into `<workspace root>/.github/workflows/`:
//! - `tri-sandbox.yml` (`--sandbox`, the default): a Railway sandbox per open issue
//!   (`on: issues` opened/reopened/closed/deleted, `concurrency: tri-issue-<number>`,
//!   `issues: write` and `contents: read` only, the tri action, `tri agent on-issue-event`,
//!   and an `if: cancelled() || failure()` step running `tri agent finish`);
//! - `tri-steps.yml` (`--steps`): a job that links to an issue, posts its progress with
//!   `tri agent step`, hands over and finishes.
//!
//! Both install tri with the action at this binary's version, `uses: OWNER/tri@vX.Y.Z`
//! (OWNER/NAME from Cargo.toml's `repository`). An existing file is never replaced without
//! `--force`: then nothing is written and the command exits 1.

use super::super::Ctx;
use crate::error::{Error, Result, EXIT_OK};
use crate::workspace::atomic;
use clap::Args;
use serde_json::json;
use std::path::PathBuf;

/// `tri ci init`.
#[derive(Debug, Args)]
#[command(
    after_help = "Without --sandbox or --steps it writes the sandbox workflow. \
The workflows install tri with the tri GitHub Action at this tri's version; commit them, then \
set the repository secret RAILWAY_API_TOKEN and the variables RAILWAY_PROJECT_ID and \
RAILWAY_ENVIRONMENT_ID for the sandbox workflow."
)]
pub struct InitArgs {
    /// Write .github/workflows/tri-sandbox.yml: a Railway sandbox per open issue.
    #[arg(long)]
    pub sandbox: bool,

    /// Write .github/workflows/tri-steps.yml: a CI job that posts its progress on an issue.
    #[arg(long)]
    pub steps: bool,

    /// Replace workflow files that already exist.
    #[arg(long)]
    pub force: bool,
}

/// The directory workflows go in, relative to the workspace root.
pub const WORKFLOW_DIR: &str = ".github/workflows";

/// The sandbox-per-issue workflow template (`@ACTION@` stands for the action reference).
pub const SANDBOX_TEMPLATE: &str = include_str!("templates/tri-sandbox.yml");

/// The CI-job-with-steps workflow template (`@ACTION@` stands for the action reference).
pub const STEPS_TEMPLATE: &str = include_str!("templates/tri-steps.yml");

/// One workflow `ci init` can write: (kind as shown in JSON, file name, template).
pub const WORKFLOWS: [(&str, &str, &str); 2] = [
    ("sandbox", "tri-sandbox.yml", SANDBOX_TEMPLATE),
    ("steps", "tri-steps.yml", STEPS_TEMPLATE),
];

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

/// The `uses:` value of the tri action for this build: `OWNER/NAME@v<version>`, from
/// Cargo.toml's `repository` and `version`.
pub fn action_ref() -> String {
    let repo = github_repo(env!("CARGO_PKG_REPOSITORY")).unwrap_or_else(|| "OWNER/tri".into());
    format!("{repo}@v{}", env!("CARGO_PKG_VERSION"))
}

/// `template` with its `@ACTION@` placeholders replaced by `action`. Pure.
pub fn render(template: &str, action: &str) -> String {
    template.replace("@ACTION@", action)
}

/// Which workflows the flags select, as indexes into [`WORKFLOWS`]: `--sandbox` and/or
/// `--steps`; neither means the sandbox workflow. Pure.
pub fn selected(args: &InitArgs) -> Vec<usize> {
    let mut v = Vec::new();
    if args.sandbox || !args.steps {
        v.push(0);
    }
    if args.steps {
        v.push(1);
    }
    v
}

/// Runs `tri ci init`: checks every target first, then writes each file atomically.
///
/// Errors: [`Error::Other`] (exit 1) naming the first existing file when `--force` is not
/// given (nothing written); [`Error::Io`] when a file cannot be written.
pub fn run(args: &InitArgs, ctx: &mut Ctx) -> Result<i32> {
    let ws = ctx.workspace();
    let dir = ws.root().join(WORKFLOW_DIR);
    let action = action_ref();
    let plan: Vec<(&str, PathBuf, String, bool)> = selected(args)
        .into_iter()
        .map(|i| {
            let (kind, file, template) = WORKFLOWS[i];
            let path = dir.join(file);
            let existed = path.exists();
            (kind, path, render(template, &action), existed)
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
            "{} {} ({kind} workflow, tri action {action})",
            if *existed { "Replaced" } else { "Wrote" },
            rel.display()
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
        "action": action,
        "written": written,
    }));
    Ok(EXIT_OK)
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn templates_have_the_action_and_nothing_left_unfilled() {
        for (_, _, t) in WORKFLOWS {
            assert!(t.contains("uses: @ACTION@"));
            let r = render(t, "o/tri@v1.2.3");
            assert!(r.contains("uses: o/tri@v1.2.3"));
            assert!(!r.contains('@') || !r.contains("@ACTION@"));
        }
    }

    #[test]
    fn sandbox_is_the_default_selection() {
        let a = |sandbox, steps| InitArgs {
            sandbox,
            steps,
            force: false,
        };
        assert_eq!(selected(&a(false, false)), vec![0]);
        assert_eq!(selected(&a(true, false)), vec![0]);
        assert_eq!(selected(&a(false, true)), vec![1]);
        assert_eq!(selected(&a(true, true)), vec![0, 1]);
    }
}
