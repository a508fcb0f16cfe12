//! Which GitHub deployment statuses a sandbox's lifecycle calls for, as a pure function of
//! what this workspace knows about the deployments tri made ([`Made`]) and what happened
//! ([`Happened`]). The driver ([`super`]) queues the changes it returns and sends them.
//!
//! The rule: every deployment tri creates for a sandbox ends with a final status —
//! `success`, `failure` or `inactive` — and never stays `in_progress`:
//! - a Railway deployment that starts gets one GitHub deployment (never a second for the
//!   same Railway deployment, e.g. when a later run records a start it finds unrecorded),
//!   with `in_progress`; an earlier one still `in_progress` (its deploy was killed and its
//!   end never learnt) becomes `inactive`, as Railway replaces it;
//! - a Railway deployment that ends sets its own deployment's final status; one tri made no
//!   GitHub deployment for (killed between recording the start and queueing it) gets it
//!   now, when a commit is known; a success makes every older deployment still
//!   `in_progress` or `success` `inactive` — GitHub's own `auto_inactive` leaves transient
//!   environments alone (REST "Create a deployment status"), and tri's are transient;
//! - a destroyed sandbox makes every deployment not yet `inactive` `inactive`.

use crate::github::deployments::{NewDeployment, NewStatus};
use serde::{Deserialize, Serialize};

/// `in_progress`: a deployment being made.
pub const IN_PROGRESS: &str = "in_progress";
/// `success`: the deployment answers.
pub const SUCCESS: &str = "success";
/// `failure`: the deployment failed.
pub const FAILURE: &str = "failure";
/// `inactive`: replaced by a newer deployment, or its sandbox destroyed.
pub const INACTIVE: &str = "inactive";

/// One queued change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Change {
    /// A new deployment.
    Create(NewDeployment),
    /// A status of one deployment.
    Status(StatusOf),
}

/// A status and the deployment it is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusOf {
    /// The idempotency key ([`NewDeployment::key`]) of the deployment it is for; `None` in
    /// queues written without keys, and for a destroy in a workspace that made none:
    /// then the state's current deployment, else the environment's newest on GitHub.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub of: Option<String>,
    /// The status.
    #[serde(flatten)]
    pub status: NewStatus,
}

impl Change {
    /// A status for the deployment whose key is `of`.
    pub fn status(of: Option<&str>, status: NewStatus) -> Change {
        Change::Status(StatusOf {
            of: of.map(str::to_string),
            status,
        })
    }
}

/// A deployment tri created (or queued) for the sandbox, as this workspace knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Made {
    /// Its idempotency key (`payload.tri_key`).
    pub key: String,
    /// The Railway deployment it shows.
    pub railway: String,
    /// Its id on GitHub, once created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<u64>,
    /// The last state queued for it ([`IN_PROGRESS`], [`SUCCESS`], [`FAILURE`],
    /// [`INACTIVE`]).
    pub state: String,
}

/// What happened to the sandbox, as its GitHub deployments see it.
#[derive(Debug, Clone, PartialEq)]
pub enum Happened {
    /// Railway deployment `railway` started: `create` is its GitHub deployment (with its
    /// key set; `None` when no commit is known — then none is made) and `status` its first
    /// status (`in_progress`).
    Started {
        /// The Railway deployment id.
        railway: String,
        /// The GitHub deployment to make.
        create: Option<NewDeployment>,
        /// Its first status.
        status: NewStatus,
    },
    /// Railway deployment `railway` ended with `status` (`success` or `failure`); `create`
    /// is made first when tri has no GitHub deployment for it (key set; `None` without a
    /// commit).
    Ended {
        /// The Railway deployment id.
        railway: String,
        /// Its final status.
        status: NewStatus,
        /// The GitHub deployment to make when there is none.
        create: Option<NewDeployment>,
    },
    /// The sandbox was destroyed: `status` (`inactive`) for every deployment.
    Destroyed {
        /// The status.
        status: NewStatus,
    },
}

/// Whether a deployment in `state` stays as it is until its sandbox is destroyed.
fn is_final(state: &str) -> bool {
    state == FAILURE || state == INACTIVE
}

/// `inactive`, saying why.
fn inactive(description: &str) -> NewStatus {
    NewStatus {
        state: INACTIVE.into(),
        environment_url: None,
        log_url: None,
        description: description.into(),
    }
}

