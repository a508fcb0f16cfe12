//! `create`: decide and mark `creating` under the lock, choose the farm account, ask the
//! provider for the service, record `sandbox_created`.

use super::{block_on, mapping_state, now_s, publish, transition, Published, Reporter};
use crate::error::{Error, Result};
use crate::event::EventType;
use crate::farm::{self, Mapping};
use crate::sandbox::machine::{self, State};
use crate::sandbox::{CreateRequest, SandboxProvider};
use crate::workspace::Workspace;
use std::collections::BTreeMap;

/// What to create.
#[derive(Debug, Clone, Default)]
pub struct CreateOptions {
    /// Use this farm account (1..8) instead of choosing one.
    pub account_id: Option<u32>,
    /// A container image for the service to run.
    pub image: Option<String>,
    /// A GitHub repository `OWNER/NAME` for Railway to build.
    pub source_repo: Option<String>,
    /// The branch of `source_repo`.
    pub branch: Option<String>,
}

/// How `create` ended.
#[derive(Debug)]
pub enum Created {
    /// The issue already has a sandbox; nothing was done.
    Existing(Mapping),
    /// A service was created and `sandbox_created` recorded.
    New {
        /// Railway service id.
        service_id: String,
        /// Its name.
        service_name: String,
        /// The farm account holding it.
        account: u32,
        /// The recorded event.
        published: Published,
    },
}

/// Creates the issue's service `agent-<issue>` on the farm account with the most room (or
/// `opts.account_id`).
///
/// Errors: [`Error::Auth`] without credentials for any (or the chosen) account;
/// [`Error::Other`] when every account reached its daily limit, or an earlier create was
/// interrupted; the provider's error (the mapping then goes back to none).
pub fn create(
    ws: &Workspace,
    issue: u64,
    opts: &CreateOptions,
    provider: &dyn SandboxProvider,
    rep: &mut dyn Reporter,
) -> Result<Created> {
    let name = format!("agent-{issue}");
    // Decide and mark `creating` under the lock.
    let decided = farm::update(ws, |f| {
        let m = f.get_mapping(issue);
        let state = mapping_state(m.as_ref());
        if state.has_service() && state != State::Creating {
            return Ok(Err(m.expect("a state with a service has a mapping")));
        }
        machine::next(state, machine::Signal::CreateRequested).map_err(|_| {
            Error::Other(format!(
                "an earlier `sandbox create` for issue {issue} was interrupted, so tri does not know whether Railway made `{name}`; look for it on Railway, then run `tri agent farm set {issue} --service-id ID` or `tri agent farm rm {issue}`"
            ))
        })?;
        let account = match opts.account_id {
            Some(a) if provider.has_credentials(a) => a,
            Some(a) => {
                let s = crate::railway::suffix(a);
                return Err(Error::Auth(format!(
                    "no Railway credentials for farm account {a}; set RAILWAY_API_TOKEN{s} (or RAILWAY_TOKEN{s})"
                )));
            }
            None => farm::choose_account(f, &|id| provider.has_credentials(id), now_s())
                .map_err(|e| match e {
                    farm::NoAccount::NoCredentials => Error::Auth(
                        "no farm account has Railway credentials; set RAILWAY_API_TOKEN (or RAILWAY_TOKEN) and RAILWAY_PROJECT_ID, RAILWAY_ENVIRONMENT_ID (accounts 2..8: suffixes _2.._8)".into(),
                    ),
                    farm::NoAccount::DailyLimit(v) => Error::Other(format!(
                        "every farm account with credentials reached its daily limit of new services ({}); try after the daily reset, or raise `daily_limit` in .trinity/railway_farm.json",
                        v.iter()
                            .map(|(a, n, l)| format!("account {a}: {n}/{l}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                })?,
        };
        // A destroyed service keeps its entry (history); a new one gets its own.
        let i = match f.entry_index(issue) {
            Some(i) if f.agent_map[i].service_id.is_none() => i,
            _ => f.push_entry(issue),
        };
        let e = &mut f.agent_map[i];
        e.account_id = Some(account);
        e.service_name = Some(name.clone());
        e.sandbox_state = Some(State::Creating.as_str().into());
        e.updated_at = Some(farm::now_rfc3339());
        Ok(Ok(account))
    })?;
    let account = match decided {
        Ok(a) => a,
        Err(m) => return Ok(Created::Existing(m)),
    };
    let req = CreateRequest {
        account_id: account,
        name: name.clone(),
        image: opts.image.clone(),
        repo: opts.source_repo.clone(),
        branch: opts.branch.clone(),
    };
    let svc = match block_on(provider.create(&req))? {
        Ok(s) => s,
        Err(e) => {
            transition(ws, issue, machine::Signal::CreateFailed, |_, _| {})?;
            crate::audit::append(
                &ws.audit_file(),
                &crate::audit::Record::new("sandbox_create", "error")
                    .issue(issue)
                    .detail(&e.to_string(), rep.secrets()),
            );
            return Err(e);
        }
    };
    let now = now_s();
    transition(ws, issue, machine::Signal::Created, |f, i| {
        let e = &mut f.agent_map[i];
        e.service_id = Some(svc.id.clone());
        e.service_name = Some(svc.name.clone());
        e.status = Some(farm::STATUS_ACTIVE.into());
        e.deployment_id = None;
        e.created_at = Some(farm::now_rfc3339());
        f.account_entry(account).count_create(now);
    })?;
    let alias = farm::read(ws)?
        .accounts
        .iter()
        .find(|a| a.account_id == account)
        .and_then(|a| a.alias.clone())
        .map(|a| format!(" ({a})"))
        .unwrap_or_default();
    rep.say(&format!(
        "Created sandbox `{}` for issue {issue}: Railway service {} on farm account {account}{alias}",
        svc.name, svc.id
    ));
    let published = publish(
        ws,
        rep,
        issue,
        EventType::SandboxCreated,
        &format!(
            "Sandbox `{}` created: Railway service `{}` on farm account {account}{alias}.",
            svc.name, svc.id
        ),
        BTreeMap::new(),
    )?;
    Ok(Created::New {
        service_id: svc.id,
        service_name: svc.name,
        account,
        published,
    })
}
