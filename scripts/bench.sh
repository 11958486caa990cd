#!/usr/bin/env bash
# Benchmark of the release binary against its own simulator (--demo):
# poll duration (the exporter's own metric), scrape throughput and latency
# (wrk, 2 threads, 8 connections, 10 s), scrape size and resident memory,
# for several account sizes. Prints a Markdown table for docs/benchmarks.md.
# Loopback only; every run is bounded in time.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-"100 1000 10000"}
DURATION=${DURATION:-10s}
PORT=${PORT:-19899}

command -v wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
swift build -c release --product sas-dingtalk-exporter >/dev/null
BIN=$(swift build -c release --show-bin-path)/sas-dingtalk-exporter

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr), $(swift --version 2>&1 | head -n 1)"
echo
echo "| notifications | poll duration (s) | scrape size (bytes) | scrapes/s | latency avg | latency p99 | RSS after load (MiB) |"
echo "|---|---|---|---|---|---|---|"
for n in $SIZES; do
  "$BIN" --demo --demo.notifications "$n" --aliyun.page-size 100 --poll.interval 1h \
    --web.listen-address "127.0.0.1:$PORT" --log.level warn &
  pid=$!
  for _ in $(seq 1 600); do
    curl -sf "http://127.0.0.1:$PORT/-/ready" >/dev/null 2>&1 && break
    sleep 0.1
  done
  metrics=$(curl -s "http://127.0.0.1:$PORT/metrics" | tr -d "\000")
  poll=$(echo "$metrics" | awk '/^aliyun_sas_dingtalk_poll_duration_seconds/ {print $2}')
  size=$(echo "$metrics" | wc -c)
  out=$(wrk -t2 -c8 -d"$DURATION" --latency "http://127.0.0.1:$PORT/metrics")
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  avg=$(echo "$out" | awk '/^    Latency/ {print $2}')
  p99=$(echo "$out" | awk '/^ +99%/ {print $2}')
  rss=$(curl -s "http://127.0.0.1:$PORT/metrics" | awk '/^process_resident_memory_bytes/ {printf "%.1f", $2/1048576}')
  kill -TERM "$pid"; wait "$pid" || true
  printf "| %s | %.3f | %s | %s | %s | %s | %s |\n" "$n" "$poll" "$size" "$rps" "$avg" "$p99" "$rss"
done
