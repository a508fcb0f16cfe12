//! The tools `tri mcp` serves: one [`ToolDef`] per tool, in [`TOOLS`]. Each tool's
//! arguments mirror its command's flags (a params struct whose JSON schema is the tool's
//! input schema); a call turns them into the command's argument list and parses that with
//! the command's own clap Args, so defaults, value checks and conflicts are the CLI's, then
//! runs the command's `run`.
//!
//! Adding a tool (`ask`, `wait`, ...): a params struct deriving `Deserialize` and
//! `JsonSchema` (its doc comments are the argument descriptions), a `fn(P) -> Vec<String>`
//! giving the flags, and one [`ToolDef`] line in [`TOOLS`] naming the command's Args and
//! `run`.

use crate::commands::{self, Ctx};
use crate::error::{Error, Result};
use schemars::JsonSchema;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::sync::Arc;

/// One tool: its name, what an agent reads about it, and how it runs.
#[derive(Debug)]
pub struct ToolDef {
    /// The tool's name (snake_case, as MCP hosts show it).
    pub name: &'static str,
    /// What the tool does and when to call it, for the agent.
    pub description: &'static str,
    /// Records and sends nothing (served under `--read-only`).
    pub read_only: bool,
    /// Records or sends (every tool but the read-only ones and `wait`): such calls run one
    /// at a time, in the order they came; the others run alongside ([`super::worker`]).
    pub serial: bool,
    /// May take long (waits, follows): progress notifications are sent for it when the
    /// request carries a `progressToken`.
    pub long: bool,
    /// The JSON schema of its arguments (an object schema).
    pub schema: fn() -> Arc<Map<String, Value>>,
    /// Runs it with the call's arguments in `ctx`: the command's exit code, or its error.
    /// Malformed arguments are [`Error::Usage`].
    pub call: fn(Map<String, Value>, &mut Ctx) -> Result<i32>,
}

