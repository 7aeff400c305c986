//! Spawning: futures started as tasks, whose output an operation delivers (Asio's `co_spawn`).

mod cancellable;
mod co_spawn;
mod join_op;
mod task_output;

pub use co_spawn::co_spawn;
pub use join_op::JoinOp;
pub use task_output::TaskOutput;
