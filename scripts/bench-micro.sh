#!/usr/bin/env bash
# Micro-benchmarks (release build): time per operation of the signer, the
# page decoder and the snapshot render, then heap allocations per operation:
# each case runs under valgrind at N and 2N iterations (one round), and the
# difference of "total heap usage: X allocs" divided by N is what one
# operation allocates (start-up and set-up cancel out).
set -euo pipefail
cd "$(dirname "$0")/.."
build=(swift build -c release --build-path "${BUILD_PATH:-.build}")
"${build[@]}" --product sas-dingtalk-bench >/dev/null
BIN="$("${build[@]}" --show-bin-path)/sas-dingtalk-bench"
command -v valgrind >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind >/dev/null; }

"$BIN" micro
echo
echo "| case | heap allocations per operation | bytes allocated per operation |"
echo "|---|---|---|"
allocs() {
  valgrind --tool=memcheck --leak-check=no "$BIN" micro --only "$1" --rounds 1 --iterations "$2" 2>&1 >/dev/null |
    awk '/total heap usage/ {gsub(",", ""); print $5, $9}'
}
for c in "sign 200" "decode 50" "render 2" "cache 2"; do
  set -- $c
  read -r a1 b1 <<<"$(allocs "$1" "$2")"
  read -r a2 b2 <<<"$(allocs "$1" $(( $2 * 2 )))"
  echo "| $1 | $(( (a2 - a1) / $2 )) | $(( (b2 - b1) / $2 )) |"
done
