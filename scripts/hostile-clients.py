#!/usr/bin/env python3
"""Hostile HTTP clients against a live exporter (issue 13, point 7).

Starts `sas-dingtalk-exporter --demo` on a loopback port, then runs each
scenario while scraping /metrics as a normal client would:

  idle        N connections opened and left silent
  dribble     clients sending a request head one byte a second
  big-header  a request with a header line of several MiB
  big-body    POST /-/reload announcing and streaming a huge body
  garbage     random bytes instead of HTTP
  http10      HTTP/1.0 requests (no Host, connection closes after)
  pipelining  three requests in one write, three answers expected in order

For each scenario it prints the scrape latencies (min, median, p99, max)
and whether every scrape answered 200 with a body that looks like metrics.
It fails (exit 1) if a scrape fails or the exporter dies; with
--max-latency-ms it also fails when the p99 latency is above that.
Latency is recorded, not asserted, by default: the machine may be shared.

Usage: scripts/hostile-clients.py --binary .build/debug/sas-dingtalk-exporter [--quick]
"""
import argparse
import os
import random
import resource
import socket
import statistics
import subprocess
import sys
import threading
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Exporter:
    def __init__(self, binary, port):
        self.port = port
        self.proc = subprocess.Popen(
            [binary, "--demo", "--web.listen-address", f"127.0.0.1:{port}", "--poll.interval", "5s",
             "--log.level", "warn"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"exporter exited at start: {self.proc.stderr.read().decode(errors='replace')}")
            try:
                status, body = self.get("/-/ready", timeout=2)
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise SystemExit("exporter not ready within 60 s")

    def alive(self):
        return self.proc.poll() is None

    def get(self, path, timeout=5):
        """One GET on a fresh connection; returns (status, body)."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=timeout) as s:
            s.sendall(f"GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".encode())
            data = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1]) if head.startswith(b"HTTP/") else 0
        return status, body

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        return self.proc.returncode


def scrape_while(exporter, duration, interval=0.1):
    """Scrapes /metrics until `duration` has passed; returns (latencies_ms, failures)."""
    latencies, failures = [], []
    end = time.time() + duration
    while time.time() < end:
        start = time.perf_counter()
        try:
            status, body = exporter.get("/metrics", timeout=10)
            elapsed = (time.perf_counter() - start) * 1000
            if status != 200 or b"aliyun_sas_dingtalk_up" not in body:
                failures.append(f"status {status}")
            else:
                latencies.append(elapsed)
        except OSError as error:
            failures.append(repr(error))
        time.sleep(interval)
    return latencies, failures


def summary(latencies):
    if not latencies:
        return "no successful scrape"
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return (f"n={len(ordered)} min={ordered[0]:.1f} median={statistics.median(ordered):.1f} "
            f"p99={p99:.1f} max={ordered[-1]:.1f} ms"), p99


def connect(port):
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


# --- scenarios: each returns a stop function (or None) and runs in the background


def idle(port, count):
    sockets = [connect(port) for _ in range(count)]
    return lambda: [s.close() for s in sockets]


def dribble(port, count):
    stop = threading.Event()
    payload = b"GET /metrics HTTP/1.1\r\nHost: localhost\r\nX-Slow: " + b"a" * 10_000

    def run():
        sockets = [connect(port) for _ in range(count)]
        for i in range(len(payload)):
            if stop.is_set():
                break
            for s in list(sockets):
                try:
                    s.send(payload[i:i + 1])
                except OSError:
                    sockets.remove(s)
            stop.wait(1.0)
        for s in sockets:
            s.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return lambda: (stop.set(), thread.join())


def flood(port, make_payload, workers=4):
    """Keeps `workers` clients sending `make_payload()` on fresh connections."""
    stop = threading.Event()

    def run():
        while not stop.is_set():
            try:
                with connect(port) as s:
                    for piece in make_payload():
                        if stop.is_set():
                            break
                        s.sendall(piece)
                    s.settimeout(2)
                    try:
                        s.recv(65536)
                    except OSError:
                        pass
            except OSError:
                time.sleep(0.05)

    threads = [threading.Thread(target=run, daemon=True) for _ in range(workers)]
    for t in threads:
        t.start()
    return lambda: (stop.set(), [t.join() for t in threads])


def big_header():
    yield b"GET /metrics HTTP/1.1\r\nHost: localhost\r\nX-Big: "
    chunk = b"b" * 65536
    for _ in range(64):  # 4 MiB
        yield chunk
    yield b"\r\n\r\n"


def big_body():
    yield b"POST /-/reload HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1073741824\r\n\r\n"
    chunk = os.urandom(65536)
    for _ in range(128):  # 8 MiB of the announced 1 GiB
        yield chunk


def garbage():
    yield os.urandom(random.randint(1, 65536))


def read_answers(sock, count, timeout=5):
    """Reads up to `count` HTTP answers (Content-Length framed); returns (status lines, closed by server)."""
    sock.settimeout(timeout)
    data, statuses = b"", []
    closed = False
    try:
        while len(statuses) < count:
            head_end = data.find(b"\r\n\r\n")
            if head_end >= 0:
                head = data[:head_end].decode("latin-1")
                length = 0
                for line in head.split("\r\n")[1:]:
                    name, _, value = line.partition(":")
                    if name.strip().lower() == "content-length":
                        length = int(value.strip())
                if len(data) >= head_end + 4 + length:
                    statuses.append(head.split("\r\n", 1)[0])
                    data = data[head_end + 4 + length:]
                    continue
            chunk = sock.recv(65536)
            if not chunk:
                closed = True
                break
            data += chunk
        if not closed:
            sock.settimeout(1)
            closed = sock.recv(1) == b""
    except OSError:
        pass
    return statuses, closed


def http10_and_pipelining(port, results):
    """Checks the answers themselves; appends problems, returns notes."""
    notes = []
    with connect(port) as s:
        s.sendall(b"GET /-/healthy HTTP/1.0\r\n\r\n")
        statuses, closed = read_answers(s, 1)
        if not statuses or " 200 " not in statuses[0] + " ":
            results.append(f"HTTP/1.0: {statuses}")
        else:
            notes.append(f"HTTP/1.0 answered '{statuses[0]}', connection {'closed' if closed else 'left open (HTTP/1.0 without keep-alive should close)'}")
    with connect(port) as s:
        request = b"GET /-/healthy HTTP/1.1\r\nHost: localhost\r\n\r\n"
        s.sendall(request * 2 + b"GET /metrics HTTP/1.1\r\nHost: localhost\r\n\r\n")
        statuses, _ = read_answers(s, 3)
        if len(statuses) != 3 or not all(" 200" in line for line in statuses):
            results.append(f"pipelining: {statuses}")
        else:
            notes.append("3 pipelined requests, 3 answers in order")
    return notes


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=".build/debug/sas-dingtalk-exporter")
    parser.add_argument("--quick", action="store_true", help="shorter phases (for the test command)")
    parser.add_argument("--idle", type=int, default=1000)
    parser.add_argument("--max-latency-ms", type=float, default=None)
    args = parser.parse_args()

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = min(hard, max(soft, 4 * args.idle + 256))
    resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))  # inherited by the exporter

    phase = 5 if args.quick else 20
    exporter = Exporter(args.binary, free_port())
    port = exporter.port
    failed = False
    print(f"exporter pid {exporter.proc.pid} on 127.0.0.1:{port}; {phase} s per scenario; latency of GET /metrics")
    scenarios = [
        ("baseline", lambda: None),
        (f"idle x{args.idle}", lambda: idle(port, args.idle)),
        ("dribble x50", lambda: dribble(port, 50)),
        ("big-header 4MiB", lambda: flood(port, big_header)),
        ("big-body 8MiB", lambda: flood(port, big_body)),
        ("garbage", lambda: flood(port, garbage)),
    ]
    for name, start in scenarios:
        stop = start()
        time.sleep(0.5)
        latencies, failures = scrape_while(exporter, phase)
        if stop:
            stop()
        text, p99 = summary(latencies) if latencies else ("no successful scrape", float("inf"))
        verdict = "ok"
        if failures or not exporter.alive():
            verdict = f"FAILED ({len(failures)} failed scrapes: {failures[:3]}; alive={exporter.alive()})"
            failed = True
        elif args.max_latency_ms is not None and p99 > args.max_latency_ms:
            verdict = f"SLOW (p99 above {args.max_latency_ms} ms)"
            failed = True
        print(f"{name:18} {text:60} {verdict}", flush=True)
        if not exporter.alive():
            break

    if exporter.alive():
        problems = []
        notes = http10_and_pipelining(port, problems)
        print(f"{'http10+pipelining':18} {'; '.join(problems + notes)} {'FAILED' if problems else 'ok'}")
        failed = failed or bool(problems)
    code = exporter.stop()
    print(f"exporter exit code after SIGTERM: {code}")
    if code != 0:
        failed = True
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