/// Every tool, in the order hosts list them.
pub static TOOLS: &[ToolDef] = &[
    ToolDef {
        name: "link",
        description: "Link this workspace to a GitHub issue (call first). Every later step, \
hand-off and finish is recorded on this issue. Idempotent for the issue already linked; \
another issue needs force=true.",
        read_only: false,
        serial: true,
        long: false,
        schema: schema::<LinkParams>,
        call: |a, ctx| invoke("link", a, ctx, link_argv, commands::link::run),
    },
    ToolDef {
        name: "status",
        description: "Show the link (issue, session, steps), metric totals, how many events \
wait to be published, a rate limit in force and the sandbox mapping. Never fails for want \
of a link.",
        read_only: true,
        serial: false,
        long: false,
        schema: schema::<NoParams>,
        call: |a, ctx| invoke("status", a, ctx, no_argv, commands::status::run),
    },
    ToolDef {
        name: "step",
        description: "Record one step of your work on the linked issue: an experience file \
and one comment on the issue (secrets redacted, published exactly once; queued when GitHub \
cannot be reached, then `sync` sends it). Call after each meaningful unit of work.",
        read_only: false,
        serial: true,
        long: false,
        schema: schema::<StepParams>,
        call: |a, ctx| invoke("step", a, ctx, step_argv, commands::step::run),
    },
    ToolDef {
        name: "handoff",
        description: "Hand the issue over to the next worker: records the goal, this \
session's steps, what to do next (message), the open problems, the sandbox and metric totals \
as one comment. Call before you stop when the work is not finished.",
        read_only: false,
        serial: true,
        long: false,
        schema: schema::<HandoffParams>,
        call: |a, ctx| invoke("handoff", a, ctx, handoff_argv, commands::handoff::run),
    },
    ToolDef {
        name: "brief",
        description: "Read first when you start on an issue: the latest hand-off, the steps \
since, open problems (with the ids `step` resolves), the sandbox, metric totals and human \
replies. Refreshes the journal from the issue when a token is set.",
        read_only: true,
        serial: false,
        long: false,
        schema: schema::<BriefParams>,
        call: |a, ctx| invoke("brief", a, ctx, brief_argv, commands::brief::run),
    },
    ToolDef {
        name: "inbox",
        description: "The linked issue's human replies since your last step (or since a \
time), from trusted authors only; others are counted, never shown. Check it between steps \
for instructions.",
        read_only: true,
        serial: false,
        long: false,
        schema: schema::<InboxParams>,
        call: |a, ctx| invoke("inbox", a, ctx, inbox_argv, commands::inbox::run),
    },
    ToolDef {
        name: "ask",
        description: "Ask the people on the linked issue a question: a `question` event, \
recorded and published like a step. Then call `wait` for the answer.",
        read_only: false,
        serial: true,
        long: false,
        schema: schema::<AskParams>,
        call: |a, ctx| invoke("ask", a, ctx, ask_argv, commands::ask::run),
    },
    ToolDef {
        name: "wait",
        description: "Wait for the first trusted reply after the session's latest question \
(issue comments, the pull request's reviews and review comments), polling until timeout \
(default 30m). A timed_out error result when none came; nothing is recorded.",
        read_only: false,
        serial: false,
        long: true,
        schema: schema::<WaitParams>,
        call: |a, ctx| invoke("wait", a, ctx, wait_argv, commands::wait::run),
    },
    ToolDef {
        name: "finish",
        description: "End the session with a session_finished event (done, failed or \
cancelled), recorded and published like a step. Call once when the work is over.",
        read_only: false,
        serial: true,
        long: false,
        schema: schema::<FinishParams>,
        call: |a, ctx| invoke("finish", a, ctx, finish_argv, commands::finish::run),
    },
    ToolDef {
        name: "log",
        description: "The journal of an issue as a timeline, oldest first (time, step, event, \
first line, comment URL or queued), with metric totals. Local files only.",
        read_only: true,
        serial: false,
        long: false,
        schema: schema::<LogParams>,
        call: |a, ctx| invoke("log", a, ctx, log_argv, commands::log::run),
    },
    ToolDef {
        name: "sync",
        description: "Publish every queued event, oldest first, waiting out a rate limit \
GitHub asked for (unless no_wait). An error result while anything is left queued.",
        read_only: false,
        serial: true,
        long: true,
        schema: schema::<SyncParams>,
        call: |a, ctx| invoke("sync", a, ctx, sync_argv, commands::sync::run),
    },
    ToolDef {
        name: "sandbox_status",
        description: "What is known of the issue's Railway sandbox: the farm mapping here \
and the service and latest deployment on Railway.",
        read_only: true,
        serial: false,
        long: false,
        schema: schema::<SandboxStatusParams>,
        call: |a, ctx| {
            invoke(
                "sandbox_status",
                a,
                ctx,
                sandbox_status_argv,
                commands::sandbox::run,
            )
        },
    },
    ToolDef {
        name: "redact_check",
        description: "Show a text as tri would publish it, secrets replaced, with a count per \
rule. Records and sends nothing; needs no link.",
        read_only: true,
        serial: false,
        long: false,
        schema: schema::<RedactCheckParams>,
        call: |a, ctx| {
            invoke(
                "redact_check",
                a,
                ctx,
                redact_check_argv,
                commands::redact_check::run,
            )
        },
    },
];

/// The tool named `name`.
pub fn find(name: &str) -> Option<&'static ToolDef> {
    TOOLS.iter().find(|t| t.name == name)
}

/// The tools to serve: `names` (all when empty), the read-only ones only when `read_only`,
/// in [`TOOLS`] order. Pure.
///
/// Errors: [`Error::Usage`] naming an unknown tool and the known ones.
pub fn select(names: &[String], read_only: bool) -> Result<Vec<&'static ToolDef>> {
    for n in names {
        if find(n.trim()).is_none() {
            let known: Vec<&str> = TOOLS.iter().map(|t| t.name).collect();
            return Err(Error::Usage(format!(
                "--tools: unknown tool `{}`; the tools are {}",
                n.trim(),
                known.join(", ")
            )));
        }
    }
    Ok(TOOLS
        .iter()
        .filter(|t| names.is_empty() || names.iter().any(|n| n.trim() == t.name))
        .filter(|t| !read_only || t.read_only)
        .collect())
}

fn schema<P: JsonSchema + 'static>() -> Arc<Map<String, Value>> {
    rmcp::handler::server::common::schema_for_type::<P>()
}

