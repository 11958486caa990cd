#!/usr/bin/env bash
# The project's test command (README "Test"), also what CI runs.
# Installs what the build and tests need (zlib headers, promtool, the
# prometheus-client parser),
# checks the example rules and dashboard, builds, runs every test.
# Also: mutation-tests the alert rules, validates deploy/ (Kubernetes,
# compose, systemd), builds the static binary and checks it serves, and runs
# a real Prometheus against the exporter (scripts/e2e-prometheus.py).
# Every test runs under ThreadSanitizer (see below); AddressSanitizer is
# `scripts/sanitizers.sh address`, run before a release.
# P1-F adds about 4 minutes: hostile clients (--quick, ~45 s), the fuzz seed
# corpus replayed (seconds), and libFuzzer 5 s per target through the
# swiftc-only build (~20 s each; the config target first builds Yams and
# libyaml with coverage, ~2 min).
set -euo pipefail
cd "$(dirname "$0")/.."
# Each step header carries the time (UTC), so a slow CI run shows where it went.
step() { echo "--- $* ($(date -u +%T))"; }

# Debian packages: promtool and prometheus (package prometheus; a test runs a
# real Prometheus scraping the exporter over TLS), and zlib's headers for
# gzip on /metrics (compress-nio links the system zlib).
packages=()
{ command -v promtool && command -v prometheus; } >/dev/null 2>&1 || packages+=(prometheus)
[ -e /usr/include/zlib.h ] || packages+=(zlib1g-dev)
# kubectl (kustomize), systemd-analyze, curl, and venv for the Python tools.
command -v kubectl >/dev/null 2>&1 || packages+=(kubernetes-client)
command -v systemd-analyze >/dev/null 2>&1 || packages+=(systemd)
command -v curl >/dev/null 2>&1 || packages+=(curl)
python3 -c "import ensurepip, venv" >/dev/null 2>&1 || packages+=(python3-venv)
if [ ${#packages[@]} -gt 0 ]; then
  step "installing ${packages[*]} (Debian)"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi
promtool --version | head -n 1

# Python tools go into a virtual environment under the build folder, never
# into the system's interpreter; it comes first on PATH, so every python3
# below (and the OpenMetrics test's) is the venv's.
# prometheus-client: the OpenMetrics test's strict parser; kubernetes-validate,
# jsonschema and PyYAML: scripts/validate-kubernetes.py.
venv=.build/venv
python_tools=(prometheus-client kubernetes-validate jsonschema pyyaml)
if ! "$venv/bin/python" -c "import prometheus_client, kubernetes_validate, jsonschema, yaml" >/dev/null 2>&1; then
  step "installing ${python_tools[*]} (PyPI) into $venv"
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install -q --disable-pip-version-check "${python_tools[@]}"
fi
export PATH="$PWD/$venv/bin:$PATH"

step "example alerting rules"
promtool check rules deploy/prometheus/alerts.yml
(cd deploy/prometheus && promtool test rules alerts_test.yml alerts_day_test.yml)
python3 scripts/mutate-rules.py
python3 scripts/check-dashboard.py

# Every test runs under ThreadSanitizer (issue P1-F, point 8): the one debug
# build is made with --sanitize=thread, and every later step that builds into
# .build passes the same flags, or SwiftPM would rebuild all of .build without
# them. The binaries that the hostile clients, the deploy checks, the
# Prometheus run and the bench smoke start are TSan builds too, and
# TSAN_OPTIONS makes a race in any of them fatal.
# Line tables instead of full DWARF: TSan's reports keep file and line, and
# the build does 14 % less work, which is what lets the run fit CI's 40
# minutes on 2 cores (docs/reliability.md, "TSan in CI"). The index store
# stays: test discovery on Linux reads it.
san=(--sanitize=thread -debug-info-format none -Xswiftc -gline-tables-only -Xcc -gline-tables-only)
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1"
step "swift build --sanitize=thread"
swift build --build-tests "${san[@]}"
bin_dir="$(swift build "${san[@]}" --show-bin-path)"

# The static release build (checked near the end) has nothing to do with the
# tests: it runs beside them at a lower priority, since one test at a time
# under TSan leaves most of the 2 cores idle (measured: 4 min of wall for 2.3
# min of CPU).
step "static binary build started in the background (.build/static-build.log)"
nice -n 10 scripts/build-static.sh >.build/static-build.log 2>&1 &
static_build=$!
# On an early exit, stop it and its swift build (not its own process group).
trap 'kill "$static_build" 2>/dev/null || true; pkill -f -- "--build-path .build-static" 2>/dev/null || true' EXIT

step "TSan sees races here (lock check)"
scripts/sanitizers.sh lock-check

step "swift test --sanitize=thread (one test at a time: TSan's slowdown on 2 cores)"
# The end-to-end suites run `promtool check metrics` and the OpenMetrics
# parser on real output; make a missing tool a failure rather than a skip.
REQUIRE_PROMTOOL=1 REQUIRE_OPENMETRICS_PARSER=1 swift test --skip-build "${san[@]}" --disable-xctest --no-parallel 2>&1 \
  | tee .build/test-output.txt

step "hostile clients against the live exporter (latencies recorded, not asserted)"
python3 scripts/hostile-clients.py --binary "$bin_dir/sas-dingtalk-exporter" --quick

step "fuzz targets: the seed corpus replayed, then libFuzzer a few seconds each"
SWIFT_BUILD_FLAGS="${san[*]}" scripts/fuzz.sh --replay
# The swiftc-only build takes seconds; scripts/fuzz.sh builds every dependency with the sanitizer.
for target in page error label config; do scripts/fuzz-standalone.sh "$target" "${FUZZ_SECONDS:-5}"; done

step "deploy/: Kubernetes, compose, systemd"
scripts/check-deploy.sh "$venv/bin/python" "$bin_dir/sas-dingtalk-exporter"

step "static binary (the Dockerfile's build steps)"
wait "$static_build" || { cat .build/static-build.log >&2; exit 1; }
trap - EXIT
tail -n 1 .build/static-build.log
scripts/build-static.sh --check

step "Prometheus end to end"
python3 scripts/e2e-prometheus.py "$bin_dir/sas-dingtalk-exporter"

# About 40 s here at load average 11 (not timed quiet): a 50-notification data
# set, 1 s wrk loads, the debug binaries already built; installs nginx-light
# and wrk from Debian on first use.
step "benchmark smoke run (so scripts/bench.sh cannot rot)"; SMOKE=1 BIN_DIR="$bin_dir" scripts/bench.sh
