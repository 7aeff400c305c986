// Asio micro bench: the scenarios of benches/scheduler, one run per process, one thread in
// io_context::run(). The Rust scheduler bench runs it once per repetition, interleaved with
// jeton and tokio, and parses the one line it prints.
//
// The context is a default io_context (as jeton's IoContext::new(), usable by many threads)
// with its reactor initialised, as in any program that has an I/O object: one steady_timer
// exists in every scenario. Asio then runs its reactor (epoll_wait with a zero timeout) each
// time its task operation comes round in the queue, once per handler on a single post chain.
// A last argument `lean` gives the other Asio: concurrency hint 1 and no I/O object, so no
// reactor at all in the post scenarios.
//
//   micro chain|chains|bulk POSTS [lean]   -> "wall=S cpu=S"
//   micro fire TIMERS [lean]               -> "initiate=S armed=S total=S p50=S p99=S max=S"
//   micro backlog TIMERS [lean]            -> "initiate=S fire=S"
//   micro cancel TIMERS [lean]             -> "initiate=S arm=S cancel=S deliver=S"
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <time.h>

#include <asio.hpp>

using clk = std::chrono::steady_clock;

namespace {

// One non-atomic increment per handler, as the Rust contestants' counter.
thread_local std::uint64_t handlers = 0;

// Whether the `lean` variant runs.
bool lean = false;

// A context as the scenarios use it (see the top of this file).
struct Context {
  asio::io_context io;
  std::optional<asio::steady_timer> reactor_on;
  Context() : io(lean ? 1 : ASIO_CONCURRENCY_HINT_DEFAULT) {
    if (!lean) reactor_on.emplace(io);
  }
};

double cpu_now() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

double secs(clk::duration d) { return std::chrono::duration<double>(d).count(); }

void check(const char* what, std::uint64_t expected) {
  if (handlers != expected) {
    std::fprintf(stderr, "asio micro %s: %llu handlers ran, expected %llu\n", what,
                 static_cast<unsigned long long>(handlers),
                 static_cast<unsigned long long>(expected));
    std::exit(1);
  }
}

void step(asio::io_context& io, std::uint64_t left) {
  ++handlers;
  if (left > 1) asio::post(io, [&io, left] { step(io, left - 1); });
}

// `chains` independent post chains, `total` handlers in all; timed: the heads' posts and run().
void chains(std::uint64_t chains, std::uint64_t total) {
  Context ctx;
  asio::io_context& io = ctx.io;
  std::uint64_t per = total / chains;
  double c0 = cpu_now();
  auto t0 = clk::now();
  for (std::uint64_t i = 0; i < chains; ++i) asio::post(io, [&io, per] { step(io, per); });
  io.run();
  auto wall = secs(clk::now() - t0);
  double cpu = cpu_now() - c0;
  check("chains", per * chains);
  std::printf("wall=%.9f cpu=%.9f\n", wall, cpu);
}

// `n` empty handlers posted, then run(); both timed.
void bulk(std::uint64_t n) {
  Context ctx;
  asio::io_context& io = ctx.io;
  double c0 = cpu_now();
  auto t0 = clk::now();
  for (std::uint64_t i = 0; i < n; ++i) asio::post(io, [] { ++handlers; });
  io.run();
  auto wall = secs(clk::now() - t0);
  double cpu = cpu_now() - c0;
  check("bulk", n);
  std::printf("wall=%.9f cpu=%.9f\n", wall, cpu);
}

// The same offsets as benches/scheduler/lateness.rs: xorshift, uniform over [0, 1 s).
std::vector<clk::duration> offsets(std::size_t n) {
  std::uint64_t x = 0x9E3779B97F4A7C15ull;
  std::vector<clk::duration> v;
  v.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    v.push_back(std::chrono::nanoseconds(x % 1000000000ull));
  }
  return v;
}

