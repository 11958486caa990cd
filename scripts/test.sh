#!/usr/bin/env bash
# The project's test command (README "Test"), also what CI runs.
# Installs what the build and tests need (zlib headers, promtool, the
# prometheus-client parser),
# checks the example rules and dashboard, builds, runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages: promtool (package prometheus), and zlib's headers for
# gzip on /metrics (compress-nio links the system zlib).
packages=()
command -v promtool >/dev/null 2>&1 || packages+=(prometheus)
[ -e /usr/include/zlib.h ] || packages+=(zlib1g-dev)
if [ ${#packages[@]} -gt 0 ]; then
  echo "--- installing ${packages[*]} (Debian)"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi
promtool --version | head -n 1

# The OpenMetrics test checks real output with the Python client's strict parser.
if ! python3 -c "import prometheus_client" >/dev/null 2>&1; then
  echo "--- installing prometheus-client (PyPI) for the OpenMetrics parser"
  python3 -m pip install -q --disable-pip-version-check prometheus-client
fi

echo "--- example alerting rules"
promtool check rules deploy/prometheus/alerts.yml
(cd deploy/prometheus && promtool test rules alerts_test.yml)
python3 scripts/check-dashboard.py

echo "--- swift build"
swift build --build-tests

echo "--- swift test"
# The end-to-end suites run `promtool check metrics` and the OpenMetrics
# parser on real output; make a missing tool a failure rather than a skip.
REQUIRE_PROMTOOL=1 REQUIRE_OPENMETRICS_PARSER=1 swift test --skip-build --disable-xctest 2>&1 | tee .build/test-output.txt
echo "--- benchmark smoke run (a few seconds, so scripts/bench.sh cannot rot)"; SMOKE=1 scripts/bench.sh
