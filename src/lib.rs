//! tri: ties an agent's work to a GitHub issue.
//!
//! # Glossary (one name per idea, used the same way in the code, the docs and the output)
//! - **issue**: the GitHub issue the work is about, `OWNER/NAME#N`.
//! - **link**: the binding of a working copy to one issue, `.trinity/current_issue.json`
//!   ([`workspace::link`]); each link starts a **session** (a UUIDv7) that numbers its steps.
//! - **event**: one thing that happened, of a type such as `step_completed` or
//!   `deployment_failed` ([`event`]); a **step** is an event recorded with `tri agent step`.
//! - **experience file**: the local record of one event,
//!   `.trinity/experience/<time>_<issue>.md` ([`journal`]).
//! - **outbox entry**: an event not yet on the issue, `.trinity/outbox/<event-id>.json`
//!   ([`journal::outbox`]); the one durable write of a step.
//! - **marker**: the HTML comment that names the event in each comment tri writes, the
//!   idempotency key of the marker look-up ([`event::marker`](mod@event::marker)).
//! - **comment**: what the publisher writes on the issue for an event ([`publisher`]).
//! - **farm account**: one Railway account (token, project, environment) of the farm file
//!   `.trinity/railway_farm.json` ([`farm`]); a **mapping** ties an issue to its service.
//! - **sandbox**: the Railway service and its deployments ([`sandbox`]).
//! - **hand-off**: a `handoff` event — goal, what the session did, what to do next, open
//!   problems, the sandbox, metric totals — written for the next worker ([`handoff`]).
//! - **open problem**: a `build_failed` or `deployment_failed` event not yet resolved
//!   ([`handoff::problems`]); **brief**: what an incoming worker reads first
//!   ([`handoff::brief`]); **inbox**: the human replies, filtered by trust
//!   ([`handoff::inbox`]); **state label**: the session's state as a `tri:` issue label
//!   ([`handoff::state_label`]).
//! - **question**: a `question` event recorded with `tri agent ask`; a **reply** is an issue
//!   comment, a pull request review or review comment ([`handoff::answer`]); **session
//!   state**: `active`, `awaiting_input`, `stale` or how the session ended
//!   ([`handoff::session`]); the session's **pull request**: `pull_request` in the link
//!   file, else the current branch's.
//! - An event has one type per role: [`event::Event`] is what is recorded (written to the
//!   experience file, the outbox and the comment); read back from an experience file it is
//!   [`journal::FrontMatter`] (the raw parse, every key optional), then
//!   [`journal::timeline::JournalEvent`] (checked, with the message's first line: what the
//!   brief, hand-off, open problems, session state and labels read) or
//!   [`journal::timeline::LogRow`] (the `tri agent log` row, text and JSON, lenient).
//! - **step number**, `step`: an event's 1-based number within its session
//!   ([`event::Event::step`]); the same key in the front matter, the marker, the link file's
//!   `last_step` and every JSON document (`seq`, its earlier name, is only read, from older
//!   outbox entries and link files).
//! - **service id**, `service_id`: Railway's id of a sandbox's service, in the farm file,
//!   the code and every JSON document (`railway_service_id` is only read, and written
//!   beside it in a mapping's JSON for older scripts, deprecated).
//! - One type name per idea across the crate: [`sandbox::machine::SandboxState`] (where a
//!   sandbox is in its life), [`gate::policy::GateState`] (what a gate's state file
//!   holds), [`publisher::protocol::PublishState`] (what the publisher knows of one event's
//!   comments), `handoff::session::State` (a session's state); [`net::retry::RetryDecision`]
//!   (retry a failed request or give up) and [`gate::policy::GateDecision`] (send, wait or
//!   give up before a request); [`gate::store::GateProblem`] (what was wrong with a gate's
//!   state file) and [`handoff::Problem`] (an open problem); [`sandbox::Service`] (a
//!   Railway service) and [`gate::Api`] (the API a gate guards: GitHub or Railway).
//!
//! # Layers
//! One way, top to bottom: [`cli`] and `main`, and beside them [`mcp`] (`tri mcp`: the
//! commands as tools of a Model Context Protocol server; it runs commands as `cli` does);
//! [`commands`] (one per verb, wiring only; [`commands::shared`] for what several share; no
//! command imports another); the domain
//! ([`recorder`]: the one path that records an event — settings checked first, then record,
//! audit, publish, label — holding the process's clients and runtime; [`journal`],
//! [`handoff`], [`publisher`], [`sandbox`], [`farm`], [`audit`], [`config`], [`trust`]: whose
//! markers count); the clients ([`github`], [`railway`], [`net`]) and the rate-limit [`gate`]
//! they pass; the leaves ([`workspace`], [`event`], [`env`](mod@env), [`value`], [`output`],
//! [`error`], [`redact`], [`sanitize`]: what people wrote, cleaned for a prompt or a
//! terminal). The one map is docs/architecture.md's "Architecture" block; `tests/layers.rs` checks the
//! code against it.
#![warn(missing_docs)]

pub mod audit;
pub mod cli;
pub mod commands;
pub mod config;
pub mod env;
pub mod error;
pub mod event;
pub mod farm;
pub mod gate;
pub mod github;
pub mod handoff;
pub mod journal;
pub mod mcp;
pub mod net;
pub mod output;
pub mod publisher;
pub mod railway;
pub mod recorder;
pub mod redact;
pub mod sandbox;
pub mod sanitize;
pub mod trust;
pub mod value;
pub mod workspace;
