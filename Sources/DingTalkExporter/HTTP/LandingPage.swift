import Foundation

/// The small HTML page at `/`: version, accounts and their last poll, a link
/// to the metrics. Everything interpolated is HTML-escaped: account names,
/// endpoints and error messages are user or API text.
struct LandingPage: Sendable {
    var version: String
    var revision: String
    var telemetryPath: String
    var statuses: [AccountStatus]

    func render() -> String {
        var rows = ""
        for status in statuses {
            let lastPoll = status.lastPollEnded.map { Self.timestamp($0) } ?? "not yet"
            let result: String
            if !status.hasFinishedFirstPoll {
                result = "pending"
            } else if let error = status.lastError {
                result = "error: \(error.code): \(error.message)"
            } else {
                result = "ok"
            }
            let lastSuccess = status.lastSuccess.map { Self.timestamp($0) } ?? "never"
            rows += """
                <tr><td>\(Self.escape(status.account))</td><td>\(Self.escape(status.endpoint))</td>\
                <td>\(Self.escape(status.credentials ?? "not yet resolved"))</td>\
                <td>\(Self.escape(lastPoll))</td><td>\(Self.escape(result))</td>\
                <td>\(Self.escape(lastSuccess))</td><td>\(status.notificationCount.map(String.init) ?? "-")</td></tr>

                """
        }
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><title>Security Center DingTalk exporter</title>
            <style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}</style>
            </head>
            <body>
            <h1>Security Center DingTalk exporter</h1>
            <p>Version \(Self.escape(version)) (revision \(Self.escape(revision)))</p>
            <p><a href="\(Self.escape(telemetryPath))">Metrics</a> &middot; <a href="/-/healthy">Health</a> &middot; <a href="/-/ready">Readiness</a></p>
            <h2>Accounts</h2>
            <table>
            <tr><th>Account</th><th>Endpoint</th><th>Credentials</th><th>Last poll</th><th>Result</th><th>Last success</th><th>Notifications</th></tr>
            \(rows)</table>
            </body>
            </html>

            """
    }

    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
