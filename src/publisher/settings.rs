//! The publisher's settings: read from the environment and checked before a command
//! records anything (docs/exit-codes.md, "Exit codes").

use crate::error::Result;
use crate::gate;
use crate::github;
use crate::net::retry;

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
    /// Whose markers count besides the token's user ([`crate::trust`]):
    /// `TRI_JOURNAL_WRITERS`, else the config key `journal_writers`, else collaborators.
    pub writers: crate::trust::Writers,
    /// Where the token's user (`GET /user`) is cached, one file per token hash: `users/` in
    /// the user's cache directory; `None` when the platform has none.
    pub user_cache: Option<std::path::PathBuf>,
    /// Inside GitHub Actions (`GITHUB_ACTIONS=true`): a token GitHub will not name
    /// (`GET /user` refused, as for the workflow's `GITHUB_TOKEN`) writes as
    /// `github-actions[bot]`.
    pub in_actions: bool,
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
            .field("writers", &self.writers)
            .finish_non_exhaustive()
    }
}

/// `TRI_PUBLISH_MAX_WAIT_S`: the wait budget of one command (0: give up at once).
pub const MAX_WAIT: crate::env::DurationVar = crate::env::DurationVar {
    name: "TRI_PUBLISH_MAX_WAIT_S",
    unit: crate::env::Unit::S,
    default_ms: retry::DEFAULT_BUDGET_MS,
    positive: false,
};

/// `TRI_GITHUB_SECONDARY_WAIT_S`: the first wait after a secondary rate limit that names no
/// time (GitHub: "at least one minute"); smaller only for stand-ins in tests.
pub const SECONDARY_WAIT: crate::env::DurationVar = crate::env::DurationVar {
    name: "TRI_GITHUB_SECONDARY_WAIT_S",
    unit: crate::env::Unit::S,
    default_ms: retry::SECONDARY_MIN_WAIT_MS,
    positive: false,
};

/// `TRI_PUBLISH_INTERVAL_MS`: the pause between mutating requests (0: none).
pub const INTERVAL: crate::env::DurationVar = crate::env::DurationVar {
    name: "TRI_PUBLISH_INTERVAL_MS",
    unit: crate::env::Unit::Ms,
    default_ms: super::DEFAULT_INTERVAL_MS,
    positive: false,
};

impl Settings {
    /// Reads and checks the settings through `env` and the configuration `config` already
    /// read (for `journal_writers`), so that a malformed one refuses a command before it
    /// records anything. The one way publishing settings are made: the recorder and the
    /// commands that only read from GitHub both come here. Pure but for `secrets`, which the
    /// caller passes.
    ///
    /// Errors: [`Error::Usage`](crate::error::Error::Usage) for a malformed number, API URL or
    /// `journal_writers`; [`Error::Auth`](crate::error::Error::Auth) for a token with
    /// characters no token has.
    pub fn resolve(
        env: &crate::env::Env,
        config: &crate::config::Config,
        secrets: Vec<String>,
    ) -> Result<Settings> {
        let api_url = github::api_url_from_env(env);
        github::check_api_url(&api_url)?;
        let token = github::token_from_env(env);
        if let Some((t, var)) = &token {
            github::check_token(t, var)?;
        }
        let interval_ms = INTERVAL.read(env)?;
        Ok(Settings {
            api_url,
            token,
            budget_ms: MAX_WAIT.read(env)?,
            interval_ms,
            limits: gate::Limits::github_from_env(env, interval_ms)?,
            secondary_wait_ms: SECONDARY_WAIT.read(env)?,
            gate_dir: gate::dir_from_env(env),
            timeouts: crate::net::Timeouts::from_env(env)?,
            proxies: crate::net::ProxySettings::from_env(env)?,
            secrets,
            writers: config.journal_writers(env)?,
            user_cache: directories::ProjectDirs::from("", "", "tri")
                .map(|d| d.cache_dir().join("users")),
            in_actions: env("GITHUB_ACTIONS").is_some_and(|v| v.trim() == "true"),
        })
    }
}
