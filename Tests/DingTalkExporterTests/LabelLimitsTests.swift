import DingTalkExporter
import Testing

@Suite("LabelLimits")
struct LabelLimitsTests {
    static let zalgo = "e" + String(repeating: "\u{0301}", count: 100)

    @Test(
        "truncate keeps whole characters and bounds the scalars",
        arguments: [
            ("abcdef", 5, "abcde"),
            ("abcde", 5, "abcde"),
            ("", 5, ""),
            ("漏洞告警通知", 4, "漏洞告警"),
            ("🚨🚨🚨", 2, "🚨🚨"),
            // One character of 7 scalars, then "x": 8 scalars fit the budget of 2 x 4.
            ("👨‍👩‍👧‍👦x", 2, "👨‍👩‍👧‍👦x"),
            // "é" + "é" (base + combining mark each) cut to one character.
            ("e\u{0301}e\u{0301}", 1, "e\u{0301}"),
            // One character of 101 scalars is cut inside, at 4 x 10 scalars.
            (LabelLimitsTests.zalgo, 10, "e" + String(repeating: "\u{0301}", count: 39)),
            ("abc", 0, ""),
        ])
    func truncate(input: String, max: Int, expected: String) {
        #expect(LabelLimits(maxValueLength: max).truncate(input) == expected)
    }

    @Test("the defaults are 256 characters and 100 values")
    func defaults() {
        let limits = LabelLimits()
        #expect(limits.maxValueLength == 256)
        #expect(limits.maxValuesPerLabel == 100)
        #expect(limits.truncate(String(repeating: "名", count: 1024)) == String(repeating: "名", count: 256))
    }

    @Test("capped keeps the first values in sorted order, reserved ones free, the rest Other")
    func capped() {
        let limits = LabelLimits(maxValuesPerLabel: 2)
        let mapping = limits.capped(["c", "b", "zh", "a", "b", "d"], reserved: ["zh", "en"])
        #expect(mapping == ["a": "a", "b": "b", "c": "Other", "d": "Other", "zh": "zh"])
    }

    @Test("capped is independent of input order", arguments: [["x", "y", "z"], ["z", "y", "x"], ["y", "z", "x", "z"]])
    func cappedOrder(values: [String]) {
        #expect(LabelLimits(maxValuesPerLabel: 1).capped(values) == ["x": "x", "y": "Other", "z": "Other"])
    }

    @Test("a limit of 0 folds every unreserved value into Other")
    func cappedZero() {
        #expect(LabelLimits(maxValuesPerLabel: 0).capped(["a", "en"], reserved: ["en"]) == ["a": "Other", "en": "en"])
    }

    @Test("negative limits are treated as 0")
    func negativeLimits() {
        let limits = LabelLimits(maxValueLength: -1, maxValuesPerLabel: -5)
        #expect(limits.maxValueLength == 0)
        #expect(limits.maxValuesPerLabel == 0)
        #expect(limits.truncate("abc") == "")
    }
}