/// The call's arguments as `P`. Errors: [`Error::Usage`] saying what is wrong and naming
/// the argument (MCP's SEP-1303: an input error is a tool error the model can correct).
fn parse_params<P: DeserializeOwned>(tool: &str, args: Map<String, Value>) -> Result<P> {
    let args = Value::Object(args);
    let e = match P::deserialize(&args) {
        Ok(p) => return Ok(p),
        Err(e) => e.to_string(),
    };
    let what = match culprit::<P>(&args, &e) {
        Some(k) if !e.contains(&format!("`{k}`")) => format!("`{k}`: {e}"),
        _ => e,
    };
    Err(Error::Usage(format!(
        "bad arguments for {tool}: {what}; see the tool's input schema"
    )))
}

/// The argument of `args` that makes reading them as `P` fail with `error`: the one whose
/// removal changes the error (serde reports the first bad value it meets, and a missing
/// field only after every value was read), as serde's message for a value of the wrong
/// type does not name its field. Pure.
fn culprit<'a, P: DeserializeOwned>(args: &'a Value, error: &str) -> Option<&'a str> {
    let map = args.as_object()?;
    map.keys().map(String::as_str).find(|k| {
        let mut less = map.clone();
        less.remove(*k);
        P::deserialize(&Value::Object(less))
            .map_err(|e| e.to_string())
            .err()
            .as_deref()
            != Some(error)
    })
}

/// Parses `argv` (flags, then `--` and the positional arguments) with the command's own
/// clap Args `A`. Errors: [`Error::Usage`] with clap's one-line reason.
pub fn parse_args<A: clap::Args + clap::FromArgMatches>(tool: &str, argv: &[String]) -> Result<A> {
    let cmd = A::augment_args(clap::Command::new("tri-mcp").no_binary_name(true));
    let usage = |e: clap::Error| {
        let text = e.render().to_string();
        let first = text.lines().next().unwrap_or("invalid arguments");
        let reason = first.strip_prefix("error: ").unwrap_or(first);
        Error::Usage(format!(
            "bad arguments for {tool}: {reason}; see the tool's input schema"
        ))
    };
    let m = cmd.try_get_matches_from(argv).map_err(usage)?;
    A::from_arg_matches(&m).map_err(usage)
}

/// Parses the call's arguments as `P`, turns them into flags with `argv`, parses those as
/// the command's Args `A` and runs the command.
fn invoke<P: DeserializeOwned, A: clap::Args + clap::FromArgMatches>(
    tool: &str,
    args: Map<String, Value>,
    ctx: &mut Ctx,
    argv: fn(P) -> Vec<String>,
    run: fn(&A, &mut Ctx) -> Result<i32>,
) -> Result<i32> {
    let p = parse_params::<P>(tool, args)?;
    let a = parse_args::<A>(tool, &argv(p))?;
    run(&a, ctx)
}

/// `--name=value` when `v` is set.
fn opt(out: &mut Vec<String>, name: &str, v: Option<impl std::fmt::Display>) {
    if let Some(v) = v {
        out.push(format!("--{name}={v}"));
    }
}

/// `--name` when `on`.
fn flag(out: &mut Vec<String>, name: &str, on: Option<bool>) {
    if on == Some(true) {
        out.push(format!("--{name}"));
    }
}

/// `--` then the positional arguments (so a message starting with `-` stays a message).
fn positional(out: &mut Vec<String>, v: impl IntoIterator<Item = String>) {
    out.push("--".into());
    out.extend(v);
}

/// No arguments.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NoParams {}

fn no_argv(_: NoParams) -> Vec<String> {
    Vec::new()
}

/// `link`'s arguments.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LinkParams {
    /// The issue number, e.g. 42.
    pub issue: u64,
    /// The repository as OWNER/NAME (default: GH_REPO, GITHUB_REPOSITORY, then the git
    /// remotes upstream, github, origin).
    pub repo: Option<String>,
    /// Replace a link to another issue.
    pub force: Option<bool>,
}

fn link_argv(p: LinkParams) -> Vec<String> {
    let mut v = Vec::new();
    opt(&mut v, "repo", p.repo);
    flag(&mut v, "force", p.force);
    positional(&mut v, [p.issue.to_string()]);
    v
}

