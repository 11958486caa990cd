@testable import DingTalkExporter
import Foundation
import Testing

/// `ProcessMetrics` on a fixture proc tree (exact numbers) and on the real
/// /proc (plausible numbers).
@Suite("ProcessMetrics")
struct ProcessMetricsTests {
    /// A comm with spaces and parentheses, to make sure fields are found after the last ')'.
    static let stat =
        "4242 (sas (dingtalk) x) S 1 4242 4242 0 -1 4194304 100 0 0 0 250 130 0 0 20 0 5 0 12345 104857600 2560 "
        + "18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n"

    static func limits(openFiles soft: String) -> String {
        """
        Limit                     Soft Limit           Hard Limit           Units     
        Max cpu time              unlimited            unlimited            seconds   
        Max open files            \(soft.padding(toLength: 21, withPad: " ", startingAt: 0))524288               files     
        Max processes             63432                63432                processes 

        """
    }

    /// Writes the files given (path relative to the root -> contents) and `fds` fd entries.
    static func fixture(_ files: [String: String], fds: Int? = nil) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("proc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("self"), withIntermediateDirectories: true)
        for (path, contents) in files {
            try contents.write(to: root.appendingPathComponent(path), atomically: true, encoding: .utf8)
        }
        if let fds {
            let fdDirectory = root.appendingPathComponent("self/fd")
            try FileManager.default.createDirectory(at: fdDirectory, withIntermediateDirectories: true)
            for fd in 0..<fds {
                try "".write(to: fdDirectory.appendingPathComponent(String(fd)), atomically: true, encoding: .utf8)
            }
        }
        return root
    }

    static func render(_ root: URL) -> String {
        var buffer: [UInt8] = []
        ProcessMetrics(procRoot: root.path, clockTicksPerSecond: 100, pageSize: 4096).render(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    @Test("a complete fixture tree gives exact values, with the Go client's HELP and TYPE")
    func fixtureTree() throws {
        let root = try Self.fixture(
            ["self/stat": Self.stat, "self/limits": Self.limits(openFiles: "1024"), "stat": "cpu  1 2 3\nbtime 1700000000\nprocesses 9\n"],
            fds: 5)
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(Self.render(root) == """
            # HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.
            # TYPE process_cpu_seconds_total counter
            process_cpu_seconds_total 3.8
            # HELP process_open_fds Number of open file descriptors.
            # TYPE process_open_fds gauge
            process_open_fds 5
            # HELP process_max_fds Maximum number of open file descriptors.
            # TYPE process_max_fds gauge
            process_max_fds 1024
            # HELP process_virtual_memory_bytes Virtual memory size in bytes.
            # TYPE process_virtual_memory_bytes gauge
            process_virtual_memory_bytes 104857600
            # HELP process_resident_memory_bytes Resident memory size in bytes.
            # TYPE process_resident_memory_bytes gauge
            process_resident_memory_bytes 10485760
            # HELP process_start_time_seconds Start time of the process since unix epoch in seconds.
            # TYPE process_start_time_seconds gauge
            process_start_time_seconds 1700000123.45

            """)
    }

    @Test("an unlimited open-files limit is 2^64 - 1, as the Go client reports it")
    func unlimited() throws {
        let root = try Self.fixture(["self/limits": Self.limits(openFiles: "unlimited")])
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(Self.render(root) == """
            # HELP process_max_fds Maximum number of open file descriptors.
            # TYPE process_max_fds gauge
            process_max_fds 1.8446744073709552e+19

            """)
    }

    @Test(
        "unreadable or malformed files drop only what needs them",
        arguments: [
            (["self/stat": "garbage"], 2, ["process_open_fds 2"]),
            (["self/stat": ProcessMetricsTests.stat], nil, [
                "process_cpu_seconds_total 3.8", "process_virtual_memory_bytes 104857600",
                "process_resident_memory_bytes 10485760",
            ]),
            (["self/stat": "1 (x) S 1 2 3\n", "stat": "btime 1700000000\n"], nil, []),
            (["self/limits": "Max open files            lots     lots    files\n", "stat": "no btime here\n"], nil, []),
            ([:], nil, []),
        ] as [([String: String], Int?, [String])])
    func partial(files: [String: String], fds: Int?, expected: [String]) throws {
        let root = try Self.fixture(files, fds: fds)
        defer { try? FileManager.default.removeItem(at: root) }
        let samples = Self.render(root).split(separator: "\n").filter { !$0.hasPrefix("#") }.map(String.init)
        #expect(samples == expected)
    }

    @Test("a procRoot that does not exist renders nothing")
    func missingRoot() {
        var buffer: [UInt8] = []
        ProcessMetrics(procRoot: "/nonexistent/proc-\(UUID().uuidString)").render(into: &buffer)
        #expect(buffer.isEmpty)
    }

    @Test("the real /proc gives plausible values", .enabled(if: FileManager.default.fileExists(atPath: "/proc/self/stat")))
    func realProc() throws {
        var buffer: [UInt8] = []
        ProcessMetrics().render(into: &buffer)
        let exposition = try Exposition(parsing: String(decoding: buffer, as: UTF8.self))
        #expect(exposition.types == [
            "process_cpu_seconds_total": "counter", "process_open_fds": "gauge", "process_max_fds": "gauge",
            "process_virtual_memory_bytes": "gauge", "process_resident_memory_bytes": "gauge",
            "process_start_time_seconds": "gauge",
        ])
        let cpu = try #require(exposition.value("process_cpu_seconds_total"))
        let open = try #require(exposition.value("process_open_fds"))
        let max = try #require(exposition.value("process_max_fds"))
        let resident = try #require(exposition.value("process_resident_memory_bytes"))
        let virtual = try #require(exposition.value("process_virtual_memory_bytes"))
        let start = try #require(exposition.value("process_start_time_seconds"))
        let now = Date().timeIntervalSince1970
        #expect(cpu >= 0 && cpu < 100_000)
        #expect(open >= 3 && open <= max)
        #expect(resident > 1_000_000 && resident <= virtual)
        #expect(start > now - 86_400 && start <= now + 1)
    }

