#!/usr/bin/env bash
# Runs one libFuzzer target for a given time (issue 13, point 5).
#
#   scripts/fuzz.sh TARGET [SECONDS]     TARGET: page | error | label | config
#   scripts/fuzz.sh --replay             every seed corpus through a normal build (no libFuzzer)
#
# page:  the strict page scanner and the Codable decoder agree on every body
# error: error bodies (JSON, XML, HTML, junk) give a token code, a bounded
#        one-line message and a token request id
# label: any name/language/type renders to text that parses back to the same values
# config: any --config.file text is accepted with every setting in range or
#        refused with positioned errors, the same way twice, and no inline
#        secret shows in the config's description, dump() or summary
#
# The fuzzing build (-sanitize=fuzzer,address) lives in .build-fuzz, apart
# from the normal one. Seeds: Fuzz/Corpus/TARGET (in git); what libFuzzer
# adds goes to .build-fuzz/corpus/TARGET; crashes to .build-fuzz/crashes/.
# A crash input belongs in Fuzz/Corpus/TARGET once fixed: the replay then
# keeps it as a regression check.
set -euo pipefail
cd "$(dirname "$0")/.."

# SWIFT_BUILD_FLAGS: the flags the normal build in .build was made with
# (scripts/test.sh: --sanitize=thread); other flags would rebuild all of it.
if [ "${1:-}" = "--replay" ]; then
  # shellcheck disable=SC2086
  swift build ${SWIFT_BUILD_FLAGS:-} --product sas-dingtalk-fuzz
  bin="$(swift build --show-bin-path)/sas-dingtalk-fuzz"
  for target in page error label config; do "$bin" "$target" "Fuzz/Corpus/$target"; done
  exit 0
fi

target="${1:?usage: scripts/fuzz.sh page|error|label|config [SECONDS] | --replay}"
seconds="${2:-60}"
case "$target" in page|error|label|config) ;; *) echo "unknown target $target" >&2; exit 2 ;; esac

swift build --build-path .build-fuzz --product sas-dingtalk-fuzz \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZ
bin="$(swift build --build-path .build-fuzz --show-bin-path)/sas-dingtalk-fuzz"
mkdir -p ".build-fuzz/corpus/$target" .build-fuzz/crashes
echo "--- fuzzing $target for ${seconds}s"
FUZZ_TARGET="$target" "$bin" -max_total_time="$seconds" -print_final_stats=1 -timeout=10 -rss_limit_mb=4096 \
  -max_len=65536 -artifact_prefix=.build-fuzz/crashes/"$target"- \
  ".build-fuzz/corpus/$target" "Fuzz/Corpus/$target"