/// `step`'s arguments.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StepParams {
    /// What was done (markdown).
    pub message: String,
    /// The event type (default step_completed), e.g. build_failed, build_succeeded,
    /// deployment_failed, test_failed, test_passed; build_succeeded resolves earlier
    /// build_failed events.
    pub event: Option<String>,
    /// Metrics of the step, name to number, e.g. {"tokens": 1200, "cost_usd": 0.03}.
    pub metrics: Option<BTreeMap<String, f64>>,
    /// Ids (or unique prefixes of 8+ characters) of open problems this step resolves, as
    /// `brief` lists them.
    pub resolves: Option<Vec<String>>,
    /// Publish into the issue's one journal comment, edited in place.
    pub sticky: Option<bool>,
}

fn step_argv(p: StepParams) -> Vec<String> {
    let mut v = Vec::new();
    opt(&mut v, "event", p.event);
    for (k, x) in p.metrics.unwrap_or_default() {
        v.push(format!("--metric={k}={x}"));
    }
    for r in p.resolves.unwrap_or_default() {
        v.push(format!("--resolves={r}"));
    }
    flag(&mut v, "sticky", p.sticky);
    positional(&mut v, [p.message]);
    v
}

/// `handoff`'s arguments.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HandoffParams {
    /// What the next worker should do (markdown).
    pub message: String,
    /// The goal of the work (default: the issue's title).
    pub goal: Option<String>,
}

fn handoff_argv(p: HandoffParams) -> Vec<String> {
    let mut v = Vec::new();
    opt(&mut v, "goal", p.goal);
    positional(&mut v, [p.message]);
    v
}

/// Whose replies to show.
#[derive(Debug, Deserialize, JsonSchema, Clone, Copy)]
#[serde(rename_all = "lowercase")]
pub enum TrustParam {
    /// OWNER, MEMBER and COLLABORATOR (the default).
    Collaborators,
    /// Those and the issue's author.
    Author,
    /// Everyone.
    All,
}

impl std::fmt::Display for TrustParam {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            TrustParam::Collaborators => "collaborators",
            TrustParam::Author => "author",
            TrustParam::All => "all",
        })
    }
}

/// `brief`'s arguments.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BriefParams {
    /// The issue to brief on (default: the linked issue).
    pub issue: Option<u64>,
    /// Whose replies to show (default collaborators); the others are counted, never shown.
    pub trust: Option<TrustParam>,
}

fn brief_argv(p: BriefParams) -> Vec<String> {
    let mut v = Vec::new();
    opt(&mut v, "issue", p.issue);
    opt(&mut v, "trust", p.trust);
    v
}

/// `inbox`'s arguments.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InboxParams {
    /// Replies since this time: RFC 3339 (2026-11-21T22:15:00Z) or a duration before now
    /// (2h). Default: since the session's last step.
    pub since: Option<String>,
    /// Whose replies to show (default collaborators); the others are counted, never shown.
    pub trust: Option<TrustParam>,
}

fn inbox_argv(p: InboxParams) -> Vec<String> {
    let mut v = Vec::new();
    opt(&mut v, "since", p.since);
    opt(&mut v, "trust", p.trust);
    v
}

/// `ask`'s arguments.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AskParams {
    /// The question (markdown).
    pub message: String,
}

fn ask_argv(p: AskParams) -> Vec<String> {
    let mut v = Vec::new();
    positional(&mut v, [p.message]);
    v
}

/// `wait`'s arguments.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WaitParams {
    /// Give up after this long: 90s, 15m, 2h; a bare number is seconds (default 30m).
    pub timeout: Option<String>,
    /// Time between polls (default 20s).
    pub interval: Option<String>,
    /// Whose replies count (default collaborators).
    pub trust: Option<TrustParam>,
    /// Replies since TIME (RFC 3339, or a duration before now such as 2h) instead of since
    /// the session's latest question.
    pub since: Option<String>,
}

fn wait_argv(p: WaitParams) -> Vec<String> {
    let mut v = Vec::new();
    opt(&mut v, "timeout", p.timeout);
    opt(&mut v, "interval", p.interval);
    opt(&mut v, "trust", p.trust);
    opt(&mut v, "since", p.since);
    v
}

