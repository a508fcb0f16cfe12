//! The process's network clients: one GitHub client and one Railway provider, made on
//! first use by factories a test can replace, and kept (with the one async runtime,
//! [`crate::net::runtime`]) for as long as the process lives. Cheap to clone: the clones
//! share what was made, so a long-lived process (the MCP server) builds one [`Clients`]
//! and hands a clone to each command's context.

use crate::env::Env;
use crate::error::{Error, Result};
use crate::github::GitHub;
use crate::publisher::{auth_hint, Settings};
use crate::sandbox::SandboxProvider;
use std::sync::{Arc, Mutex};

/// A Railway provider shared across threads and commands.
pub type SharedProvider = Arc<dyn SandboxProvider + Send + Sync>;

/// Makes the GitHub client for `settings` (its API URL, token, time-outs, proxies; the
/// token is set when this is called).
pub type GitHubFactory = Arc<dyn Fn(&Settings) -> Result<GitHub> + Send + Sync>;

/// Makes the Railway provider from the environment (credentials of every farm account,
/// `TRI_RAILWAY_API_URL`, time-outs).
pub type RailwayFactory = Arc<dyn Fn(&Env) -> Result<SharedProvider> + Send + Sync>;

/// The process's clients (see the module docs).
#[derive(Clone)]
pub struct Clients {
    github_factory: GitHubFactory,
    railway_factory: RailwayFactory,
    /// The GitHub client made, with the API URL and token it was made for: a command with
    /// other ones (an MCP call with another environment) gets a client of its own.
    github: Arc<Mutex<Option<(String, String, GitHub)>>>,
    railway: Arc<Mutex<Option<SharedProvider>>>,
}

impl std::fmt::Debug for Clients {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Clients").finish_non_exhaustive()
    }
}

impl Default for Clients {
    /// The real clients: GitHub at the settings' API URL, Railway from the environment.
    fn default() -> Clients {
        Clients::new(
            Arc::new(|s: &Settings| {
                let (token, var) = s
                    .token
                    .clone()
                    .ok_or_else(|| Error::Auth(auth_hint(None)))?;
                let http = crate::net::client_with(s.timeouts, s.proxies.clone())?;
                GitHub::new(&s.api_url, &token, var, http)
            }),
            Arc::new(|env: &Env| {
                Ok(
                    Arc::new(crate::sandbox::railway::RailwayProvider::from_env(env)?)
                        as SharedProvider,
                )
            }),
        )
    }
}

impl Clients {
    /// Clients made by these factories (tests: a GitHub client pointed at a stand-in, a
    /// fake Railway).
    pub fn new(github: GitHubFactory, railway: RailwayFactory) -> Clients {
        Clients {
            github_factory: github,
            railway_factory: railway,
            github: Arc::default(),
            railway: Arc::default(),
        }
    }

    /// [`Clients::default`] with another GitHub factory.
    pub fn with_github(github: GitHubFactory) -> Clients {
        Clients {
            github_factory: github,
            ..Clients::default()
        }
    }

    /// The GitHub client for `settings`, made on first use; `None` without a token.
    ///
    /// Errors: the factory's ([`Error::Other`] when the HTTP client cannot be built).
    pub fn github(&self, settings: &Settings) -> Result<Option<GitHub>> {
        let Some((token, _)) = &settings.token else {
            return Ok(None);
        };
        let mut slot = self.github.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((url, t, gh)) = slot.as_ref() {
            if url == &settings.api_url && t == token {
                return Ok(Some(gh.clone()));
            }
        }
        // octocrab starts its request worker on the runtime current when it is built: the
        // process's one runtime, which runs every request after.
        let _in_runtime = crate::net::runtime()?.enter();
        let gh = (self.github_factory)(settings)?;
        *slot = Some((settings.api_url.clone(), token.clone(), gh.clone()));
        Ok(Some(gh))
    }

    /// The Railway provider, made from `env` on first use (later calls return the same).
    ///
    /// Errors: the factory's ([`Error::Usage`] for malformed time-outs).
    pub fn railway(&self, env: &Env) -> Result<SharedProvider> {
        let mut slot = self.railway.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(p) = slot.as_ref() {
            return Ok(p.clone());
        }
        let _in_runtime = crate::net::runtime()?.enter();
        let p = (self.railway_factory)(env)?;
        *slot = Some(p.clone());
        Ok(p)
    }
}
