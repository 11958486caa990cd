#!/usr/bin/env bash
# A fast libFuzzer build without SwiftPM (issue 13, point 5): compiles only the
# sources a target needs into one module with swiftc in seconds, instead of a
# sanitizer build of every dependency (scripts/fuzz.sh).
# Differences: module imports are stripped, and for page/error/label
# SecretHash (and KeyedHasher) is a stand-in without Crypto (the decoders only store it). The
# config target links Yams and libyaml, built here once with the fuzzer's
# coverage (~1.5 min, kept in .build-fuzz-standalone/yams).
# Use scripts/fuzz.sh for the real thing when there is time for its build.
#
#   scripts/fuzz-standalone.sh TARGET [SECONDS]     TARGET: page | error | label | config
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:?usage: scripts/fuzz-standalone.sh page|error|label|config [SECONDS]}"
seconds="${2:-60}"
dir=.build-fuzz-standalone
src="$dir/src-$target"
mkdir -p "$src" "$dir/corpus/$target" "$dir/crashes"
rm -f "$src"/*.swift

# Copies sources into the one module, their project imports stripped.
copy() {
  for f in "$@"; do
    sed -e '/^import AlibabaCloudCore/d' -e '/^import SecurityCenter/d' -e '/^import DingTalkExporter/d' "$f" > "$src/$(basename "$f")"
  done
}
{ echo 'extension String {'; sed -n '/func trimmingASCIIWhitespace/,/^    }/p' Sources/AlibabaCloudCore/Signing/SignerV3.swift; echo '}'; } > "$src/Trim.swift"

extra=()
case "$target" in
page|error|label)
  copy Sources/AlibabaCloudCore/Errors/{APIError,ResponseText,ErrorBodyParser}.swift Sources/SecurityCenter/Models/*.swift \
    Sources/DingTalkExporter/Metrics/{SnapshotRenderer,LabelLimits,LabelOverflow}.swift \
    Sources/DingTalkExporter/Snapshot/AccountSnapshot.swift \
    Fuzz/FuzzTargets/{PageDecoderTarget,ErrorBodyTarget,LabelRoundTripTarget,ExpositionLine}.swift
  cat > "$src/SecretHash.swift" <<'SWIFT'
/// Stand-in for AlibabaCloudCore's SecretHash: no Crypto in this build.
public struct SecretHash: Sendable, Hashable {
    let value: String
    public init(of secret: String) { value = secret }
}
public struct KeyedHasher {
    public init() {}
    public func hash(_ secret: String) -> SecretHash { SecretHash(of: secret) }
}
SWIFT
  call="switch selected { case \"page\": PageDecoderTarget.run(input); case \"error\": ErrorBodyTarget.run(input); default: LabelRoundTripTarget.run(input) }"
  ;;
config)
  yams=.build/checkouts/Yams/Sources
  [ -d "$yams" ] || swift package resolve
  if [ ! -f "$dir/yams/libYams.a" ]; then
    mkdir -p "$dir/yams"
    for f in "$yams"/CYaml/src/*.c; do
      clang -c -O1 -DYAML_DECLARE_STATIC -fsanitize=fuzzer-no-link,address -I "$yams/CYaml/include" "$f" -o "$dir/yams/$(basename "$f" .c).o"
    done
    swiftc -emit-library -static -parse-as-library -O -D SWIFT_PACKAGE -Xcc -DYAML_DECLARE_STATIC \
      -sanitize=fuzzer,address -module-name Yams \
      -emit-module -emit-module-path "$dir/yams/Yams.swiftmodule" -I "$yams/CYaml/include" "$yams"/Yams/*.swift \
      -o "$dir/yams/libYams.a"
  fi
  copy Sources/DingTalkExporter/Config/{AccountConfig,CredentialsSource,DurationParser,ConfigSummary,ConfigShard}.swift \
    Sources/DingTalkExporter/Config/File/*.swift Sources/AlibabaCloudCore/Credentials/Credentials.swift \
    Sources/AlibabaCloudCore/Credentials/STS/{AssumeRoleParameters,OIDCRoleParameters}.swift \
    Sources/AlibabaCloudCore/Client/{Endpoint,SignatureVersion}.swift Sources/SecurityCenter/SecurityCenterEndpoint.swift \
    Fuzz/FuzzTargets/ConfigParserTarget.swift
  extra=(-I "$dir/yams" -I "$yams/CYaml/include" "$dir/yams/libYams.a" "$dir"/yams/*.o)
  call="ConfigParserTarget.run(input)"
  ;;
*) echo "unknown target $target" >&2; exit 2 ;;
esac

cat > "$src/Standalone.swift" <<SWIFT
import Foundation
private let selected = ProcessInfo.processInfo.environment["FUZZ_TARGET"] ?? ""
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = data.map { Array(UnsafeBufferPointer(start: \$0, count: size)) } ?? []
    $call
    return 0
}
SWIFT
swiftc -sanitize=fuzzer,address -parse-as-library -Onone -package-name fuzz -module-name FuzzStandalone \
  "$src"/*.swift "${extra[@]}" -o "$dir/fuzz-$target"
FUZZ_TARGET="$target" "$dir/fuzz-$target" -max_total_time="$seconds" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 \
  -max_len=65536 -artifact_prefix="$dir/crashes/$target-" "$dir/corpus/$target" "Fuzz/Corpus/$target"
