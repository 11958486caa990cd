/// The headers `http_server_config.headers` may set, exactly as
/// exporter-toolkit allows them (web/handler.go `extraHTTPHeaders`): any other
/// header is refused, and so is a value outside a header's fixed choices.
enum ResponseHeaderPolicy {
    /// Header -> allowed values; empty: any value.
    static let allowed: [String: [String]] = [
        "Strict-Transport-Security": [],
        "X-Content-Type-Options": ["nosniff"],
        "X-Frame-Options": ["deny", "sameorigin"],
        "X-XSS-Protection": [],
        "Content-Security-Policy": [],
    ]

    /// nil when the header may be set to the value, else why not.
    static func problem(name: String, value: String) -> String? {
        guard let values = allowed[name] else {
            return "HTTP header \"\(name)\" can not be configured (allowed: \(allowed.keys.sorted().joined(separator: ", ")))"
        }
        if !values.isEmpty, !values.contains(value) {
            return "invalid value for \(name). Expected one of: \(values), but got: \"\(value)\""
        }
        if value.contains(where: { $0 == "\r" || $0 == "\n" }) {
            return "the value of \(name) contains a line break"
        }
        return nil
    }
}
