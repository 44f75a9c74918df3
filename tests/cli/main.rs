//! The integration tests: the real `sigillo` binary run in a fresh folder playing source PC,
//! USB stick and target PC (see `env`).

mod corpus;
mod env;
mod faults;
#[cfg(unix)]
mod guided;
mod install;
mod interop;
mod leaks;
mod malicious;
mod producers;
mod seal_verify;
mod snapshots;
mod status;
mod tarball;
