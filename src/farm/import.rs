//! `farm import`: trinity's `.trinity/issue_bindings.json` (issue → agent, session, Railway
//! service, deployment, experience file, status) into the farm file, so a trinity checkout
//! moves over without losing a binding. Pure.
//!
//! Accepted shapes: an object keyed by issue (`{"505": {...}, "pending": {...}}`), a list of
//! objects with an `issue` field, or either under a top-level `bindings` key. Field names
//! trinity used are read under their common spellings (`railway_service_id`, `service_id`
//! or `service`; `deployment_id` or `railway_deployment_id`; `session_id` or `session`;
//! `experience_file`; `status`; `agent` or `agent_id`; `account_id`; `repo`); every other
//! field is kept on the entry. Non-numeric issues and duplicate issues are kept as they
//! are (the farm file tolerates both). A row that is not an object is named and skipped.
//!
//! Nothing already in the farm file is overwritten without `force`: a row whose binding is
//! already there (same issue and service, or same issue and session when neither has a
//! service) only fills the entry's missing fields, or with `force` replaces them; any other
//! row is added as a new entry.

use super::{AgentEntry, Farm};
use serde::Serialize;
use serde_json::{Map, Value};

/// What `farm import` did.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ImportReport {
    /// Bindings added as new entries: their issue as written.
    pub added: Vec<Value>,
    /// Bindings already there whose entry was filled in (or, with force, replaced).
    pub updated: Vec<Value>,
    /// Bindings already there, left as they were (a differing field needs `--force`).
    pub kept: Vec<Value>,
    /// Rows skipped, one line each naming the row and why.
    pub skipped: Vec<String>,
}

fn take_str(m: &mut Map<String, Value>, names: &[&str]) -> Option<String> {
    for n in names {
        if let Some(v) = m.remove(*n) {
            match v {
                Value::String(s) if !s.trim().is_empty() => return Some(s),
                Value::Number(n) => return Some(n.to_string()),
                Value::Null => {}
                other => {
                    m.insert((*n).to_string(), other);
                }
            }
        }
    }
    None
}

/// One binding as a farm entry. `issue` is the issue as written (key or field).
fn entry_of(issue: Value, mut m: Map<String, Value>) -> AgentEntry {
    m.remove("issue");
    let service_id = take_str(&mut m, &["railway_service_id", "service_id", "service"]);
    let deployment_id = take_str(
        &mut m,
        &["deployment_id", "railway_deployment_id", "deployment"],
    );
    let session_id = take_str(&mut m, &["session_id", "session"]);
    let experience_file = take_str(&mut m, &["experience_file"]);
    let status = take_str(&mut m, &["status"]);
    let repo = take_str(&mut m, &["repo", "repository"]);
    let service_name = take_str(&mut m, &["service_name", "railway_service_name"]);
    let account_id = m
        .remove("account_id")
        .and_then(|v| match v {
            Value::Number(n) => n.as_u64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        })
        .and_then(|n| u32::try_from(n).ok());
    if let Some(a) = take_str(&mut m, &["agent_id"]) {
        m.entry("agent").or_insert(Value::String(a));
    }
    m.insert(
        "imported_from".into(),
        Value::String("issue_bindings.json".into()),
    );
    AgentEntry {
        issue,
        repo,
        account_id,
        service_id,
        service_name,
        deployment_id,
        session_id,
        experience_file,
        status: status.map(|s| s.to_ascii_uppercase()),
        sandbox_state: None,
        created_at: None,
        updated_at: None,
        extra: m,
    }
}

/// The rows of a bindings document: (where, issue as written, the row).
fn rows(doc: &Value) -> Result<Vec<(String, Value, Value)>, String> {
    let doc = doc.get("bindings").unwrap_or(doc);
    match doc {
        Value::Object(o) => Ok(o
            .iter()
            .map(|(k, v)| {
                let issue = k
                    .trim()
                    .parse::<u64>()
                    .map(Value::from)
                    .unwrap_or_else(|_| Value::String(k.clone()));
                (format!("\"{k}\""), issue, v.clone())
            })
            .collect()),
        Value::Array(a) => Ok(a
            .iter()
            .enumerate()
            .map(|(i, v)| {
                (
                    format!("[{i}]"),
                    v.get("issue").cloned().unwrap_or(Value::Null),
                    v.clone(),
                )
            })
            .collect()),
        _ => Err("issue_bindings.json holds neither an object nor a list of bindings".into()),
    }
}

