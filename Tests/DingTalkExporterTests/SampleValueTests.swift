@testable import DingTalkExporter
import Testing

/// Sample values are written as `Double.description` writes them (what the
/// registry printed before the hand-written renderer), whole numbers by a
/// shortcut that must agree with it.
@Suite("Sample values")
struct SampleValueTests {
    @Test("each value prints as the text format expects", arguments: [
        (0.0, "0.0"), (1.0, "1.0"), (-3.0, "-3.0"), (60.0, "60.0"), (3600.0, "3600.0"),
        (1_764_000_000.0, "1764000000.0"), (1_764_000_000.5, "1764000000.5"), (0.25, "0.25"),
        (-0.0, "-0.0"), (9_007_199_254_740_991.0, "9007199254740991.0"), (1e16, "1e+16"),
        (Double.infinity, "inf"), (-Double.infinity, "-inf"), (Double.nan, "nan"),
    ])
    func value(_ value: Double, _ text: String) {
        var buffer: [UInt8] = Array("x ".utf8)
        SnapshotRenderer.appendValue(value, to: &buffer)
        #expect(String(decoding: buffer, as: UTF8.self) == "x " + text)
    }
}
