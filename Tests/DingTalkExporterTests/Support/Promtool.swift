import Foundation
import Testing

/// Runs `promtool check metrics` on exposition text, as the tests need it in
/// more than one place. A missing promtool is a recorded issue when
/// `REQUIRE_PROMTOOL=1` (the test command sets it), a skip otherwise.
enum Promtool {
    struct Report {
        var status: Int32
        var output: String
    }

    static func checkMetrics(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) throws -> Report? {
        guard let promtool = findExecutable("promtool") else {
            if ProcessInfo.processInfo.environment["REQUIRE_PROMTOOL"] == "1" {
                Issue.record("promtool is required (REQUIRE_PROMTOOL=1) but not on PATH", sourceLocation: sourceLocation)
            }
            return nil
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: promtool)
        process.arguments = ["check", "metrics"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        input.fileHandleForWriting.write(Data(bytes))
        try input.fileHandleForWriting.close()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return Report(status: process.terminationStatus, output: text)
    }

    static func findExecutable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
