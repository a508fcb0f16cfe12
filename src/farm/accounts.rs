//! Farm accounts: their daily creation counters and the choice of the account for a new
//! service. Pure.

use super::{Account, Farm, DAY_S, DEFAULT_DAILY_LIMIT};
use serde_json::Map;

impl Account {
    /// An account with no counters.
    pub fn new(id: u32) -> Account {
        Account {
            account_id: id,
            alias: None,
            daily_creates: None,
            active_services: None,
            daily_reset_epoch: None,
            daily_limit: None,
            extra: Map::new(),
        }
    }

    /// Creations counted for the day containing `now_s` (0 once the day of
    /// `daily_reset_epoch` is over).
    pub fn creates_today(&self, now_s: i64) -> u64 {
        match self.daily_reset_epoch {
            Some(r) if now_s >= r + DAY_S => 0,
            _ => self.daily_creates.unwrap_or(0),
        }
    }

    /// The daily creation limit.
    pub fn limit(&self) -> u64 {
        self.daily_limit.unwrap_or(DEFAULT_DAILY_LIMIT)
    }

    /// Records one service creation at `now_s`: resets the day when it is over (to the UTC
    /// midnight of `now_s`), then counts the creation and the active service.
    pub fn count_create(&mut self, now_s: i64) {
        let today = self.creates_today(now_s);
        if self.daily_reset_epoch.is_none_or(|r| now_s >= r + DAY_S) {
            self.daily_reset_epoch = Some(now_s - now_s.rem_euclid(DAY_S));
        }
        self.daily_creates = Some(today + 1);
        self.active_services = Some(self.active_services.unwrap_or(0) + 1);
    }

    /// Records one service deletion (never below 0).
    pub fn count_destroy(&mut self) {
        self.active_services = Some(self.active_services.unwrap_or(0).saturating_sub(1));
    }
}

/// Why no account can take a new service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoAccount {
    /// No listed account (nor account 1) has credentials in the environment.
    NoCredentials,
    /// Every account with credentials reached its daily limit: (account, creates, limit).
    DailyLimit(Vec<(u32, u64, u64)>),
}

/// Chooses the account for a new service: among accounts with credentials
/// (`has_credentials(id)`), those under their daily limit at `now_s`, the one with the
/// fewest active services (ties: the lowest id). With no accounts listed, account 1 stands
/// in when it has credentials. Pure.
pub fn choose_account(
    farm: &Farm,
    has_credentials: &dyn Fn(u32) -> bool,
    now_s: i64,
) -> std::result::Result<u32, NoAccount> {
    let implicit;
    let accounts: &[Account] = if farm.accounts.is_empty() {
        implicit = [Account::new(1)];
        &implicit
    } else {
        &farm.accounts
    };
    let with_creds: Vec<&Account> = accounts
        .iter()
        .filter(|a| has_credentials(a.account_id))
        .collect();
    if with_creds.is_empty() {
        return Err(NoAccount::NoCredentials);
    }
    with_creds
        .iter()
        .filter(|a| a.creates_today(now_s) < a.limit())
        .min_by_key(|a| (a.active_services.unwrap_or(0), a.account_id))
        .map(|a| a.account_id)
        .ok_or_else(|| {
            NoAccount::DailyLimit(
                with_creds
                    .iter()
                    .map(|a| (a.account_id, a.creates_today(now_s), a.limit()))
                    .collect(),
            )
        })
}
