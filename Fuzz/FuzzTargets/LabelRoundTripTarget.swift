import DingTalkExporter
import Foundation
import SecurityCenter

/// Any name, language or alert type renders to exposition text that parses
/// back, line by line, to the values the renderer meant to publish.
enum LabelRoundTripTarget {
    static func run(_ input: [UInt8]) {
        // Three fields from one input, split on the first two 0xFF bytes.
        let parts = input.split(separator: 0xFF, maxSplits: 2, omittingEmptySubsequences: false)
        let text = parts.map { String(decoding: $0, as: UTF8.self) }
        let name = text[0]
        let language = text.count > 1 ? text[1] : nil
        let type = text.count > 2 ? text[2] : "vul"
        let notification = DingTalkNotification(
            id: 7, name: name, status: 1, language: language, intervalMinutes: 1, alertTypes: [type])
        let renderer = SnapshotRenderer()
        let snapshot = AccountSnapshot(account: "fuzz", notifications: [notification], reportedTotal: 1, completedAt: Date())
        let output = renderer.render([snapshot])

        var info: [String: String]?
        var types: [String] = []
        // Lines split on the byte: "\r\n" inside a value must not hide a line end.
        for line in output.split(separator: UInt8(ascii: "\n")) where line.first != UInt8(ascii: "#") {
            guard let sample = ExpositionLine(line) else {
                preconditionFailure("unparsable line: \(String(decoding: line, as: UTF8.self).debugDescription)")
            }
            precondition(sample.labels["account"] == "fuzz")
            if sample.name == "aliyun_sas_dingtalk_notification_info" { info = sample.labels }
            if sample.name == "aliyun_sas_dingtalk_notifications_by_alert_type" { types.append(sample.labels["type"] ?? "") }
        }
        guard let info else { preconditionFailure("no notification_info sample") }
        precondition(info["id"] == "7")
        precondition(info["name"] == renderer.limits.truncate(name), "name did not round-trip")
        precondition(info["language"] == renderer.normalizedLanguage(language), "language did not round-trip")
        // How types are shortened is the renderer's business; each must be a non-empty value.
        precondition(!types.isEmpty && types.allSatisfy { !$0.isEmpty }, "empty alert type label")
    }
}
