//! The one place that chooses the crypto provider of jeton's TLS: rustls with *ring*.
//!
//! *ring* builds with a C compiler alone (its few C and assembly files come with the crate);
//! aws-lc-rs, rustls' default, builds AWS-LC with CMake and, on some targets, NASM, and takes
//! several times longer to compile. Every rustls configuration jeton makes is built with this
//! provider explicitly (`builder_with_provider`), so jeton never depends on, nor installs, a
//! process-wide default provider, and works beside a program that chose another one.

use std::sync::{Arc, OnceLock};

use rustls::crypto::CryptoProvider;

/// Returns the crypto provider of every configuration jeton builds.
pub(crate) fn provider() -> Arc<CryptoProvider> {
    static PROVIDER: OnceLock<Arc<CryptoProvider>> = OnceLock::new();
    PROVIDER
        .get_or_init(|| Arc::new(rustls::crypto::ring::default_provider()))
        .clone()
}
