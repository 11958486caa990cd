#!/usr/bin/env bash
# Benchmark of issue P1-H, one run on this machine, for each size in SIZES:
# the simulator (its own process, so its CPU is not counted) with N
# notifications, the exporter polling it (page size 20), then
# `wrk -t2 -c64 -d10s --latency` on /metrics plain, with gzip, and with
# Prometheus' own Accept (+ gzip); nginx (Debian, one static file,
# gzip_static for gzip) serves the same bytes with the same wrk settings.
# Reports req/s, p50, p99, ratio to nginx, VmRSS/VmHWM (idle, after a poll,
# after the load), CPU per poll (all threads, /proc/PID/task/*/schedstat)
# and the time from exec to the first /-/healthy answer.
#
# Writes the tables, command and machine between markers in
# docs/benchmarks.md. SMOKE=1: one tiny size, 1 s loads, a debug build,
# nothing written (scripts/test.sh runs it so the script cannot rot).
set -euo pipefail
cd "$(dirname "$0")/.."

SMOKE=${SMOKE:-0}
if [ "$SMOKE" = 1 ]; then
  SIZES=${SIZES:-50}; DURATION=${DURATION:-1s}; CONNECTIONS=${CONNECTIONS:-4}; POLLS=${POLLS:-1}; CONFIG=debug
else
  SIZES=${SIZES:-"1000 10000"}; DURATION=${DURATION:-10s}; CONNECTIONS=${CONNECTIONS:-64}; POLLS=${POLLS:-5}; CONFIG=release
fi
SIM_PORT=${SIM_PORT:-19898}
PORT=${PORT:-19899}
NGINX_PORT=${NGINX_PORT:-19897}
PROM_ACCEPT='application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1'

need=()
command -v wrk >/dev/null 2>&1 || need+=(wrk)
command -v nginx >/dev/null 2>&1 || need+=(nginx-light)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# BUILD_PATH: another build directory (e.g. one kept for release builds);
# BIN_DIR: binaries already built (nothing is built then).
if [ -z "${BIN_DIR:-}" ]; then
  build=(swift build -c "$CONFIG" --build-path "${BUILD_PATH:-.build}")
  "${build[@]}" --product sas-dingtalk-exporter >/dev/null
  "${build[@]}" --product sas-dingtalk-bench >/dev/null
  BIN_DIR=$("${build[@]}" --show-bin-path)
fi

# EXPORTER: another exporter binary (e.g. the static one of
# scripts/build-static.sh, which the Docker image ships); the simulator
# still comes from BIN_DIR.
EXPORTER=${EXPORTER:-$BIN_DIR/sas-dingtalk-exporter}

# A client-side rate limit (if this build has one) would measure the limit,
# not the poll: lift it.
rate_limit=()
"$EXPORTER" --help 2>&1 | grep -q -- '--aliyun.rate-limit' && rate_limit=(--aliyun.rate-limit 1000)

load_at_start=$(cut -d' ' -f1-3 /proc/loadavg)
WORK=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

