"""Self instructions per round trip grouped by where they go, from two cg.sh runs.

    cg_groups.py SMALL.cg BIG.cg [N=20000]

Groups: syscalls (libc wrappers and the thin Rust layers over them), reactor turn, readiness
loop (the leaf's loop, op futures, composed ops, cancellation checks), wake/schedule (wakers,
queues, run-loop pop), task poll/alloc (task machinery, thread-locals, the allocator), handler
(the bench's own code), other. First matching pattern wins; the patterns cover jeton, mio,
tokio and Asio names. Prints each group's total and its three largest functions."""
import re
import sys

from cg_per_rt import per_rt

GROUPS = [
    ("syscalls", r"^(recv|send|recvfrom|sendto|read|write|__libc_(recv|send|read|write)|"
     r"epoll_wait|epoll_ctl|__poll|poll|ppoll|syscall|__pthread_(en|dis)able_asynccancel|"
     r"__errno_location|__GI_.*|__syscall_cancel.*)$|socket2::|jeton::sys::|"
     r"<std::io::error::Error>::kind|std::sys::.*net|socket_ops::(recv|send|poll)|"
     r"mio::(io_source|net|sys::unix::(tcp|pipe|selector::epoll::Selector::select))"),
    ("reactor turn", r"jeton::runtime::reactor|jeton::runtime::timer|Engine>::(turn|fire_timers)|"
     r"turn_blocking|set_readiness|mio::poll|mio::event|epoll_reactor::(run|descriptor_state)|"
     r"timer_queue|tokio::runtime::io::driver|tokio::runtime::time|Driver>::(turn|park)"),
    ("readiness loop", r"jeton::op::|jeton::io::|jeton::net::|scheduled_io::ScheduledIo::"
     r"(register|clear_readiness|readiness|epoch)|Waiters::add|lock_waiters|reactive_socket|"
     r"reactor_op|socket_ops::non_blocking|start_op|epoll_reactor::(start_op|cancel)|"
     r"write_op|read_op|tokio::io::|poll_ready|Registration|"
     r"tokio::runtime::io::scheduled_io::ScheduledIo::(poll_readiness|readiness|clear_readiness)|"
     r"tokio::net::|PollEvented|transfer_all"),
    ("wake/schedule", r"wake|Waker|jeton::runtime::(post|runner|run_loop|queue|engine|job)|"
     r"crossbeam|Chain<A,B>.*fold|scheduler::(do_run_one|post|run|wake|task_cleanup|"
     r"work_finished|compensating|stop)|op_queue|pthread_mutex|pthread_cond|"
     r"conditionally_enabled|posix_event|tokio::runtime::(scheduler|context|task::(state|"
     r"harness|waker))|schedule|Inject|local_queue|park"),
    ("task poll/alloc", r"async_task|Tracked|LocalKey|jeton::runtime::current|TaskGuard|"
     r"malloc|free|_int_|alloc::|__rust_(alloc|dealloc|realloc)|Counting|alloc_count|memcpy|"
     r"memmove|operator new|operator delete|thread_info_base|recycling|handler_alloc|"
     r"thread_context|call_stack|tokio::runtime::task|drop_in_place|executor_function|"
     r"awaitable_frame|awaitable_thread|awaitable_handler|co_spawn|coroutine|coro|RawTask"),
    ("handler", r"^echo::|jeton_callback|jeton_coroutine|jeton_blocking|std_server|mio_server|"
     r"tokio_server|Session|session::|server::|^echo$|^listener$|FnOnce|closure|"
     r"binder|handler_work|write_op<|lambda"),
]


def group_of(fn):
    name_only = fn.split("(")[0]  # C++ names carry their argument types
    for name, pat in GROUPS:
        if re.search(pat, name_only):
            return name
    return "other"


if __name__ == "__main__":
    n = float(sys.argv[3]) if len(sys.argv) > 3 else 20000
    diff = per_rt(sys.argv[1], sys.argv[2], n)
    groups = {}
    for fn, v in diff.items():
        groups.setdefault(group_of(fn), []).append((v, fn))
    total = sum(diff.values())
    print(f"total {total:.0f} instructions per round trip")
    order = [g for g, _ in GROUPS] + ["other"]
    for g in order:
        members = sorted(groups.get(g, []), reverse=True)
        s = sum(v for v, _ in members)
        top = "; ".join(f"{f[:60]} {v:.0f}" for v, f in members[:3] if v >= 0.5)
        print(f"{g:<16} {s:6.0f}  {top}")
