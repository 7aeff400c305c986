//! `Interest`: what a blocking-mode wait waits for on one descriptor.

/// Readiness interest for one descriptor in a blocking-mode wait.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Interest {
    Read,
    Write,
}
