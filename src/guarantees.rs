//! Lists the behavioural guarantees G1–G14 that jeton keeps, each with the Asio text it comes
//! from.
//!
//! # How to read this page
//!
//! Each guarantee is a promise you can rely on, numbered so that docs and comments can cite
//! it: `[G2](crate::guarantees#g2)` links to its heading. It is stated in jeton's names; below
//! it, **Asio** names where Asio documents the same behaviour (paths in Asio's repository:
//! a header with no directory, such as `io_context.hpp`, is in `include/asio/`; docs are in
//! `src/doc/`), and **Tests** names the jeton tests that show it (files in the repository's
//! `tests/` folder). A *handler* is a closure passed as completion token; with
//! [`UseFuture`](crate::UseFuture) the task that awaits the future plays its part, with
//! [`Blocking`](crate::Blocking) the calling thread. *Aborted* means an error for which
//! [`error::is_aborted`](crate::error::is_aborted) is true (Asio's `operation_aborted`).
//! Notes refine a guarantee with a decision jeton made where Asio and Rust differ.
//!
//! # Handlers and the run loop
//!
//! ## G1
//!
//! **Handlers run only inside the context's run calls.** A closure handler runs only on a
//! thread that is currently inside [`run`](crate::IoContext::run), `run_one`, `run_for`,
//! `run_until`, `run_one_until`, [`poll`](crate::IoContext::poll) or `poll_one` of its
//! [`IoContext`](crate::IoContext) (or [`block_on`](crate::IoContext::block_on), which runs
//! the context while it waits). A handler bound to another executor with
//! [`bind_executor`](crate::bind_executor) runs where that executor runs it: on a thread
//! running the other context, inside a [`Strand`](crate::Strand), on a
//! [`ThreadPool`](crate::ThreadPool)'s threads.
//!
//! *Note: cooperative budget and fairness.* An operation that completes at once inside a task
//! or a chain of closures does not let that task run forever: after a bounded number of
//! immediate completions the task yields to the queue. On a context run by one thread, a
//! posted handler, a due timer and a ready socket all get their turn. (Asio gets this by
//! posting every immediate completion; tokio has a cooperative budget.)
//!
//! - **Asio:** `io_context.hpp` ("Handlers are invoked only by a thread that is currently
//!   calling any overload of run(), run_one(), run_for(), run_until(), poll() or poll_one() for
//!   the io_context"); `src/doc/overview/threads.qbk`; fairness: `detail/impl/scheduler.ipp`
//!   (completed operations are queued ahead of the next reactor poll).
//! - **Tests:** `tests/tokens_matrix.rs` (`closure_token_delivers_every_outcome_only_inside_run`),
//!   `tests/context_run.rs` (`many_threads_in_run_each_handler_runs_exactly_once_on_a_run_thread`),
//!   `tests/executor_post_dispatch.rs`
//!   (`a_handler_bound_to_another_context_runs_only_when_that_context_runs`).
//!
//! ## G2
//!
//! **A handler is never called from inside the initiating call**, even when the operation
//! completes at once: its completion is posted. With a closure token the operation itself
//! starts inside the call (a read is tried, a timer wait is queued, so a `cancel()` right
//! after it sees the operation), but the closure waits for a thread running the executor. The
//! same holds for the completion of [`co_spawn`](crate::co_spawn).
//!
//! - **Asio:** every asynchronous operation's doc, e.g. `basic_waitable_timer.hpp`
//!   ("Regardless of whether the asynchronous operation completes immediately or not, the
//!   completion handler will not be invoked from within this function"); the requirements in
//!   `src/doc/requirements/asynchronous_operations.qbk`; `impl/co_spawn.hpp`.
//! - **Tests:** `tests/tokens_matrix.rs`
//!   (`closure_token_initiated_inside_a_handler_never_runs_inline`), `tests/net_tcp_accept.rs`
//!   (`accept_handler_is_not_called_inline_even_when_a_connection_waits`), `tests/time_timer.rs`
//!   (`a_wait_on_an_expired_timer_completes_through_the_queue_not_inline`),
//!   `tests/tokens_use_future.rs` (`co_spawn_completion_is_never_invoked_before_run_nor_inline`).
//!
//! ## G3
//!
//! **Every initiated operation completes exactly once.** `cancel()`, `close()` or dropping
//! the I/O object completes its pending operations with aborted. Dropping the `IoContext`
//! drops the handlers it has not called, without calling them, with everything they captured:
//! nothing leaks.
//!
//! *Note: no silent hangs.* A wait whose context is dropped, or can never run again, completes
//! with aborted, whoever awaits it: a [`UseFuture`](crate::UseFuture) awaited on another
//! executor does not hang forever. For users of other executors, a process-wide system context
//! (Asio's `system_context`) runs on background threads and needs no setup.
//!
//! - **Asio:** `basic_waitable_timer.hpp` ("For each call to async_wait(), the completion
//!   handler will be called exactly once"); `src/doc/overview/model/async_ops.qbk`; the
//!   `cancel()` and `close()` docs in `basic_socket.hpp`; the destructor doc in `io_context.hpp`
//!   (uninvoked handlers are destroyed); `system_context.hpp`.
//! - **Tests:** `tests/context_drop.rs`, `tests/net_tcp.rs`
//!   (`cancel_aborts_pending_read_and_socket_stays_usable`,
//!   `dropping_the_socket_aborts_pending_read`),
//!   `tests/time_timer.rs` (`dropping_a_timer_aborts_its_pending_waits`),
//!   `tests/net_resolver.rs` (`cancel_aborts_a_pending_resolve_once`).
//!
//! ## G4
//!
//! **`run()` returns when there is no outstanding work**: no queued handler, no pending
//! operation, no live [`WorkGuard`](crate::WorkGuard). An operation is pending from the moment
//! it starts (launched with a closure token or [`co_spawn`](crate::co_spawn), inside the
//! initiating call; or first polled, for a future) until it completes or is dropped: a
//! `UseFuture` that was never polled is not work. `run()` returns the number of handlers it
//! ran. A `run()` that finds no work marks the context stopped, so work posted later waits for
//! [`restart`](crate::IoContext::restart). See the notes under [G1](#g1) (no task holds the
//! run loop forever) and [G3](#g3) (no wait outlives its context silently).
//!
//! - **Asio:** `io_context.hpp` (`run()`: "blocks until all work has finished and there are no
//!   more handlers to be dispatched, or until the io_context has been stopped"; returns the
//!   number of handlers executed); "Outstanding work" in
//!   `src/doc/requirements/asynchronous_operations.qbk`; `executor_work_guard.hpp`;
//!   `detail/impl/scheduler.ipp` (`run()` with no work stops the context).
//! - **Tests:** `tests/context_run.rs`
//!   (`run_returns_the_number_of_handlers_and_marks_the_context_stopped`,
//!   `run_with_no_work_returns_zero_and_marks_the_context_stopped`,
//!   `run_does_not_return_while_an_operation_is_pending`), `tests/tokens_use_future.rs`
//!   (`a_use_future_is_lazy_and_holds_no_work_until_first_polled`).
//!
//! ## G5
//!
//! **[`stop()`](crate::IoContext::stop) is thread-safe and does not block**; every run call
//! returns as soon as it can. Queued handlers and pending operations are kept, and continue
//! after [`restart()`](crate::IoContext::restart); until then `run()` and `poll()` return 0 at
//! once.
//!
//! - **Asio:** `io_context.hpp` (`stop()`: "does not block, but instead simply signals the
//!   io_context to stop. All invocations of its run() or run_one() member functions should
//!   return as soon as possible"; `restart()`).
//! - **Tests:** `tests/context_run.rs`
//!   (`stop_from_another_thread_returns_every_run_and_keeps_queued_work_for_restart`,
//!   `stop_from_inside_a_handler_leaves_later_handlers_queued`,
//!   `work_guard_keeps_run_going_until_a_posted_stop_then_restart_runs_the_rest`).
//!
//! # Executors and strands
//!
//! ## G6
//!
//! **`post` never runs the function inline; `dispatch` runs it inline when it can; `defer`
//! never runs it inline and is a continuation hint.** [`Executor::post`](crate::Executor::post)
//! queues it. [`Executor::dispatch`](crate::Executor::dispatch) runs it inline when the
//! calling thread is inside a run call of that context, and queues it otherwise;
//! [`Strand::dispatch`](crate::Strand::dispatch) runs it inline inside that strand, or when the
//! strand is idle and the thread runs the strand's executor.
//! [`Executor::defer`](crate::Executor::defer) queues it; from inside a handler it goes to the
//! thread's private queue (no lock, no wake-up), published when the handler returns.
//!
//! - **Asio:** `post.hpp`, `dispatch.hpp`, `defer.hpp`; `impl/io_context.hpp`;
//!   `detail/impl/strand_executor_service.hpp`; `detail/impl/scheduler.ipp`
//!   (`post_immediate_completion` with `is_continuation`); `src/tests/unit/io_context.cpp`
//!   (`decrement_to_zero`, `nested_decrement_to_zero`).
//! - **Tests:** `tests/executor_post_dispatch.rs`
//!   (`post_never_runs_inline_from_outside_or_inside_run`, `dispatch_inside_a_handler_runs_inline`,
//!   `dispatch_from_outside_run_does_not_run_inline`,
//!   `defer_never_runs_inline_and_runs_after_the_current_handler`), `tests/executor_strand.rs`
//!   (`strand_dispatch_from_inside_the_strand_nests`).
//!
//! ## G7
//!
//! **A [`Strand`](crate::Strand) never runs two of its handlers at once, and runs handlers
//! posted in order in that order.** It works over any executor (an `IoContext`'s
//! [`Executor`](crate::Executor), a `ThreadPool`'s, another strand), for closures and for
//! tasks spawned onto it. A panic in a strand's handler propagates out of `run()` ([G8](#g8))
//! and the strand goes on.
//!
//! - **Asio:** `strand.hpp`; `io_context_strand.hpp` (the ordering rules: if `s.post(a)` happens
//!   before `s.post(b)`, `a()` happens before `b()`); `src/doc/overview/strands.qbk`;
//!   `src/tests/unit/strand.cpp`.
//! - **Tests:** `tests/executor_strand.rs`, `tests/executor_thread_pool.rs`
//!   (`thread_pool_strand_serialises_on_two_threads`).
//!
//! ## G8
//!
//! **A panic in a handler propagates out of the `run()` call of that thread only.** Other
//! threads in `run()` go on; the context stays usable, the remaining handlers still run, and
//! `run()` can be called again without `restart()`. A panic in a `co_spawn` task does the same.
//!
//! - **Asio:** `io_context.hpp` ("If an exception is thrown from a handler, the exception is
//!   allowed to propagate through the throwing thread's invocation of run() ... No other threads
//!   that are calling any of these functions are affected ... may be restarted without the need
//!   for an intervening call to restart()"); `src/tests/unit/io_context.cpp`.
//! - **Tests:** `tests/context_run.rs`
//!   (`panics_in_handlers_propagate_out_of_run_and_run_continues_without_restart`,
//!   `a_panic_ends_only_the_run_call_of_the_panicking_thread`), `tests/tokens_use_future.rs`
//!   (`a_panic_in_a_co_spawn_task_propagates_out_of_run_and_the_context_stays_usable`),
//!   `tests/executor_thread_pool.rs` (`thread_pool_survives_a_panicking_handler`).
//!
//! ## G9
//!
//! **Many threads may call `run()` on one context**, and any of them may run any handler.
//! One context per core, each run by its own thread, is the other way to scale; it needs
//! nothing special.
//!
//! On a default context an idle run thread also takes handlers from another run call's
//! batch, so a handler that blocks never holds back the ones queued behind it. A context made
//! with [`IoContext::with_concurrency_hint(1)`](crate::IoContext::with_concurrency_hint) was
//! promised one thread and skips that: several threads may still run it, each handler runs
//! once, but a handler one thread has taken waits for that thread (`tests/context_hint.rs`).
//!
//! - **Asio:** `src/doc/overview/threads.qbk` ("Multiple threads may call
//!   `io_context::run()` to set up a pool of threads from which completion handlers may be
//!   invoked"); the HTTP servers
//!   `src/examples/cpp11/http/server2` (one context per core) and `server3` (one context, many
//!   threads).
//! - **Tests:** `tests/context_run.rs`
//!   (`two_threads_in_run_return_only_when_two_independent_chains_are_done`,
//!   `many_threads_in_run_each_handler_runs_exactly_once_on_a_run_thread`),
//!   `tests/context_hint.rs`.
//!
//! # Timers, errors and streams
//!
//! ## G10
//!
//! **Re-arming or cancelling a timer aborts its pending waits and returns how many.**
//! [`expires_after`](crate::SteadyTimer::expires_after),
//! [`expires_at`](crate::SteadyTimer::expires_at) and [`cancel`](crate::SteadyTimer::cancel)
//! complete every pending wait with aborted and return their number;
//! [`cancel_one`](crate::SteadyTimer::cancel_one) aborts the oldest. A wait that has already
//! fired cannot be cancelled. A wait on an expired timer still completes through the queue
//! ([G2](#g2)). The same holds for [`SystemTimer`](crate::SystemTimer).
//!
//! - **Asio:** `basic_waitable_timer.hpp` (`expires_at`, `expires_after`, `cancel`,
//!   `cancel_one`, `async_wait`); `src/tests/unit/system_timer.cpp`.
//! - **Tests:** `tests/time_timer.rs`.
//!
//! ## G11
//!
//! **Errors say what happened, and never hide bytes.** When the peer closes gracefully, a
//! read completes with 0 bytes, and a composed read that needed more fails with
//! [`error::is_eof`](crate::error::is_eof) (`UnexpectedEof`). A cancelled operation completes
//! with aborted. A zero-length read or write completes at once with 0. `read_until` that finds
//! no delimiter within the buffer's maximum size fails with
//! [`error::is_not_found`](crate::error::is_not_found), and the buffer never grows past it. A
//! composed operation that fails part-way reports how many bytes it transferred
//! (`io::transferred`).
//!
//! - **Asio:** `error.hpp` (`eof`, `operation_aborted`, `not_found`); `src/tests/unit/ip/tcp.cpp`
//!   (zero-length operations, peer close); `read_until.hpp`; `read.hpp`, `write.hpp` (the bytes
//!   transferred are reported with the error).
//! - **Tests:** `tests/net_tcp.rs` (`peer_close_reads_zero`,
//!   `zero_length_read_and_write_complete_at_once_with_zero`), `tests/io_read.rs`
//!   (`eof_part_way_reports_the_count`, `zero_length_buffer_completes_with_zero`),
//!   `tests/io_read_until.rs` (`max_size_without_delimiter_is_not_found`), `tests/io_write.rs`
//!   (`error_part_way_reports_the_count`).
//!
//! ## G12
//!
//! **One read and one write may be outstanding on a socket at the same time** (full duplex).
//! A composed read (`async_read`, `async_read_until`, ...) must not be interleaved with other
//! reads on the same stream until it completes; the same for composed writes and writes.
//!
//! - **Asio:** `src/doc/requirements/asynchronous_socket_operations.qbk`; `read.hpp`,
//!   `write.hpp` ("The program must ensure that the stream performs no other read operations
//!   ... until this operation completes").
//! - **Tests:** `tests/net_tcp.rs` (`full_duplex_read_pending_while_write_completes`),
//!   `tests/net_udp.rs` (`full_duplex_send_while_a_recv_is_pending`).
//!
//! ## G13
//!
//! **Signals that arrive while no wait is pending are queued**, and delivered to the next
//! [`async_wait`](crate::signal::SignalSet::async_wait) on the signal set, one per wait, in
//! order of ascending signal number. Each occurrence counts; removing a signal from the set
//! (or clearing it) discards its queued notifications; a wait that was given a signal but is
//! cancelled or dropped before completing with it puts it back. Every set that watches a
//! signal is told of it, on whatever context it is.
//!
//! - **Asio:** `basic_signal_set.hpp` ("If a signal is registered with a signal_set, and the
//!   signal occurs when there are no waiting handlers, then the signal notification is queued.
//!   The next async_wait operation on that signal_set will dequeue the notification").
//! - **Tests:** `tests/signal_set.rs`
//!   (`a_signal_with_no_waiter_is_queued_for_the_next_wait_in_every_style`,
//!   `queued_signals_are_delivered_one_per_wait_in_ascending_number`,
//!   `remove_and_clear_discard_queued_notifications`,
//!   `every_cancellation_type_aborts_a_wait_and_a_signal_it_was_given_is_kept`).
//!
//! ## G14
//!
//! **A [`Blocking`](crate::Blocking) call never deadlocks on its own thread**, even when it is
//! made from inside a handler, or with no thread running the context: the calling thread
//! drives the operation itself. [`cancel_after`](crate::cancel_after) with `Blocking` bounds
//! the whole call, composed operations included.
//!
//! - **Asio:** the synchronous operations, which need no `run()` (e.g. `wait()` in
//!   `basic_waitable_timer.hpp`, `read_some()` in `basic_stream_socket.hpp`); by contrast
//!   `src/examples/cpp11/futures/daytime_client.cpp`, where `use_future` needs another thread
//!   running the context; the blocking token of
//!   `src/examples/cpp11/timeouts/blocking_token_tcp_client.cpp`.
//! - **Tests:** `tests/tokens_blocking.rs`, `tests/net_resolver.rs`
//!   (`blocking_resolve_inside_a_handler_does_not_deadlock`).
