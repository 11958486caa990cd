/// The two formats `/metrics` speaks, chosen from the scraper's `Accept`
/// header: Prometheus text 0.0.4 by default, OpenMetrics 1.0.0 when the
/// scraper prefers it (Prometheus itself does, by q-value).
enum ExpositionFormat: Sendable, Equatable {
    case prometheusText
    case openMetrics

    var contentType: String {
        switch self {
        case .prometheusText: "text/plain; version=0.0.4; charset=utf-8"
        case .openMetrics: "application/openmetrics-text; version=1.0.0; charset=utf-8"
        }
    }

    /// OpenMetrics only when it is acceptable (version absent or 1.0.0, q > 0)
    /// and ranked at least as high as any acceptable `text/plain`.
    static func negotiate(accept: String?) -> ExpositionFormat {
        guard let accept else { return .prometheusText }
        var openMetrics = 0.0
        var text = 0.0
        for range in accept.split(separator: ",") {
            let parts = range.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let mediaType = parts.first else { continue }
            var q = 1.0
            var version: String?
            for parameter in parts.dropFirst() {
                if parameter.hasPrefix("q=") { q = Double(parameter.dropFirst(2)) ?? 0 }
                if parameter.hasPrefix("version=") { version = String(parameter.dropFirst(8)) }
            }
            switch mediaType {
            case "application/openmetrics-text" where version == nil || version == "1.0.0":
                openMetrics = max(openMetrics, q)
            case "text/plain", "text/*", "*/*":
                text = max(text, q)
            default:
                continue
            }
        }
        return openMetrics > 0 && openMetrics >= text ? .openMetrics : .prometheusText
    }
}
