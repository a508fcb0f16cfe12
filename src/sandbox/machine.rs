//! The sandbox lifecycle as a pure state machine (no I/O): [`next`] maps a state and an
//! event to the next state through a named [`Transition`], or refuses with
//! [`InvalidTransition`] (never a panic).
//!
//! ```text
//! none --CreateRequested--> creating --Created--> created --DeployRequested--> deploying
//! creating --CreateFailed--> none            deploying --DeploySucceeded--> running
//! deploying --DeployFailed--> failed         running|failed --DeployRequested--> deploying
//! created|deploying|running|failed|creating --DestroyRequested--> destroying
//! destroying --Destroyed--> destroyed         destroyed --CreateRequested--> creating
//! ```

use serde::{Deserialize, Serialize};
use std::fmt;

/// Where a sandbox is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// No service.
    None,
    /// A service is being created.
    Creating,
    /// The service exists, never deployed.
    Created,
    /// A deployment is in progress.
    Deploying,
    /// The latest deployment succeeded.
    Running,
    /// The latest deployment failed, crashed or timed out.
    Failed,
    /// The service is being deleted.
    Destroying,
    /// The service was deleted.
    Destroyed,
}

impl State {
    /// Every state, in lifecycle order.
    pub const ALL: [State; 8] = [
        State::None,
        State::Creating,
        State::Created,
        State::Deploying,
        State::Running,
        State::Failed,
        State::Destroying,
        State::Destroyed,
    ];

    /// The snake_case name stored in the farm file (`sandbox_state`).
    pub fn as_str(self) -> &'static str {
        match self {
            State::None => "none",
            State::Creating => "creating",
            State::Created => "created",
            State::Deploying => "deploying",
            State::Running => "running",
            State::Failed => "failed",
            State::Destroying => "destroying",
            State::Destroyed => "destroyed",
        }
    }

    /// Parses [`State::as_str`] names.
    pub fn parse(s: &str) -> Option<State> {
        State::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// Whether a service exists (or may) in this state.
    pub fn has_service(self) -> bool {
        !matches!(self, State::None | State::Destroyed)
    }
}

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What happens to a sandbox.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Signal {
    /// `sandbox create` asks for a service.
    CreateRequested,
    /// The provider created it.
    Created,
    /// The provider could not create it.
    CreateFailed,
    /// `sandbox deploy` asks for a deployment.
    DeployRequested,
    /// The deployment reached success.
    DeploySucceeded,
    /// The deployment failed, crashed, or timed out.
    DeployFailed,
    /// `sandbox destroy` asks to delete the service.
    DestroyRequested,
    /// The provider deleted it.
    Destroyed,
}

/// The named transitions: every edge of the lifecycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Transition {
    /// none/destroyed → creating.
    BeginCreate,
    /// creating → created.
    FinishCreate,
    /// creating → none.
    AbandonCreate,
    /// created/running/failed → deploying.
    BeginDeploy,
    /// deploying → running.
    DeploySucceeded,
    /// deploying → failed.
    DeployFailed,
    /// any state with a service → destroying.
    BeginDestroy,
    /// destroying → destroyed.
    FinishDestroy,
}

/// A signal that does not apply in the current state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvalidTransition {
    /// The state.
    pub state: State,
    /// The signal refused.
    pub signal: Signal,
}

impl fmt::Display for InvalidTransition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} does not apply to a sandbox that is {}",
            self.signal, self.state
        )
    }
}

impl std::error::Error for InvalidTransition {}

/// The transition `signal` takes from `state`, and the state it leads to.
pub fn next(state: State, signal: Signal) -> Result<(Transition, State), InvalidTransition> {
    use Signal as E;
    use State as S;
    let t = match (state, signal) {
        (S::None | S::Destroyed, E::CreateRequested) => (Transition::BeginCreate, S::Creating),
        (S::Creating, E::Created) => (Transition::FinishCreate, S::Created),
        (S::Creating, E::CreateFailed) => (Transition::AbandonCreate, S::None),
        (S::Created | S::Running | S::Failed, E::DeployRequested) => {
            (Transition::BeginDeploy, S::Deploying)
        }
        (S::Deploying, E::DeploySucceeded) => (Transition::DeploySucceeded, S::Running),
        (S::Deploying, E::DeployFailed) => (Transition::DeployFailed, S::Failed),
        (
            S::Creating | S::Created | S::Deploying | S::Running | S::Failed | S::Destroying,
            E::DestroyRequested,
        ) => (Transition::BeginDestroy, S::Destroying),
        (S::Destroying, E::Destroyed) => (Transition::FinishDestroy, S::Destroyed),
        _ => return Err(InvalidTransition { state, signal }),
    };
    Ok(t)
}

