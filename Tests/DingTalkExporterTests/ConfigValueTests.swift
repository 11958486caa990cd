import DingTalkExporter
import Testing

@Suite("Flag values")
struct ConfigValueTests {
    @Test("durations parse as Prometheus writes them", arguments: [
        ("500ms", Duration.milliseconds(500)), ("30s", .seconds(30)), ("2m", .seconds(120)), ("1h30m", .seconds(5400)),
        ("1d", .seconds(86_400)), ("1w", .seconds(604_800)), ("0", .zero), (" 10s ", .seconds(10)), ("1m30s500ms", .milliseconds(90_500)),
    ])
    func validDurations(text: String, expected: Duration) throws {
        #expect(try DurationParser.parse(text) == expected)
    }

    @Test("bad durations are refused with a message naming them", arguments: ["", "10", "s", "1.5s", "10 s", "1y", "99999999999999999999s", "1s1"])
    func invalidDurations(text: String) {
        #expect(throws: DurationParser.InvalidDuration(text: text)) { try DurationParser.parse(text) }
        #expect(DurationParser.InvalidDuration(text: text).description == "invalid duration \"\(text)\": use a number with a unit, e.g. 500ms, 30s, 2m, 1h30m")
    }

    @Test("a negative duration is refused as negative", arguments: ["-1s", "-5s", " -2m"])
    func negativeDurations(text: String) {
        #expect(throws: DurationParser.InvalidDuration(text: text)) { try DurationParser.parse(text) }
        #expect(DurationParser.InvalidDuration(text: text).description == "invalid duration \"\(text)\": durations cannot be negative (use e.g. 500ms, 30s, 2m, 1h30m)")
    }

    @Test("durations format back compactly", arguments: [
        (Duration.seconds(60), "1m"), (.seconds(90), "1m30s"), (.milliseconds(500), "500ms"), (.zero, "0s"), (.seconds(3600), "1h"),
    ])
    func formatting(duration: Duration, expected: String) {
        #expect(DurationParser.format(duration) == expected)
    }

    @Test("listen addresses", arguments: [
        (":9891", "0.0.0.0", 9891), ("127.0.0.1:9891", "127.0.0.1", 9891), ("[::1]:9100", "::1", 9100),
        ("localhost:0", "localhost", 0),
    ])
    func listenAddresses(text: String, host: String, port: Int) throws {
        let address = try ListenAddress(parsing: text)
        #expect(address == ListenAddress(host: host, port: port))
    }

    @Test("bad listen addresses are refused", arguments: ["9891", "::1:9891", "host:port", "host:70000", "[::1:9891", "[]:1", ":-1"])
    func invalidListenAddresses(text: String) {
        #expect(throws: ListenAddress.Invalid(text: text)) { try ListenAddress(parsing: text) }
    }
}
