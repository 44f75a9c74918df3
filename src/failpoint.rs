//! failpoint: test-only crash and fault points, compiled in only by the `failpoints` feature in a
//! debug build.
//!
//! `cargo test` turns the feature on (the package's dev-dependency on itself asks for it), so the
//! integration tests can stop a real run dead at a named point (`SIGILLO_FAILPOINT=after-archive`)
//! or inject a fault. A release build never has them: with `debug_assertions` off every function
//! here is a constant, whatever features are on.

/// The environment variable naming the active point (read only when compiled in).
pub const VARIABLE: &str = "SIGILLO_FAILPOINT";

/// True when the failpoints are compiled into this build.
pub const COMPILED: bool = cfg!(all(feature = "failpoints", debug_assertions));

/// Stops the process dead (no destructors, no cleanup) when `name` is the active point.
pub fn crash(name: &str) {
    if hit(name) {
        std::process::abort();
    }
}

/// True when `name` is the active point.
pub fn hit(name: &str) -> bool {
    #[cfg(all(feature = "failpoints", debug_assertions))]
    {
        std::env::var_os(VARIABLE).is_some_and(|v| v == name)
    }
    #[cfg(not(all(feature = "failpoints", debug_assertions)))]
    {
        let _ = name;
        false
    }
}

/// The environment variable that makes reads of one file fail as if another program held it open
/// without sharing (Windows' sharing violation, [`crate::platform::HeldOpen`]): `UTEF.P12:3`
/// fails the first three reads of `UTEF.P12` (any case) in this process, `UTEF.P12:*` every one.
/// Read only when compiled in.
pub const HELD_OPEN: &str = "SIGILLO_HELD_OPEN";

/// Whether this read of the file `name` is to fail as held open ([`HELD_OPEN`]); each call that
/// answers yes counts as one failed read.
pub fn held_open(name: &str) -> bool {
    #[cfg(all(feature = "failpoints", debug_assertions))]
    {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static FAILED: AtomicUsize = AtomicUsize::new(0);
        let Ok(spec) = std::env::var(HELD_OPEN) else { return false };
        let Some((file, count)) = spec.rsplit_once(':') else { return false };
        if !file.eq_ignore_ascii_case(name) {
            return false;
        }
        let count = count.parse::<usize>().unwrap_or(usize::MAX);
        FAILED.fetch_add(1, Ordering::Relaxed) < count
    }
    #[cfg(not(all(feature = "failpoints", debug_assertions)))]
    {
        let _ = name;
        false
    }
}

/// The environment variable that slows every rename in a key folder or archive by that many
/// milliseconds (read only when compiled in): the race tests widen the window between two runs.
pub const SLOW_RENAMES: &str = "SIGILLO_SLOW_RENAMES_MS";

/// Sleeps before a rename when [`SLOW_RENAMES`] asks for it.
pub fn slow_rename() {
    #[cfg(all(feature = "failpoints", debug_assertions))]
    {
        if let Some(ms) = std::env::var(SLOW_RENAMES).ok().and_then(|v| v.parse::<u64>().ok()) {
            std::thread::sleep(std::time::Duration::from_millis(ms));
        }
    }
}
