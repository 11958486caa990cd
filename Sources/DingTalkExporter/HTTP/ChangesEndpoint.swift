import Foundation
import Hummingbird

/// `GET /api/v1/changes`: the kept change events as JSON in DESIGN section
/// 9's shape, newest first. `?account=NAME` keeps one account's events,
/// `?since=TIME` those at or after a time (RFC 3339, as the `time` field is
/// written, or Unix seconds). A `since` that is neither is a 400.
enum ChangesEndpoint {
    static let path = "/api/v1/changes"

    static func respond(to query: Parameters, from changes: ChangeLog) -> Response {
        var since: Date?
        if let text = query["since"] {
            guard let date = parseTime(String(text)) else {
                return plain(.badRequest, "since must be an RFC 3339 time (2026-11-25T10:00:00Z) or Unix seconds\n")
            }
            since = date
        }
        let events = changes.events(account: query["account"].map(String.init), since: since)
        return Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(string: json(events))))
    }

    /// `{"changes":[...]}`, keys in DESIGN's order, `before`/`after` left
    /// out where the event has none (a secret or nothing to show).
    static func json(_ events: [ChangeEvent]) -> String {
        let objects = events.map { event in
            var members = [
                "\"time\":" + LogRecord.quoted(timestamp(event.time)),
                "\"account\":" + LogRecord.quoted(event.account),
                "\"id\":\(event.id)",
                "\"name\":" + LogRecord.quoted(event.name),
                "\"change\":" + LogRecord.quoted(event.change.rawValue),
            ]
            if let before = event.before { members.append("\"before\":" + LogRecord.quoted(before)) }
            if let after = event.after { members.append("\"after\":" + LogRecord.quoted(after)) }
            return "{" + members.joined(separator: ",") + "}"
        }
        return "{\"changes\":[" + objects.joined(separator: ",") + "]}\n"
    }

    /// UTC to the second, as in DESIGN: `2026-11-25T10:00:00Z`.
    static func timestamp(_ date: Date) -> String {
        Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down)).formatted(.iso8601)
    }

    static func parseTime(_ text: String) -> Date? {
        if let seconds = Double(text), seconds.isFinite { return Date(timeIntervalSince1970: seconds) }
        // Z or an offset, with or without fractions of a second.
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions.insert(.withFractionalSeconds)
        return formatter.date(from: text)
    }
}
