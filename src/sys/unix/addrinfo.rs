//! `getaddrinfo(3)`: name resolution.
//!
//! This stays hand-written: the `dns-lookup` crate (4.0.2) was tried in its place and gives
//! different results. It panics on a canonical name that is not UTF-8
//! (`to_str().unwrap()`; a Latin-1 name in `/etc/hosts` is enough), where this code converts
//! lossily; it turns every `EAI_*` error into `ErrorKind::Other`, so the mapping to `NotFound`,
//! `InvalidInput`, ... below would still be needed; and it refuses an empty host and service
//! before calling `getaddrinfo`, with yet another error. No other well-kept crate wraps
//! `getaddrinfo` with its flags.

use std::ffi::CStr;
use std::io;
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};

/// The `ai_flags` bits of `getaddrinfo(3)`, for the resolver's flags.
pub(crate) mod resolve_flags {
    pub(crate) const PASSIVE: i32 = libc::AI_PASSIVE;
    pub(crate) const CANONICAL_NAME: i32 = libc::AI_CANONNAME;
    pub(crate) const NUMERIC_HOST: i32 = libc::AI_NUMERICHOST;
    pub(crate) const NUMERIC_SERVICE: i32 = libc::AI_NUMERICSERV;
    pub(crate) const V4_MAPPED: i32 = libc::AI_V4MAPPED;
    pub(crate) const ALL_MATCHING: i32 = libc::AI_ALL;
    pub(crate) const ADDRESS_CONFIGURED: i32 = libc::AI_ADDRCONFIG;
}

/// Calls `getaddrinfo(3)` with the given hints (`flags` from [`resolve_flags`], the socket
/// type whose services are looked up) and returns the IP endpoints found, in order, and the
/// canonical name if one was asked for and given.
pub(crate) fn getaddrinfo(
    host: Option<&CStr>,
    service: Option<&CStr>,
    flags: i32,
    socktype: socket2::Type,
) -> io::Result<(Vec<SocketAddr>, Option<String>)> {
    // SAFETY: `addrinfo` is a plain C struct of integers and pointers; all zeroes (null
    // pointers) is the documented "no hint" value of every field.
    let mut hints: libc::addrinfo = unsafe { std::mem::zeroed() };
    hints.ai_flags = flags;
    hints.ai_family = libc::AF_UNSPEC;
    hints.ai_socktype = libc::c_int::from(socktype);
    let mut list: *mut libc::addrinfo = std::ptr::null_mut();
    // SAFETY: `host` and `service` are NUL-terminated strings or null, `hints` is initialised
    // and `list` is a valid out-pointer; all outlive the call.
    let rc = unsafe {
        libc::getaddrinfo(
            host.map_or(std::ptr::null(), CStr::as_ptr),
            service.map_or(std::ptr::null(), CStr::as_ptr),
            &hints,
            &mut list,
        )
    };
    if rc != 0 {
        return Err(gai_error(rc));
    }
    let mut endpoints = Vec::new();
    let mut canonical = None;
    let mut node = list;
    while !node.is_null() {
        // SAFETY: `node` is a non-null element of the list getaddrinfo returned, which stays
        // valid until freeaddrinfo below.
        let ai = unsafe { &*node };
        if canonical.is_none() && !ai.ai_canonname.is_null() {
            // SAFETY: a non-null `ai_canonname` is a NUL-terminated string owned by the list.
            let name = unsafe { CStr::from_ptr(ai.ai_canonname) };
            canonical = Some(name.to_string_lossy().into_owned());
        }
        let len = ai.ai_addrlen as usize;
        let addr = ai.ai_addr;
        let endpoint = match ai.ai_family {
            libc::AF_INET if len >= std::mem::size_of::<libc::sockaddr_in>() => {
                // SAFETY: for AF_INET, `ai_addr` points to a `sockaddr_in` of `len` bytes
                // (checked); read_unaligned makes no alignment assumption.
                let sa = unsafe { std::ptr::read_unaligned(addr.cast::<libc::sockaddr_in>()) };
                let ip = Ipv4Addr::from(u32::from_be(sa.sin_addr.s_addr));
                Some(SocketAddr::V4(SocketAddrV4::new(
                    ip,
                    u16::from_be(sa.sin_port),
                )))
            }
            libc::AF_INET6 if len >= std::mem::size_of::<libc::sockaddr_in6>() => {
                // SAFETY: as above, for AF_INET6 and `sockaddr_in6`.
                let sa = unsafe { std::ptr::read_unaligned(addr.cast::<libc::sockaddr_in6>()) };
                let ip = Ipv6Addr::from(sa.sin6_addr.s6_addr);
                let port = u16::from_be(sa.sin6_port);
                Some(SocketAddr::V6(SocketAddrV6::new(
                    ip,
                    port,
                    sa.sin6_flowinfo,
                    sa.sin6_scope_id,
                )))
            }
            _ => None,
        };
        endpoints.extend(endpoint);
        node = ai.ai_next;
    }
    // SAFETY: `list` came from a successful getaddrinfo and is freed exactly once; no
    // reference into it outlives this point (names and addresses were copied).
    unsafe { libc::freeaddrinfo(list) };
    Ok((endpoints, canonical))
}

/// Turns a `getaddrinfo` error code into an `io::Error`.
fn gai_error(code: libc::c_int) -> io::Error {
    use io::ErrorKind::*;
    if code == libc::EAI_SYSTEM {
        return io::Error::last_os_error();
    }
    let (kind, msg) = match code {
        libc::EAI_NONAME => (NotFound, "host not found"),
        libc::EAI_SERVICE => (NotFound, "service not found"),
        libc::EAI_AGAIN => (Other, "host not found (temporary failure, try again)"),
        libc::EAI_FAIL => (Other, "non-recoverable name resolution failure"),
        libc::EAI_FAMILY => (Unsupported, "address family not supported"),
        libc::EAI_SOCKTYPE => (Unsupported, "socket type not supported"),
        libc::EAI_BADFLAGS => (InvalidInput, "invalid resolver flags"),
        libc::EAI_MEMORY => (OutOfMemory, "out of memory"),
        _ => (Other, "name resolution failed"),
    };
    io::Error::new(kind, format!("{msg} (getaddrinfo error {code})"))
}
