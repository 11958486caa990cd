import Foundation

/// The fuzz targets of issue 13 point 5, in one binary (one build for all).
///
/// Built with `-sanitize=fuzzer -D FUZZ` (scripts/fuzz.sh), libFuzzer drives
/// `LLVMFuzzerTestOneInput` and `FUZZ_TARGET` picks the target. Built
/// normally, it is a replayer: `sas-dingtalk-fuzz TARGET FILE...` runs files
/// (a corpus, a crash) through the same target, so a finding becomes a
/// regression check without libFuzzer.
enum FuzzTarget: String, CaseIterable {
    case page, error, label, config

    /// Each target traps (`preconditionFailure`) when an invariant breaks.
    func run(_ input: [UInt8]) {
        switch self {
        case .page: PageDecoderTarget.run(input)
        case .error: ErrorBodyTarget.run(input)
        case .label: LabelRoundTripTarget.run(input)
        case .config: ConfigParserTarget.run(input)
        }
    }
}

#if FUZZ

private let selected: FuzzTarget = {
    let name = ProcessInfo.processInfo.environment["FUZZ_TARGET"] ?? ""
    guard let target = FuzzTarget(rawValue: name) else {
        preconditionFailure("set FUZZ_TARGET to one of \(FuzzTarget.allCases.map(\.rawValue))")
    }
    return target
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    selected.run(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}
#else

@main
struct Replay {
    static func main() throws {
        let arguments = CommandLine.arguments.dropFirst()
        guard let name = arguments.first, let target = FuzzTarget(rawValue: name) else {
            FileHandle.standardError.write(Data("usage: sas-dingtalk-fuzz page|error|label|config FILE...\n".utf8))
            exit(2)
        }
        var count = 0
        for path in arguments.dropFirst() {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            let files = isDirectory.boolValue
                ? try FileManager.default.contentsOfDirectory(atPath: path).sorted().map { path + "/" + $0 } : [path]
            for file in files {
                target.run(Array(try Data(contentsOf: URL(fileURLWithPath: file))))
                count += 1
            }
        }
        print("\(name): \(count) inputs replayed, no invariant broken")
    }
}
#endif
