//! dates: how sigillo writes and reads times — RFC 3339 on disk (manifest, journal, audit log),
//! `gg-mm-aaaa` for people.
//!
//! On disk a time is RFC 3339 with its offset, and reading is strict: a date that is not RFC 3339
//! is refused, never guessed (the manifest and the journal are untrusted input). The serde
//! helpers here are the only way those files spell a time.

use std::time::SystemTime;

use chrono::{DateTime, FixedOffset, Local, NaiveDate, SecondsFormat, Utc};

/// What the serde helpers say about a date that is not RFC 3339 (readers match on it).
pub const NOT_RFC3339: &str = "not an RFC 3339 date";

/// A file time in this PC's offset, to the second.
pub fn local(time: SystemTime) -> DateTime<FixedOffset> {
    let local = DateTime::<Local>::from(time);
    local.with_timezone(local.offset()).with_nanosecond_zero()
}

/// Now, in this PC's offset, to the second: the moment a record is written (a lock's holder,
/// a journal's start, an audit line), always the system's.
pub fn now_local() -> DateTime<FixedOffset> {
    Clock::system().now_local()
}

/// The one clock of a run: every "now" and "today" a step uses (vault and archive names, days
/// to expiry, certificates found expired, the vault's timestamp, a reminder's stamp) comes from
/// the plan's clock, built once for the run. So a test that names the day (`--today`, in test
/// builds only) sees every finding agree with it. [`Clock::system`] is the only place sigillo
/// asks the system what time it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Clock {
    now: DateTime<Utc>,
    today: NaiveDate,
    /// Stopped on a day a test named, not read from the system.
    stopped: bool,
}

impl Clock {
    /// The system's clock, read once: today is this PC's date.
    pub fn system() -> Clock {
        let now = SystemTime::now();
        Clock { now: DateTime::<Utc>::from(now), today: local(now).date_naive(), stopped: false }
    }

    /// The same clock for a new action of a long session (guided mode, the window): the
    /// system's is read again, so a vault sealed an hour after the menu opened says when it
    /// was sealed; a stopped one stays on its day.
    pub fn fresh(self) -> Clock {
        if self.stopped { self } else { Clock::system() }
    }

    /// A clock stopped on `today` at noon UTC (the same date in every office's time zone): what
    /// tests name with `--today`.
    pub fn on(today: NaiveDate) -> Clock {
        Clock {
            now: today.and_time(chrono::NaiveTime::MIN).and_utc() + chrono::Duration::hours(12),
            today,
            stopped: true,
        }
    }

    /// Now, in UTC: certificates' validity is compared with it.
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }

    /// Today, in this PC's calendar: names vaults and archives, counts days to expiry.
    pub fn today(&self) -> NaiveDate {
        self.today
    }

    /// Now, in this PC's offset, to the second.
    pub fn now_local(&self) -> DateTime<FixedOffset> {
        let local = self.now.with_timezone(&Local);
        local.with_timezone(local.offset()).with_nanosecond_zero()
    }
}

/// A day as the office writes it: `31-10-2029`.
pub fn day(date: NaiveDate) -> String {
    date.format("%d-%m-%Y").to_string()
}

/// A moment as the office reads it, in this PC's time: `31-10-2029 14:05`.
pub fn day_time<Tz: chrono::TimeZone>(time: &DateTime<Tz>) -> String {
    time.with_timezone(&Local).format("%d-%m-%Y %H:%M").to_string()
}

/// A file time as the office reads it.
pub fn file_time(time: SystemTime) -> String {
    day_time(&DateTime::<Local>::from(time))
}

trait NanosecondZero {
    fn with_nanosecond_zero(self) -> Self;
}

impl NanosecondZero for DateTime<FixedOffset> {
    fn with_nanosecond_zero(self) -> Self {
        use chrono::Timelike;
        self.with_nanosecond(0).unwrap_or(self)
    }
}

/// Serde for `DateTime<FixedOffset>` as strict RFC 3339 (`2026-11-22T10:00:00+01:00`).
pub mod rfc3339 {
    use super::*;
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(time: &DateTime<FixedOffset>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&time.to_rfc3339_opts(SecondsFormat::Secs, false))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<FixedOffset>, D::Error> {
        let text = String::deserialize(d)?;
        DateTime::parse_from_rfc3339(&text).map_err(|_| D::Error::custom(NOT_RFC3339))
    }
}

/// Serde for `Option<DateTime<FixedOffset>>` as strict RFC 3339 or `null`.
pub mod rfc3339_option {
    use super::*;
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(
        time: &Option<DateTime<FixedOffset>>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match time {
            Some(time) => super::rfc3339::serialize(time, s),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<DateTime<FixedOffset>>, D::Error> {
        match Option::<String>::deserialize(d)? {
            Some(text) => DateTime::parse_from_rfc3339(&text)
                .map(Some)
                .map_err(|_| D::Error::custom(NOT_RFC3339)),
            None => Ok(None),
        }
    }
}

/// Serde for `DateTime<Utc>` as strict RFC 3339 (`2029-10-31T23:59:59Z`).
pub mod rfc3339_utc {
    use super::*;
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(time: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&time.to_rfc3339_opts(SecondsFormat::Secs, true))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        let text = String::deserialize(d)?;
        DateTime::parse_from_rfc3339(&text)
            .map(|t| t.with_timezone(&Utc))
            .map_err(|_| D::Error::custom(NOT_RFC3339))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fresh_clock_reads_the_system_again_unless_stopped() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        assert_eq!(Clock::on(day).fresh(), Clock::on(day));
        let started = Clock::system();
        std::thread::sleep(std::time::Duration::from_millis(20));
        assert!(started.fresh().now() > started.now());
    }
    use serde::{Deserialize, Serialize};

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Stamped {
        #[serde(with = "rfc3339")]
        at: DateTime<FixedOffset>,
        #[serde(with = "rfc3339_option")]
        maybe: Option<DateTime<FixedOffset>>,
        #[serde(with = "rfc3339_utc")]
        utc: DateTime<Utc>,
    }

    #[test]
    fn times_round_trip_as_rfc3339_and_anything_else_is_refused() {
        let json =
            r#"{"at":"2026-11-22T10:00:00+01:00","maybe":null,"utc":"2029-10-31T23:59:59Z"}"#;
        let stamped: Stamped = serde_json::from_str(json).unwrap();
        assert_eq!(serde_json::to_string(&stamped).unwrap(), json);
        for bad in ["ieri", "31/10/2029", "2026-11-22T10:00:00", "2026-11-22"] {
            let json = format!(r#"{{"at":"{bad}","maybe":null,"utc":"2029-10-31T23:59:59Z"}}"#);
            assert!(serde_json::from_str::<Stamped>(&json).is_err(), "{bad}");
        }
    }

    #[test]
    fn days_are_written_the_italian_way() {
        assert_eq!(day("2029-10-31".parse().unwrap()), "31-10-2029");
    }
}
