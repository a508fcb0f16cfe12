//! `tri agent sandbox create | deploy | status | logs | destroy [--issue [OWNER/NAME#]N]`:
//! the Railway sandbox of a repository's issue. Each verb is a file here owning its Args; the work is the sandbox
//! lifecycle's ([`crate::sandbox::lifecycle`]), which records every event through the same
//! recorder and publisher as `tri agent step` ([`super::shared::CtxReporter`]).
//!
//! The provider is injected: [`run`] uses the context's ([`crate::recorder::Clients::railway`],
//! Railway by default); tests call
//! [`run_with`] with [`crate::sandbox::fake::FakeProvider`].

pub mod create;
pub mod deploy;
pub mod destroy;
pub mod logs;
pub mod status;

use super::Ctx;
use crate::error::Result;
use crate::sandbox::lifecycle;
use crate::sandbox::SandboxProvider;
use clap::{Args, Subcommand};

pub use create::CreateArgs;
pub use deploy::DeployArgs;
pub use lifecycle::DEFAULT_TIMEOUT;
pub use logs::LogsArgs;

pub use crate::error::EXIT_INTERRUPTED;

/// `tri agent sandbox`.
#[derive(Debug, Args)]
pub struct SandboxArgs {
    /// The issue whose sandbox to act on: N or OWNER/NAME#N (default: the linked issue;
    /// the repository defaults to the linked one).
    #[arg(long, global = true, value_parser = super::shared::sandbox::parse_issue_ref, value_name = "[OWNER/NAME#]N")]
    pub issue: Option<super::shared::sandbox::IssueRef>,

    /// The sandbox command.
    #[command(subcommand)]
    pub command: SandboxCommand,
}

/// `tri agent sandbox` subcommands.
#[derive(Debug, Subcommand)]
pub enum SandboxCommand {
    /// Create the issue's Railway service (or adopt the one Railway has) on the farm account with the most room.
    Create(create::CreateArgs),
    /// Deploy the issue's service and follow the deployment until it ends.
    Deploy(deploy::DeployArgs),
    /// Show what is known of the issue's sandbox (locally and on Railway).
    Status,
    /// Print the latest deployment's logs.
    Logs(logs::LogsArgs),
    /// Save the logs under `.trinity/archive/<issue>/`, then delete the service.
    Destroy,
}

/// Runs `tri agent sandbox` against Railway.
pub fn run(args: &SandboxArgs, ctx: &mut Ctx) -> Result<i32> {
    let provider = ctx.clients.railway(&*ctx.env)?;
    run_with(args, ctx, &*provider)
}

