//! `.trinity/railway_farm.json`: which Railway farm account and service belong to which
//! issue. The format is trinity's (DESIGN.md, "Files under .trinity/"):
//!
//! ```json
//! {"accounts":[{"account_id":1,"alias":"primary","daily_creates":12,"active_services":26,
//!   "daily_reset_epoch":1773792000}],
//!  "agent_map":[{"issue":505,"account_id":2,"service_id":"...","deployment_id":"...",
//!   "session_id":"...","experience_file":"...","status":"ACTIVE"}]}
//! ```
//!
//! Rules (the file is shared with trinity, which writes fields and shapes tri does not use):
//! - every field tri does not know is kept, at every level (serde `flatten` maps);
//! - real files hold duplicate issues and non-numeric `"issue"` values: both are kept and
//!   reported as warnings ([`Farm::warnings`]), never an error;
//! - [`Farm::mapping_of`] is the one source of truth every sandbox operation reads;
//! - a file that cannot be parsed is an [`Error::Corrupt`](crate::error::Error::Corrupt) and is never overwritten.
//!
//! The model and its decisions are pure; [`load`], [`save`] and [`update`] are the I/O edge.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// `status` of a mapping whose service is live.
pub const STATUS_ACTIVE: &str = "ACTIVE";
/// `status` of a mapping whose service was destroyed.
pub const STATUS_STOPPED: &str = "STOPPED";
/// `status` of a mapping whose last deployment failed.
pub const STATUS_FAILED: &str = "FAILED";

/// Service creations allowed per account per UTC day when the account has no
/// `daily_limit` field. tri's own assumption (trinity's file records `daily_creates` but no
/// limit); set `daily_limit` on an account to change it.
pub const DEFAULT_DAILY_LIMIT: u64 = 25;

/// Seconds in a day: `daily_reset_epoch` plus this is when `daily_creates` resets.
pub const DAY_S: i64 = 86_400;

/// Largest farm account number (trinity: accounts 1..8, env suffixes `_2`..`_8`).
pub const MAX_ACCOUNT: u32 = 8;

/// The whole farm file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Farm {
    /// The farm accounts with their counters.
    #[serde(default)]
    pub accounts: Vec<Account>,
    /// One entry per issue (duplicates tolerated), in file order.
    #[serde(default, deserialize_with = "entries_reading_old_key")]
    pub agent_map: Vec<AgentEntry>,
    /// Top-level fields tri does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One farm account (`accounts[]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Account {
    /// 1..8; account 1 uses the plain variable names, 2..8 the suffixes `_2`..`_8`.
    pub account_id: u32,
    /// A human name, e.g. "primary".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alias: Option<String>,
    /// Services created since `daily_reset_epoch`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub daily_creates: Option<u64>,
    /// Services currently alive on the account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active_services: Option<u64>,
    /// Start (Unix epoch seconds, UTC midnight) of the day `daily_creates` counts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub daily_reset_epoch: Option<i64>,
    /// Creations allowed per day (default [`DEFAULT_DAILY_LIMIT`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub daily_limit: Option<u64>,
    /// Fields tri does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One `agent_map[]` entry.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AgentEntry {
    /// The issue: a number normally; anything else is kept as it is (see [`AgentEntry::issue_number`]).
    #[serde(default)]
    pub issue: Value,
    /// The repository `OWNER/NAME` whose issue it is. trinity's entries have none: they
    /// belong to the farm's repository ([`Key::owns_legacy`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repo: Option<String>,
    /// The farm account holding the service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_id: Option<u32>,
    /// The Railway service id. Written as `service_id` (trinity's key); an entry naming it
    /// only `railway_service_id` (the key of trinity's `issue_bindings.json` and of
    /// [`Mapping`]'s JSON) reads too ([`Farm`]'s `agent_map` moves it here).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_id: Option<String>,
    /// The Railway service name ([`crate::sandbox::naming::service_name`], or trinity's
    /// `agent-<issue>`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_name: Option<String>,
    /// The latest deployment id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deployment_id: Option<String>,
    /// The tri link session that owns the sandbox.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_id: Option<String>,
    /// The experience file of the latest sandbox event, relative to `.trinity/`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub experience_file: Option<String>,
    /// ACTIVE, STOPPED or FAILED ([`STATUS_ACTIVE`], ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// The lifecycle state tri last recorded (`sandbox::machine::SandboxState` names).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sandbox_state: Option<String>,
    /// When the service was created (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// When tri last changed the entry (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    /// Fields tri does not know.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl AgentEntry {
    /// The issue number: a JSON number, or a string of digits (`"505"`, `"#505"`);
    /// `None` for anything else (such entries are kept but never matched).
    pub fn issue_number(&self) -> Option<u64> {
        match &self.issue {
            Value::Number(n) => n.as_u64(),
            Value::String(s) => {
                let t = s.trim();
                let t = t.strip_prefix('#').unwrap_or(t);
                t.parse().ok()
            }
            _ => None,
        }
    }

    /// Whether the entry's status is ACTIVE (a missing status with a service counts as
    /// active: trinity's oldest entries have none).
    pub fn is_active(&self) -> bool {
        match self.status.as_deref() {
            Some(s) => s.eq_ignore_ascii_case(STATUS_ACTIVE),
            None => self.service_id.is_some(),
        }
    }
}

