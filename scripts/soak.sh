#!/usr/bin/env bash
# Soak test (issue 13, point 6): scripts/soak.sh [SECONDS] (default 600).
# Builds the exporter, then runs scripts/soak.py against --demo with random
# faults and a 100 ms poll interval; see soak.py for what is checked.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-600}"
swift build --product sas-dingtalk-exporter
python3 scripts/soak.py --binary "$(swift build --show-bin-path)/sas-dingtalk-exporter" --duration "$seconds"
