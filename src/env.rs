//! The process environment as tri's pure functions read it, and the one parser for the
//! numeric settings tri takes from it. A leaf module: it imports nothing of tri but
//! [`crate::error`].
//!
//! Functions that read settings take an [`Env`] (one variable by name) instead of reading
//! `std::env` themselves, so tests pass a table and run in parallel; the binary passes
//! [`process_env`].

use crate::error::{Error, Result};

/// Reads one environment variable by name: `Some(value)`, or `None` when it is unset.
/// Readers treat an empty value as unset (as [`process_env`] does), so a function that takes
/// an `Env` never sees `Some("")` from the process.
///
/// Take it as `env: &Env`. The lifetime parameter lets a closure that borrows (a test's
/// table) be passed: without it the alias would mean `dyn Fn(..) + 'static`.
pub type Env<'a> = dyn Fn(&str) -> Option<String> + 'a;

/// An owned [`Env`], for structs that keep the environment (e.g. a command's context).
pub type EnvReader = Box<Env<'static>>;

/// The environment of this process as an [`Env`]: the variable's value, or `None` when it
/// is unset, empty, or not valid Unicode.
pub fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// The unit a duration variable is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Milliseconds (variables named `*_MS`).
    Ms,
    /// Seconds (variables named `*_S`).
    S,
}

impl Unit {
    /// Milliseconds in one of this unit.
    pub const fn ms(self) -> u64 {
        match self {
            Unit::Ms => 1,
            Unit::S => 1000,
        }
    }

    fn word(self) -> &'static str {
        match self {
            Unit::Ms => "ms",
            Unit::S => "seconds",
        }
    }
}

/// A duration read from one environment variable: a decimal number (fractions allowed,
/// e.g. `2.5`) in [`unit`](DurationVar::unit), surrounding spaces ignored. This is tri's one
/// parser for numeric settings; declare each setting as a constant next to the code that
/// uses it (e.g. `net::CONNECT_TIMEOUT`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DurationVar {
    /// The variable, e.g. `TRI_HTTP_TIMEOUT_S`.
    pub name: &'static str,
    /// The unit its value is written in.
    pub unit: Unit,
    /// The duration when the variable is unset, ms.
    pub default_ms: u64,
    /// Whether 0 is refused (a time-out of 0 would fail every request). A positive value
    /// below 1 ms then counts as 1 ms.
    pub positive: bool,
}

impl DurationVar {
    /// The duration in ms (rounded to the nearest ms): [`default_ms`](DurationVar::default_ms)
    /// when `env` has no value for the variable. Pure.
    ///
    /// Errors: [`Error::Usage`] naming the variable and its value when the value is not a
    /// finite number, is negative, or is 0 for a `positive` setting, e.g.
    /// ``TRI_HTTP_TIMEOUT_S=`-3` is not a positive number of seconds; use e.g. 30 (the default)``.
    pub fn read(&self, env: &Env) -> Result<u64> {
        match env(self.name) {
            None => Ok(self.default_ms),
            Some(v) => self.parse(&v),
        }
    }

    /// [`read`](DurationVar::read) for a value already in hand. Pure.
    ///
    /// Errors: as [`read`](DurationVar::read).
    pub fn parse(&self, value: &str) -> Result<u64> {
        let x = value
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite() && if self.positive { *x > 0.0 } else { *x >= 0.0 });
        let Some(x) = x else {
            return Err(Error::Usage(format!(
                "{}=`{value}` is not a {} number of {}; use e.g. {} (the default)",
                self.name,
                if self.positive {
                    "positive"
                } else {
                    "non-negative"
                },
                self.unit.word(),
                self.default_in_unit(),
            )));
        };
        let ms = (x * self.unit.ms() as f64).round();
        // `as` saturates: a huge value becomes u64::MAX ms, which callers treat as "never".
        let ms = ms as u64;
        Ok(if self.positive { ms.max(1) } else { ms })
    }

    fn default_in_unit(&self) -> String {
        let per = self.unit.ms();
        if self.default_ms.is_multiple_of(per) {
            (self.default_ms / per).to_string()
        } else {
            format!("{}", self.default_ms as f64 / per as f64)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TIMEOUT: DurationVar = DurationVar {
        name: "TRI_HTTP_TIMEOUT_S",
        unit: Unit::S,
        default_ms: 30_000,
        positive: true,
    };
    const INTERVAL: DurationVar = DurationVar {
        name: "TRI_PUBLISH_INTERVAL_MS",
        unit: Unit::Ms,
        default_ms: 1_000,
        positive: false,
    };

    fn one(name: &'static str, value: &'static str) -> impl Fn(&str) -> Option<String> {
        move |k: &str| (k == name).then(|| value.to_string())
    }

    #[test]
    fn unset_gives_the_default() {
        assert_eq!(TIMEOUT.read(&|_: &str| None).unwrap(), 30_000);
        assert_eq!(INTERVAL.read(&one("OTHER", "5")).unwrap(), 1_000);
    }

    #[test]
    fn values_scale_to_ms() {
        assert_eq!(TIMEOUT.read(&one(TIMEOUT.name, " 2.5 ")).unwrap(), 2_500);
        assert_eq!(TIMEOUT.read(&one(TIMEOUT.name, "0.0001")).unwrap(), 1);
        assert_eq!(INTERVAL.read(&one(INTERVAL.name, "0")).unwrap(), 0);
        assert_eq!(INTERVAL.read(&one(INTERVAL.name, "250")).unwrap(), 250);
        assert_eq!(INTERVAL.read(&one(INTERVAL.name, "1.6")).unwrap(), 2);
    }

    #[test]
    fn bad_values_name_the_variable_and_value() {
        let e = TIMEOUT.read(&one(TIMEOUT.name, "-3")).unwrap_err();
        assert!(matches!(e, Error::Usage(_)));
        assert_eq!(
            e.to_string(),
            "TRI_HTTP_TIMEOUT_S=`-3` is not a positive number of seconds; use e.g. 30 (the default)"
        );
        for bad in ["0", "soon", "NaN", "inf", ""] {
            assert!(TIMEOUT.parse(bad).is_err(), "{bad}");
        }
        let e = INTERVAL.parse("-1").unwrap_err().to_string();
        assert_eq!(
            e,
            "TRI_PUBLISH_INTERVAL_MS=`-1` is not a non-negative number of ms; use e.g. 1000 (the default)"
        );
    }

    #[test]
    fn process_env_treats_empty_as_unset() {
        // PATH is set in every environment tests run in; a name nobody sets is not.
        assert!(process_env("PATH").is_some());
        assert_eq!(process_env("TRI_TEST_SURELY_UNSET_VARIABLE"), None);
    }
}
