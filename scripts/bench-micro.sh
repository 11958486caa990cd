#!/usr/bin/env bash
# Micro-benchmarks (release build): time per operation of the signer, the
# page decoder and the snapshot render, then heap allocations per operation:
# each case runs under heaptrack at N and 2N iterations (one round), and the
# difference of "calls to allocation functions" divided by N is what one
# operation allocates (start-up and set-up cancel out).
#
# heaptrack, not valgrind: Debian's valgrind (3.19) cannot read the DWARF 5
# that Swift 6.3 writes, and crashed inside itself on a copy without debug
# info (SIGSEGV in libdispatch's signal thread).
set -euo pipefail
cd "$(dirname "$0")/.."
build=(swift build -c release --build-path "${BUILD_PATH:-.build}")
"${build[@]}" --product sas-dingtalk-bench >/dev/null
BIN="$("${build[@]}" --show-bin-path)/sas-dingtalk-bench"
command -v heaptrack >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq heaptrack >/dev/null; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

"$BIN" micro
echo
echo "| case | heap allocations per operation |"
echo "|---|---|"
allocs() {
  heaptrack -o "$WORK/$1.$2" "$BIN" micro --only "$1" --rounds 1 --iterations "$2" >/dev/null 2>&1
  heaptrack_print "$WORK/$1.$2".* 2>/dev/null | awk '/^calls to allocation functions:/ {print $5; exit}'
}
for c in "sign 200" "decode 50" "render 2" "cache 2"; do
  set -- $c
  a1=$(allocs "$1" "$2")
  a2=$(allocs "$1" $(( $2 * 2 )))
  echo "| $1 | $(( (a2 - a1) / $2 )) |"
done
