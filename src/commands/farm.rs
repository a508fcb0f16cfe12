//! `tri agent farm list | show <ISSUE> | set <ISSUE> --service-id ID [--account-id N]
//! [--deployment-id ID] | rm <ISSUE> | accounts`: read and change
//! `.trinity/railway_farm.json` ([`crate::farm`]). Writes hold the workspace lock and are
//! atomic; unknown fields, duplicate issues and non-numeric issues are kept.

use super::Ctx;
use crate::error::{Error, Result, EXIT_OK};
use crate::farm::{self, Farm};
use clap::{Args, Subcommand};
use serde_json::json;

/// `tri agent farm`.
#[derive(Debug, Args)]
pub struct FarmArgs {
    /// The farm command.
    #[command(subcommand)]
    pub command: FarmCommand,
}

/// `tri agent farm` subcommands.
#[derive(Debug, Subcommand)]
pub enum FarmCommand {
    /// List every issue's sandbox mapping.
    List,
    /// Show the mapping of one issue.
    Show(IssueArg),
    /// Set (or add) the mapping of an issue.
    Set(SetArgs),
    /// Remove every mapping entry of an issue (the Railway service is not touched).
    Rm(IssueArg),
    /// List the farm accounts, their counters and whether credentials are set here.
    Accounts,
}

/// An issue number argument.
#[derive(Debug, Args)]
pub struct IssueArg {
    /// The issue number, e.g. 42.
    #[arg(value_parser = crate::value::parse_issue)]
    pub issue: u64,
}

/// `tri agent farm set`.
#[derive(Debug, Args)]
pub struct SetArgs {
    /// The issue number, e.g. 42.
    #[arg(value_parser = crate::value::parse_issue)]
    pub issue: u64,
    /// The Railway service id.
    #[arg(long, value_name = "ID")]
    pub service_id: String,
    /// The farm account (1..8) holding the service.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=8))]
    pub account_id: Option<u32>,
    /// The latest deployment id.
    #[arg(long, value_name = "ID")]
    pub deployment_id: Option<String>,
}

