//! Settings: defaults for the repo and sticky mode, from (highest first) a command-line flag,
//! the environment, the workspace file `.trinity/config.json`, the user file
//! `<config dir>/tri/config.json` (e.g. `~/.config/tri/config.json` on Linux; `TRI_CONFIG_DIR`
//! overrides the directory), then the built-in default.
//!
//! Both files are JSON objects, e.g. `{"repo": "octo-org/octo-repo", "sticky": true}`; keys
//! tri does not know are kept and ignored. Resolution is pure ([`resolve`]); only
//! [`Config::load`] reads files.
//!
//! | key | environment | default |
//! |---|---|---|
//! | `repo` | `GH_REPO`, `GITHUB_REPOSITORY` | the git remotes (upstream, github, origin) |
//! | `sticky` | `TRI_STICKY` (`1`/`true`/`0`/`false`) | `false` |
//! | `labels` | `TRI_LABELS` (`1`/`true`/`0`/`false`) | `false` (the session's state as a `tri:` issue label) |
//! | `journal_writers` | `TRI_JOURNAL_WRITERS` | `collaborators`: whose `<!-- tri:` markers count ([`crate::trust`]); a string of words or a list of them |
//! | `healthcheck_path` | `TRI_HEALTHCHECK_PATH` | `/`: the path `sandbox deploy` probes and sets as the service's Railway health-check path |
//! | `deploy_breaker` | `TRI_DEPLOY_BREAKER` | `3`: consecutive failed deployments after which `sandbox deploy` refuses without `--force` (0: off) |
//! | `farm_repo` | `TRI_FARM_REPO` | none: the repository that owns trinity's `agent-<issue>` services without `TRI_REPO` (only when set) and farm entries with no `repo` (for those, the checkout's repository when unset) |
//! | `sandbox_starters` | `TRI_SANDBOX_STARTERS` | `collaborators`: whose opened issue `on-issue-event` starts a sandbox for; `all` for anyone ([`crate::sandbox::starters`]) |

use crate::error::{Error, Result};
use crate::github::repo::{self, RepoSource};
use crate::workspace::Workspace;
use serde_json::{Map, Value};
use std::fmt;
use std::path::{Path, PathBuf};

/// The settings tri knows, in display order.
pub const KEYS: [&str; 8] = [
    "repo",
    "sticky",
    "labels",
    "farm_repo",
    "journal_writers",
    "sandbox_starters",
    "healthcheck_path",
    "deploy_breaker",
];

/// The values `sandbox_starters` takes (see [`crate::sandbox::starters::Starters`]).
pub const SANDBOX_STARTERS_VALUES: [&str; 2] = ["collaborators", "all"];

/// The keys whose values are booleans.
const BOOL_KEYS: [&str; 2] = ["sticky", "labels"];

/// Environment variables read for a key, in order.
pub fn env_vars(key: &str) -> &'static [&'static str] {
    match key {
        "repo" => &["GH_REPO", "GITHUB_REPOSITORY"],
        "sticky" => &["TRI_STICKY"],
        "labels" => &["TRI_LABELS"],
        "farm_repo" => &["TRI_FARM_REPO"],
        "journal_writers" => &[crate::trust::WRITERS_VAR],
        "sandbox_starters" => &["TRI_SANDBOX_STARTERS"],
        "healthcheck_path" => &["TRI_HEALTHCHECK_PATH"],
        "deploy_breaker" => &["TRI_DEPLOY_BREAKER"],
        _ => &[],
    }
}

/// Where an effective value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A command-line flag, e.g. `--repo`.
    Flag(&'static str),
    /// An environment variable, by name.
    Env(&'static str),
    /// The workspace file `.trinity/config.json`.
    Workspace(PathBuf),
    /// The user file in the platform config directory.
    User(PathBuf),
    /// Nothing set it: tri's default.
    Default,
}

impl Source {
    /// A short machine name: `flag`, `env`, `workspace`, `user`, `default`.
    pub fn kind(&self) -> &'static str {
        match self {
            Source::Flag(_) => "flag",
            Source::Env(_) => "env",
            Source::Workspace(_) => "workspace",
            Source::User(_) => "user",
            Source::Default => "default",
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Flag(name) => write!(f, "flag {name}"),
            Source::Env(name) => write!(f, "environment {name}"),
            Source::Workspace(p) => write!(f, "workspace config {}", p.display()),
            Source::User(p) => write!(f, "user config {}", p.display()),
            Source::Default => f.write_str("default"),
        }
    }
}

