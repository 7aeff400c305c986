//! `ResolveFlags`: how names are resolved (Asio's `resolver_base::flags`).

use std::ops::{BitOr, BitOrAssign};

use crate::sys::resolve_flags as ai;

/// Flags that change how names are resolved (Asio's `resolver_base::flags`). Combine with `|`.
///
/// # Examples
///
/// ```
/// use jeton::net::{ResolveFlags, Resolver};
/// use jeton::IoContext;
///
/// let io = IoContext::new()?;
/// let resolver = Resolver::new(&io.executor());
/// let flags = ResolveFlags::NUMERIC_HOST | ResolveFlags::NUMERIC_SERVICE;
/// let results = resolver.resolve_with("::1", "443", flags)?;
/// assert_eq!(results.endpoints().next(), Some("[::1]:443".parse().unwrap()));
/// assert!(resolver.resolve_with("localhost", "443", flags).is_err());
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct ResolveFlags(i32);

impl ResolveFlags {
    /// No flags.
    pub const NONE: ResolveFlags = ResolveFlags(0);
    /// Endpoints for binding a listening socket: an empty host gives the unspecified
    /// address (`AI_PASSIVE`).
    pub const PASSIVE: ResolveFlags = ResolveFlags(ai::PASSIVE);
    /// Ask for the host's canonical name, reported as each entry's host name
    /// (`AI_CANONNAME`).
    pub const CANONICAL_NAME: ResolveFlags = ResolveFlags(ai::CANONICAL_NAME);
    /// The host must be a numeric address; no name lookup is made (`AI_NUMERICHOST`).
    pub const NUMERIC_HOST: ResolveFlags = ResolveFlags(ai::NUMERIC_HOST);
    /// The service must be a port number (`AI_NUMERICSERV`).
    pub const NUMERIC_SERVICE: ResolveFlags = ResolveFlags(ai::NUMERIC_SERVICE);
    /// With IPv6 queries, return IPv4-mapped addresses if there are no IPv6 ones
    /// (`AI_V4MAPPED`).
    pub const V4_MAPPED: ResolveFlags = ResolveFlags(ai::V4_MAPPED);
    /// With [`V4_MAPPED`](ResolveFlags::V4_MAPPED), return both IPv6 and IPv4-mapped
    /// addresses (`AI_ALL`).
    pub const ALL_MATCHING: ResolveFlags = ResolveFlags(ai::ALL_MATCHING);
    /// Return addresses of a family only if a non-loopback address of that family is
    /// configured (`AI_ADDRCONFIG`).
    pub const ADDRESS_CONFIGURED: ResolveFlags = ResolveFlags(ai::ADDRESS_CONFIGURED);

    /// Returns the `ai_flags` bits.
    pub(crate) fn bits(self) -> i32 {
        self.0
    }

    /// Returns whether every flag of `other` is set in `self`.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::net::ResolveFlags;
    /// let flags = ResolveFlags::PASSIVE | ResolveFlags::NUMERIC_SERVICE;
    /// assert!(flags.contains(ResolveFlags::PASSIVE));
    /// assert!(!flags.contains(ResolveFlags::PASSIVE | ResolveFlags::NUMERIC_HOST));
    /// ```
    pub fn contains(self, other: ResolveFlags) -> bool {
        self.0 & other.0 == other.0
    }
}

impl BitOr for ResolveFlags {
    type Output = ResolveFlags;
    fn bitor(self, rhs: ResolveFlags) -> ResolveFlags {
        ResolveFlags(self.0 | rhs.0)
    }
}

impl BitOrAssign for ResolveFlags {
    fn bitor_assign(&mut self, rhs: ResolveFlags) {
        self.0 |= rhs.0;
    }
}