/// Runs `tri agent farm`.
pub fn run(args: &FarmArgs, ctx: &mut Ctx) -> Result<i32> {
    let ws = ctx.workspace();
    match &args.command {
        FarmCommand::List => {
            let f = farm::read(&ws)?;
            warn(ctx, &f);
            if f.agent_map.is_empty() {
                ctx.out.line("No sandbox mappings.");
            } else {
                ctx.out.line(&format!(
                    "{:<8} {:<8} {:<38} {:<38} {:<8} {}",
                    "ISSUE", "ACCOUNT", "SERVICE", "DEPLOYMENT", "STATUS", "STATE"
                ));
            }
            for e in &f.agent_map {
                let issue = match &e.issue {
                    serde_json::Value::Number(n) => n.to_string(),
                    serde_json::Value::String(s) => s.clone(),
                    v => v.to_string(),
                };
                ctx.out.line(&format!(
                    "{:<8} {:<8} {:<38} {:<38} {:<8} {}",
                    issue,
                    e.account_id
                        .map(|a| a.to_string())
                        .unwrap_or_else(|| "-".into()),
                    e.service_id.as_deref().unwrap_or("-"),
                    e.deployment_id.as_deref().unwrap_or("-"),
                    e.status.as_deref().unwrap_or("-"),
                    e.sandbox_state.as_deref().unwrap_or("-"),
                ));
            }
            ctx.out
                .result(&json!({"agent_map": f.agent_map, "warnings": f.warnings()}));
            Ok(EXIT_OK)
        }
        FarmCommand::Show(a) => {
            let f = farm::read(&ws)?;
            warn(ctx, &f);
            let m = f.get_mapping(a.issue).ok_or_else(|| {
                Error::Other(format!(
                    "issue {} has no mapping in {}",
                    a.issue,
                    ws.display_path(&ws.farm_file())
                ))
            })?;
            let e = &f.agent_map[m.index];
            ctx.out.line(&format!("issue:          {}", a.issue));
            ctx.out
                .line(&format!("account:        {}", opt(&m.account_id)));
            ctx.out
                .line(&format!("service:        {}", opt(&m.railway_service_id)));
            ctx.out
                .line(&format!("service name:   {}", opt(&m.service_name)));
            ctx.out
                .line(&format!("deployment:     {}", opt(&m.deployment_id)));
            ctx.out.line(&format!("status:         {}", opt(&m.status)));
            ctx.out
                .line(&format!("state:          {}", opt(&m.sandbox_state)));
            ctx.out
                .line(&format!("session:        {}", opt(&m.session_id)));
            ctx.out
                .line(&format!("experience:     {}", opt(&m.experience_file)));
            for (k, v) in &e.extra {
                ctx.out.line(&format!("{:<15} {v}", format!("{k}:")));
            }
            ctx.out.result(&json!({"mapping": m, "entry": e}));
            Ok(EXIT_OK)
        }
        FarmCommand::Set(a) => {
            let (m, warnings) = farm::update(&ws, |f| {
                let e = f.entry_mut(a.issue);
                e.service_id = Some(a.service_id.clone());
                if let Some(acc) = a.account_id {
                    e.account_id = Some(acc);
                }
                if let Some(d) = &a.deployment_id {
                    e.deployment_id = Some(d.clone());
                }
                if e.status.is_none() {
                    e.status = Some(farm::STATUS_ACTIVE.into());
                }
                e.updated_at = Some(farm::now_rfc3339());
                Ok((f.get_mapping(a.issue), f.warnings()))
            })?;
            for w in warnings {
                ctx.out
                    .warn(&format!("tri: warning: railway_farm.json: {w}"));
            }
            ctx.out.line(&format!(
                "Issue {} now maps to service {}",
                a.issue, a.service_id
            ));
            ctx.out.result(&json!({"mapping": m}));
            Ok(EXIT_OK)
        }
        FarmCommand::Rm(a) => {
            let n = farm::update(&ws, |f| Ok(f.remove(a.issue)))?;
            if n == 0 {
                ctx.out.line(&format!("Issue {} had no mapping.", a.issue));
            } else {
                ctx.out.line(&format!(
                    "Removed {n} mapping entr{} of issue {}",
                    if n == 1 { "y" } else { "ies" },
                    a.issue
                ));
            }
            ctx.out.result(&json!({"issue": a.issue, "removed": n}));
            Ok(EXIT_OK)
        }
        FarmCommand::Accounts => {
            let f = farm::read(&ws)?;
            warn(ctx, &f);
            let now = chrono::Utc::now().timestamp();
            let mut rows = Vec::new();
            if f.accounts.is_empty() {
                ctx.out
                    .line("No farm accounts listed (tri uses account 1).");
            } else {
                ctx.out.line(&format!(
                    "{:<8} {:<14} {:<8} {:<12} {}",
                    "ACCOUNT", "ALIAS", "ACTIVE", "TODAY", "CREDENTIALS"
                ));
            }
            for a in &f.accounts {
                let creds = crate::railway::credentials(a.account_id, &*ctx.env);
                let cred_var = creds.as_ref().map(|c| c.token_var.clone());
                ctx.out.line(&format!(
                    "{:<8} {:<14} {:<8} {:<12} {}",
                    a.account_id,
                    a.alias.as_deref().unwrap_or("-"),
                    a.active_services.unwrap_or(0),
                    format!("{}/{}", a.creates_today(now), a.limit()),
                    cred_var.as_deref().unwrap_or("none"),
                ));
                rows.push(json!({"account": a, "creates_today": a.creates_today(now),
                    "daily_limit": a.limit(), "credentials": cred_var}));
            }
            ctx.out.result(&json!({"accounts": rows}));
            Ok(EXIT_OK)
        }
    }
}

fn opt<T: std::fmt::Display>(v: &Option<T>) -> String {
    v.as_ref()
        .map(|x| x.to_string())
        .unwrap_or_else(|| "-".into())
}

fn warn(ctx: &mut Ctx, f: &Farm) {
    for w in f.warnings() {
        ctx.out
            .warn(&format!("tri: warning: railway_farm.json: {w}"));
    }
}
