#!/usr/bin/env python3
"""Soak: the exporter against its simulator with random faults and a 100 ms
poll interval, scraped concurrently, for a given time (issue 13, point 6).

Checks that every scrape answers 200 and parses, that no counter (`*_total`,
histogram `_count`/`_sum`/`_bucket`) of any series ever goes down, that the
process stays up, and that resident memory and open file descriptors stay
flat after warm-up: the median of the last tenth of the samples at most 10 %
above the median of the samples just after warm-up (or, for fds, 10 % or 5
descriptors, whichever is more). Writes the RSS/fd curve as CSV.
"""
import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time

SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})? (\S+)$')


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port, path, timeout=10):
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := s.recv(1 << 16):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1]) if head.startswith(b"HTTP/") else 0
    if b"transfer-encoding: chunked" in head.lower():
        body = dechunk(body)
    return status, body.decode("utf-8")


def dechunk(body):
    out, rest = b"", body
    while rest:
        size_line, _, rest = rest.partition(b"\r\n")
        size = int(size_line.split(b";")[0], 16)
        if size == 0:
            break
        out += rest[:size]
        rest = rest[size + 2:]
    return out


def parse(text):
    """{series: value}; raises ValueError on a malformed line."""
    series = {}
    # Only "\n" ends a line in the text format; str.splitlines would also split
    # on "\r", U+2028 and friends, which label values may hold as they are.
    for number, line in enumerate(text.split("\n"), 1):
        if not line or line.startswith("#"):
            continue
        match = SAMPLE.match(line)
        if not match:
            raise ValueError(f"line {number}: {line[:120]!r}")
        key = match.group(1) + (match.group(2) or "")
        if key in series:
            raise ValueError(f"duplicate series {key[:120]}")
        series[key] = float(match.group(3))
    return series


def is_counter(key):
    name = key.split("{", 1)[0]
    return name.endswith("_total") or name.endswith("_count") or name.endswith("_sum") or name.endswith("_bucket")


def proc_stats(pid):
    with open(f"/proc/{pid}/status") as f:
        rss = next(int(line.split()[1]) for line in f if line.startswith("VmRSS:")) * 1024
    fds = len(os.listdir(f"/proc/{pid}/fd"))
    return rss, fds


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/debug/sas-dingtalk-exporter")
    parser.add_argument("--duration", type=float, default=600, help="seconds (default 600)")
    parser.add_argument("--scrapers", type=int, default=4)
    parser.add_argument("--notifications", type=int, default=300)
    # Any fault on any of a poll's pages fails the poll: keep some polls succeeding.
    parser.add_argument("--fault-rate", type=float, default=0.05)
    parser.add_argument("--csv", default=".build/soak-curve.csv")
    args = parser.parse_args()

    port = free_port()
    proc = subprocess.Popen(
        [args.binary, "--demo", "--demo.notifications", str(args.notifications), "--demo.fault-rate", str(args.fault_rate),
         "--poll.interval", "100ms", "--aliyun.request-timeout", "2s", "--aliyun.rate-limit", "1000",
         "--web.listen-address", f"127.0.0.1:{port}", "--log.level", "error"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.time() + 60
    while True:
        try:
            if get(port, "/-/healthy", 2)[0] == 200:
                break
        except OSError:
            pass
        if proc.poll() is not None or time.time() > deadline:
            sys.exit(f"exporter did not start: {proc.stderr.read().decode(errors='replace')[-2000:]}")
        time.sleep(0.2)

    lock = threading.Lock()
    last = {}
    problems = []
    scrapes = [0]
    stop = threading.Event()

    def scraper():
        while not stop.is_set():
            # Only scrapes that finished before this one started bound it from below.
            with lock:
                baseline = dict(last)
            try:
                status, text = get(port, "/metrics")
                if status != 200:
                    raise ValueError(f"status {status}")
                series = parse(text)
            except (OSError, ValueError) as error:
                with lock:
                    problems.append(f"scrape: {error}")
                continue
            with lock:
                scrapes[0] += 1
                for key, value in series.items():
                    if not is_counter(key):
                        continue
                    if key in baseline and value < baseline[key]:
                        problems.append(f"counter went down: {key[:100]} {baseline[key]} -> {value}")
                    last[key] = max(value, last.get(key, value))

    threads = [threading.Thread(target=scraper, daemon=True) for _ in range(args.scrapers)]
    for t in threads:
        t.start()

    samples = []
    start = time.time()
    while time.time() - start < args.duration and proc.poll() is None:
        rss, fds = proc_stats(proc.pid)
        samples.append((time.time() - start, rss, fds))
        time.sleep(min(5, max(0.5, args.duration / 200)))
    stop.set()
    for t in threads:
        t.join()
    alive = proc.poll() is None

    os.makedirs(os.path.dirname(args.csv) or ".", exist_ok=True)
    with open(args.csv, "w") as f:
        f.write("seconds,rss_bytes,open_fds\n")
        for t, rss, fds in samples:
            f.write(f"{t:.1f},{rss},{fds}\n")

    warm = [s for s in samples if s[0] >= max(10, args.duration * 0.2)]
    head, tail = warm[: max(1, len(warm) // 10)], warm[-max(1, len(warm) // 10):]
    verdict = []
    if warm:
        rss0, rss1 = statistics.median(s[1] for s in head), statistics.median(s[1] for s in tail)
        fd0, fd1 = statistics.median(s[2] for s in head), statistics.median(s[2] for s in tail)
        rss_growth = rss1 / rss0 - 1
        verdict.append(f"RSS {rss0 / 2**20:.1f} -> {rss1 / 2**20:.1f} MiB ({rss_growth:+.1%}), fds {fd0:.0f} -> {fd1:.0f}")
        if rss_growth > 0.10:
            problems.append(f"RSS grew {rss_growth:.1%} after warm-up")
        if fd1 > max(fd0 * 1.10, fd0 + 5):
            problems.append(f"open fds grew {fd0} -> {fd1} after warm-up")
    else:
        verdict.append("too short for a warm-up comparison")

    status, metrics = get(port, "/metrics") if alive else (0, "")
    polls = re.search(r'aliyun_sas_dingtalk_polls_total\{account="default"\} (\S+)', metrics)
    failures = re.search(r'aliyun_sas_dingtalk_poll_failures_total\{account="default"\} (\S+)', metrics)
    if alive:
        proc.terminate()
        code = proc.wait(timeout=20)
    else:
        code = proc.returncode
        problems.append(f"exporter died with {code}: {proc.stderr.read().decode(errors='replace')[-2000:]}")
    print(f"soak {args.duration:.0f}s: {scrapes[0]} scrapes by {args.scrapers} scrapers, "
          f"polls {polls.group(1) if polls else '?'} (failed {failures.group(1) if failures else '?'}), "
          f"{'; '.join(verdict)}; exit code {code}; curve in {args.csv}")
    for problem in problems[:20]:
        print("PROBLEM:", problem)
    sys.exit(1 if problems or code != 0 else 0)


if __name__ == "__main__":
    main()