/// How a session ended.
#[derive(Debug, Deserialize, JsonSchema, Clone, Copy)]
#[serde(rename_all = "lowercase")]
pub enum StatusParam {
    /// The work is done.
    Done,
    /// The session gave up.
    Failed,
    /// The session was stopped.
    Cancelled,
}

impl std::fmt::Display for StatusParam {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            StatusParam::Done => "done",
            StatusParam::Failed => "failed",
            StatusParam::Cancelled => "cancelled",
        })
    }
}

/// `finish`'s arguments.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FinishParams {
    /// How the session ended (default done).
    pub status: Option<StatusParam>,
    /// A closing note (markdown; default: says the status).
    pub message: Option<String>,
}

fn finish_argv(p: FinishParams) -> Vec<String> {
    let mut v = Vec::new();
    opt(&mut v, "status", p.status);
    positional(&mut v, p.message);
    v
}

/// `log`'s arguments.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LogParams {
    /// The issue whose journal to show (default: the linked issue).
    pub issue: Option<u64>,
    /// Show only the newest K steps (default 30; 0: all).
    pub limit: Option<u64>,
}

fn log_argv(p: LogParams) -> Vec<String> {
    let mut v = Vec::new();
    opt(&mut v, "issue", p.issue);
    opt(&mut v, "limit", p.limit);
    v
}

/// `sync`'s arguments.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SyncParams {
    /// Do not wait out a rate limit: stop at once and leave the queue as it is.
    pub no_wait: Option<bool>,
}

fn sync_argv(p: SyncParams) -> Vec<String> {
    let mut v = Vec::new();
    flag(&mut v, "no-wait", p.no_wait);
    v
}

/// `sandbox_status`'s arguments.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SandboxStatusParams {
    /// The issue: N or OWNER/NAME#N (default: the linked issue).
    pub issue: Option<String>,
}

fn sandbox_status_argv(p: SandboxStatusParams) -> Vec<String> {
    let mut v = Vec::new();
    opt(&mut v, "issue", p.issue);
    v.push("status".into());
    v
}

/// `redact_check`'s arguments.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RedactCheckParams {
    /// The text to check.
    pub message: String,
}

