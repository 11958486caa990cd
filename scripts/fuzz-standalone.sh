#!/usr/bin/env bash
# A fast libFuzzer build without SwiftPM (issue 13, point 5): compiles only the
# sources the three targets need into one module with swiftc in seconds,
# instead of a sanitizer build of every dependency (scripts/fuzz.sh).
# Differences: module imports are stripped, and SecretHash is a stand-in
# without Crypto (the decoders only store it). Use scripts/fuzz.sh for the
# real thing when there is time for its build.
#
#   scripts/fuzz-standalone.sh TARGET [SECONDS]     TARGET: page | error | label
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:?usage: scripts/fuzz-standalone.sh page|error|label [SECONDS]}"
seconds="${2:-60}"
dir=.build-fuzz-standalone
mkdir -p "$dir/src" "$dir/corpus/$target" "$dir/crashes"
rm -f "$dir"/src/*.swift
for f in Sources/AlibabaCloudCore/Errors/{APIError,ResponseText,ErrorBodyParser}.swift Sources/SecurityCenter/Models/*.swift \
  Sources/DingTalkExporter/Metrics/{SnapshotRenderer,LabelLimits,LabelOverflow}.swift \
  Sources/DingTalkExporter/Snapshot/AccountSnapshot.swift \
  Fuzz/FuzzTargets/{PageDecoderTarget,ErrorBodyTarget,LabelRoundTripTarget,ExpositionLine}.swift; do
  sed -e '/^import AlibabaCloudCore/d' -e '/^import SecurityCenter/d' -e '/^import DingTalkExporter/d' "$f" > "$dir/src/$(basename "$f")"
done
{ echo 'extension String {'; sed -n '/func trimmingASCIIWhitespace/,/^    }/p' Sources/AlibabaCloudCore/Signing/SignerV3.swift; echo '}'; } > "$dir/src/Trim.swift"
cat > "$dir/src/Standalone.swift" <<'SWIFT'
import Foundation
/// Stand-in for AlibabaCloudCore's SecretHash: no Crypto in this build.
public struct SecretHash: Sendable, Hashable {
    let value: String
    public init(of secret: String) { value = secret }
}
private let selected = ProcessInfo.processInfo.environment["FUZZ_TARGET"] ?? ""
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    switch selected {
    case "page": PageDecoderTarget.run(input)
    case "error": ErrorBodyTarget.run(input)
    case "label": LabelRoundTripTarget.run(input)
    default: preconditionFailure("FUZZ_TARGET must be page, error or label")
    }
    return 0
}
SWIFT
swiftc -sanitize=fuzzer,address -parse-as-library -Onone -package-name fuzz -module-name FuzzStandalone \
  "$dir"/src/*.swift -o "$dir/fuzz"
FUZZ_TARGET="$target" "$dir/fuzz" -max_total_time="$seconds" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 \
  -max_len=65536 -artifact_prefix="$dir/crashes/$target-" "$dir/corpus/$target" "Fuzz/Corpus/$target"