/// One effective value and its source; `value` is `None` when nothing set it and there is
/// no default (e.g. `repo`, which then falls back to the git remotes).
#[derive(Debug, Clone, PartialEq)]
pub struct Setting {
    /// The value (a JSON scalar), if any.
    pub value: Option<Value>,
    /// Where it came from.
    pub source: Source,
}

/// The two config files, read.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// `.trinity/config.json` and its object (empty when missing).
    pub workspace: (PathBuf, Map<String, Value>),
    /// The user file and its object (empty when missing); `None` when the platform has no
    /// config directory.
    pub user: Option<(PathBuf, Map<String, Value>)>,
}

/// The user config file: `$TRI_CONFIG_DIR/config.json`, else the platform config directory
/// for "tri" (`directories::ProjectDirs`), e.g. `~/.config/tri/config.json`.
pub fn user_config_path(env: &crate::env::Env) -> Option<PathBuf> {
    if let Some(dir) = env("TRI_CONFIG_DIR").filter(|d| !d.trim().is_empty()) {
        return Some(PathBuf::from(dir).join("config.json"));
    }
    directories::ProjectDirs::from("", "", "tri").map(|d| d.config_dir().join("config.json"))
}

fn read_object(path: &Path) -> Result<Map<String, Value>> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Map::new()),
        Err(e) => return Err(Error::io("read", path, e)),
    };
    match serde_json::from_slice::<Value>(&bytes) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(_) => Err(Error::Corrupt {
            path: path.to_path_buf(),
            detail: "not a JSON object".into(),
            hint: "write an object such as {\"repo\": \"owner/name\", \"sticky\": true}, or remove the file".into(),
        }),
        Err(e) => Err(Error::Corrupt {
            path: path.to_path_buf(),
            detail: e.to_string(),
            hint: "fix the JSON, or remove the file".into(),
        }),
    }
}

impl Config {
    /// Reads the workspace file of `ws` and the user file ([`user_config_path`]). Missing
    /// files count as empty.
    ///
    /// Errors: [`Error::Corrupt`] for a file that is not a JSON object; [`Error::Io`].
    pub fn load(ws: &Workspace, env: &crate::env::Env) -> Result<Config> {
        let wpath = ws.config_file();
        let workspace = (wpath.clone(), read_object(&wpath)?);
        let user = match user_config_path(env) {
            Some(p) => {
                let m = read_object(&p)?;
                Some((p, m))
            }
            None => None,
        };
        Ok(Config { workspace, user })
    }

    /// The effective value of `key` (see [`resolve`]).
    pub fn get(
        &self,
        key: &str,
        flag: Option<(&'static str, Value)>,
        env: &crate::env::Env,
    ) -> Result<Setting> {
        let user = self.user.as_ref().map(|(p, m)| (p.as_path(), m));
        resolve(key, flag, env, (&self.workspace.0, &self.workspace.1), user)
    }

    /// `sticky`: the `--sticky` flag (only when given), `TRI_STICKY`, the files, else false.
    pub fn sticky(&self, flag: bool, env: &crate::env::Env) -> Result<bool> {
        let flag = flag.then_some(("--sticky", Value::Bool(true)));
        Ok(self
            .get("sticky", flag, env)?
            .value
            .and_then(|v| v.as_bool())
            .unwrap_or(false))
    }

    /// `labels`: `TRI_LABELS`, the files, else false (no flag).
    pub fn labels(&self, env: &dyn Fn(&str) -> Option<String>) -> Result<bool> {
        Ok(self
            .get("labels", None, env)?
            .value
            .and_then(|v| v.as_bool())
            .unwrap_or(false))
    }

    /// `journal_writers`: `TRI_JOURNAL_WRITERS`, the files, else `collaborators`
    /// ([`crate::trust`]).
    ///
    /// Errors: [`Error::Usage`] for a value that is not a list of writers.
    pub fn journal_writers(&self, env: &crate::env::Env) -> Result<crate::trust::Writers> {
        let s = self.get("journal_writers", None, env)?;
        match s.value.as_ref().and_then(|v| v.as_str()) {
            Some(w) => crate::trust::parse_writers(w).map_err(|e| {
                Error::Usage(match &s.source {
                    Source::Env(name) => format!("{name}=`{w}`: {e}"),
                    Source::Workspace(p) | Source::User(p) => {
                        format!("journal_writers in {}: {e}", p.display())
                    }
                    _ => e,
                })
            }),
            None => Ok(crate::trust::Writers::default()),
        }
    }

    /// The configured `repo` from the files only (workspace, then user), with its source.
    ///
    /// Errors: [`Error::Usage`] when the file's value is not a string OWNER/NAME.
    pub fn file_repo(&self) -> Result<Option<(String, Source)>> {
        let none = |_: &str| None;
        let s = self.get("repo", None, &none)?;
        Ok(s.value
            .and_then(|v| v.as_str().map(str::to_string))
            .map(|v| (v, s.source)))
    }
}

fn parse_bool(name: &str, v: &str) -> Result<bool> {
    match v.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => Err(Error::Usage(format!(
            "{name}=`{v}` is not a boolean; use true or false"
        ))),
    }
}