/// The changes `happened` calls for, given the deployments tri `made` (oldest first), which
/// it updates: a new deployment is appended, each status becomes its deployment's state.
/// Pure.
pub fn plan(made: &mut Vec<Made>, happened: Happened) -> Vec<Change> {
    let mut out = Vec::new();
    match happened {
        Happened::Started {
            railway,
            create,
            status,
        } => {
            if made.iter().any(|m| m.railway == railway) {
                return out;
            }
            for m in made.iter_mut().filter(|m| m.state == IN_PROGRESS) {
                m.state = INACTIVE.into();
                out.push(Change::status(
                    Some(&m.key),
                    inactive("Replaced by a newer deployment"),
                ));
            }
            if let Some(d) = create {
                push_new(made, &mut out, railway, d, status);
            }
        }
        Happened::Ended {
            railway,
            status,
            create,
        } => {
            let i = match made.iter().position(|m| m.railway == railway) {
                // Said already, or its sandbox is gone: nothing more to say.
                Some(i) if made[i].state == status.state || made[i].state == INACTIVE => {
                    return out
                }
                Some(i) => {
                    made[i].state = status.state.clone();
                    out.push(Change::status(Some(&made[i].key), status.clone()));
                    i
                }
                None => match create {
                    Some(d) => push_new(made, &mut out, railway, d, status.clone()),
                    None => return out,
                },
            };
            if status.state == SUCCESS {
                for m in made[..i]
                    .iter_mut()
                    .filter(|m| m.state == IN_PROGRESS || m.state == SUCCESS)
                {
                    m.state = INACTIVE.into();
                    out.push(Change::status(
                        Some(&m.key),
                        inactive("Replaced by a newer deployment"),
                    ));
                }
            }
        }
        Happened::Destroyed { status } => {
            if made.is_empty() {
                out.push(Change::status(None, status));
                return out;
            }
            for m in made.iter_mut().filter(|m| m.state != INACTIVE) {
                m.state = INACTIVE.into();
                out.push(Change::status(Some(&m.key), status.clone()));
            }
        }
    }
    out
}

/// Appends deployment `d` of Railway deployment `railway` with its first `status` to `made`
/// and its changes to `out`; returns its index.
fn push_new(
    made: &mut Vec<Made>,
    out: &mut Vec<Change>,
    railway: String,
    d: NewDeployment,
    status: NewStatus,
) -> usize {
    let key = d.key.clone().unwrap_or_default();
    out.push(Change::Create(d));
    out.push(Change::status(Some(&key), status.clone()));
    made.push(Made {
        key,
        railway,
        id: None,
        state: status.state,
    });
    made.len() - 1
}