/// Whose sandbox: a repository's issue. Two things name no repository, and each has its
/// own owner:
/// - farm entries with no `repo` (trinity's, in this checkout's own farm file) belong to the
///   farm repository, configured or else the checkout's ([`Key::owns_legacy`]);
/// - Railway services named `agent-<N>` that record no `TRI_REPO` belong only to the farm
///   repository *configured explicitly* ([`Key::owns_bare`]): one Railway project serves
///   many repositories, and a default would let every one of them claim such a service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Key {
    /// `OWNER/NAME`.
    pub repo: String,
    /// The issue number.
    pub issue: u64,
    /// Whether `repo` is the farm's repository, configured or defaulted to the checkout's
    /// (which owns the farm file's entries that name no repository).
    #[serde(skip)]
    pub owns_legacy: bool,
    /// Whether `repo` is the farm repository configured explicitly (`TRI_FARM_REPO`, config
    /// `farm_repo`), which alone owns Railway's `agent-<N>` services without `TRI_REPO`
    /// ([`crate::sandbox::naming::belongs`]). Never set by a default.
    #[serde(skip)]
    pub owns_bare: bool,
}

impl Key {
    /// The key of `repo`'s issue `issue`, given the farm's repository `farm_repo` (if known:
    /// configured, or defaulted to the checkout's). It owns no bare Railway `agent-<N>`
    /// service until [`Key::with_configured_farm`] says `repo` is the configured farm's.
    pub fn new(repo: &str, issue: u64, farm_repo: Option<&str>) -> Key {
        Key {
            repo: repo.to_string(),
            issue,
            owns_legacy: farm_repo.is_some_and(|f| f.eq_ignore_ascii_case(repo)),
            owns_bare: false,
        }
    }

    /// This key, owning Railway's `agent-<N>` services that record no `TRI_REPO` exactly
    /// when `configured` — the farm repository set explicitly (`TRI_FARM_REPO`, config
    /// `farm_repo`; `None` when neither is set) — is its repository (case-insensitive).
    pub fn with_configured_farm(mut self, configured: Option<&str>) -> Key {
        self.owns_bare = owns_bare(&self.repo, configured);
        self
    }

    /// Whether entry `e` is this key's: same issue, and its `repo` equal (case-insensitive)
    /// or absent while this key owns trinity's entries.
    pub fn matches(&self, e: &AgentEntry) -> bool {
        e.issue_number() == Some(self.issue)
            && match &e.repo {
                Some(r) => r.eq_ignore_ascii_case(&self.repo),
                None => self.owns_legacy,
            }
    }

    /// The service name tri gives this sandbox.
    pub fn service_name(&self) -> String {
        crate::sandbox::naming::service_name(&self.repo, self.issue)
    }
}

/// Whether `repo` owns Railway's trinity `agent-<N>` services that record no `TRI_REPO`:
/// only when it is `configured`, the farm repository set explicitly (`TRI_FARM_REPO`, config
/// `farm_repo`; `None` when neither is set), compared without case. Pure.
pub fn owns_bare(repo: &str, configured: Option<&str>) -> bool {
    configured.is_some_and(|f| f.trim().eq_ignore_ascii_case(repo.trim()))
}

