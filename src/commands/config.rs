//! `tri config show [--json]`: each effective setting and where it came from. Never prints a
//! token: only whether `GH_TOKEN` or `GITHUB_TOKEN` is set, and which.

use super::Ctx;
use crate::config::{self, Config, Source};
use crate::error::{Result, EXIT_OK};
use crate::output::Style;
use clap::{Args, Subcommand};
use serde_json::{json, Value};

/// `tri config`.
#[derive(Debug, Args)]
pub struct ConfigArgs {
    /// Print JSON on stdout (messages go to stderr).
    #[arg(long, global = true)]
    pub json: bool,

    /// The config command.
    #[command(subcommand)]
    pub command: ConfigCommand,
}

/// `tri config` subcommands.
#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print each effective setting and where it came from (never a token).
    Show,
}

/// One row of `config show`: key, value as shown, source as shown. Pure.
pub fn row(key: &str, value: &Option<Value>, source: &str) -> String {
    let v = match value {
        None => "(not set)".to_string(),
        Some(Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
    };
    format!("{key:<10} {v:<32} {source}")
}

/// Runs `tri config <COMMAND>`.
pub fn run(args: &ConfigArgs, ctx: &mut Ctx) -> Result<i32> {
    match args.command {
        ConfigCommand::Show => run_show(ctx),
    }
}

/// Runs `tri config show`.
pub fn run_show(ctx: &mut Ctx) -> Result<i32> {
    let ws = ctx.workspace();
    let cfg = Config::load(&ws, &*ctx.env)?;
    let mut settings = serde_json::Map::new();
    for key in config::KEYS {
        let mut s = cfg.get(key, None, &*ctx.env)?;
        let mut source_text = s.source.to_string();
        let mut source_kind = s.source.kind().to_string();
        let mut source_path = match &s.source {
            Source::Workspace(p) | Source::User(p) => Some(p.to_string_lossy().into_owned()),
            _ => None,
        };
        let mut source_name = match &s.source {
            Source::Env(n) | Source::Flag(n) => Some(n.to_string()),
            _ => None,
        };
        if key == "repo" && s.value.is_none() {
            // What `link` would fall back to: the git remotes.
            source_text = "link needs --repo, GH_REPO, GITHUB_REPOSITORY, \"repo\" in a config file, or a GitHub git remote".into();
            let remotes = crate::github::repo::git_remotes(ws.root());
            if let Ok((r, from)) = crate::github::repo::resolve(None, &|_| None, &remotes) {
                s.value = Some(Value::String(r));
                source_text = from.to_string();
                source_kind = "git".into();
                source_path = None;
                source_name = Some(from.to_string());
            }
        }
        ctx.out.line(&row(
            key,
            &s.value,
            &ctx.out.paint(&source_text, Style::Dim),
        ));
        settings.insert(
            key.to_string(),
            json!({
                "value": s.value,
                "source": source_kind,
                "name": source_name,
                "path": source_path,
            }),
        );
    }
    let api = crate::github::api_url_from_env(&*ctx.env);
    let api_source = if (ctx.env)("GITHUB_API_URL").is_some() {
        "environment GITHUB_API_URL"
    } else {
        "default"
    };
    ctx.out.line(&row(
        "api_url",
        &Some(Value::String(api.clone())),
        api_source,
    ));
    let token = config::token_source(&*ctx.env);
    let token_text = match token {
        Some(name) => format!("set (from {name})"),
        None => "not set (set GH_TOKEN or GITHUB_TOKEN)".to_string(),
    };
    ctx.out.line(&format!("{:<10} {token_text}", "token"));
    let (wpath, _) = &cfg.workspace;
    let upath = cfg.user.as_ref().map(|(p, _)| p.clone());
    ctx.out.line(&ctx.out.paint(
        &format!(
            "files: workspace {} ({}); user {}",
            wpath.display(),
            if wpath.exists() { "present" } else { "absent" },
            match &upath {
                Some(p) => format!(
                    "{} ({})",
                    p.display(),
                    if p.exists() { "present" } else { "absent" }
                ),
                None => "(no config directory on this platform)".into(),
            }
        ),
        Style::Dim,
    ));
    ctx.out.result(&json!({
        "settings": settings,
        "api_url": { "value": api, "source": if api_source == "default" { "default" } else { "env" } },
        "token": { "set": token.is_some(), "source": token },
        "files": {
            "workspace": { "path": wpath.to_string_lossy(), "exists": wpath.exists() },
            "user": upath.as_ref().map(|p| json!({ "path": p.to_string_lossy(), "exists": p.exists() })),
        },
    }));
    Ok(EXIT_OK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_show_unset_and_values() {
        assert!(row("repo", &None, "default").contains("(not set)"));
        let r = row("sticky", &Some(Value::Bool(true)), "environment TRI_STICKY");
        assert!(r.starts_with("sticky     true"), "{r}");
        assert!(r.ends_with("environment TRI_STICKY"), "{r}");
        let r = row("repo", &Some(json!("o/r")), "default");
        assert!(r.contains(" o/r "), "{r}");
    }
}