kib() { awk '/^'"$1"':/ {print $2}' "/proc/$2/status"; }
mib() { awk -v k="$(kib "$1" "$2")" 'BEGIN {printf "%.1f", k / 1024}'; }
# CPU time of every thread of a process, in ns.
# %.0f, not %d: mawk's %d stops at 2^31 ns (2.1 s of CPU).
cpu_ns() { cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{s += $1} END {printf "%.0f", s}'; }
metric() { curl -s "http://127.0.0.1:$PORT/metrics" | awk -v m="$1" '$1 == m {printf "%d", $2}'; }
# Waits (up to 10 minutes) until the exporter's log ($WORK/exporter.log, at
# debug level) holds more than $1 "poll succeeded" lines; prints their
# count. Read from the log, not /metrics, so that watching costs the
# exporter nothing.
next_poll() {
  local polls
  for _ in $(seq 1 12000); do
    polls=$(grep -c 'poll succeeded' "$WORK/exporter.log" || true)
    [ "${polls:-0}" -gt "$1" ] && { echo "$polls"; return 0; }
    sleep 0.05
  done
  echo "timeout: no poll after $1" >&2; return 1
}
wait_for() {
  for _ in $(seq 1 3000); do curl -sf -o /dev/null "$1" && return 0; sleep 0.01; done
  echo "timeout: $1; the exporter's log:" >&2; tail -n 20 "$WORK/exporter.log" >&2; return 1
}
# wrk's time (812.00us, 1.23ms, 1.02s) in ms.
to_ms() { awk -v t="$1" 'BEGIN { v = t + 0; if (t ~ /us$/) v /= 1000; else if (t ~ /ms$/) v += 0; else if (t ~ /s$/) v *= 1000; printf "%.2f", v }'; }
# "req/s p50 p99" of one wrk run.
load() {
  local url=$1; shift
  local out
  out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$@" "$url")
  echo "$(echo "$out" | awk '/Requests\/sec/ {printf "%d", $2}') $(to_ms "$(echo "$out" | awk '$1 == "50%" {print $2}')") $(to_ms "$(echo "$out" | awk '$1 == "99%" {print $2}')")"
}

# Starts the exporter polling every $1, logging at level $2 (default warn)
# to $WORK/exporter.log; sets `exporter` and `healthy_ms`
# (exec to the first /-/healthy answer).
start_exporter() {
  local start
  start=$(date +%s%N)
  ALIBABA_CLOUD_ACCESS_KEY_ID=bench-access-key-id ALIBABA_CLOUD_ACCESS_KEY_SECRET=bench-access-key-secret \
    "$EXPORTER" --aliyun.endpoint "http://127.0.0.1:$SIM_PORT" --aliyun.page-size 20 \
    "${rate_limit[@]}" --poll.interval "$1" --web.listen-address "127.0.0.1:$PORT" --log.level "${2:-warn}" \
    >"$WORK/exporter.log" 2>&1 &
  exporter=$!
  pids+=("$exporter")
  for _ in $(seq 1 5000); do
    curl -sf -o /dev/null "http://127.0.0.1:$PORT/-/healthy" && break
    kill -0 "$exporter" || { echo "the exporter exited; its log:" >&2; cat "$WORK/exporter.log" >&2; exit 1; }
    sleep 0.002
  done
  healthy_ms=$(( ($(date +%s%N) - start) / 1000000 ))
}

# nginx as a plain process with its own prefix and config, loopback only.
mkdir -p "$WORK/nginx/www" "$WORK/nginx/logs"
cat >"$WORK/nginx/nginx.conf" <<CONF
worker_processes 2;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  default_type text/plain;
  client_body_temp_path $WORK/nginx/tmp;
  proxy_temp_path $WORK/nginx/tmp;
  fastcgi_temp_path $WORK/nginx/tmp;
  uwsgi_temp_path $WORK/nginx/tmp;
  scgi_temp_path $WORK/nginx/tmp;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $WORK/nginx/www;
    gzip_static on;
  }
}
CONF
mkdir -p "$WORK/nginx/tmp"

throughput="| notifications | request | server | body bytes | req/s | p50 ms | p99 ms | req/s vs nginx | p99 vs nginx |
|---|---|---|---|---|---|---|---|---|"
resources="| notifications | start to /-/healthy ms | VmRSS idle MiB | VmRSS after poll MiB | VmHWM after poll MiB | VmRSS after load MiB | VmHWM after load MiB | of which anonymous / file-backed MiB | CPU per poll ms (mean of $POLLS) |
|---|---|---|---|---|---|---|---|---|"

