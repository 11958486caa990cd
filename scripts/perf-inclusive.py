#!/usr/bin/env python3
"""Summarises `perf script` output (call graphs from `perf record -g`): the
share of samples spent in each function and below it (inclusive), for the
functions of the exporter's own modules first, then the heaviest others,
names demangled. Used by scripts/profile.sh.

    python3 scripts/perf-inclusive.py PERF_SCRIPT_OUTPUT [TOP]
"""
import collections, subprocess, sys
path, top = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 30
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
