//! `SpawnOptions`: how a stackful coroutine is made (its stack size).

/// How [`spawn_with`](crate::spawn_with) makes a stackful coroutine.
///
/// # Examples
///
/// ```
/// use jeton::SpawnOptions;
///
/// let opts = SpawnOptions::new().stack_size(256 * 1024);
/// assert_eq!(opts.get_stack_size(), 256 * 1024);
/// assert_eq!(SpawnOptions::new().get_stack_size(), SpawnOptions::DEFAULT_STACK_SIZE);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SpawnOptions {
    stack_size: usize,
}

impl SpawnOptions {
    /// The stack size [`spawn`](crate::spawn) uses: 1 MiB of address space, of which only the
    /// pages the coroutine touches take memory.
    pub const DEFAULT_STACK_SIZE: usize = 1024 * 1024;

    /// The smallest stack size used: smaller requests get this much (a panic's unwinding and
    /// message formatting need some room).
    pub const MIN_STACK_SIZE: usize = 64 * 1024;

    /// Returns the default options: a stack of [`DEFAULT_STACK_SIZE`](Self::DEFAULT_STACK_SIZE).
    pub const fn new() -> SpawnOptions {
        SpawnOptions {
            stack_size: SpawnOptions::DEFAULT_STACK_SIZE,
        }
    }

    /// Sets the usable size of the coroutine's stack, in bytes (at least
    /// [`MIN_STACK_SIZE`](Self::MIN_STACK_SIZE); rounded up to whole pages, and one guard page
    /// is added below it).
    ///
    /// A coroutine that overflows its stack hits the guard page and the process dies of
    /// `SIGSEGV`, as it would for an overflow of a thread's stack without Rust's handler: no
    /// memory is silently overwritten.
    pub const fn stack_size(mut self, bytes: usize) -> SpawnOptions {
        self.stack_size = if bytes < SpawnOptions::MIN_STACK_SIZE {
            SpawnOptions::MIN_STACK_SIZE
        } else {
            bytes
        };
        self
    }

    /// Returns the stack size these options ask for.
    pub const fn get_stack_size(&self) -> usize {
        self.stack_size
    }
}

impl Default for SpawnOptions {
    fn default() -> SpawnOptions {
        SpawnOptions::new()
    }
}
