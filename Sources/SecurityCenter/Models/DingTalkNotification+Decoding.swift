import AlibabaCloudCore
import Foundation

/// Decodes one `ActionList` element as the API sends it, and as it drifts.
///
/// Only `Id` is required (it is the identity across pages and polls); an
/// element without a usable `Id` throws, and the page decoder counts it as
/// skipped. Every other field is lenient: unknown keys are ignored, missing
/// or `null` or unreadable values become nil (or empty), and numbers may come
/// as strings and vice versa.
extension DingTalkNotification: Decodable {
    enum CodingKeys: String, CodingKey {
        case id = "Id"
        case actionName = "ActionName"
        case status = "Status"
        case dingTalkLang = "DingTalkLang"
        case intervalTime = "IntervalTime"
        case groupIdList = "GroupIdList"
        case configList = "ConfigList"
        case url = "Url"
        case aliUid = "AliUid"
        case gmtCreate = "GmtCreate"
        case gmtModified = "GmtModified"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard let id = container.lenientInt64(forKey: .id) else {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(codingPath: container.codingPath + [CodingKeys.id], debugDescription: "no usable Id"))
        }
        let groups = try? container.decodeIfPresent(AnyJSONValue.self, forKey: .groupIdList)
        let config = try? container.decodeIfPresent(AnyJSONValue.self, forKey: .configList)
        self.init(
            id: id,
            name: container.lenientString(forKey: .actionName) ?? "",
            status: container.lenientInt(forKey: .status),
            language: container.lenientString(forKey: .dingTalkLang),
            intervalMinutes: container.lenientInt64(forKey: .intervalTime),
            groupIds: Self.groupIds(groups),
            alertTypes: Self.alertTypes(config),
            // The URL is hashed and dropped here: it never leaves the decoder.
            webhookHash: container.lenientString(forKey: .url).map(SecretHash.init(of:)),
            aliUid: container.lenientInt64(forKey: .aliUid),
            gmtCreateMilliseconds: container.lenientInt64(forKey: .gmtCreate),
            gmtModifiedMilliseconds: container.lenientInt64(forKey: .gmtModified))
    }

    /// `"123,456"`, `"123, 456,"`, `[123, "456"]` or a single number; blanks dropped.
    static func groupIds(_ raw: AnyJSONValue?) -> [String] {
        guard let raw else { return [] }
        switch raw.value {
        case .string(let text):
            return text.split(separator: ",").map { $0.trimmingWhitespace() }
                .filter { !$0.isEmpty }
        case .array(let items):
            return items.compactMap { $0.scalarText?.trimmingWhitespace() }
                .filter { !$0.isEmpty }
        case .number, .bool:
            return raw.scalarText.map { [$0] } ?? []
        case .object, .null:
            return []
        }
    }

    /// `ConfigList` is a string holding a JSON array (`[{"type":"vul",...}]`);
    /// an array sent directly is accepted too. The result is each entry's
    /// `type`, first occurrence first; nil when absent or not such an array.
    static func alertTypes(_ raw: AnyJSONValue?) -> [String]? {
        guard let raw else { return nil }
        let types: [String]
        switch raw.value {
        case .array(let items):
            types = typeTexts(items)
        case .string(var text):
            // The usual case: read only the `type`s (see `configTypes`).
            if let fast = text.withUTF8({ bytes in try? StrictJSONScanner.configTypes(ofDocument: bytes) }) {
                types = fast
            } else {
                guard let parsed = parseEmbeddedJSON(text), case .array(let items) = parsed.value else { return nil }
                types = typeTexts(items)
            }
        default:
            return nil
        }
        return deduplicated(types)
    }

    /// The non-empty types, each once, in order. A notification has a few
    /// (six kinds): a linear search then beats hashing each into a `Set`
    /// (which was a tenth of a page's decoding, perf); long hostile lists
    /// still go through a `Set`, so the cost stays linear.
    static func deduplicated(_ types: [String]) -> [String] {
        guard types.count > 16 else {
            var unique: [String] = []
            unique.reserveCapacity(types.count)
            for type in types where !type.isEmpty && !unique.contains(type) { unique.append(type) }
            return unique
        }
        var seen = Set<String>()
        return types.filter { !$0.isEmpty && seen.insert($0).inserted }
    }

    /// Each object's `type` as text, in order.
    private static func typeTexts(_ entries: [AnyJSONValue]) -> [String] {
        entries.compactMap { entry in
            guard case .object(let fields) = entry.value else { return nil }
            return fields["type"]?.scalarText
        }
    }

    /// The JSON document inside a string, nil when it does not parse. The
    /// strict scanner reads the usual well-formed text without building a
    /// `JSONDecoder` per item; `JSONDecoder` still decides everything else
    /// (it tolerates, say, a trailing comma or a BOM that the scanner refuses).
    private static func parseEmbeddedJSON(_ text: String) -> AnyJSONValue? {
        var text = text
        let strict = text.withUTF8 { bytes in try? StrictJSONScanner.value(ofDocument: bytes) }
        if let strict { return strict }
        guard let data = text.data(using: .utf8) else { return nil }
        return try? JSONDecoder().decode(AnyJSONValue.self, from: data)
    }
}
