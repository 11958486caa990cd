#!/usr/bin/env python3
"""Mutation test of the alerting rules: changes deploy/prometheus/alerts.yml
one thing at a time and requires `promtool test rules alerts_test.yml` to
FAIL for every change (the mutant is "killed"). A mutant the tests let pass
means a threshold, window, matcher or gate that no test pins down.

Mutations, inside each rule's `expr:` and `for:`:
  - every `for:` duration, range `[d]` and `offset d`: halved and doubled;
  - every number a comparison or arithmetic uses: halved and doubled (0 and 1
    become each other), and every comparison operator negated;
  - every label matcher: removed; each alternative of a regex removed; an
    exact value changed;
  - every operand of `and`, `unless` and `or` written in parentheses (the
    gates): removed with its operator; for `or` the left operand too.

Every mutant must still pass `promtool check rules` (otherwise the script
itself is wrong and says so). No third-party Python module needed.
Usage: scripts/mutate-rules.py [--rules PATH] [--tests PATH ...] [-j N] [-v]
"""
import argparse
import concurrent.futures
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
DURATION = re.compile(r"^(\d+)(ms|s|m|h|d|w|y)$")
SECONDS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800, "y": 31536000}


def scale_duration(text, factor):
    match = DURATION.match(text)
    if not match:
        raise ValueError(f"unsupported duration {text!r}")
    seconds = int(match.group(1)) * SECONDS[match.group(2)] * factor
    for unit in ("d", "h", "m", "s"):
        if seconds >= SECONDS[unit] and seconds % SECONDS[unit] == 0:
            return f"{int(seconds // SECONDS[unit])}{unit}"
    return f"{int(seconds * 1000)}ms"


def scale_number(text):
    value = float(text)
    if value == 0:
        return ["1"]
    if value == 1:
        return ["0", "2"]
    return [format(value / 2, "g"), format(value * 2, "g")]


def rule_blocks(text):
    """(name, start, end) of every `- alert:` or `- record:` block."""
    starts = [(m.start(), m.group(2)) for m in re.finditer(r"^\s*- (alert|record): (\S+)", text, re.M)]
    ends = [m.start() for m in re.finditer(r"^\s*- name: ", text, re.M)] + [len(text)]
    blocks = []
    for index, (start, name) in enumerate(starts):
        end = min([e for e in ends if e > start] + [starts[index + 1][0] if index + 1 < len(starts) else len(text)])
        blocks.append((name, start, end))
    return blocks


def expr_span(text, start, end):
    """The expression's text span inside a rule block (a `|` block or one line)."""
    match = re.compile(r"^(\s*)expr: ?(\|[-+]?)?[ \t]*(.*)$", re.M).search(text, start, end)
    if not match:
        return None
    if match.group(2):
        indent = len(match.group(1))
        position = match.end() + 1
        while position < end:
            line_end = text.find("\n", position)
            line_end = end if line_end == -1 else line_end
            line = text[position:line_end]
            if line.strip() and len(line) - len(line.lstrip()) <= indent:
                break
            position = line_end + 1
        return match.end() + 1, min(position, end)
    return match.start(3), match.end(3)


def matching_paren(expr, open_index):
    depth = 0
    quoted = False
    for index in range(open_index, len(expr)):
        char = expr[index]
        if char == '"' and expr[index - 1] != "\\":
            quoted = not quoted
        elif not quoted and char == "(":
            depth += 1
        elif not quoted and char == ")":
            depth -= 1
            if depth == 0:
                return index
    raise ValueError("unbalanced parentheses")


def brace_spans(expr):
    return [(m.start(), m.end()) for m in re.finditer(r"\{[^}]*\}", expr)]


def inside(index, spans):
    return any(start <= index < end for start, end in spans)


