#!/usr/bin/env bash
# Where the exporter's CPU goes (issue P1-H: "the profile that shows where
# the time goes"), sampled by `perf record -g` on the release exporter
# against the simulator (its own process, not profiled), page size 20.
#
#   scripts/profile.sh poll     polling every second, nothing else asked of it;
#                               prints CPU per poll (every thread's on-CPU time,
#                               /proc/PID/task/*/schedstat, over the polls counted)
#   scripts/profile.sh gzip     polled once, under `wrk -t2 -c64` on /metrics with
#   scripts/profile.sh plain    Accept-Encoding: gzip, plain, or Prometheus' own
#   scripts/profile.sh prometheus  headers; prints wrk's req/s
#
# Then the inclusive share of samples per function (scripts/perf-inclusive.py).
# N (default 1000) notifications, SECONDS_ (default 10) of sampling,
# BIN_DIR: binaries already built (else a release build in BUILD_PATH).
#
# Why perf and not callgrind: Debian's valgrind (3.19) cannot read the DWARF
# 5 that Swift 6.3 writes, and with the debug info stripped it crashed in
# libdispatch's signal thread here (SIGSEGV inside valgrind, rt_sigsuspend).
# perf's cpu-clock sampling needs no hardware counters (this VM has none).
set -euo pipefail
cd "$(dirname "$0")/.."
MODE=${1:-poll}
N=${N:-1000}
SECONDS_=${SECONDS_:-10}
TOP=${TOP:-30}
SIM_PORT=${SIM_PORT:-19888}
PORT=${PORT:-19889}
PROM_ACCEPT='application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1'
case $MODE in
  poll) interval=1s; headers=() ;;
  gzip) interval=1h; headers=(-H "Accept-Encoding: gzip") ;;
  plain) interval=1h; headers=(-H "Accept: text/plain") ;;
  prometheus) interval=1h; headers=(-H "Accept: $PROM_ACCEPT" -H "Accept-Encoding: gzip") ;;
  *) echo "usage: scripts/profile.sh poll|gzip|plain|prometheus" >&2; exit 2 ;;
esac
command -v perf >/dev/null 2>&1 || { echo "perf is required (Debian package linux-perf)" >&2; exit 1; }
if [ "$MODE" != poll ]; then command -v wrk >/dev/null 2>&1 || { echo "wrk is required (Debian package wrk)" >&2; exit 1; }; fi
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

"$BIN_DIR/sas-dingtalk-bench" simulator --notifications "$N" --port "$SIM_PORT" >/dev/null &
pids+=($!)
for _ in $(seq 1 3000); do curl -s -o /dev/null "http://127.0.0.1:$SIM_PORT/" && break; sleep 0.01; done
ALIBABA_CLOUD_ACCESS_KEY_ID=bench-access-key-id ALIBABA_CLOUD_ACCESS_KEY_SECRET=bench-access-key-secret \
  "$BIN_DIR/sas-dingtalk-exporter" --aliyun.endpoint "http://127.0.0.1:$SIM_PORT" --aliyun.page-size 20 \
  --aliyun.rate-limit 1000 --poll.interval "$interval" --web.listen-address "127.0.0.1:$PORT" --log.level warn &
exporter=$!
pids+=("$exporter")
for _ in $(seq 1 3000); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/-/ready")" = 200 ] && break
  kill -0 "$exporter" 2>/dev/null || { echo "the exporter exited" >&2; exit 1; }
  sleep 0.01
done

polls() { curl -s "http://127.0.0.1:$PORT/metrics" | awk '$1 == "aliyun_sas_dingtalk_polls_total{account=\"default\"}" {printf "%d", $2}'; }
# %.0f, not %d: mawk's %d stops at 2^31 ns (2.1 s of CPU).
cpu_ns() { cat /proc/"$exporter"/task/*/schedstat 2>/dev/null | awk '{s += $1} END {printf "%.0f", s}'; }
if [ "$MODE" = poll ]; then
  polls_before=$(polls); cpu_before=$(cpu_ns)
  perf record -F 999 -g -p "$exporter" -o "$WORK/perf.data" -- sleep "$SECONDS_" >/dev/null 2>&1
  cpu_after=$(cpu_ns); polls_after=$(polls)
  echo "$N notifications, page size 20: $(( polls_after - polls_before )) polls in ${SECONDS_}s," \
    "CPU per poll $(awk -v c=$(( cpu_after - cpu_before )) -v p=$(( polls_after - polls_before )) 'BEGIN {printf "%.1f", c / p / 1e6}') ms" \
    "(perf's own sampling included)"
else
  # wrk runs a second longer on each side, so the samples are all under load.
  wrk -t2 -c64 -d$(( SECONDS_ + 2 ))s "${headers[@]}" "http://127.0.0.1:$PORT/metrics" >"$WORK/wrk.txt" &
  wrk_pid=$!
  sleep 1
  perf record -F 999 -g -p "$exporter" -o "$WORK/perf.data" -- sleep "$SECONDS_" >/dev/null 2>&1
  wait "$wrk_pid"
  echo "$N notifications, /metrics $MODE under wrk -t2 -c64: $(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.txt") req/s (perf's own sampling included)"
fi
perf script -i "$WORK/perf.data" 2>/dev/null >"$WORK/perf.txt"
python3 scripts/perf-inclusive.py "$WORK/perf.txt" "$TOP"