fn redact_check_argv(p: RedactCheckParams) -> Vec<String> {
    let mut v = Vec::new();
    positional(&mut v, [p.message]);
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn obj(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn every_recording_tool_refuses_a_message_over_a_records_cap_recording_nothing() {
        use crate::commands::shared::testing;
        let t = tempfile::tempdir().unwrap();
        testing::link(t.path(), "o/r", 42);
        let link = std::fs::read(t.path().join(".trinity/current_issue.json")).unwrap();
        let over = "x".repeat(crate::journal::record::MAX_RECORD_BYTES + 1);
        for tool in ["step", "ask", "handoff", "finish"] {
            let (mut ctx, _, _) = testing::ctx(t.path(), &[]);
            let e =
                (find(tool).unwrap().call)(obj(json!({ "message": over })), &mut ctx).unwrap_err();
            assert_eq!(e.exit_code(), 2, "{tool}: {e}");
            assert!(e.to_string().contains("262,144 bytes"), "{tool}: {e}");
            assert_eq!(
                std::fs::read(t.path().join(".trinity/current_issue.json")).unwrap(),
                link,
                "{tool}"
            );
            assert!(!t.path().join(".trinity/outbox").exists(), "{tool}");
            assert!(!t.path().join(".trinity/experience").exists(), "{tool}");
        }
    }

    #[test]
    fn every_tool_has_an_object_schema_and_a_unique_name() {
        let mut names: Vec<&str> = TOOLS.iter().map(|t| t.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), TOOLS.len());
        for t in TOOLS {
            let s = (t.schema)();
            assert_eq!(s["type"], "object", "{}", t.name);
        }
        let step = (find("step").unwrap().schema)();
        assert_eq!(step["required"], json!(["message"]));
        assert!(step["properties"]["metrics"].is_object());
    }

    #[test]
    fn the_tools_that_record_or_send_are_serial_the_rest_run_alongside() {
        for t in TOOLS {
            assert_eq!(t.serial, !t.read_only && t.name != "wait", "{}", t.name);
        }
    }

    #[test]
    fn selection_narrows_and_refuses_unknown_names() {
        let all = select(&[], false).unwrap();
        assert_eq!(all.len(), TOOLS.len());
        let ro: Vec<&str> = select(&[], true).unwrap().iter().map(|t| t.name).collect();
        assert_eq!(
            ro,
            [
                "status",
                "brief",
                "inbox",
                "log",
                "sandbox_status",
                "redact_check"
            ]
        );
        let some: Vec<&str> = select(&["brief".into(), "step".into()], true)
            .unwrap()
            .iter()
            .map(|t| t.name)
            .collect();
        assert_eq!(some, ["brief"]);
        let e = select(&["stpe".into()], false).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert!(e.to_string().contains("unknown tool `stpe`"), "{e}");
    }

    #[test]
    fn step_arguments_become_the_cli_flags() {
        let p: StepParams = parse_params(
            "step",
            obj(
                json!({"message": "-starts with a dash", "event": "build_failed",
                "metrics": {"tokens": 1200, "cost_usd": 0.03}, "resolves": ["abcdefgh"],
                "sticky": true}),
            ),
        )
        .unwrap();
        let a: commands::step::StepArgs = parse_args("step", &step_argv(p)).unwrap();
        assert_eq!(a.message.as_deref(), Some("-starts with a dash"));
        assert_eq!(a.event, crate::event::EventType::BuildFailed);
        assert_eq!(
            a.metrics,
            vec![
                ("cost_usd".to_string(), 0.03),
                ("tokens".to_string(), 1200.0)
            ]
        );
        assert_eq!(a.resolves, ["abcdefgh"]);
        assert!(a.sticky);
    }

    #[test]
    fn bad_arguments_are_usage_errors_naming_the_tool() {
        let e = parse_params::<StepParams>("step", obj(json!({"msg": "x"}))).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert!(e
            .to_string()
            .starts_with("bad arguments for step: unknown field `msg`"));
        let e = parse_params::<StepParams>("step", obj(json!({"message": 5}))).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("bad arguments for step: `message`: invalid type"),
            "{e}"
        );
        let e = parse_params::<StepParams>(
            "step",
            obj(json!({"message": "x", "sticky": true, "metrics": {"tokens": "many"}})),
        )
        .unwrap_err();
        assert!(e.to_string().contains("`metrics`: invalid type"), "{e}");
        let e = parse_params::<LinkParams>("link", obj(json!({"repo": "o/r"}))).unwrap_err();
        assert!(e.to_string().contains("missing field `issue`"), "{e}");
        let p: StepParams =
            parse_params("step", obj(json!({"message": "x", "event": "bogus"}))).unwrap();
        let e = parse_args::<commands::step::StepArgs>("step", &step_argv(p)).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert!(e.to_string().contains("bogus"), "{e}");
        assert!(!e.to_string().contains('\n'));
    }

    #[test]
    fn defaults_are_the_cli_defaults() {
        let a: commands::log::LogArgs = parse_args(
            "log",
            &log_argv(LogParams {
                issue: None,
                limit: None,
            }),
        )
        .unwrap();
        assert_eq!(a.limit, 30);
        let a: commands::finish::FinishArgs = parse_args(
            "finish",
            &finish_argv(FinishParams {
                status: Some(StatusParam::Cancelled),
                message: None,
            }),
        )
        .unwrap();
        assert_eq!(a.status, crate::event::SessionStatus::Cancelled);
        assert!(a.message.is_none());
        let a: commands::sandbox::SandboxArgs = parse_args(
            "sandbox_status",
            &sandbox_status_argv(SandboxStatusParams {
                issue: Some("octo/demo#7".into()),
            }),
        )
        .unwrap();
        assert!(matches!(
            a.command,
            commands::sandbox::SandboxCommand::Status
        ));
        let a: commands::wait::WaitArgs = parse_args(
            "wait",
            &wait_argv(WaitParams {
                timeout: Some("90s".into()),
                interval: None,
                trust: None,
                since: None,
            }),
        )
        .unwrap();
        assert_eq!(a.timeout, std::time::Duration::from_secs(90));
        assert_eq!(a.interval, std::time::Duration::from_secs(20));
    }
}