// One timer per offset, each awaited by a handler that records its lateness.
void fire(std::size_t n) {
  Context ctx;
  asio::io_context& io = ctx.io;
  auto offs = offsets(n);
  std::vector<std::uint64_t> late;
  late.reserve(n);
  std::vector<asio::steady_timer> timers;
  timers.reserve(n);
  clk::time_point marked{};
  auto base = clk::now();
  for (auto off : offs) {
    auto deadline = base + off;
    timers.emplace_back(io);
    timers.back().expires_at(deadline);
    timers.back().async_wait([deadline, &late](std::error_code ec) {
      auto now = clk::now();
      late.push_back(now > deadline ? std::chrono::nanoseconds(now - deadline).count() : 0);
      if (ec) std::exit(1);
      ++handlers;
    });
  }
  auto initiate = clk::now() - base;
  asio::post(io, [&marked] { marked = clk::now(); });
  io.run();
  auto total = clk::now() - base;
  check("fire", n);
  std::sort(late.begin(), late.end());
  auto at = [&](std::size_t q) { return late[std::min(late.size() * q / 100, late.size() - 1)] * 1e-9; };
  std::printf("initiate=%.9f armed=%.9f total=%.9f p50=%.9f p99=%.9f max=%.9f\n", secs(initiate),
              secs(marked - base), secs(total), at(50), at(99), late.back() * 1e-9);
}

// One timer per offset (scaled to 100 ms, 2 s ahead: benches/scheduler/lateness.rs), all due
// before run() starts: the time to fire a backlog.
void backlog(std::size_t n) {
  Context ctx;
  asio::io_context& io = ctx.io;
  auto offs = offsets(n);
  std::vector<asio::steady_timer> timers;
  timers.reserve(n);
  auto base = clk::now();
  auto first = base + std::chrono::seconds(2);
  for (auto off : offs) {
    auto deadline = first + off / 10;
    timers.emplace_back(io);
    timers.back().expires_at(deadline);
    timers.back().async_wait([deadline](std::error_code ec) {
      if (ec || clk::now() < deadline) std::exit(1);
      ++handlers;
    });
  }
  auto initiate = clk::now() - base;
  std::this_thread::sleep_until(base + std::chrono::milliseconds(2100));
  auto start = clk::now();
  io.run();
  auto fire = clk::now() - start;
  check("backlog", n);
  std::printf("initiate=%.9f fire=%.9f\n", secs(initiate), secs(fire));
}

// `n` timers 10 s out, one waiter each, each cancelled.
void cancel(std::size_t n) {
  Context ctx;
  asio::io_context& io = ctx.io;
  std::vector<asio::steady_timer> timers;
  timers.reserve(n);
  auto t0 = clk::now();
  for (std::size_t i = 0; i < n; ++i) {
    timers.emplace_back(io);
    timers.back().expires_after(std::chrono::seconds(10));
    timers.back().async_wait([](std::error_code ec) {
      if (ec != asio::error::operation_aborted) std::exit(1);
      ++handlers;
    });
  }
  auto t1 = clk::now();
  io.poll();
  check("cancel (before)", 0);
  auto t2 = clk::now();
  for (auto& t : timers)
    if (t.cancel() != 1) std::exit(1);
  auto t3 = clk::now();
  io.restart();
  io.run();
  auto t4 = clk::now();
  check("cancel", n);
  std::printf("initiate=%.9f arm=%.9f cancel=%.9f deliver=%.9f\n", secs(t1 - t0), secs(t2 - t1),
              secs(t3 - t2), secs(t4 - t3));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3 || argc > 4 || (argc == 4 && std::string(argv[3]) != "lean")) {
    std::fprintf(stderr, "usage: micro chain|chains|bulk|fire|backlog|cancel COUNT [lean]\n");
    return 2;
  }
  lean = argc == 4;
  std::string what = argv[1];
  std::uint64_t n = std::strtoull(argv[2], nullptr, 10);
  if (what == "chain") chains(1, n);
  else if (what == "chains") chains(1000, n);
  else if (what == "bulk") bulk(n);
  else if (what == "fire") fire(n);
  else if (what == "backlog") backlog(n);
  else if (what == "cancel") cancel(n);
  else return 2;
  return 0;
}
