import DingTalkExporter
import Foundation
import Logging
import NIOConcurrencyHelpers
import Testing

/// The logfmt and JSON handlers: exact lines for given events, with an
/// injected clock and a collecting sink, hostile values included.
@Suite("Log handlers")
struct LogHandlerTests {
    /// 2026-11-25T10:00:00Z.
    static let fixed = Date(timeIntervalSince1970: 1_795_600_800)

    final class Lines: Sendable {
        private let lines = NIOLockedValueBox<[String]>([])
        var all: [String] { lines.withLockedValue { $0 } }
        var sink: LogSink { LogSink { line in self.lines.withLockedValue { $0.append(line) } } }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String { "NoPermission: \"denied\"\nretry later" }
    }

    static func logger(
        _ format: LogFormat, level: Logger.Level = .debug, at date: Date = fixed
    ) -> (Logger, Lines) {
        let lines = Lines()
        let logger = Logger(label: "test") { label in
            format.makeHandler(label: label, level: level, sink: lines.sink, now: { date })
        }
        return (logger, lines)
    }

    // MARK: logfmt

    @Test(
        "logfmt lines, quoting only what needs it",
        arguments: [
            ("listening", ["address": "[::]:9891"], #"ts=2026-11-25T10:00:00.000Z level=info msg=listening address=[::]:9891"#),
            (
                "poll failed", ["account": "prod", "code": "NoPermission"],
                #"ts=2026-11-25T10:00:00.000Z level=info msg="poll failed" account=prod code=NoPermission"#
            ),
            (
                "x", ["error": "You are \"not\" authorized\nline 2"],
                #"ts=2026-11-25T10:00:00.000Z level=info msg=x error="You are \"not\" authorized\nline 2""#
            ),
            ("x", ["name": "漏洞告警 🚨"], #"ts=2026-11-25T10:00:00.000Z level=info msg=x name="漏洞告警 🚨""#),
            ("x", ["name": "漏洞"], #"ts=2026-11-25T10:00:00.000Z level=info msg=x name=漏洞"#),
            ("x", ["pair": "a=b"], #"ts=2026-11-25T10:00:00.000Z level=info msg=x pair="a=b""#),
            ("x", ["path": #"C:\dir"#], #"ts=2026-11-25T10:00:00.000Z level=info msg=x path=C:\dir"#),
            ("x", ["path": #"C:\my dir"#], #"ts=2026-11-25T10:00:00.000Z level=info msg=x path="C:\\my dir""#),
            ("x", ["empty": ""], #"ts=2026-11-25T10:00:00.000Z level=info msg=x empty="#),
            ("x", ["ctl": "a\u{01}b\tc\r"], #"ts=2026-11-25T10:00:00.000Z level=info msg=x ctl="a\u0001b\tc\r""#),
            ("x", ["bad key": "v", "k=\"": "v"], #"ts=2026-11-25T10:00:00.000Z level=info msg=x bad_key=v k__=v"#),
            ("x", ["msg": "shadow", "b": "2", "a": "1"], #"ts=2026-11-25T10:00:00.000Z level=info msg=x _msg=shadow a=1 b=2"#),
            ("line 1\nline 2", [:], #"ts=2026-11-25T10:00:00.000Z level=info msg="line 1\nline 2""#),
            ("", [:], #"ts=2026-11-25T10:00:00.000Z level=info msg="#),
        ] as [(String, [String: String], String)])
    func logfmt(message: String, metadata: [String: String], expected: String) {
        let (logger, lines) = Self.logger(.logfmt)
        logger.info("\(message)", metadata: metadata.mapValues { .string($0) })
        #expect(lines.all == [expected])
        #expect(!lines.all.joined().contains("\n"))
    }

    @Test(
        "levels map to debug, info, warn, error",
        arguments: [
            (Logger.Level.trace, "debug"), (.debug, "debug"), (.info, "info"), (.notice, "info"), (.warning, "warn"),
            (.error, "error"), (.critical, "error"),
        ])
    func levels(level: Logger.Level, name: String) {
        let (logger, lines) = Self.logger(.logfmt, level: .trace)
        logger.log(level: level, "m")
        #expect(lines.all == ["ts=2026-11-25T10:00:00.000Z level=\(name) msg=m"])
    }

    @Test("events below the handler's level are dropped")
    func filtering() {
        let (logger, lines) = Self.logger(.logfmt, level: .warning)
        logger.debug("no")
        logger.info("no")
        logger.warning("yes")
        #expect(lines.all == ["ts=2026-11-25T10:00:00.000Z level=warn msg=yes"])
    }

    @Test("the event's error is written as err, escaped")
    func error() {
        let (logger, lines) = Self.logger(.logfmt)
        logger.error("poll failed", error: Failure(), metadata: ["account": "prod"])
        #expect(lines.all == [
            #"ts=2026-11-25T10:00:00.000Z level=error msg="poll failed" err="NoPermission: \"denied\"\nretry later" account=prod"#
        ])
    }

    @Test("handler metadata, then the provider's, then the event's; the most specific wins")
    func metadataPrecedence() {
        let lines = Lines()
        let provider = Logger.MetadataProvider { ["request": "from-provider", "provided": "yes"] }
        var logger = Logger(label: "test") { label in
            LineLogHandler(format: .logfmt, label: label, level: .info, sink: lines.sink, metadataProvider: provider, now: { Self.fixed })
        }
        logger[metadataKey: "account"] = "prod"
        logger[metadataKey: "request"] = "from-handler"
        logger.info("m", metadata: ["request": "from-event"])
        logger.info("n")
        #expect(lines.all == [
            "ts=2026-11-25T10:00:00.000Z level=info msg=m account=prod provided=yes request=from-event",
            "ts=2026-11-25T10:00:00.000Z level=info msg=n account=prod provided=yes request=from-provider",
        ])
    }

    @Test("lists and dictionaries in logfmt are written as swift-log prints them, quoted")
    func logfmtNested() {
        let (logger, lines) = Self.logger(.logfmt)
        logger.info("x", metadata: ["list": ["a", "b"]])
        #expect(lines.all == [#"ts=2026-11-25T10:00:00.000Z level=info msg=x list="[\"a\", \"b\"]""#])
    }

    // MARK: timestamps

    @Test(
        "timestamps are UTC ISO 8601 with milliseconds",
        arguments: [
            (0.0, "1970-01-01T00:00:00.000Z"),
            (1_795_600_800.5, "2026-11-25T10:00:00.500Z"),
            (1_709_210_096.789, "2024-02-29T12:34:56.789Z"),
            (-1.0, "1969-12-31T23:59:59.000Z"),
            (951_782_400.0, "2000-02-29T00:00:00.000Z"),
            (4_102_444_799.999, "2099-12-31T23:59:59.999Z"),
            (Date.distantFuture.timeIntervalSince1970, "4001-01-01T00:00:00.000Z"),
            // Out of the years 0001-9999: clamped, never a trap.
            (Date.distantPast.timeIntervalSince1970, "0001-01-01T00:00:00.000Z"),
            (1e300, "9999-12-31T23:59:59.999Z"),
            (-Double.infinity, "0001-01-01T00:00:00.000Z"),
        ])
    func timestamps(seconds: Double, expected: String) {
        let (logger, lines) = Self.logger(.logfmt, at: Date(timeIntervalSince1970: seconds))
        logger.info("m")
        #expect(lines.all == ["ts=\(expected) level=info msg=m"])
    }

    // MARK: JSON

    @Test("JSON lines are exact, escaped, and parse back to the same values")
    func json() throws {
        let (logger, lines) = Self.logger(.json)
        let name = "say \"hi\" \\ 漏洞 🚨\nline 2\u{01}"
        logger.warning("poll failed", metadata: ["account": "prod", "name": "\(name)", "msg": "shadow"])
        #expect(lines.all == [
            #"{"ts":"2026-11-25T10:00:00.000Z","level":"warn","msg":"poll failed","_msg":"shadow","account":"prod","name":"say \"hi\" \\ 漏洞 🚨\nline 2\u0001"}"#
        ])
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(lines.all[0].utf8)) as? [String: String])
        #expect(object == [
            "ts": "2026-11-25T10:00:00.000Z", "level": "warn", "msg": "poll failed", "_msg": "shadow", "account": "prod",
            "name": name,
        ])
    }

    @Test("JSON keeps nested metadata nested, and carries err")
    func jsonNested() throws {
        let (logger, lines) = Self.logger(.json)
        logger.error(
            "x", error: Failure(),
            metadata: ["list": ["a", "b\"c"], "dict": ["z": "1", "a": ["n": "v"]], "count": .stringConvertible(42)])
        #expect(lines.all == [
            #"{"ts":"2026-11-25T10:00:00.000Z","level":"error","msg":"x","err":"NoPermission: \"denied\"\nretry later","count":"42","dict":{"a":{"n":"v"},"z":"1"},"list":["a","b\"c"]}"#
        ])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(lines.all[0].utf8)) as? [String: Any])
        #expect(object["list"] as? [String] == ["a", "b\"c"])
        #expect((object["dict"] as? [String: Any])?["z"] as? String == "1")
    }

    @Test("every JSON line parses, whatever the bytes in the values", arguments: [
        "", "\"", "\\", "\n\r\t", "\u{00}\u{1F}\u{7F}", "\u{2028}\u{2029}", "漏洞告警", "👨‍👩‍👧‍👦", "}{\"a\":1}", "</script>",
    ])
    func jsonParses(value: String) throws {
        let (logger, lines) = Self.logger(.json)
        logger.info("\(value)", metadata: ["\(value)k": "\(value)"])
        let line = try #require(lines.all.first)
        #expect(!line.contains("\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
        #expect(object["msg"] == value)
        #expect(object["\(value)k"] == value)
    }

    @Test("LogFormat names and handler types", arguments: LogFormat.allCases)
    func formats(format: LogFormat) {
        #expect(LogFormat(rawValue: format.rawValue) == format)
        let handler = format.makeHandler(label: "l", level: .info)
        switch format {
        case .logfmt: #expect((handler as? LineLogHandler)?.format == .logfmt)
        case .json: #expect((handler as? LineLogHandler)?.format == .json)
        }
        #expect(handler.logLevel == .info)
    }
}