/// Runs `tri agent sandbox` against `provider`.
pub fn run_with(args: &SandboxArgs, ctx: &mut Ctx, provider: &dyn SandboxProvider) -> Result<i32> {
    let ws = ctx.workspace();
    let changes = !matches!(
        args.command,
        SandboxCommand::Status | SandboxCommand::Logs(_)
    );
    // A command that changes the sandbox records events: every setting it needs is read
    // and checked now, before Railway is asked to do anything.
    let recorder = if changes {
        Some(super::shared::sandbox::recorder(ctx, &ws)?)
    } else {
        None
    };
    if changes && crate::workspace::link::read(&ws.link_file())?.is_none() {
        return Err(crate::error::Error::NotLinked);
    }
    let key = super::shared::sandbox::sandbox_key(&ws, ctx, args.issue.as_ref())?;
    // Commands that change the sandbox publish events, which need the link (to the
    // sandbox's repository): check it before Railway is asked to do anything.
    if changes {
        super::shared::sandbox::check_recordable(&ws, &key)?;
    }
    let farm = crate::farm::read(&ws)?;
    super::shared::warn_farm(ctx, &farm);
    match (&args.command, recorder) {
        (SandboxCommand::Create(a), Some(mut r)) => {
            create::run(&ws, &key, a, ctx, &mut r, provider)
        }
        (SandboxCommand::Deploy(a), Some(mut r)) => {
            deploy::run(&ws, &key, a, ctx, &mut r, provider)
        }
        (SandboxCommand::Destroy, Some(mut r)) => destroy::run(&ws, &key, ctx, &mut r, provider),
        (SandboxCommand::Status, _) => status::run(&ws, &key, ctx, provider),
        (SandboxCommand::Logs(a), _) => logs::run(&ws, &key, a, ctx, provider),
        (_, None) => unreachable!("a command that changes the sandbox has a recorder"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::shared::testing;
    use crate::sandbox::fake::FakeProvider;
    use std::time::Duration;

    fn args(command: SandboxCommand) -> SandboxArgs {
        SandboxArgs {
            issue: None,
            command,
        }
    }

    /// Runs `a`, which must exit 0 (its stderr `err` shown otherwise).
    fn run_ok(a: &SandboxArgs, ctx: &mut Ctx, fake: &FakeProvider, err: &testing::Buf) {
        assert_eq!(run_with(a, ctx, fake).unwrap(), 0, "{}", err.text());
    }

    #[test]
    fn create_and_deploy_record_their_events_through_the_injected_clients() {
        let (rt, gh) = testing::runtime_and_github();
        let (_t, mut ctx, out, err) = testing::linked(&gh, &[]);
        let fake = FakeProvider::default();
        let create = args(SandboxCommand::Create(CreateArgs::default()));
        run_ok(&create, &mut ctx, &fake, &err);
        let deploy = args(SandboxCommand::Deploy(DeployArgs::with_timeout(
            Duration::from_secs(30),
        )));
        run_ok(&deploy, &mut ctx, &fake, &err);
        let docs: Vec<serde_json::Value> = serde_json::Deserializer::from_str(&out.text())
            .into_iter()
            .map(|d| d.unwrap())
            .collect();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0]["created"], true, "{}", docs[0]);
        assert_eq!(docs[1]["result"], "succeeded", "{}", docs[1]);
        let bodies = testing::comment_bodies(&rt, &gh);
        let kinds: Vec<bool> = [
            "sandbox_created",
            "deployment_started",
            "deployment_succeeded",
        ]
        .iter()
        .map(|k| bodies.iter().any(|b| b.contains(&format!("type={k}"))))
        .collect();
        assert_eq!(kinds, [true, true, true], "{bodies:?}");
        assert_eq!(bodies.len(), 3);
    }

    #[test]
    fn a_malformed_setting_refuses_create_and_deploy_before_railway() {
        for (var, value) in [
            ("TRI_PUBLISH_MAX_WAIT_S", "abc"),
            ("TRI_SANDBOX_POLL_MS", "x"),
            ("TRI_LABELS", "perhaps"),
        ] {
            let t = tempfile::tempdir().unwrap();
            testing::link(t.path(), "o/r", 42);
            let fake = FakeProvider::default();
            let (mut ctx, _, _) = testing::ctx(t.path(), &[(var, value)]);
            for command in [
                SandboxCommand::Create(CreateArgs::default()),
                SandboxCommand::Deploy(DeployArgs::with_timeout(Duration::from_secs(30))),
                SandboxCommand::Destroy,
            ] {
                let e = run_with(&args(command), &mut ctx, &fake).unwrap_err();
                assert_eq!(e.exit_code(), crate::error::EXIT_USAGE, "{var}: {e}");
            }
            assert_eq!(
                fake.calls(),
                Vec::<String>::new(),
                "{var}: Railway was asked"
            );
            assert!(!t.path().join(".trinity/railway_farm.json").exists());
        }
    }

    #[test]
    fn a_refused_token_after_recording_is_a_warning_and_exit_0() {
        let rt = tokio::runtime::Runtime::new().unwrap();
        let gh = rt.block_on(testing::github_refusing());
        let (t, mut ctx, out, err) = testing::linked(&gh, &[]);
        let fake = FakeProvider::default();
        let create = args(SandboxCommand::Create(CreateArgs::default()));
        run_ok(&create, &mut ctx, &fake, &err);
        assert!(err.text().contains("warning"), "{}", err.text());
        let doc: serde_json::Value = serde_json::from_str(&out.text()).unwrap();
        assert_eq!(doc["event"]["state"], "queued", "{doc}");
        // Queued, never lost: the entry waits in the outbox for `sync`.
        let queued = std::fs::read_dir(t.path().join(".trinity/outbox"))
            .unwrap()
            .count();
        assert!(queued >= 1);
    }

    #[test]
    fn create_after_a_failure_past_railway_records_sandbox_created_exactly_once() {
        let t = tempfile::tempdir().unwrap();
        testing::link(t.path(), "o/r", 42);
        let fake = FakeProvider::default();
        let (mut ctx, _, err) = testing::ctx(t.path(), &[]);
        let create = || args(SandboxCommand::Create(CreateArgs::default()));
        // The event cannot be written (its folder is a file): the service is created on
        // Railway, and the command fails (exit 1) before recording `sandbox_created`.
        let blocker = t.path().join(".trinity/experience");
        std::fs::write(&blocker, b"").unwrap();
        let e = run_with(&create(), &mut ctx, &fake).unwrap_err();
        assert_eq!(e.exit_code(), crate::error::EXIT_ERROR, "{e}");
        assert_eq!(fake.world.borrow().services.len(), 1);
        std::fs::remove_file(&blocker).unwrap();
        let created = || {
            let ws = crate::workspace::Workspace::at(t.path().to_path_buf());
            crate::journal::timeline::items(&ws, 42)
                .unwrap()
                .iter()
                .filter(|i| i.event == crate::event::EventType::SandboxCreated)
                .count()
        };
        // The retry finds the service and records the event it missed; later ones do not.
        for _ in 0..2 {
            run_ok(&create(), &mut ctx, &fake, &err);
            assert_eq!(created(), 1);
        }
        assert_eq!(
            fake.world.borrow().services.len(),
            1,
            "nothing created twice"
        );
    }
}
