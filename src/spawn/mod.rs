//! Spawning: futures and functions started as tasks, whose output an operation delivers (Asio's
//! `co_spawn`, and `post`/`dispatch`/`defer` with a completion token).

mod cancellable;
mod co_spawn;
mod join_op;
mod submit;
mod task_output;

pub use co_spawn::co_spawn;
pub use join_op::JoinOp;
pub use submit::{defer, dispatch, post};
pub use task_output::TaskOutput;