/// The default of `key` when nothing sets it.
pub fn default_of(key: &str) -> Option<Value> {
    match key {
        k if BOOL_KEYS.contains(&k) => Some(Value::Bool(false)),
        "journal_writers" => Some(Value::String(crate::trust::Writers::default().to_string())),
        "sandbox_starters" => Some(Value::String(SANDBOX_STARTERS_VALUES[0].to_string())),
        "healthcheck_path" => Some(Value::String(crate::sandbox::health::DEFAULT_PATH.into())),
        "deploy_breaker" => Some(Value::from(crate::sandbox::breaker::DEFAULT_THRESHOLD)),
        _ => None,
    }
}

fn check_file_value(key: &str, v: &Value, path: &Path) -> Result<Value> {
    let ok = match key {
        "repo" | "farm_repo" => v
            .as_str()
            .map(|s| repo::parse_repo(s).map(Value::String).ok())
            .unwrap_or(None),
        k if BOOL_KEYS.contains(&k) => v.as_bool().map(Value::Bool),
        "journal_writers" => {
            let words = match v {
                Value::String(s) => Some(s.clone()),
                Value::Array(a) => a
                    .iter()
                    .map(|w| w.as_str().map(str::to_string))
                    .collect::<Option<Vec<_>>>()
                    .map(|w| w.join(",")),
                _ => None,
            };
            words
                .and_then(|w| crate::trust::parse_writers(&w).ok())
                .map(|w| Value::String(w.to_string()))
        }
        "sandbox_starters" => v
            .as_str()
            .filter(|s| SANDBOX_STARTERS_VALUES.contains(s))
            .map(|s| Value::String(s.to_string())),
        "healthcheck_path" => v
            .as_str()
            .and_then(|p| crate::sandbox::health::check_path(key, p).ok())
            .map(Value::String),
        "deploy_breaker" => v
            .as_u64()
            .filter(|n| *n <= u64::from(u32::MAX))
            .map(Value::from),
        _ => Some(v.clone()),
    };
    // A value of the wrong type or out of range is a setting to fix, as a malformed
    // variable is: exit 2 (docs/exit-codes.md, "Exit codes").
    ok.ok_or_else(|| {
        let hint = match key {
            "repo" | "farm_repo" => format!("set \"{key}\" to a string OWNER/NAME"),
            "journal_writers" => {
                format!("set \"{key}\" to \"collaborators\", \"self\" or a list of GitHub logins")
            }
            "sandbox_starters" => format!("set \"{key}\" to \"collaborators\" or \"all\""),
            "healthcheck_path" => format!("set \"{key}\" to a path that starts with /"),
            "deploy_breaker" => format!("set \"{key}\" to a whole number (0: off)"),
            _ => format!("set \"{key}\" to true or false"),
        };
        Error::Usage(format!("`{key}` in {} is {v}; {hint}", path.display()))
    })
}