    /// For this process the soft limit comes from getrlimit(2), not the
    /// file: it must be the number /proc/self/limits shows.
    @Test("process_max_fds of the real /proc is the soft limit of /proc/self/limits",
          .enabled(if: FileManager.default.fileExists(atPath: "/proc/self/limits")))
    func realMaxFDs() throws {
        let limits = try String(contentsOfFile: "/proc/self/limits", encoding: .utf8)
        let line = try #require(limits.split(separator: "\n").first { $0.hasPrefix("Max open files") })
        let soft = try #require(line.dropFirst("Max open files".count).split(separator: " ").first)
        let expected = soft == "unlimited" ? Double(UInt64.max) : try #require(Double(soft))
        var buffer: [UInt8] = []
        ProcessMetrics().render(into: &buffer)
        let exposition = try Exposition(parsing: String(decoding: buffer, as: UTF8.self))
        #expect(exposition.value("process_max_fds") == expected)
    }

    @Test("stat fields are read as Int64/UInt64 read them", arguments: [
        ("0", UInt64(0) as UInt64?, Int64(0) as Int64?),
        ("18446744073709551615", UInt64.max, nil),
        ("18446744073709551616", nil, nil),
        ("9223372036854775807", 9_223_372_036_854_775_807, Int64.max),
        ("-9223372036854775808", nil, Int64.min),
        ("-9223372036854775809", nil, nil),
        ("-1", nil, -1), ("+7", nil, 7), ("", nil, nil), ("-", nil, nil), ("12a", nil, nil), ("١٢", nil, nil),
    ])
    func statNumbers(text: String, unsigned: UInt64?, signed: Int64?) {
        #expect(ProcessMetrics.decimal(Array(text.utf8)[...]) == unsigned)
        #expect(ProcessMetrics.signedDecimal(Array(text.utf8)[...]) == signed)
    }
}
