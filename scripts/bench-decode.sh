#!/usr/bin/env bash
# Poll duration of the release binary against its own simulator (--demo),
# several runs per size: the number to watch when changing the decoding of
# DescribeDingTalk pages (it dominates a poll). No wrk, no scrape load; see
# scripts/bench.sh for the full table. Loopback only; every wait is bounded.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-"1000 10000"}
RUNS=${RUNS:-5}
PORT=${PORT:-19898}

swift build -c release --product sas-dingtalk-exporter >/dev/null
BIN=$(swift build -c release --show-bin-path)/sas-dingtalk-exporter

echo "| notifications | runs | poll duration (s), each run | median (s) |"
echo "|---|---|---|---|"
for n in $SIZES; do
  polls=()
  for _ in $(seq 1 "$RUNS"); do
    "$BIN" --demo --demo.notifications "$n" --aliyun.page-size 100 --poll.interval 1h \
      --web.listen-address "127.0.0.1:$PORT" --log.level warn &
    pid=$!
    trap 'kill -TERM "$pid" 2>/dev/null || true' EXIT
    ready=0
    for _ in $(seq 1 600); do
      if curl -sf "http://127.0.0.1:$PORT/-/ready" >/dev/null 2>&1; then ready=1; break; fi
      sleep 0.1
    done
    poll=""
    if [ "$ready" = 1 ]; then
      # awk reads to the end: quitting early would SIGPIPE curl and, with
      # pipefail, end the script with the exporter still running.
      poll=$(curl -s "http://127.0.0.1:$PORT/metrics" | tr -d "\000" \
        | awk '/^aliyun_sas_dingtalk_poll_duration_seconds/ && !found {print $2; found = 1}')
    fi
    kill -TERM "$pid"; wait "$pid" || true
    trap - EXIT
    [ -n "$poll" ] || { echo "no poll duration for $n notifications (ready=$ready)" >&2; exit 1; }
    polls+=("$(printf "%.3f" "$poll")")
  done
  median=$(printf "%s\n" "${polls[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  printf "| %s | %s | %s | %s |\n" "$n" "$RUNS" "${polls[*]}" "$median"
done
