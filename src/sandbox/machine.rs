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
pub enum SandboxState {
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

impl SandboxState {
    /// Every state, in lifecycle order.
    pub const ALL: [SandboxState; 8] = [
        SandboxState::None,
        SandboxState::Creating,
        SandboxState::Created,
        SandboxState::Deploying,
        SandboxState::Running,
        SandboxState::Failed,
        SandboxState::Destroying,
        SandboxState::Destroyed,
    ];

    /// The snake_case name stored in the farm file (`sandbox_state`).
    pub fn as_str(self) -> &'static str {
        match self {
            SandboxState::None => "none",
            SandboxState::Creating => "creating",
            SandboxState::Created => "created",
            SandboxState::Deploying => "deploying",
            SandboxState::Running => "running",
            SandboxState::Failed => "failed",
            SandboxState::Destroying => "destroying",
            SandboxState::Destroyed => "destroyed",
        }
    }

    /// Parses [`SandboxState::as_str`] names.
    pub fn parse(s: &str) -> Option<SandboxState> {
        SandboxState::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// Whether a service exists (or may) in this state.
    pub fn has_service(self) -> bool {
        !matches!(self, SandboxState::None | SandboxState::Destroyed)
    }
}

impl fmt::Display for SandboxState {
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
    pub state: SandboxState,
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
pub fn next(
    state: SandboxState,
    signal: Signal,
) -> Result<(Transition, SandboxState), InvalidTransition> {
    use SandboxState as S;
    use Signal as E;
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
pub fn run(state: SandboxState, signals: &[Signal]) -> Result<SandboxState, InvalidTransition> {
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
) -> SandboxState {
    if let Some(s) = sandbox_state.and_then(SandboxState::parse) {
        return s;
    }
    match status.map(str::to_ascii_uppercase).as_deref() {
        Some("STOPPED") => SandboxState::Destroyed,
        Some("FAILED") => SandboxState::Failed,
        _ if has_service && has_deployment => SandboxState::Running,
        _ if has_service => SandboxState::Created,
        _ => SandboxState::None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Signal as E;

    #[test]
    fn happy_path() {
        let s = run(
            SandboxState::None,
            &[
                E::CreateRequested,
                E::Created,
                E::DeployRequested,
                E::DeploySucceeded,
                E::DestroyRequested,
                E::Destroyed,
            ],
        );
        assert_eq!(s, Ok(SandboxState::Destroyed));
        assert_eq!(
            next(SandboxState::Deploying, E::DeploySucceeded),
            Ok((Transition::DeploySucceeded, SandboxState::Running))
        );
    }

    #[test]
    fn failed_deploy_can_be_redeployed() {
        let s = run(
            SandboxState::Created,
            &[E::DeployRequested, E::DeployFailed],
        )
        .unwrap();
        assert_eq!(s, SandboxState::Failed);
        assert_eq!(
            next(s, E::DeployRequested),
            Ok((Transition::BeginDeploy, SandboxState::Deploying))
        );
    }

    #[test]
    fn destroy_during_deploy() {
        let s = run(
            SandboxState::Created,
            &[E::DeployRequested, E::DestroyRequested],
        )
        .unwrap();
        assert_eq!(s, SandboxState::Destroying);
        // The deployment's late answer does not apply any more.
        assert_eq!(
            next(s, E::DeploySucceeded),
            Err(InvalidTransition {
                state: SandboxState::Destroying,
                signal: E::DeploySucceeded
            })
        );
        assert_eq!(next(s, E::Destroyed).unwrap().1, SandboxState::Destroyed);
    }

    #[test]
    fn invalid_event_is_an_error_not_a_panic() {
        for (s, e) in [
            (SandboxState::None, E::DeployRequested),
            (SandboxState::None, E::Destroyed),
            (SandboxState::Destroyed, E::DestroyRequested),
            (SandboxState::Running, E::Created),
            (SandboxState::Creating, E::DeployRequested),
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
        for s in SandboxState::ALL {
            for e in all {
                let _ = next(s, e);
            }
        }
    }

    #[test]
    fn state_from_entry() {
        assert_eq!(
            state_of(Some("deploying"), Some("ACTIVE"), true, true),
            SandboxState::Deploying
        );
        assert_eq!(
            state_of(None, Some("STOPPED"), true, true),
            SandboxState::Destroyed
        );
        assert_eq!(
            state_of(None, Some("ACTIVE"), true, false),
            SandboxState::Created
        );
        assert_eq!(state_of(None, None, true, true), SandboxState::Running);
        assert_eq!(state_of(None, None, false, false), SandboxState::None);
        for s in SandboxState::ALL {
            assert_eq!(SandboxState::parse(s.as_str()), Some(s));
        }
    }
}
