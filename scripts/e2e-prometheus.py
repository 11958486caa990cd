#!/usr/bin/env python3
"""End to end with a real Prometheus (Debian's package) on loopback:

1. starts the exporter in --demo mode (its simulated Security Center on a
   fixed loopback port) polling every 5s, and Prometheus scraping it every
   5s with deploy/prometheus/alerts.yml evaluated every 5s;
2. checks that every query of the dashboard returns data
   (scripts/check-dashboard.py --prometheus);
3. switches an enabled notification off in the simulator
   (POST /_sim/notifications/{id}/disable) and waits, at most two minutes,
   for SasDingTalkNotificationSwitchedOff to be pending or firing for that
   notification in Prometheus' /api/v1/alerts, naming it.

Usage: scripts/e2e-prometheus.py PATH-TO-EXPORTER-BINARY
Standard library only; needs `prometheus` on PATH (fails if missing).
"""
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
ALERT = "SasDingTalkNotificationSwitchedOff"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get_json(url, data=None, method=None):
    request = urllib.request.Request(url, data=data, method=method)
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


def query(prometheus, expr):
    answer = get_json(f"{prometheus}/api/v1/query?" + urllib.parse.urlencode({"query": expr}))
    return answer["data"]["result"]


def wait_for(what, check, timeout):
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        try:
            result = check()
            if result:
                return result
        except Exception as error:  # noqa: BLE001 - retried until the deadline
            last_error = error
        time.sleep(1)
    raise SystemExit(f"e2e-prometheus: timed out after {timeout}s waiting for {what} (last error: {last_error})")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    binary = os.path.abspath(sys.argv[1])
    prometheus_binary = shutil.which("prometheus")
    if not prometheus_binary:
        sys.exit("e2e-prometheus: `prometheus` is missing (Debian package prometheus)")

    work = tempfile.mkdtemp(prefix="e2e-prometheus-")
    exporter_port, simulator_port, prometheus_port = free_port(), free_port(), free_port()
    shutil.copy(os.path.join(ROOT, "deploy", "prometheus", "alerts.yml"), work)
    with open(os.path.join(work, "prometheus.yml"), "w") as config:
        config.write(f"""\
global:
  scrape_interval: 5s
  evaluation_interval: 5s
rule_files: [alerts.yml]
scrape_configs:
  - job_name: sas-dingtalk-exporter
    static_configs:
      - targets: ["127.0.0.1:{exporter_port}"]
""")
    processes = []
    logs = {}

    def start(name, args):
        logs[name] = open(os.path.join(work, f"{name}.log"), "w+")
        processes.append((name, subprocess.Popen(args, stdout=logs[name], stderr=subprocess.STDOUT)))

    started = time.monotonic()
    try:
        start("exporter", [binary, "--demo", f"--demo.simulator-port={simulator_port}",
                           f"--web.listen-address=127.0.0.1:{exporter_port}", "--poll.interval=5s"])
        start("prometheus", [prometheus_binary, f"--config.file={work}/prometheus.yml",
                             f"--storage.tsdb.path={work}/data",
                             f"--web.listen-address=127.0.0.1:{prometheus_port}", "--log.level=warn"])
        prometheus = f"http://127.0.0.1:{prometheus_port}"
        simulator = f"http://127.0.0.1:{simulator_port}"

        wait_for("the exporter's first successful poll scraped by Prometheus",
                 lambda: query(prometheus, 'aliyun_sas_dingtalk_up{job="sas-dingtalk-exporter"} == 1'), 90)
        rules = get_json(f"{prometheus}/api/v1/rules")["data"]["groups"]
        print(f"e2e-prometheus: Prometheus scrapes the exporter and loaded "
              f"{sum(len(g['rules']) for g in rules)} rules in {len(rules)} groups")

        # Rates need a few samples: retry until every query has data.
        dashboard = [sys.executable, os.path.join(ROOT, "scripts", "check-dashboard.py"),
                     "--prometheus", prometheus, "--rate-interval", "1m"]
        wait_for("data for every dashboard query",
                 lambda: subprocess.run(dashboard, capture_output=True, text=True).returncode == 0, 60)
        print(subprocess.run(dashboard, capture_output=True, text=True, check=True).stdout.strip())

        enabled = query(prometheus, "aliyun_sas_dingtalk_notification_enabled == 1")
        target = min(enabled, key=lambda sample: int(sample["metric"]["id"]))["metric"]["id"]
        info = query(prometheus, f'aliyun_sas_dingtalk_notification_info{{id="{target}"}}')
        name = info[0]["metric"]["name"]
        reply = get_json(f"{simulator}/_sim/notifications/{target}/disable", data=b"", method="POST")
        switched_at = time.monotonic()
        print(f"e2e-prometheus: switched notification {target} ({name!r}) off in the simulator: {reply}")

        def alert():
            for candidate in get_json(f"{prometheus}/api/v1/alerts")["data"]["alerts"]:
                labels = candidate["labels"]
                if labels.get("alertname") == ALERT and labels.get("id") == target \
                        and candidate["state"] in ("pending", "firing"):
                    return candidate
            return None
        found = wait_for(f"{ALERT} for notification {target}", alert, 120)
        if found["labels"].get("name") != name:
            sys.exit(f"e2e-prometheus: the alert names {found['labels'].get('name')!r}, not {name!r}")
        print(f"e2e-prometheus: {ALERT} {found['state']} after {time.monotonic() - switched_at:.0f}s: "
              f"{found['annotations']['summary']}")
        print(f"e2e-prometheus: passed in {time.monotonic() - started:.0f}s")
    except BaseException:
        for name, log in logs.items():
            log.seek(0)
            sys.stderr.write(f"--- {name} log (last lines)\n" + "".join(log.readlines()[-30:]))
        raise
    finally:
        for _, process in processes:
            process.terminate()
        for _, process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        for log in logs.values():
            log.close()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