/// Applies `signals` in order from `state`; the first that does not apply is the error.
pub fn run(state: State, signals: &[Signal]) -> Result<State, InvalidTransition> {
    signals
        .iter()
        .try_fold(state, |s, &e| next(s, e).map(|t| t.1))
}

/// The state a farm-file entry stands for: its `sandbox_state` when tri wrote one, else
/// from trinity's `status` (ACTIVE → running when deployed else created, STOPPED →
/// destroyed, FAILED → failed), else none. Pure.
pub fn state_of(
    sandbox_state: Option<&str>,
    status: Option<&str>,
    has_service: bool,
    has_deployment: bool,
) -> State {
    if let Some(s) = sandbox_state.and_then(State::parse) {
        return s;
    }
    match status.map(str::to_ascii_uppercase).as_deref() {
        Some("STOPPED") => State::Destroyed,
        Some("FAILED") => State::Failed,
        _ if has_service && has_deployment => State::Running,
        _ if has_service => State::Created,
        _ => State::None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Signal as E;

    #[test]
    fn happy_path() {
        let s = run(
            State::None,
            &[
                E::CreateRequested,
                E::Created,
                E::DeployRequested,
                E::DeploySucceeded,
                E::DestroyRequested,
                E::Destroyed,
            ],
        );
        assert_eq!(s, Ok(State::Destroyed));
        assert_eq!(
            next(State::Deploying, E::DeploySucceeded),
            Ok((Transition::DeploySucceeded, State::Running))
        );
    }

    #[test]
    fn failed_deploy_can_be_redeployed() {
        let s = run(State::Created, &[E::DeployRequested, E::DeployFailed]).unwrap();
        assert_eq!(s, State::Failed);
        assert_eq!(
            next(s, E::DeployRequested),
            Ok((Transition::BeginDeploy, State::Deploying))
        );
    }

    #[test]
    fn destroy_during_deploy() {
        let s = run(State::Created, &[E::DeployRequested, E::DestroyRequested]).unwrap();
        assert_eq!(s, State::Destroying);
        // The deployment's late answer does not apply any more.
        assert_eq!(
            next(s, E::DeploySucceeded),
            Err(InvalidTransition {
                state: State::Destroying,
                signal: E::DeploySucceeded
            })
        );
        assert_eq!(next(s, E::Destroyed).unwrap().1, State::Destroyed);
    }

    #[test]
    fn invalid_event_is_an_error_not_a_panic() {
        for (s, e) in [
            (State::None, E::DeployRequested),
            (State::None, E::Destroyed),
            (State::Destroyed, E::DestroyRequested),
            (State::Running, E::Created),
            (State::Creating, E::DeployRequested),
        ] {
            let err = next(s, e).unwrap_err();
            assert_eq!(
                err,
                InvalidTransition {
                    state: s,
                    signal: e
                }
            );
            assert!(err.to_string().contains(s.as_str()));
        }
        // Every pair answers without panicking.
        let all = [
            E::CreateRequested,
            E::Created,
            E::CreateFailed,
            E::DeployRequested,
            E::DeploySucceeded,
            E::DeployFailed,
            E::DestroyRequested,
            E::Destroyed,
        ];
        for s in State::ALL {
            for e in all {
                let _ = next(s, e);
            }
        }
    }

    #[test]
    fn state_from_entry() {
        assert_eq!(
            state_of(Some("deploying"), Some("ACTIVE"), true, true),
            State::Deploying
        );
        assert_eq!(
            state_of(None, Some("STOPPED"), true, true),
            State::Destroyed
        );
        assert_eq!(state_of(None, Some("ACTIVE"), true, false), State::Created);
        assert_eq!(state_of(None, None, true, true), State::Running);
        assert_eq!(state_of(None, None, false, false), State::None);
        for s in State::ALL {
            assert_eq!(State::parse(s.as_str()), Some(s));
        }
    }
}
