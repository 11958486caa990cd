import DingTalkExporter
import Foundation
import Testing

/// The GitRevisionPlugin stamps the revision of the checkout into the build.
@Suite("Build info")
struct BuildInfoTests {
    /// `git rev-parse --short HEAD` of this package, run here, independently of the plugin.
    static func gitHead() throws -> String {
        let process = Process()
        process.executableURL = URL(filePath: "/usr/bin/env")
        process.arguments = ["git", "-C", URL(filePath: #filePath).deletingLastPathComponent().path(), "rev-parse", "--short", "HEAD"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "git rev-parse failed: git is needed to build with a revision")
        return String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("the revision is the checkout's HEAD (with -dirty for uncommitted changes)")
    func revisionIsHead() throws {
        let head = try Self.gitHead()
        #expect(!head.isEmpty)
        let revision = BuildInfo.currentRevision
        #expect(revision == head || revision == head + "-dirty", "revision \(revision), HEAD \(head)")
        #expect(BuildInfo().revision == revision)
    }
}
