//! The publisher's settings: read from the environment and checked before a command
//! records anything (README, "Exit codes").

use super::retry;
use crate::error::{Error, Result};
use crate::gate;
use crate::github;

/// Publisher settings, read from the environment.
#[derive(Clone)]
pub struct Settings {
    /// REST API base.
    pub api_url: String,
    /// The token and the variable it came from; `None` when unset.
    pub token: Option<(String, &'static str)>,
    /// Total time per command for failed tries and the pauses between them, ms
    /// (`TRI_PUBLISH_MAX_WAIT_S`).
    pub budget_ms: u64,
    /// Pause between mutating requests, ms (`TRI_PUBLISH_INTERVAL_MS`), kept across every
    /// tri process of the machine by the gate.
    pub interval_ms: u64,
    /// The gate's limits: `interval_ms`, and the per-minute and per-hour counts
    /// (`TRI_GITHUB_PER_MINUTE`, `TRI_GITHUB_PER_HOUR`).
    pub limits: gate::Limits,
    /// The first wait after a secondary rate limit that names no time, ms
    /// (`TRI_GITHUB_SECONDARY_WAIT_S`; default [`retry::SECONDARY_MIN_WAIT_MS`], GitHub's
    /// "at least one minute"; shorter only against a stand-in).
    pub secondary_wait_ms: u64,
    /// The gate directory (`TRI_GATE_DIR`, else the user's cache directory); `None` when
    /// there is none (the gate then holds for this process only).
    pub gate_dir: Option<std::path::PathBuf>,
    /// HTTP time-outs.
    pub timeouts: crate::net::Timeouts,
    /// Proxies, read (and checked) with the other settings.
    pub proxies: crate::net::ProxySettings,
    /// Literal secret values to redact.
    pub secrets: Vec<String>,
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("api_url", &self.api_url)
            .field(
                "token",
                &self.token.as_ref().map(|(_, var)| format!("<from {var}>")),
            )
            .field("budget_ms", &self.budget_ms)
            .field("interval_ms", &self.interval_ms)
            .field("limits", &self.limits)
            .field("gate_dir", &self.gate_dir)
            .finish_non_exhaustive()
    }
}

fn parse_ms(
    env: &dyn Fn(&str) -> Option<String>,
    name: &str,
    scale: f64,
    default: u64,
) -> Result<u64> {
    match env(name) {
        None => Ok(default),
        Some(v) => match v.trim().parse::<f64>() {
            Ok(x) if x >= 0.0 && x.is_finite() => Ok((x * scale).round() as u64),
            _ => Err(Error::Usage(format!(
                "{name}=`{v}` is not a non-negative number"
            ))),
        },
    }
}

impl Settings {
    /// Reads and checks the settings through `env`, so that a malformed one refuses a
    /// command before it records anything. Pure but for `secrets`, which the caller passes.
    ///
    /// Errors: [`Error::Usage`] for a malformed number or API URL; [`Error::Auth`] for a
    /// token with characters no token has.
    pub fn from_env(
        env: &dyn Fn(&str) -> Option<String>,
        secrets: Vec<String>,
    ) -> Result<Settings> {
        let api_url = github::api_url_from_env(env);
        github::check_api_url(&api_url)?;
        let token = github::token_from_env(env);
        if let Some((t, var)) = &token {
            github::check_token(t, var)?;
        }
        let interval_ms = parse_ms(
            env,
            "TRI_PUBLISH_INTERVAL_MS",
            1.0,
            super::DEFAULT_INTERVAL_MS,
        )?;
        Ok(Settings {
            api_url,
            token,
            budget_ms: parse_ms(
                env,
                "TRI_PUBLISH_MAX_WAIT_S",
                1000.0,
                retry::DEFAULT_BUDGET_MS,
            )?,
            interval_ms,
            limits: gate::Limits::github_from_env(env, interval_ms)?,
            secondary_wait_ms: parse_ms(
                env,
                "TRI_GITHUB_SECONDARY_WAIT_S",
                1000.0,
                retry::SECONDARY_MIN_WAIT_MS,
            )?,
            gate_dir: gate::dir_from_env(env),
            timeouts: crate::net::Timeouts::from_env(env)?,
            proxies: crate::net::ProxySettings::from_env(env)?,
            secrets,
        })
    }
}