for n in $SIZES; do
  "$BIN_DIR/sas-dingtalk-bench" simulator --notifications "$n" --port "$SIM_PORT" >/dev/null &
  pids+=($!)
  # Any answer (403 for an unsigned request) means it listens.
  for _ in $(seq 1 3000); do curl -s -o /dev/null "http://127.0.0.1:$SIM_PORT/" && break; sleep 0.01; done

  # CPU per poll, in an exporter polling every second, nothing asked of it:
  # every thread's CPU from the end of one poll to the end of the POLLS-th
  # after it. The ends are seen in its log within 50 ms, the same delay at
  # both ends, so with polls back to back (10,000) the window still holds
  # POLLS polls' worth.
  start_exporter 1s debug
  polls_before=$(next_poll 0)
  cpu_before=$(cpu_ns "$exporter")
  polls_after=$(next_poll $(( polls_before + POLLS - 1 )))
  cpu_after=$(cpu_ns "$exporter")
  cpu_poll=$(awk -v c=$(( cpu_after - cpu_before )) -v p=$(( polls_after - polls_before )) 'BEGIN {printf "%.1f", c / p / 1e6}')
  kill "$exporter"; wait "$exporter" || true

  # Everything else in one that polls once, so no poll runs during the load.
  start_exporter 1h
  rss_idle=$(mib VmRSS "$exporter")
  wait_for "http://127.0.0.1:$PORT/-/ready"
  rss_poll=$(mib VmRSS "$exporter"); hwm_poll=$(mib VmHWM "$exporter")

  # The same bytes for nginx: one file per format, each with its .gz twin.
  curl -s "http://127.0.0.1:$PORT/metrics" >"$WORK/nginx/www/plain.txt"
  curl -s -H "Accept: $PROM_ACCEPT" "http://127.0.0.1:$PORT/metrics" >"$WORK/nginx/www/openmetrics.txt"
  gzip -kf -6 "$WORK/nginx/www/plain.txt" "$WORK/nginx/www/openmetrics.txt"
  chmod -R a+rX "$WORK"  # nginx's workers run as www-data when started by root
  nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" &
  pids+=($!)
  wait_for "http://127.0.0.1:$NGINX_PORT/plain.txt"

  for kind in plain gzip prometheus; do
    case $kind in
      plain) file=plain.txt; hdr=(-H "Accept: text/plain") ;;
      gzip) file=plain.txt; hdr=(-H "Accept-Encoding: gzip") ;;
      prometheus) file=openmetrics.txt; hdr=(-H "Accept: $PROM_ACCEPT" -H "Accept-Encoding: gzip") ;;
    esac
    bytes=$(curl -s "${hdr[@]}" "http://127.0.0.1:$PORT/metrics" | wc -c)
    read -r e_rps e_p50 e_p99 <<<"$(load "http://127.0.0.1:$PORT/metrics" "${hdr[@]}")"
    nbytes=$(curl -s "${hdr[@]}" "http://127.0.0.1:$NGINX_PORT/$file" | wc -c)
    read -r n_rps n_p50 n_p99 <<<"$(load "http://127.0.0.1:$NGINX_PORT/$file" "${hdr[@]}")"
    ratio=$(awk -v a="$e_rps" -v b="$n_rps" 'BEGIN {printf "%.0f%%", 100 * a / b}')
    pratio=$(awk -v a="$e_p99" -v b="$n_p99" 'BEGIN {printf "%.1fx", a / b}')
    throughput+=$'\n'"| $n | $kind | exporter | $bytes | $e_rps | $e_p50 | $e_p99 | $ratio | $pratio |"
    throughput+=$'\n'"| $n | $kind | nginx | $nbytes | $n_rps | $n_p50 | $n_p99 | 100% | 1.0x |"
  done
  rss_load=$(mib VmRSS "$exporter"); hwm_load=$(mib VmHWM "$exporter")
  # Anonymous memory is what the process allocated; file-backed is the
  # mapped code of the binary and the Swift/Foundation libraries (shared, clean).
  anon_load=$(mib RssAnon "$exporter"); file_load=$(mib RssFile "$exporter")
  resources+=$'\n'"| $n | $healthy_ms | $rss_idle | $rss_poll | $hwm_poll | $rss_load | $hwm_load | $anon_load / $file_load | $cpu_poll |"

  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  pids=()
done

machine="$(nproc) cores ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr), $( (swift --version 2>&1 || true) | sed -n 1p), $(nginx -v 2>&1 | sed 's/.*: //'), $( (wrk -v 2>&1 || true) | head -n 1 | awk '{print $1, $2}'), load average at start $load_at_start"
report="Machine: $machine, $(date -u +%Y-%m-%dT%H:%MZ).
Command: \`SIZES=\"$SIZES\" DURATION=$DURATION CONNECTIONS=$CONNECTIONS POLLS=$POLLS scripts/bench.sh\` (wrk -t2 -c$CONNECTIONS -d$DURATION --latency); exporter binary \`${EXPORTER#"$PWD/"}\`, commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown).

$throughput

$resources"
echo "$report"
[ "$SMOKE" = 1 ] && exit 0

doc=docs/benchmarks.md
begin='<!-- bench.sh:begin -->'; end='<!-- bench.sh:end -->'
if grep -qF "$begin" "$doc"; then
  REPORT="$report" awk -v b="$begin" -v e="$end" '
    $0 == b {print; print ENVIRON["REPORT"]; skip = 1; next}
    $0 == e {skip = 0}
    !skip {print}' "$doc" >"$doc.new" && mv "$doc.new" "$doc"
else
  printf '\n%s\n%s\n%s\n' "$begin" "$report" "$end" >>"$doc"
fi
