extension Duration {
    /// Seconds with at most three decimals and a unit, as log lines show
    /// durations: `1.25s`, `0.179s`, `60s` (never `0.17941420213353007 seconds`).
    public var logDescription: String {
        let milliseconds = components.seconds * 1_000 + components.attoseconds / 1_000_000_000_000_000
        let sign = milliseconds < 0 ? "-" : ""
        let magnitude = milliseconds.magnitude
        var fraction = String(magnitude % 1_000)
        while fraction.count < 3 { fraction = "0" + fraction }
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(sign)\(magnitude / 1_000)\(fraction.isEmpty ? "" : "." + fraction)s"
    }
}
