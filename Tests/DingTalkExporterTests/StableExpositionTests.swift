@testable import DingTalkExporter
import Testing

/// `StableExposition.sorted`: families by name, series by label text, a
/// histogram's lines kept together, whatever order the registry used.
@Suite("StableExposition")
struct StableExpositionTests {
    static let sorted = """
        # HELP a_errors_total Errors.
        # TYPE a_errors_total counter
        a_errors_total{code="A"} 1
        a_errors_total{code="B"} 2
        # HELP b_seconds Latency.
        # TYPE b_seconds histogram
        b_seconds_bucket{path="/a",le="1"} 1
        b_seconds_bucket{path="/a",le="+Inf"} 1
        b_seconds_sum{path="/a"} 0.5
        b_seconds_count{path="/a"} 1
        b_seconds_bucket{path="/b",le="1"} 0
        b_seconds_bucket{path="/b",le="+Inf"} 2
        b_seconds_sum{path="/b"} 4
        b_seconds_count{path="/b"} 2
        # HELP c_up Up.
        # TYPE c_up gauge
        c_up 1

        """

    @Test("any registry order gives the one sorted text", arguments: [
        // Families and series reversed; a histogram's series swapped whole.
        """
        # HELP c_up Up.
        # TYPE c_up gauge
        c_up 1
        # HELP b_seconds Latency.
        # TYPE b_seconds histogram
        b_seconds_bucket{path="/b",le="1"} 0
        b_seconds_bucket{path="/b",le="+Inf"} 2
        b_seconds_sum{path="/b"} 4
        b_seconds_count{path="/b"} 2
        b_seconds_bucket{path="/a",le="1"} 1
        b_seconds_bucket{path="/a",le="+Inf"} 1
        b_seconds_sum{path="/a"} 0.5
        b_seconds_count{path="/a"} 1
        # HELP a_errors_total Errors.
        # TYPE a_errors_total counter
        a_errors_total{code="B"} 2
        a_errors_total{code="A"} 1

        """,
        // Already sorted, with blank lines (dropped) and no final newline.
        "\n" + sorted.replacingOccurrences(of: "c_up 1\n", with: "\nc_up 1"),
    ])
    func order(input: String) {
        let output = StableExposition.sorted(Array(input.utf8))
        #expect(String(decoding: output, as: UTF8.self) == Self.sorted)
    }

    @Test("empty text stays empty; samples before any header come first")
    func edges() {
        #expect(StableExposition.sorted([]).isEmpty)
        let output = StableExposition.sorted(Array("# TYPE z gauge\nz 1\n".utf8) + Array("".utf8))
        #expect(String(decoding: output, as: UTF8.self) == "# TYPE z gauge\nz 1\n")
        let headless = StableExposition.sorted(Array("y 2\nx 1\n# TYPE a gauge\na 0\n".utf8))
        #expect(String(decoding: headless, as: UTF8.self) == "x 1\ny 2\n# TYPE a gauge\na 0\n")
    }
}
