//! `tri agent farm import PATH [--force]`: trinity's `.trinity/issue_bindings.json` into the
//! farm file ([`crate::farm::import`]): every binding kept (duplicate and non-numeric issues
//! included), malformed rows named and skipped, nothing already there overwritten without
//! `--force`.

use super::{warn, Ctx};
use crate::error::{Error, Result, EXIT_OK};
use crate::farm;
use clap::Args;
use serde_json::json;

/// `tri agent farm import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// trinity's bindings file, e.g. .trinity/issue_bindings.json.
    #[arg(value_name = "PATH")]
    pub path: std::path::PathBuf,
    /// Replace the values of bindings already in the farm file.
    #[arg(long)]
    pub force: bool,
}

/// Runs `farm import`.
///
/// Errors: [`Error::Io`] when PATH cannot be read; [`Error::Corrupt`] when it is not JSON
/// or holds no bindings (nothing is written then).
pub fn run(a: &ImportArgs, ctx: &mut Ctx) -> Result<i32> {
    let ws = ctx.workspace();
    let path = ctx.cwd.join(&a.path);
    let bytes = std::fs::read(&path).map_err(|e| Error::io("read", &path, e))?;
    let doc: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| Error::Corrupt {
        path: path.clone(),
        detail: e.to_string(),
        hint: "give trinity's .trinity/issue_bindings.json".into(),
    })?;
    let (report, f) = farm::update(&ws, |f| {
        let r = farm::apply_import(f, &doc, a.force).map_err(|detail| Error::Corrupt {
            path: path.clone(),
            detail,
            hint: "give trinity's .trinity/issue_bindings.json".into(),
        })?;
        Ok((r, f.clone()))
    })?;
    warn(ctx, &f);
    for s in &report.skipped {
        ctx.out.warn(&format!("tri: warning: {s}"));
    }
    ctx.out.line(&format!(
        "Imported {} into {}: {} added, {} updated, {} already there, {} skipped.",
        ws.display_path(&path),
        ws.display_path(&ws.farm_file()),
        report.added.len(),
        report.updated.len(),
        report.kept.len(),
        report.skipped.len(),
    ));
    ctx.out.result(&json!({
        "added": report.added, "updated": report.updated, "kept": report.kept,
        "skipped": report.skipped, "force": a.force,
    }));
    Ok(EXIT_OK)
}