/// The effective value of `key`: `flag` (name and value) > the environment variables of
/// [`env_vars`] > the workspace object > the user object > [`default_of`]. Pure.
///
/// Errors: [`Error::Usage`] for a malformed environment or file value (wrong type, out of
/// range, a repo not of the form OWNER/NAME): exit 2, naming the variable or the file.
pub fn resolve(
    key: &str,
    flag: Option<(&'static str, Value)>,
    env: &crate::env::Env,
    workspace: (&Path, &Map<String, Value>),
    user: Option<(&Path, &Map<String, Value>)>,
) -> Result<Setting> {
    if let Some((name, v)) = flag {
        return Ok(Setting {
            value: Some(v),
            source: Source::Flag(name),
        });
    }
    for &name in env_vars(key) {
        if let Some(v) = env(name).filter(|v| !v.trim().is_empty()) {
            let value = match key {
                k if BOOL_KEYS.contains(&k) => Value::Bool(parse_bool(name, &v)?),
                "repo" | "farm_repo" => Value::String(repo::parse_repo(&v).map_err(|_| {
                    Error::Usage(format!("{name}=`{v}` is not of the form OWNER/NAME"))
                })?),
                "journal_writers" => Value::String(
                    crate::trust::parse_writers(&v)
                        .map_err(|e| Error::Usage(format!("{name}=`{v}`: {e}")))?
                        .to_string(),
                ),
                "sandbox_starters" => {
                    let t = v.trim().to_ascii_lowercase();
                    if !SANDBOX_STARTERS_VALUES.contains(&t.as_str()) {
                        return Err(Error::Usage(format!(
                            "{name}=`{v}` is not a choice; use collaborators (the default) or all"
                        )));
                    }
                    Value::String(t)
                }
                "healthcheck_path" => Value::String(
                    crate::sandbox::health::check_path(name, &v).map_err(Error::Usage)?,
                ),
                "deploy_breaker" => Value::from(
                    crate::sandbox::breaker::parse_threshold(name, &v).map_err(Error::Usage)?,
                ),
                _ => Value::String(v),
            };
            return Ok(Setting {
                value: Some(value),
                source: Source::Env(name),
            });
        }
    }
    if let Some(v) = workspace.1.get(key).filter(|v| !v.is_null()) {
        return Ok(Setting {
            value: Some(check_file_value(key, v, workspace.0)?),
            source: Source::Workspace(workspace.0.to_path_buf()),
        });
    }
    if let Some((path, m)) = user {
        if let Some(v) = m.get(key).filter(|v| !v.is_null()) {
            return Ok(Setting {
                value: Some(check_file_value(key, v, path)?),
                source: Source::User(path.to_path_buf()),
            });
        }
    }
    Ok(Setting {
        value: default_of(key),
        source: Source::Default,
    })
}

/// The repo for `link`: `--repo` > `GH_REPO` > `GITHUB_REPOSITORY` > the configured repo
/// (workspace, then user file) > the git remotes. `remotes` is only consulted when nothing
/// before it gives a repo; pass `&[]` to skip git. Pure. Returns the repo and a phrase
/// saying where it came from.
///
/// Errors: as [`repo::resolve`]; [`Error::Usage`] for a malformed configured repo.
pub fn resolve_repo(
    flag: Option<&str>,
    env: &crate::env::Env,
    configured: Option<(String, Source)>,
    remotes: &[(String, String)],
) -> Result<(String, String)> {
    let env_has = env_vars("repo")
        .iter()
        .any(|n| env(n).is_some_and(|v| !v.trim().is_empty()));
    if flag.is_some() || env_has {
        let (r, s) = repo::resolve(flag, env, &[])?;
        return Ok((r, s.to_string()));
    }
    if let Some((value, source)) = configured {
        let r = repo::parse_repo(&value)
            .map_err(|_| Error::Usage(format!("`repo` in the {source} is not OWNER/NAME")))?;
        return Ok((r, source.to_string()));
    }
    let (r, s): (String, RepoSource) = repo::resolve(None, env, remotes)?;
    Ok((r, s.to_string()))
}

/// Whether a GitHub token is set, and in which variable (never the value).
pub fn token_source(env: &crate::env::Env) -> Option<&'static str> {
    crate::github::token_from_env(env).map(|(_, name)| name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn obj(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    fn no_env(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn precedence_flag_env_workspace_user_default() {
        let wp = Path::new("/w/.trinity/config.json");
        let up = Path::new("/u/tri/config.json");
        let w = obj(json!({"sticky": true, "repo": "ws/repo"}));
        let u = obj(json!({"sticky": false, "repo": "user/repo"}));
        let env = |k: &str| (k == "TRI_STICKY").then(|| "0".to_string());

        let s = resolve(
            "sticky",
            Some(("--sticky", Value::Bool(true))),
            &env,
            (wp, &w),
            Some((up, &u)),
        )
        .unwrap();
        assert_eq!(s.source, Source::Flag("--sticky"));
        assert_eq!(s.value, Some(Value::Bool(true)));

        let s = resolve("sticky", None, &env, (wp, &w), Some((up, &u))).unwrap();
        assert_eq!(
            (s.value, s.source),
            (Some(Value::Bool(false)), Source::Env("TRI_STICKY"))
        );

        let s = resolve("sticky", None, &no_env, (wp, &w), Some((up, &u))).unwrap();
        assert_eq!(s.source, Source::Workspace(wp.into()));
        assert_eq!(s.value, Some(Value::Bool(true)));

        let empty = Map::new();
        let s = resolve("repo", None, &no_env, (wp, &empty), Some((up, &u))).unwrap();
        assert_eq!(
            (s.value, s.source),
            (Some(json!("user/repo")), Source::User(up.into()))
        );

        let s = resolve("sticky", None, &no_env, (wp, &empty), None).unwrap();
        assert_eq!(
            (s.value, s.source),
            (Some(Value::Bool(false)), Source::Default)
        );
        let on = |k: &str| (k == "TRI_LABELS").then(|| "1".to_string());
        let s = resolve("labels", None, &on, (wp, &w), None).unwrap();
        assert_eq!(
            (s.value, s.source),
            (Some(Value::Bool(true)), Source::Env("TRI_LABELS"))
        );
        let s = resolve("labels", None, &no_env, (wp, &empty), None).unwrap();
        assert_eq!(s.value, Some(Value::Bool(false)));
        let s = resolve("repo", None, &no_env, (wp, &empty), None).unwrap();
        assert_eq!((s.value, s.source), (None, Source::Default));
    }

    #[test]
    fn malformed_values_say_where() {
        let wp = Path::new("/w/.trinity/config.json");
        let w = obj(json!({"sticky": "yes", "repo": "nope"}));
        let e = resolve("sticky", None, &no_env, (wp, &w), None).unwrap_err();
        assert!(matches!(e, Error::Usage(_)), "{e}");
        assert!(e.to_string().contains("config.json"), "{e}");
        assert!(resolve("repo", None, &no_env, (wp, &w), None).is_err());
        // Out of range or of the wrong type: a usage error (exit 2) naming the file.
        for (key, v) in [
            ("deploy_breaker", json!(-1)),
            ("deploy_breaker", json!(1.5)),
            ("deploy_breaker", json!("3")),
            ("deploy_breaker", json!(u64::from(u32::MAX) + 1)),
            ("healthcheck_path", json!("@host")),
            ("healthcheck_path", json!(7)),
        ] {
            let w = obj(json!({ key: v }));
            let e = resolve(key, None, &no_env, (wp, &w), None).unwrap_err();
            assert!(matches!(e, Error::Usage(_)), "{key}={v}: {e}");
            assert!(e.to_string().contains("config.json"), "{e}");
            assert!(e.to_string().contains(key), "{e}");
        }
        let env = |k: &str| (k == "TRI_STICKY").then(|| "maybe".to_string());
        assert!(matches!(
            resolve("sticky", None, &env, (wp, &Map::new()), None),
            Err(Error::Usage(_))
        ));
    }

    #[test]
    fn link_repo_flag_env_config_then_remotes() {
        let remotes = vec![("origin".to_string(), "git@github.com:rem/o.git".to_string())];
        let conf = Some((
            "cfg/repo".to_string(),
            Source::Workspace("/w/c.json".into()),
        ));
        let env = |k: &str| (k == "GITHUB_REPOSITORY").then(|| "act/ions".to_string());
        assert_eq!(
            resolve_repo(Some("f/l"), &env, conf.clone(), &remotes)
                .unwrap()
                .0,
            "f/l"
        );
        let (r, s) = resolve_repo(None, &env, conf.clone(), &remotes).unwrap();
        assert_eq!((r.as_str(), s.as_str()), ("act/ions", "GITHUB_REPOSITORY"));
        let (r, s) = resolve_repo(None, &no_env, conf, &remotes).unwrap();
        assert_eq!(r, "cfg/repo");
        assert!(s.contains("workspace config"), "{s}");
        let (r, s) = resolve_repo(None, &no_env, None, &remotes).unwrap();
        assert_eq!((r.as_str(), s.as_str()), ("rem/o", "git remote origin"));
    }

    #[test]
    fn token_source_names_the_variable_only() {
        let env = |k: &str| (k == "GITHUB_TOKEN").then(|| "ghs_secret".to_string());
        assert_eq!(token_source(&env), Some("GITHUB_TOKEN"));
        assert_eq!(token_source(&no_env), None);
    }
}
