import AsyncHTTPClient
import Foundation
import Glibc
import Testing

/// The real executable, as a user runs it: bad flags, `--demo` serving
/// metrics within one poll, graceful exit on SIGTERM.
@Suite("Command line", .serialized)
struct CommandLineTests {
    static var executable: URL {
        // The test bundle sits in the same build folder as the products.
        Bundle.module.bundleURL.deletingLastPathComponent().appendingPathComponent("sas-dingtalk-exporter")
    }

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String]) throws -> Run {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: stdout, stderr: stderr)
    }

    @Test("a bad flag value prints one line and exits 2", arguments: [
        ["--aliyun.page-size", "0"],
        ["--poll.interval", "soon"],
        ["--poll.interval", "50ms"],
        ["--aliyun.rate-limit", "0"],
        ["--aliyun.rate-limit", "-1"],
        ["--collector.max-notifications", "-1"],
        ["--demo.fault-rate", "1.5"],
        ["--aliyun.signature", "v2"],
        ["--web.listen-address", "nowhere"],
        ["--log.level", "loud"],
        ["--aliyun.endpoint", "://"],
        ["--no-such-flag"],
    ])
    func badFlag(_ arguments: [String]) throws {
        let result = try Self.run(arguments)
        #expect(result.status == 2)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "stderr: \(result.stderr)")
        #expect(result.stderr.hasPrefix("sas-dingtalk-exporter: error: "))
    }

    @Test("error lines say exactly what is wrong", arguments: [
        (["--poll.interval", "-5s"],
         "sas-dingtalk-exporter: error: The value '-5s' is invalid for '--poll.interval <duration>': invalid duration \"-5s\": durations cannot be negative (use e.g. 500ms, 30s, 2m, 1h30m) (see --help)"),
        (["--aliyun.request-timeout", "soon"],
         "sas-dingtalk-exporter: error: The value 'soon' is invalid for '--aliyun.request-timeout <duration>': invalid duration \"soon\": use a number with a unit, e.g. 500ms, 30s, 2m, 1h30m (see --help)"),
        (["--aliyun.page-size", "-1"],
         "sas-dingtalk-exporter: error: --aliyun.page-size must be between 1 and 1000, got -1 (see --help)"),
        (["--demo.notifications", "5"], "sas-dingtalk-exporter: error: --demo.notifications needs --demo (see --help)"),
        (["--changes.history-size", "100001"],
         "sas-dingtalk-exporter: error: --changes.history-size must be between 0 and 100000, got 100001 (see --help)"),
    ])
    func exactErrorLine(_ arguments: [String], _ line: String) throws {
        let result = try Self.run(arguments)
        #expect(result.status == 2)
        #expect(result.stderr == line + "\n")
    }

    @Test("a listen address in use is one clear error and exit 1, not a crash", .timeLimit(.minutes(1)))
    func portInUse() throws {
        let listener = try LoopbackListener()
        defer { listener.close() }
        let result = try Self.run(["--demo", "--web.listen-address", "127.0.0.1:\(listener.port)"])
        #expect(result.status == 1)
        let last = result.stderr.split(separator: "\n").last.map(String.init)
        #expect(
            last == "sas-dingtalk-exporter: error: cannot listen on 127.0.0.1:\(listener.port) (--web.listen-address): Address already in use (errno 98)")
    }

    @Test("--help explains every flag and exits 0")
    func help() throws {
        let result = try Self.run(["--help"])
        #expect(result.status == 0)
        for flag in [
            "--web.listen-address", "--web.telemetry-path", "--web.disable-exporter-metrics", "--log.level", "--log.format",
            "--poll.interval", "--aliyun.region", "--aliyun.endpoint", "--aliyun.page-size", "--aliyun.rule-action-name",
            "--aliyun.signature", "--aliyun.request-timeout", "--aliyun.max-retries", "--collector.notification-details",
            "--collector.max-notifications", "--aliyun.rate-limit", "--demo", "--version",
        ] {
            #expect(result.stdout.contains(flag), "--help lacks \(flag)")
        }
    }

    @Test("--version prints the version and exits 0")
    func version() throws {
        let result = try Self.run(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("sas-dingtalk-exporter 0."))
    }

    /// A socket listening on 127.0.0.1 on a free port, to make a port busy.
    struct LoopbackListener {
        let fd: Int32
        let port: Int

        init() throws {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = 0
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                    bind(fd, pointer, length) == 0 && listen(fd, 1) == 0 && getsockname(fd, pointer, &length) == 0
                }
            }
            guard fd >= 0, bound else { throw POSIXError(.EADDRNOTAVAIL) }
            self.fd = fd
            self.port = Int(UInt16(bigEndian: address.sin_port))
        }

        func close() { _ = Glibc.close(fd) }
    }

    @Test("--demo serves the demo's metrics on every listen address within one poll and exits 0 on SIGTERM", .timeLimit(.minutes(1)))
    func demo() async throws {
        let exporter = try ExporterProcess(arguments: [
            "--demo", "--web.listen-address", "127.0.0.1:0", "--web.listen-address", "127.0.0.1:0", "--log.level", "debug",
        ])
        let ports = try await exporter.ports(count: 2)
        let listening = ports[0], other = ports[1]

        var body = ""
        for _ in 0..<100 {
            let response = try await HTTPClient.shared.get(url: "http://127.0.0.1:\(listening)/metrics").get()
            body = response.body.map { String(buffer: $0) } ?? ""
            if body.contains("aliyun_sas_dingtalk_up{account=\"default\"} 1") { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(body.contains("aliyun_sas_dingtalk_up{account=\"default\"} 1"))
        #expect(body.contains("aliyun_sas_dingtalk_notification_info{"))
        #expect(body.contains("process_resident_memory_bytes"))
        #expect(body.contains("aliyun_sas_dingtalk_exporter_build_info{"))
        let second = try await HTTPClient.shared.get(url: "http://127.0.0.1:\(other)/-/ready").get()
        #expect(second.status == .ok)

        #expect(exporter.stop() == 0)
        #expect(exporter.process.terminationReason == .exit)
        // Every line is JSON; each address is announced once, by one line.
        let text = exporter.log
        let lines = exporter.logLines
        #expect(lines.count == text.split(separator: "\n").count, "not all JSON: \(text)")
        #expect(lines.filter { $0["msg"] as? String == "listening" }.count == 2)
        #expect(!text.contains("Server started"), "\(text)")
        // Services are named at debug, not dumped.
        #expect(!text.contains("fetch: (Function)") && !text.contains("Logger("), "\(text)")
        #expect(lines.contains { $0["msg"] as? String == "poll succeeded" && $0["level"] as? String == "info" })
    }
}
