#!/usr/bin/env bash
# The test suite under ThreadSanitizer and AddressSanitizer (issue 13, point 8).
#
#   scripts/sanitizers.sh [thread|address|both] [--filter REGEX]
#
# Each sanitizer builds in its own directory (.build-tsan, .build-asan), so
# the normal build stays as it is. A report from a sanitizer fails the run:
# TSAN_OPTIONS/ASAN_OPTIONS make the first report fatal.
set -euo pipefail
cd "$(dirname "$0")/.."

which="${1:-both}"
shift || true
case "$which" in thread|address|both) ;; *) echo "usage: scripts/sanitizers.sh [thread|address|both] [--filter REGEX]" >&2; exit 2 ;; esac

run() {
  local sanitizer="$1" dir="$2"
  shift 2
  echo "--- swift test --sanitize=$sanitizer $*"
  swift build --build-tests --sanitize="$sanitizer" --build-path "$dir"
  TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" ASAN_OPTIONS="halt_on_error=1 detect_leaks=0" \
    swift test --skip-build --sanitize="$sanitizer" --build-path "$dir" "$@"
}

if [ "$which" = thread ] || [ "$which" = both ]; then run thread .build-tsan "$@"; fi
if [ "$which" = address ] || [ "$which" = both ]; then run address .build-asan "$@"; fi
