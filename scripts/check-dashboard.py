#!/usr/bin/env python3
"""Checks the Grafana dashboard: valid JSON, and every PromQL query parses
(promtool check rules on a throw-away rules file, with Grafana's variables
replaced by sample values)."""
import json, subprocess, sys, tempfile, os

path = os.path.join(os.path.dirname(__file__), "..", "deploy", "grafana", "sas-dingtalk-dashboard.json")
dashboard = json.load(open(path))
exprs = [t["expr"] for p in dashboard["panels"] for t in p.get("targets", [])]
rules = {"groups": [{"name": "dashboard", "rules": []}]}
for i, expr in enumerate(exprs):
    expr = expr.replace("$__rate_interval", "5m").replace("$account", ".*")
    rules["groups"][0]["rules"].append({"record": f"dashboard:query{i}", "expr": expr})
with tempfile.NamedTemporaryFile("w", suffix=".yml", delete=False) as f:
    json.dump(rules, f)  # JSON is YAML
result = subprocess.run(["promtool", "check", "rules", f.name], capture_output=True, text=True)
os.unlink(f.name)
if result.returncode != 0:
    sys.stderr.write(result.stdout + result.stderr)
    sys.exit(1)
print(f"dashboard: {len(exprs)} queries parse")
