#!/usr/bin/env bash
# Where a poll's CPU goes (point 2 of issue P1-H): the release exporter
# polling the simulator (its own process, not profiled) every second, page
# size 20, sampled by `perf record -g` for SECONDS seconds once the first
# poll has published. Prints the CPU per poll (every thread's on-CPU time
# from /proc/PID/task/*/schedstat over the polls counted) and, per
# function, the share of samples spent in it and below it (inclusive), for
# the functions of the exporter's own modules and the heaviest others.
#
#   N=1000 SECONDS_=10 scripts/profile-poll.sh      (BIN_DIR: binaries already built)
#
# Why perf and not callgrind: Debian's valgrind (3.19) cannot read the DWARF
# 5 that Swift 6.3 writes, and with the debug info stripped it crashed in
# libdispatch's signal thread here (SIGSEGV inside valgrind, rt_sigsuspend).
# perf's cpu-clock sampling needs no hardware counters (this VM has none).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-1000}
SECONDS_=${SECONDS_:-10}
TOP=${TOP:-30}
SIM_PORT=${SIM_PORT:-19888}
PORT=${PORT:-19889}
command -v perf >/dev/null 2>&1 || { echo "perf is required (Debian package linux-perf)" >&2; exit 1; }
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
  --aliyun.rate-limit 1000 --poll.interval 1s --web.listen-address "127.0.0.1:$PORT" --log.level warn &
exporter=$!
pids+=("$exporter")
for _ in $(seq 1 3000); do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/-/ready")" = 200 ] && break
  kill -0 "$exporter" 2>/dev/null || { echo "the exporter exited" >&2; exit 1; }
  sleep 0.01
done

polls() { curl -s "http://127.0.0.1:$PORT/metrics" | awk '$1 == "aliyun_sas_dingtalk_polls_total{account=\"default\"}" {printf "%d", $2}'; }
cpu_ns() { cat /proc/"$exporter"/task/*/schedstat 2>/dev/null | awk '{s += $1} END {printf "%d", s}'; }
polls_before=$(polls); cpu_before=$(cpu_ns)
perf record -F 999 -g -p "$exporter" -o "$WORK/perf.data" -- sleep "$SECONDS_" 2>/dev/null >/dev/null
cpu_after=$(cpu_ns); polls_after=$(polls)
echo "$N notifications, page size 20: $(( polls_after - polls_before )) polls in ${SECONDS_}s," \
  "CPU per poll $(awk -v c=$(( cpu_after - cpu_before )) -v p=$(( polls_after - polls_before )) 'BEGIN {printf "%.1f", c / p / 1e6}') ms" \
  "(perf's own sampling included)"
perf script -i "$WORK/perf.data" 2>/dev/null >"$WORK/perf.txt"
python3 - "$WORK/perf.txt" "$TOP" <<'PY'
import collections, subprocess, sys
path, top = sys.argv[1], int(sys.argv[2])
stacks, frames = [], []
for line in open(path, errors="replace"):
    line = line.rstrip("\n")
    if not line.strip():
        if frames: stacks.append(frames); frames = []
    elif line[0] in "\t ":
        parts = line.strip().split(None, 1)
        if len(parts) == 2: frames.append(parts[1].split(" (")[0].split("+0x")[0])
if frames: stacks.append(frames)
inclusive = collections.Counter()
for frames in stacks:
    for name in set(frames): inclusive[name] += 1
ours = ("16DingTalkExporter", "14SecurityCenter", "16AlibabaCloudCore")
rows = [(n, c) for n, c in inclusive.most_common() if any(m in n for m in ours)][:top]
rows += [(n, c) for n, c in inclusive.most_common(top) if not any(m in n for m in ours)]
names = subprocess.run(["swift", "demangle", "--simplified", "--compact"], input="\n".join(n for n, _ in rows),
                       capture_output=True, text=True).stdout.split("\n")
print(f"{len(stacks)} samples; inclusive share per function (own modules first, then the heaviest others):")
for (name, count), pretty in zip(rows, names):
    print(f"{100 * count / len(stacks):6.1f}%  {pretty[:160]}")
PY