impl std::fmt::Display for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.repo.is_empty() {
            write!(f, "issue {}", self.issue)
        } else {
            write!(f, "{}#{}", self.repo, self.issue)
        }
    }
}

/// What every sandbox operation knows about an issue's sandbox ([`Farm::mapping_of`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mapping {
    /// The issue.
    pub issue: u64,
    /// The repository whose issue it is (`None`: trinity's entry, the farm's repository).
    pub repo: Option<String>,
    /// Index of the entry in `agent_map` (the one operations change).
    pub index: usize,
    /// The farm account.
    pub account_id: Option<u32>,
    /// The tri link session.
    pub session_id: Option<String>,
    /// The Railway service id. In JSON also under `railway_service_id`, its earlier key, kept
    /// for scripts (deprecated: docs/JSON.md).
    #[serde(flatten, serialize_with = "service_id_and_old_key")]
    pub service_id: Option<String>,
    /// The Railway service name.
    pub service_name: Option<String>,
    /// The latest deployment id.
    pub deployment_id: Option<String>,
    /// The experience file of the latest sandbox event.
    pub experience_file: Option<String>,
    /// ACTIVE, STOPPED, FAILED (or whatever the file says).
    pub status: Option<String>,
    /// The lifecycle state tri last recorded.
    pub sandbox_state: Option<String>,
    /// How many entries the file holds for this issue (more than 1: duplicates).
    pub entries: usize,
}

/// The entries of `agent_map`, each naming its service under `service_id` or, failing that,
/// `railway_service_id`, the old key (moved to `service_id`, so it is written back under
/// the documented key). Not a serde `alias`: an entry holding both keys would then be a
/// duplicate field and the whole file unreadable; here `service_id` wins and the other
/// stays as an unknown field.
fn entries_reading_old_key<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Vec<AgentEntry>, D::Error> {
    let mut entries = Vec::<AgentEntry>::deserialize(d)?;
    for e in entries.iter_mut().filter(|e| e.service_id.is_none()) {
        if let Some(Value::String(id)) = e.extra.get("railway_service_id") {
            e.service_id = Some(id.clone());
            e.extra.remove("railway_service_id");
        }
    }
    Ok(entries)
}

/// Writes a [`Mapping`]'s service id under `service_id` and under its deprecated key
/// `railway_service_id` (scripts written before the rename read it).
fn service_id_and_old_key<S: serde::Serializer>(
    id: &Option<String>,
    s: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut m = s.serialize_map(Some(2))?;
    m.serialize_entry("service_id", id)?;
    m.serialize_entry("railway_service_id", id)?;
    m.end()
}

impl Farm {
    /// Indices of the entries of `key`, in file order.
    pub fn entries_of(&self, key: &Key) -> Vec<usize> {
        self.agent_map
            .iter()
            .enumerate()
            .filter(|(_, e)| key.matches(e))
            .map(|(i, _)| i)
            .collect()
    }

    /// The entry that speaks for `key` among duplicates: the last ACTIVE one, else the last.
    pub fn index_of(&self, key: &Key) -> Option<usize> {
        let idx = self.entries_of(key);
        idx.iter()
            .rev()
            .copied()
            .find(|&i| self.agent_map[i].is_active())
            .or_else(|| idx.last().copied())
    }

    /// The mapping of `key`: the single source of truth of every sandbox operation.
    pub fn mapping_of(&self, key: &Key) -> Option<Mapping> {
        let index = self.index_of(key)?;
        Some(self.mapping_at(index, key.issue, self.entries_of(key).len()))
    }

    /// Appends a new entry for `key` (issue as a number, `repo` set); returns its index.
    pub fn push_key(&mut self, key: &Key) -> usize {
        let i = self.push_entry(key.issue);
        self.agent_map[i].repo = Some(key.repo.clone());
        i
    }

    /// The entry of `key` to change ([`Farm::index_of`]), or a new one.
    pub fn entry_of_mut(&mut self, key: &Key) -> &mut AgentEntry {
        let i = match self.index_of(key) {
            Some(i) => i,
            None => self.push_key(key),
        };
        &mut self.agent_map[i]
    }