/// The deployments worth remembering once nothing is queued: those whose state may still
/// change (`in_progress`, `success`); a `failure` or `inactive` one stays so. Pure.
pub fn prune(made: &mut Vec<Made>) {
    made.retain(|m| !is_final(&m.state));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn st(state: &str) -> NewStatus {
        NewStatus {
            state: state.into(),
            environment_url: None,
            log_url: None,
            description: String::new(),
        }
    }

    fn dep(key: &str) -> NewDeployment {
        NewDeployment {
            git_ref: "abc".into(),
            environment: "env".into(),
            description: String::new(),
            key: Some(key.into()),
        }
    }

    fn started(railway: &str, key: &str) -> Happened {
        Happened::Started {
            railway: railway.into(),
            create: Some(dep(key)),
            status: st(IN_PROGRESS),
        }
    }

    fn ended(railway: &str, state: &str, create: Option<&str>) -> Happened {
        Happened::Ended {
            railway: railway.into(),
            status: st(state),
            create: create.map(dep),
        }
    }

    /// Each change as `create K` or `K state` (`- state` for no key).
    fn show(changes: &[Change]) -> Vec<String> {
        changes
            .iter()
            .map(|c| match c {
                Change::Create(d) => format!("create {}", d.key.as_deref().unwrap_or("")),
                Change::Status(s) => {
                    format!("{} {}", s.of.as_deref().unwrap_or("-"), s.status.state)
                }
            })
            .collect()
    }

    fn states(made: &[Made]) -> Vec<(&str, &str)> {
        made.iter()
            .map(|m| (m.key.as_str(), m.state.as_str()))
            .collect()
    }

    #[test]
    fn a_deploy_creates_one_deployment_and_ends_it() {
        let mut made = Vec::new();
        let c = plan(&mut made, started("dep-1", "k1"));
        assert_eq!(show(&c), ["create k1", "k1 in_progress"]);
        let c = plan(&mut made, ended("dep-1", SUCCESS, Some("unused")));
        assert_eq!(show(&c), ["k1 success"]);
        assert_eq!(states(&made), [("k1", "success")]);
    }

    #[test]
    fn a_start_recorded_again_makes_no_second_deployment() {
        let mut made = Vec::new();
        plan(&mut made, started("dep-1", "k1"));
        assert!(plan(&mut made, started("dep-1", "k2")).is_empty());
        assert_eq!(made.len(), 1);
    }

    #[test]
    fn a_killed_deploys_deployment_is_replaced_by_the_next_start_and_success() {
        // Deploy 1 was killed while following: its deployment is still in_progress. The next
        // deploy records its late end first, then starts its own.
        let mut made = Vec::new();
        plan(&mut made, started("dep-1", "k1"));
        assert_eq!(
            show(&plan(&mut made, ended("dep-1", SUCCESS, None))),
            ["k1 success"]
        );
        assert_eq!(
            show(&plan(&mut made, started("dep-2", "k2"))),
            ["create k2", "k2 in_progress"]
        );
        assert_eq!(
            show(&plan(&mut made, ended("dep-2", SUCCESS, None))),
            ["k2 success", "k1 inactive"]
        );
        // With no end learnt for deploy 1: the next start makes it inactive.
        let mut made = Vec::new();
        plan(&mut made, started("dep-1", "k1"));
        assert_eq!(
            show(&plan(&mut made, started("dep-2", "k2"))),
            ["k1 inactive", "create k2", "k2 in_progress"]
        );
        assert!(made.iter().all(|m| m.state != IN_PROGRESS || m.key == "k2"));
    }

    #[test]
    fn a_failure_stays_a_failure_and_a_later_success_does_not_touch_it() {
        let mut made = Vec::new();
        plan(&mut made, started("dep-1", "k1"));
        plan(&mut made, ended("dep-1", FAILURE, None));
        plan(&mut made, started("dep-2", "k2"));
        let c = plan(&mut made, ended("dep-2", SUCCESS, None));
        assert_eq!(show(&c), ["k2 success"]);
        assert_eq!(states(&made), [("k1", "failure"), ("k2", "success")]);
    }

    #[test]
    fn an_end_with_no_deployment_makes_one_when_a_commit_is_known() {
        let mut made = Vec::new();
        let c = plan(&mut made, ended("dep-1", FAILURE, Some("k1")));
        assert_eq!(show(&c), ["create k1", "k1 failure"]);
        assert!(plan(&mut made, ended("dep-2", SUCCESS, None)).is_empty());
        assert_eq!(made.len(), 1);
    }

    #[test]
    fn a_start_without_a_commit_makes_none_but_still_replaces_the_earlier() {
        let mut made = Vec::new();
        plan(&mut made, started("dep-1", "k1"));
        let c = plan(
            &mut made,
            Happened::Started {
                railway: "dep-2".into(),
                create: None,
                status: st(IN_PROGRESS),
            },
        );
        assert_eq!(show(&c), ["k1 inactive"]);
    }

    #[test]
    fn destroy_makes_every_deployment_inactive_once() {
        let mut made = Vec::new();
        plan(&mut made, started("dep-1", "k1"));
        plan(&mut made, ended("dep-1", FAILURE, None));
        plan(&mut made, started("dep-2", "k2"));
        plan(&mut made, ended("dep-2", SUCCESS, None));
        plan(&mut made, started("dep-3", "k3"));
        let destroyed = || Happened::Destroyed {
            status: st(INACTIVE),
        };
        let c = plan(&mut made, destroyed());
        assert_eq!(show(&c), ["k1 inactive", "k2 inactive", "k3 inactive"]);
        assert!(plan(&mut made, destroyed()).is_empty());
        // A late end of a deployment of the destroyed sandbox changes nothing.
        assert!(plan(&mut made, ended("dep-3", SUCCESS, None)).is_empty());
        // Nothing made here (a fresh checkout): the current or newest deployment.
        assert_eq!(show(&plan(&mut Vec::new(), destroyed())), ["- inactive"]);
        prune(&mut made);
        assert!(made.is_empty());
    }

    #[test]
    fn prune_keeps_what_may_still_change() {
        let mut made = Vec::new();
        plan(&mut made, started("dep-1", "k1"));
        plan(&mut made, ended("dep-1", FAILURE, None));
        plan(&mut made, started("dep-2", "k2"));
        prune(&mut made);
        assert_eq!(states(&made), [("k2", "in_progress")]);
    }

    #[test]
    fn queues_of_an_older_tri_still_read() {
        let old = r#"{"op":"status","state":"inactive","description":"gone"}"#;
        let c: Change = serde_json::from_str(old).unwrap();
        assert_eq!(c, Change::status(None, inactive("gone")));
        let c = Change::status(Some("k1"), st(SUCCESS));
        let text = serde_json::to_string(&c).unwrap();
        assert_eq!(serde_json::from_str::<Change>(&text).unwrap(), c);
        assert!(text.contains(r#""of":"k1""#), "{text}");
    }
}
