//! What the two channel operations, `ChannelSend` and `ChannelReceive`, implement alike.

/// Implements `Operation` (completions run on the channel's executor) and `Debug` for the
/// channel operation `$name<T, E>`, whose fields `ex` and `key` hold the executor and its
/// waiting entry.
macro_rules! channel_operation {
    ($name:ident) => {
        impl<T: Send, E: $crate::executor::Execute> $crate::op::Operation for $name<T, E> {
            type Executor = E;
            fn executor(&self) -> E {
                self.ex.clone()
            }
        }

        impl<T, E: std::fmt::Debug> std::fmt::Debug for $name<T, E> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(stringify!($name))
                    .field("ex", &self.ex)
                    .field("waiting", &self.key.is_some())
                    .finish_non_exhaustive()
            }
        }
    };
}

pub(super) use channel_operation;
