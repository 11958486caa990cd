#!/usr/bin/env bash
# Instructions one poll costs (point 2 of issue P1-H), stable under load:
# the release exporter under `valgrind --tool=callgrind`, against the
# simulator in its own process (its cost is not counted), page size 20,
# from exec until its first poll has published (/-/ready), then stopped.
# Run once with N notifications and once with none: start-up, the
# readiness checks and the empty first page cancel out, and the difference
# is what N notifications cost a poll. Prints both totals, the difference,
# and the top functions (self cost) of the N run.
#
#   N=1000 scripts/profile-poll.sh      (BIN_DIR: binaries already built)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-1000}
TOP=${TOP:-25}
SIM_PORT=${SIM_PORT:-19888}
PORT=${PORT:-19889}
command -v valgrind >/dev/null 2>&1 || { echo "valgrind is required (Debian package valgrind)" >&2; exit 1; }
if [ -z "${BIN_DIR:-}" ]; then
  build=(swift build -c release --build-path "${BUILD_PATH:-.build}")
  "${build[@]}" --product sas-dingtalk-exporter >/dev/null
  "${build[@]}" --product sas-dingtalk-bench >/dev/null
  BIN_DIR=$("${build[@]}" --show-bin-path)
fi
WORK=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

# One profiled run against `$1` notifications; prints its total instructions.
profile() {
  "$BIN_DIR/sas-dingtalk-bench" simulator --notifications "$1" --port "$SIM_PORT" >/dev/null &
  local sim=$!
  pids+=("$sim")
  for _ in $(seq 1 3000); do curl -s -o /dev/null "http://127.0.0.1:$SIM_PORT/" && break; sleep 0.01; done
  ALIBABA_CLOUD_ACCESS_KEY_ID=bench-access-key-id ALIBABA_CLOUD_ACCESS_KEY_SECRET=bench-access-key-secret \
    valgrind --tool=callgrind --callgrind-out-file="$WORK/callgrind.$1" \
    "$BIN_DIR/sas-dingtalk-exporter" --aliyun.endpoint "http://127.0.0.1:$SIM_PORT" --aliyun.page-size 20 \
    --aliyun.request-timeout 60s --poll.interval 1h --web.listen-address "127.0.0.1:$PORT" --log.level warn \
    2>"$WORK/valgrind.$1.log" &
  local exporter=$!
  pids+=("$exporter")
  for _ in $(seq 1 600); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/-/ready")" = 200 ] && break
    kill -0 "$exporter" 2>/dev/null || { cat "$WORK/valgrind.$1.log" >&2; exit 1; }
    sleep 1
  done
  kill -TERM "$exporter"; wait "$exporter" || true
  kill "$sim"; wait "$sim" 2>/dev/null || true
  pids=()
  awk '/^(summary|totals):/ {print $2; exit}' "$WORK/callgrind.$1"
}

with=$(profile "$N")
without=$(profile 0)
echo "instructions, start to first poll published: $N notifications $with, none $without"
echo "one poll of $N notifications (page size 20): $(( with - without )) instructions"
echo
callgrind_annotate --inclusive=no "$WORK/callgrind.$N" 2>/dev/null | sed -n '/^-* *$/,$p' | grep -v '^--' | head -n $(( TOP + 8 )) | swift demangle --simplified