/// Whether `e` is the same binding as `new`: same issue (as written, or the same number),
/// same repository, and the same service — or, when neither has one, the same session.
fn same_binding(e: &AgentEntry, new: &AgentEntry) -> bool {
    let same_issue = e.issue == new.issue
        || (e.issue_number().is_some() && e.issue_number() == new.issue_number());
    let same_repo = match (&e.repo, &new.repo) {
        (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
        (None, None) => true,
        _ => false,
    };
    same_issue
        && same_repo
        && match (&e.service_id, &new.service_id) {
            (Some(a), Some(b)) => a == b,
            (None, None) => e.session_id == new.session_id,
            _ => false,
        }
}

/// Fills (or with `force` replaces) `e`'s fields from `new`; returns whether `e` changed
/// and whether a differing field was left as it was.
fn merge(e: &mut AgentEntry, new: AgentEntry, force: bool) -> (bool, bool) {
    let before = e.clone();
    let mut differs = false;
    macro_rules! field {
        ($f:ident) => {
            if new.$f.is_some() {
                if e.$f.is_none() || force {
                    e.$f = new.$f.clone();
                } else if e.$f != new.$f {
                    differs = true;
                }
            }
        };
    }
    field!(account_id);
    field!(service_name);
    field!(deployment_id);
    field!(session_id);
    field!(experience_file);
    field!(status);
    for (k, v) in new.extra {
        match e.extra.get(&k) {
            None => {
                e.extra.insert(k, v);
            }
            Some(old) if *old != v && k != "imported_from" => {
                if force {
                    e.extra.insert(k, v);
                } else {
                    differs = true;
                }
            }
            _ => {}
        }
    }
    (*e != before, differs)
}

/// Imports the bindings document `doc` into `farm`.
///
/// Errors: a message when `doc` is neither an object nor a list.
pub fn apply_import(farm: &mut Farm, doc: &Value, force: bool) -> Result<ImportReport, String> {
    let mut rep = ImportReport::default();
    for (at, issue, row) in rows(doc)? {
        let Value::Object(m) = row else {
            rep.skipped.push(format!(
                "binding {at}: {} is not an object; skipped",
                row.to_string().chars().take(60).collect::<String>()
            ));
            continue;
        };
        if issue.is_null() {
            rep.skipped
                .push(format!("binding {at}: has no issue; skipped"));
            continue;
        }
        let new = entry_of(issue.clone(), m);
        match farm.agent_map.iter_mut().find(|e| same_binding(e, &new)) {
            Some(e) => {
                let (changed, differs) = merge(e, new, force);
                if differs {
                    rep.skipped.push(format!(
                        "binding {at}: already in the farm file with other values; those kept as they are (--force replaces them)"
                    ));
                }
                if changed {
                    e.updated_at = Some(super::now_rfc3339());
                    rep.updated.push(issue);
                } else {
                    rep.kept.push(issue);
                }
            }
            None => {
                let mut e = new;
                e.updated_at = Some(super::now_rfc3339());
                farm.agent_map.push(e);
                rep.added.push(issue);
            }
        }
    }
    Ok(rep)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_binding_is_kept_and_nothing_overwritten_without_force() {
        let mut f: Farm = serde_json::from_value(json!({"agent_map": [
            {"issue": 505, "service_id": "svc-505", "status": "ACTIVE", "session_id": "mine"}
        ]}))
        .unwrap();
        let doc = json!([
            {"issue": 505, "agent": "claude", "session_id": "theirs", "railway_service_id": "svc-505",
             "deployment_id": "dep-1", "experience_file": "experience/a.md", "status": "active"},
            {"issue": 505, "agent": "codex", "railway_service_id": "svc-505b", "status": "stopped"},
            {"issue": "pending", "agent": "claude", "session_id": "s3"},
            {"issue": "#77", "railway_service_id": "svc-77", "extra": {"k": 1}},
            "garbage",
            {"agent": "no issue"}
        ]);
        let r = apply_import(&mut f, &doc, false).unwrap();
        assert_eq!(r.updated, vec![json!(505)], "{r:?}");
        assert_eq!(r.added.len(), 3);
        assert_eq!(r.skipped.len(), 3, "{r:?}");
        assert_eq!(f.agent_map.len(), 4);
        // Filled, not overwritten.
        assert_eq!(f.agent_map[0].session_id.as_deref(), Some("mine"));
        assert_eq!(f.agent_map[0].deployment_id.as_deref(), Some("dep-1"));
        assert_eq!(f.agent_map[2].issue, json!("pending"));
        assert_eq!(f.agent_map[3].issue_number(), Some(77));
        assert_eq!(f.agent_map[3].extra["extra"], json!({"k": 1}));
        // Again: nothing new.
        let r = apply_import(&mut f, &doc, false).unwrap();
        assert!(r.added.is_empty() && r.updated.is_empty());
        assert_eq!(f.agent_map.len(), 4);
        // --force replaces.
        let r = apply_import(&mut f, &doc, true).unwrap();
        assert_eq!(r.updated.len(), 1);
        assert_eq!(f.agent_map[0].session_id.as_deref(), Some("theirs"));
        // Keyed by issue.
        let mut g = Farm::default();
        let r = apply_import(
            &mut g,
            &json!({"bindings": {"12": {"service": "s12"}, "x-1": {"agent": "a"}}}),
            false,
        )
        .unwrap();
        assert_eq!(r.added, vec![json!(12), json!("x-1")]);
    }
}