    /// Removes every entry of `key`; returns how many were removed.
    pub fn remove_key(&mut self, key: &Key) -> usize {
        let before = self.agent_map.len();
        self.agent_map.retain(|e| !key.matches(e));
        before - self.agent_map.len()
    }

    fn mapping_at(&self, index: usize, issue: u64, entries: usize) -> Mapping {
        let e = &self.agent_map[index];
        Mapping {
            issue,
            repo: e.repo.clone(),
            index,
            account_id: e.account_id,
            session_id: e.session_id.clone(),
            service_id: e.service_id.clone(),
            service_name: e.service_name.clone(),
            deployment_id: e.deployment_id.clone(),
            experience_file: e.experience_file.clone(),
            status: e.status.clone(),
            sandbox_state: e.sandbox_state.clone(),
            entries,
        }
    }

    /// Appends a new entry for `issue` (a number); returns its index.
    pub fn push_entry(&mut self, issue: u64) -> usize {
        self.agent_map.push(AgentEntry {
            issue: Value::from(issue),
            ..AgentEntry::default()
        });
        self.agent_map.len() - 1
    }

    /// The account with `id`, added with no counters when it is not listed.
    pub fn account_entry(&mut self, id: u32) -> &mut Account {
        if let Some(i) = self.accounts.iter().position(|a| a.account_id == id) {
            return &mut self.accounts[i];
        }
        self.accounts.push(Account::new(id));
        self.accounts.last_mut().expect("just pushed")
    }

    /// What is odd about the file, one line each: duplicate issues and entries whose
    /// `issue` is not a number. Kept as they are; these are only reported.
    pub fn warnings(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut seen: std::collections::BTreeMap<(Option<String>, u64), usize> = Default::default();
        for (i, e) in self.agent_map.iter().enumerate() {
            match e.issue_number() {
                Some(n) => {
                    *seen
                        .entry((e.repo.as_ref().map(|r| r.to_ascii_lowercase()), n))
                        .or_default() += 1;
                    if !e.issue.is_number() {
                        out.push(format!(
                            "agent_map[{i}]: issue {} is a string; read as {n}",
                            e.issue
                        ));
                    }
                }
                None => out.push(format!(
                    "agent_map[{i}]: issue {} is not an issue number; kept, never matched",
                    e.issue
                )),
            }
        }
        for ((repo, n), count) in seen {
            if count > 1 {
                let key = Key {
                    repo: repo.clone().unwrap_or_default(),
                    issue: n,
                    owns_legacy: repo.is_none(),
                    owns_bare: false,
                };
                let picked = self.index_of(&key).unwrap_or(0);
                let whose = repo
                    .map(|r| format!("{r}#{n}"))
                    .unwrap_or(format!("issue {n}"));
                out.push(format!(
                    "{whose} has {count} entries in agent_map; tri uses agent_map[{picked}] (the last ACTIVE, else the last)"
                ));
            }
        }
        out
    }
}

mod accounts;
pub mod import;
mod store;
pub mod sync;

pub use accounts::{choose_account, NoAccount};
pub use import::{apply_import, ImportReport};
pub use store::{load, parse, read, save, update, CORRUPT_HINT};
pub use sync::{apply_sync, SyncReport, SyncRow};

/// Marks entry `e` as gone on Railway: status STOPPED, `sandbox_state` destroyed, and
/// `gone_at` (now) — kept, never silently dropped.
pub fn mark_gone(e: &mut AgentEntry) {
    e.status = Some(STATUS_STOPPED.into());
    e.sandbox_state = Some("destroyed".into());
    e.extra
        .insert("gone_at".into(), Value::String(now_rfc3339()));
    e.updated_at = Some(now_rfc3339());
}

