//! The integration tests: the real `sigillo` binary run in a fresh folder playing source PC,
//! USB stick and target PC (see `env`).

mod clock;
mod corpus;
#[cfg(unix)]
mod edges;
mod env;
#[cfg(target_os = "linux")]
mod fat;
mod faults;
#[cfg(target_os = "linux")]
mod guard;
#[cfg(unix)]
mod guided;
mod hooks;
mod identity;
mod install;
mod interop;
mod json;
mod layout;
mod leaks;
mod malicious;
mod openssl_matrix;
mod producers;
mod safety;
mod seal_verify;
mod snapshots;
mod status;
mod tarball;
#[cfg(unix)]
mod terminal;
mod trust;
#[cfg(unix)]
mod writers;
