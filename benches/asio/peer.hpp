// Shared by the Asio echo peers: allocation counting (malloc interposition), the stats reply
// on stdin/stdout, and the command line (--fds A,B,... --threads N).
//
// The Rust bench driver binds the listening sockets, pins the process and execs this binary
// with the listeners' descriptors; every descriptor gets its own io_context (the pool of
// contexts, `--contexts N`), each run by `--threads N` threads.
#pragma once

#include <atomic>
#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

// glibc's own entry points, which the replacements below forward to.
extern "C" {
void* __libc_malloc(size_t);
void __libc_free(void*);
void* __libc_calloc(size_t, size_t);
void* __libc_realloc(void*, size_t);
void* __libc_memalign(size_t, size_t);
}

namespace peer {

// Allocations (malloc, calloc, realloc, aligned: so operator new and Asio's aligned_alloc of
// recycled handler memory alike) and bytes requested, since start.
inline std::atomic<unsigned long long> alloc_count{0};
inline std::atomic<unsigned long long> alloc_bytes{0};

inline void note(size_t bytes) {
  alloc_count.fetch_add(1, std::memory_order_relaxed);
  alloc_bytes.fetch_add(bytes, std::memory_order_relaxed);
}

}  // namespace peer

extern "C" {
void* malloc(size_t n) noexcept {
  peer::note(n);
  return __libc_malloc(n);
}
void free(void* p) noexcept { __libc_free(p); }
void* calloc(size_t a, size_t b) noexcept {
  peer::note(a * b);
  return __libc_calloc(a, b);
}
void* realloc(void* p, size_t n) noexcept {
  peer::note(n);
  return __libc_realloc(p, n);
}
void* aligned_alloc(size_t align, size_t n) noexcept {
  peer::note(n);
  return __libc_memalign(align, n);
}
void* memalign(size_t align, size_t n) noexcept {
  peer::note(n);
  return __libc_memalign(align, n);
}
int posix_memalign(void** out, size_t align, size_t n) noexcept {
  peer::note(n);
  void* p = __libc_memalign(align, n);
  if (p == nullptr) return ENOMEM;
  *out = p;
  return 0;
}
}

namespace peer {

// Answers every line on stdin with "allocs N bytes B" on stdout, allocation-free (raw read and
// write), so the driver can count allocations over its measured window only.
inline void serve_stats() {
  std::thread([] {
    char in[64];
    for (;;) {
      ssize_t r = ::read(0, in, sizeof in);
      if (r <= 0) return;
      char out[96];
      int k = std::snprintf(out, sizeof out, "allocs %llu bytes %llu\n",
                            alloc_count.load(std::memory_order_relaxed),
                            alloc_bytes.load(std::memory_order_relaxed));
      if (::write(1, out, static_cast<size_t>(k)) < 0) return;
    }
  }).detach();
}

struct Options {
  std::vector<int> fds;
  int threads = 1;
};

[[noreturn]] inline void fail(const char* what) {
  std::fprintf(stderr, "asio echo peer: %s\n", what);
  std::exit(2);
}

inline Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (i + 1 >= argc) fail("every option takes a value: --fds A,B,... --threads N");
    std::string v = argv[++i];
    if (a == "--fds") {
      for (char* p = v.data(); *p;) {
        o.fds.push_back(static_cast<int>(std::strtol(p, &p, 10)));
        if (*p == ',') ++p;
      }
    } else if (a == "--threads") {
      o.threads = std::atoi(v.c_str());
    } else {
      fail("unknown option");
    }
  }
  if (o.fds.empty() || o.threads < 1) fail("need --fds A,B,... and --threads N >= 1");
  return o;
}

// Runs `run(i)` for every context i on `threads` threads each; never returns.
template <class Run>
[[noreturn]] void run_all(const Options& o, Run run) {
  std::vector<std::thread> ts;
  for (size_t c = 0; c < o.fds.size(); ++c)
    for (int t = 0; t < o.threads; ++t) ts.emplace_back([&run, c] { run(c); });
  for (auto& t : ts) t.join();
  fail("io_context::run returned");
}

}  // namespace peer