def expr_mutants(expr):
    """(description, mutated expr) for every mutation of one expression."""
    mutants = []
    braces = brace_spans(expr)

    # Ranges and offsets.
    for match in re.finditer(r"\[(\d+[a-z]+)\]|offset (\d+[a-z]+)", expr):
        group = 1 if match.group(1) else 2
        for factor in (0.5, 2):
            new = scale_duration(match.group(group), factor)
            mutants.append((f"{match.group(0)} -> {new}",
                            expr[:match.start(group)] + new + expr[match.end(group):]))

    # Comparison operators, negated.
    negations = {"==": "!=", "!=": "==", ">=": "<", "<=": ">", ">": "<=", "<": ">="}
    for match in re.finditer(r"(==|!=|>=|<=|>|<)(?!~)", expr):
        if inside(match.start(), braces):
            continue
        op = match.group(1)
        mutants.append((f"{op} -> {negations[op]} at {match.start()}",
                        expr[:match.start()] + negations[op] + expr[match.end():]))

    # Numbers outside selectors, durations and names.
    for match in re.finditer(r"(?<![\w.\[\"])(\d+(?:\.\d+)?)(?![\w.\]])", expr):
        if inside(match.start(), braces):
            continue
        before = expr[:match.start()].rstrip()
        if before.endswith("offset"):
            continue
        for new in scale_number(match.group(1)):
            mutants.append((f"{match.group(1)} -> {new} at {match.start()}",
                            expr[:match.start()] + new + expr[match.end():]))

    # Label matchers.
    for brace_start, brace_end in braces:
        body = expr[brace_start + 1:brace_end - 1]
        matchers = list(re.finditer(r'\s*(\w+)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"\s*,?', body))
        for matcher in matchers:
            name, op, value = matcher.groups()
            rest = (body[:matcher.start()] + body[matcher.end():]).strip().rstrip(",")
            mutants.append((f"remove matcher {name}{op}\"{value}\" at {brace_start}",
                            expr[:brace_start] + "{" + rest + "}" + expr[brace_end:]))
            value_start = brace_start + 1 + matcher.start(3)
            value_end = brace_start + 1 + matcher.end(3)
            alternatives = value.split("|")
            if op in ("=~", "!~") and len(alternatives) > 1:
                for index, alternative in enumerate(alternatives):
                    kept = "|".join(alternatives[:index] + alternatives[index + 1:])
                    mutants.append((f"drop {alternative!r} from {name}{op} at {brace_start}",
                                    expr[:value_start] + kept + expr[value_end:]))
            elif op in ("=", "!="):
                mutants.append((f"change {name}{op}\"{value}\" at {brace_start}",
                                expr[:value_start] + value + "_mutant" + expr[value_end:]))

    # Gates: `and|unless|or [on|ignoring (...)] ( ... )`, removed.
    for match in re.finditer(r"\b(and|unless|or)\b(\s+(?:on|ignoring)\s*\([^)]*\))?\s*\(", expr):
        close = matching_paren(expr, match.end() - 1)
        mutants.append((f"remove `{match.group(1)}{match.group(2) or ''} (...)` at {match.start()}",
                        expr[:match.start()] + expr[close + 1:]))
        if match.group(1) == "or":
            left_end = expr[:match.start()].rstrip()
            if left_end.endswith(")"):
                depth, index = 0, len(left_end) - 1
                while index >= 0:
                    depth += {")": 1, "(": -1}.get(left_end[index], 0)
                    if depth == 0:
                        break
                    index -= 1
                mutants.append((f"remove `(...) or` at {match.start()}",
                                expr[:index] + expr[match.end() - 1:]))
    return mutants


def all_mutants(text):
    mutants = []
    for name, start, end in rule_blocks(text):
        span = expr_span(text, start, end)
        if span is None:
            continue
        expr = text[span[0]:span[1]]
        for description, mutated in expr_mutants(expr):
            mutants.append((name, description, text[:span[0]] + mutated + text[span[1]:]))
        for match in re.compile(r"^(\s*for: )(\S+)\s*$", re.M).finditer(text, start, end):
            for factor in (0.5, 2):
                new = scale_duration(match.group(2), factor)
                mutants.append((name, f"for: {match.group(2)} -> {new}",
                                text[:match.start(2)] + new + text[match.end(2):]))
    return mutants


def run(args, cwd):
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True)


def check_mutant(mutant, rules_name, tests_paths):
    name, description, text = mutant
    with tempfile.TemporaryDirectory() as directory:
        with open(os.path.join(directory, rules_name), "w") as handle:
            handle.write(text)
        check = run(["promtool", "check", "rules", rules_name], directory)
        if check.returncode != 0:
            return name, description, "invalid", check.stdout + check.stderr
        # One file at a time, stopping at the first that fails: most mutants
        # die in the first, and promtool is slow on a busy machine.
        for tests_path in tests_paths:
            shutil.copy(tests_path, directory)
            if run(["promtool", "test", "rules", os.path.basename(tests_path)], directory).returncode != 0:
                return name, description, "killed", ""
        return name, description, "SURVIVED", ""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rules", default=os.path.join(ROOT, "deploy", "prometheus", "alerts.yml"))
    parser.add_argument("--tests", nargs="+", default=[
        os.path.join(ROOT, "deploy", "prometheus", name) for name in ("alerts_test.yml", "alerts_day_test.yml")])
    parser.add_argument("-j", type=int, default=os.cpu_count() or 2)
    parser.add_argument("-v", action="store_true", help="list every mutant")
    args = parser.parse_args()

    for tests_path in args.tests:
        baseline = run(["promtool", "test", "rules", os.path.basename(tests_path)], os.path.dirname(tests_path))
        if baseline.returncode != 0:
            sys.exit("mutate-rules: the unmutated rules fail their tests:\n" + baseline.stdout + baseline.stderr)
    text = open(args.rules).read()
    mutants = all_mutants(text)
    if not mutants:
        sys.exit("mutate-rules: no mutants: the rules file was not understood")
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.j) as pool:
        results = list(pool.map(lambda m: check_mutant(m, os.path.basename(args.rules), args.tests), mutants))

    failures = [r for r in results if r[2] != "killed"]
    for name, description, outcome, detail in results:
        if args.v or outcome != "killed":
            print(f"{outcome:9} {name}: {description}")
            if detail:
                print("          " + detail.strip().replace("\n", "\n          "))
    rules = len({r[0] for r in results})
    print(f"mutate-rules: {len(results)} mutants of {rules} rules, "
          f"{len(results) - len(failures)} killed, {len(failures)} not")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
