#!/usr/bin/env bash
# Runs the whole test suite (unit, integration, example and doc tests) under AddressSanitizer
# or ThreadSanitizer: nightly cargo, the standard library rebuilt with the sanitizer
# (-Zbuild-std, which needs the rust-src component), and an explicit --target so that
# RUSTFLAGS reach only the target's crates, not proc-macros or build scripts (which a
# sanitizer runtime cannot be loaded into). The example tests build their binaries for the
# same target (tests/support/examples.rs reads CARGO_BUILD_TARGET and JETON_BUILD_STD).
#
# Usage: scripts/sanitize.sh asan|tsan [cargo test args...]
# Each kind builds into target/<kind>; the last line is `sanitize KIND: clean` or the failure.
set -euo pipefail
cd "$(dirname "$0")/.."
kind="${1:-}"
case "$kind" in
  asan) san=address ;;
  tsan) san=thread ;;
  *) echo "Usage: scripts/sanitize.sh asan|tsan [cargo test args...]" >&2; exit 2 ;;
esac
shift
rustup component add rust-src --toolchain nightly >/dev/null 2>&1 || true
triple="$(rustc +nightly -vV | sed -n 's/^host: //p')"
export CARGO_BUILD_TARGET="$triple" JETON_BUILD_STD=1
export RUSTFLAGS="-Zsanitizer=$san -Cforce-frame-pointers=yes ${RUSTFLAGS:-}"
export RUSTDOCFLAGS="-Zsanitizer=$san ${RUSTDOCFLAGS:-}"
# Report, then fail the process; leaks are checked at exit (ASan's LeakSanitizer).
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=1}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$PWD/scripts/lsan.supp:print_suppressions=0}"
export TSAN_OPTIONS="${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1}"
# Symbolizing a backtrace in an instrumented binary takes seconds, and the suite panics on
# purpose (G8: a panicking handler, a panicking pool thread): with RUST_BACKTRACE=1 those tests
# outlive their watchdogs.
export RUST_BACKTRACE=0
# The suite's bounds in time were set for uninstrumented builds; a sanitizer slows it down.
export RUST_TEST_THREADS="${RUST_TEST_THREADS:-2}"
if cargo +nightly test -Zbuild-std --target "$triple" --target-dir "target/$kind" --no-fail-fast "$@"; then
  echo "sanitize $kind: clean"
else
  status=$?
  echo "sanitize $kind: FAILED (exit $status)"
  exit "$status"
fi
