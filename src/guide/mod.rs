//! How do I ...? Short answers, each a page of its own with code that runs.
//!
//! | how do I ... | page |
//! |---|---|
//! | use jeton from tokio, smol or `futures::executor` | [`from_other_executors`] |
//! | run a server on several threads (one context, N threads; one context per core) | [`threads`] |
//! | add a timeout | [`timeouts`] |
//! | cancel an operation | [`cancel`] |
//! | shut down cleanly | [`shutdown`] |
//! | talk TLS (client, server, certificates, OpenSSL peers) | [`tls`] |
//! | serve or fetch HTTP with hyper | [`http_with_hyper`] |
//!
//! The pages are documentation only: this module has no items. To add a page, add a file
//! here holding only `//!` docs (one question per file), a `pub mod` line below, and a row
//! above. An example that needs a cargo feature is wrapped so that it compiles to nothing
//! without it (`# #[cfg(feature = "tls")]` on a hidden `fn main`), and `cargo test
//! --all-features` runs it.

pub mod cancel;
pub mod from_other_executors;
pub mod http_with_hyper;
pub mod shutdown;
pub mod threads;
pub mod timeouts;
pub mod tls;
