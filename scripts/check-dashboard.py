#!/usr/bin/env python3
"""Checks the Grafana dashboard under dashboards/: valid JSON in the current
schema with a uid, tags, and the `datasource` and `account` variables; every
panel on the `datasource` variable; every PromQL query parses (promtool check
rules on a throw-away rules file, Grafana's variables replaced by sample
values).

With --prometheus URL it also runs every query against that Prometheus
(/api/v1/query) and fails unless each one returns data: the end-to-end test
(scripts/e2e-prometheus.sh) uses this against the exporter in --demo mode.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
DEFAULT = os.path.join(ROOT, "dashboards", "sas-dingtalk.json")


def panels(dashboard):
    for panel in dashboard["panels"]:
        yield panel
        yield from panel.get("panels", [])


def queries(dashboard, rate_interval):
    """(panel title, refId, expr with the variables substituted)."""
    for panel in panels(dashboard):
        for target in panel.get("targets", []):
            expr = (target["expr"].replace("$__rate_interval", rate_interval)
                    .replace("$account", ".+"))
            yield panel["title"], target["refId"], expr


def check_structure(dashboard):
    problems = []
    if not dashboard.get("uid"):
        problems.append("no uid")
    if not dashboard.get("tags"):
        problems.append("no tags")
    if dashboard.get("schemaVersion", 0) < 39:
        problems.append(f"schemaVersion {dashboard.get('schemaVersion')} is older than 39")
    variables = {v["name"]: v for v in dashboard.get("templating", {}).get("list", [])}
    if variables.get("datasource", {}).get("type") != "datasource":
        problems.append("no `datasource` variable of type datasource")
    if variables.get("account", {}).get("type") != "query":
        problems.append("no `account` query variable")
    for panel in panels(dashboard):
        if panel["type"] == "row":
            continue
        if panel.get("datasource", {}).get("uid") != "${datasource}":
            problems.append(f"panel {panel['title']!r} does not use ${{datasource}}")
        for target in panel.get("targets", []):
            if 'account=~"$account"' not in target["expr"]:
                problems.append(f"panel {panel['title']!r} {target['refId']} ignores $account")
    return problems


def check_parse(found):
    rules = {"groups": [{"name": "dashboard", "rules": [
        {"record": f"dashboard:query{i}", "expr": expr} for i, (_, _, expr) in enumerate(found)]}]}
    with tempfile.NamedTemporaryFile("w", suffix=".yml", delete=False) as handle:
        json.dump(rules, handle)  # JSON is YAML
    result = subprocess.run(["promtool", "check", "rules", handle.name], capture_output=True, text=True)
    os.unlink(handle.name)
    return [] if result.returncode == 0 else [result.stdout + result.stderr]


def check_data(found, prometheus):
    problems = []
    for title, ref, expr in found:
        url = prometheus.rstrip("/") + "/api/v1/query?" + urllib.parse.urlencode({"query": expr})
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                answer = json.load(response)
        except Exception as error:  # noqa: BLE001 - any failure is a finding
            problems.append(f"{title} {ref}: {error}")
            continue
        if answer.get("status") != "success" or not answer["data"]["result"]:
            problems.append(f"{title} {ref}: no data for {expr}")
    return problems


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dashboard", nargs="?", default=DEFAULT)
    parser.add_argument("--prometheus", help="also require data from every query at this Prometheus URL")
    parser.add_argument("--rate-interval", default="5m", help="value for $__rate_interval")
    args = parser.parse_args()

    dashboard = json.load(open(args.dashboard))
    found = list(queries(dashboard, args.rate_interval))
    problems = check_structure(dashboard) + check_parse(found)
    if args.prometheus and not problems:
        problems += check_data(found, args.prometheus)
    for problem in problems:
        sys.stderr.write(f"dashboard: {problem}\n")
    if problems:
        sys.exit(1)
    print(f"dashboard: {len(found)} queries parse" + (", every one returns data" if args.prometheus else ""))


if __name__ == "__main__":
    main()
