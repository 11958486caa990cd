#!/usr/bin/env bash
# Checks everything under deploy/ that needs no running cluster or container
# engine. Usage: scripts/check-deploy.sh PYTHON BINARY
#   PYTHON  the venv's interpreter (PyYAML, kubernetes-validate, jsonschema)
#   BINARY  a built exporter, for systemd-analyze verify's ExecStart check
set -euo pipefail
cd "$(dirname "$0")/.."
python="$1"
binary="$(realpath "$2")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "--- Prometheus configurations"
(cd deploy/prometheus && promtool check config scrape-config.yml)
cp deploy/docker/prometheus.yml deploy/prometheus/alerts.yml "$work/"
promtool check config "$work/prometheus.yml"

echo "--- Kubernetes"
"$python" scripts/gen-prometheusrule.py --check
"$python" scripts/validate-kubernetes.py

echo "--- docker compose: every mounted file exists"
"$python" - <<'PY'
import os, sys, yaml
base = "deploy/docker"
compose = yaml.safe_load(open(os.path.join(base, "compose.yml")))
missing = []
for name, service in compose["services"].items():
    for volume in service.get("volumes", []):
        source = volume.split(":")[0]
        if source.startswith((".", "/")) and not os.path.exists(os.path.join(base, source)):
            missing.append(f"{name}: {source}")
    build = service.get("build")
    if build and not os.path.exists(os.path.join(base, build["context"], build["dockerfile"])):
        missing.append(f"{name}: {build['dockerfile']}")
if missing:
    sys.exit("compose.yml mounts what does not exist: " + ", ".join(missing))
print(f"compose.yml: {len(compose['services'])} services, every mount exists")
PY

echo "--- systemd"
command -v systemd-analyze >/dev/null || { echo "systemd-analyze is missing (Debian package systemd)" >&2; exit 1; }
# The unit as installed, with the paths of this checkout; any remark fails.
sed -e "s|/usr/local/bin/sas-dingtalk-exporter|$binary|" \
    -e "s|EnvironmentFile=.*|EnvironmentFile=$work/env|" \
    deploy/systemd/sas-dingtalk-exporter.service > "$work/sas-dingtalk-exporter.service"
cp deploy/systemd/sas-dingtalk-exporter.env.example "$work/env"
remarks="$(systemd-analyze verify "$work/sas-dingtalk-exporter.service" 2>&1)" || { echo "$remarks" >&2; exit 1; }
if [ -n "$remarks" ]; then echo "$remarks" >&2; exit 1; fi
echo "sas-dingtalk-exporter.service: systemd-analyze verify has no remark"
