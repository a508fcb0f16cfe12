//! `tri agent farm set [OWNER/NAME#]N --service-id ID [--account-id N] [--deployment-id ID]`.

use super::Ctx;
use crate::error::{Result, EXIT_OK};
use crate::farm;
use clap::Args;
use serde_json::json;

/// `tri agent farm set`.
#[derive(Debug, Args)]
pub struct SetArgs {
    /// The issue: N or OWNER/NAME#N.
    #[arg(value_parser = super::parse_issue_ref, value_name = "[OWNER/NAME#]N")]
    pub issue: super::IssueRef,
    /// The Railway service id.
    #[arg(long, value_name = "ID", value_parser = parse_id)]
    pub service_id: String,
    /// The farm account (1..8) holding the service.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=8))]
    pub account_id: Option<u32>,
    /// The latest deployment id.
    #[arg(long, value_name = "ID", value_parser = parse_id)]
    pub deployment_id: Option<String>,
}

/// Parses a Railway id (a service's or a deployment's) as `farm set` takes it: not empty,
/// and no white space or control characters (Railway's ids are UUIDs; an empty one would
/// write a mapping that names no service). Pure.
///
/// Errors: a one-line message saying what to give instead (clap exits 2).
pub fn parse_id(s: &str) -> std::result::Result<String, String> {
    if s.is_empty() {
        return Err("the id is empty; give the Railway id (`tri agent farm sync` finds the sandboxes' ids on Railway)".into());
    }
    if s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!(
            "`{}` is not a Railway id: ids hold no spaces or control characters",
            s.escape_debug()
        ));
    }
    Ok(s.to_string())
}

/// Runs `farm set`.
pub fn run(a: &SetArgs, ctx: &mut Ctx) -> Result<i32> {
    let ws = ctx.workspace();
    let key = super::super::shared::sandbox::farm_key(&ws, ctx, &a.issue)?;
    let (m, warnings) = farm::update(&ws, |f| {
        let e = f.entry_of_mut(&key);
        if e.repo.is_none() && !key.owns_legacy {
            e.repo = Some(key.repo.clone());
        }
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
        Ok((f.mapping_of(&key), f.warnings()))
    })?;
    for w in warnings {
        ctx.out
            .warn(&format!("tri: warning: railway_farm.json: {w}"));
    }
    ctx.out
        .line(&format!("{key} now maps to service {}", a.service_id));
    ctx.out.result(&json!({"repo": key.repo, "mapping": m}));
    Ok(EXIT_OK)
}

#[cfg(test)]
mod tests {
    use super::parse_id;

    #[test]
    fn an_id_is_neither_empty_nor_spaced() {
        assert_eq!(parse_id("svc-1").unwrap(), "svc-1");
        assert_eq!(
            parse_id("0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0").unwrap(),
            "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"
        );
        for bad in ["", " ", "svc 1", " svc-1", "svc-1\n", "svc\u{7}"] {
            assert!(parse_id(bad).is_err(), "{bad:?}");
        }
    }
}