/// Now as an RFC 3339 string with milliseconds (the time format of entries tri writes).
pub fn now_rfc3339() -> String {
    crate::event::now_ms().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn farm(v: Value) -> Farm {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn service_id_reads_under_its_old_key_and_is_written_as_service_id() {
        let f = farm(json!({"agent_map":[{"issue":5,"railway_service_id":"a"}]}));
        assert_eq!(f.agent_map[0].service_id.as_deref(), Some("a"));
        let back = serde_json::to_value(&f).unwrap();
        assert_eq!(back["agent_map"][0], json!({"issue":5,"service_id":"a"}));
        // The mapping's JSON names it under both keys (the old one deprecated).
        let m = f
            .mapping_of(&Key::new("acme/w", 5, Some("acme/w")))
            .unwrap();
        let v = serde_json::to_value(&m).unwrap();
        assert_eq!(
            (&v["service_id"], &v["railway_service_id"]),
            (&json!("a"), &json!("a"))
        );
        assert_eq!(v["entries"], 1);
    }

    #[test]
    fn an_entry_with_both_service_id_keys_still_reads() {
        let f: Result<Farm, _> = serde_json::from_value(
            json!({"agent_map":[{"issue":5,"service_id":"a","railway_service_id":"b"}]}),
        );
        let f = f.expect("both keys");
        assert_eq!(f.agent_map[0].service_id.as_deref(), Some("a"));
        assert_eq!(f.agent_map[0].extra["railway_service_id"], "b");
    }

    #[test]
    fn duplicates_pick_last_active_and_warn() {
        let f = farm(json!({"agent_map":[
            {"issue":5,"service_id":"a","status":"ACTIVE"},
            {"issue":5,"service_id":"b","status":"STOPPED"},
            {"issue":"x"},
            {"issue":"6","service_id":"c"}
        ]}));
        // Entries that name no repository belong to the farm's repository.
        let key = |n| Key::new("acme/widgets", n, Some("acme/widgets"));
        assert_eq!(
            f.mapping_of(&key(5)).unwrap().service_id.as_deref(),
            Some("a")
        );
        assert_eq!(f.mapping_of(&key(5)).unwrap().entries, 2);
        assert_eq!(
            f.mapping_of(&key(6)).unwrap().service_id.as_deref(),
            Some("c")
        );
        assert!(f
            .mapping_of(&Key::new("acme/other", 5, Some("acme/widgets")))
            .is_none());
        let w = f.warnings();
        assert_eq!(w.len(), 3, "{w:?}");
        assert!(w.iter().any(|l| l.contains("issue 5 has 2 entries")));
    }

    #[test]
    fn only_the_configured_farm_repository_owns_bare_services() {
        // Defaulted to the checkout's: it owns the farm file's entries, no bare service.
        let k = Key::new("acme/widgets", 7, Some("acme/widgets"));
        assert!(k.owns_legacy && !k.owns_bare);
        let k = k.with_configured_farm(Some("ACME/Widgets"));
        assert!(k.owns_legacy && k.owns_bare);
        let k =
            Key::new("acme/widgets", 7, Some("acme/farm")).with_configured_farm(Some("acme/farm"));
        assert!(!k.owns_legacy && !k.owns_bare);
        assert!(!owns_bare("acme/widgets", None));
    }

    #[test]
    fn choose_account_prefers_room_and_credentials() {
        let f = farm(json!({"accounts":[
            {"account_id":1,"active_services":26,"daily_creates":3,"daily_reset_epoch":1000},
            {"account_id":2,"active_services":4,"daily_creates":25,"daily_reset_epoch":1000},
            {"account_id":3,"active_services":9},
            {"account_id":4,"active_services":1}
        ]}));
        let creds = |id: u32| id != 4;
        // Account 2 is at its daily limit on day 1 → account 3.
        assert_eq!(choose_account(&f, &creds, 1000 + 10), Ok(3));
        // The next day account 2 has room again and the fewest services.
        assert_eq!(choose_account(&f, &creds, 1000 + DAY_S), Ok(2));
        assert_eq!(
            choose_account(&f, &|_| false, 0),
            Err(NoAccount::NoCredentials)
        );
        assert_eq!(choose_account(&Farm::default(), &|id| id == 1, 0), Ok(1));
    }

    #[test]
    fn counters_reset_daily() {
        let mut a = Account::new(1);
        a.daily_creates = Some(7);
        a.daily_reset_epoch = Some(0);
        a.count_create(DAY_S + 5);
        assert_eq!(a.daily_creates, Some(1));
        assert_eq!(a.daily_reset_epoch, Some(DAY_S));
        assert_eq!(a.active_services, Some(1));
        a.count_create(DAY_S + 6);
        assert_eq!(a.daily_creates, Some(2));
        a.count_destroy();
        a.count_destroy();
        a.count_destroy();
        assert_eq!(a.active_services, Some(0));
    }
}
