/// The bodies the simulator sends: JSON pages and errors like the service's,
/// and the HTML and XML error pages gateways produce.
enum WireFormat {
    /// One element of `ActionList`. With `quirks`, a hash of the `Id` picks
    /// about one item in three to carry a number as a string or unknown fields.
    static func item(_ n: SimulatedNotification, quirks: Bool) -> String {
        let quirk = quirks ? Int(SplitMix64.mix(UInt64(bitPattern: n.id)) % 24) : -1
        func number<T: BinaryInteger>(_ value: T, asString: Bool) -> String {
            asString ? "\"\(value)\"" : "\(value)"
        }
        var members: [(String, String)] = [
            ("Id", number(n.id, asString: quirk == 0)),
            ("ActionName", JSONText.quoted(n.name)),
            ("Status", number(n.status, asString: quirk == 1)),
            ("DingTalkLang", JSONText.quoted(n.language)),
            ("IntervalTime", number(n.intervalMinutes, asString: quirk == 2)),
            ("GroupIdList", JSONText.quoted(n.groupIds.map(String.init).joined(separator: ","))),
            ("ConfigList", JSONText.quoted(n.configListJSON)),
            ("Url", JSONText.quoted(n.webhookURL)),
            ("AliUid", number(n.aliUid, asString: quirk == 3)),
            ("GmtCreate", number(n.gmtCreateMilliseconds, asString: quirk == 4)),
            ("GmtModified", number(n.gmtModifiedMilliseconds, asString: quirk == 4)),
        ]
        switch quirk {
        case 5:
            members.insert(("SendUrl", "null"), at: 3)
            members.append(("DingTalkRobotTags", #"[{"k":"v"},1,"x",null]"#))
        case 6:
            members.append(("ExtInfo", #"{"source":"console","nested":{"depth":[1,2,{"three":3}]}}"#))
        case 7:
            // Member order is not guaranteed by the service either.
            members.reverse()
        default:
            break
        }
        return JSONText.object(members)
    }

    /// A successful `DescribeDingTalk` page from already-rendered items.
    /// A nil `totalCount` leaves `TotalCount` out.
    static func page(requestId: String, currentPage: Int, pageSize: Int, totalCount: Int?, items: ArraySlice<String>) -> String {
        var members = [("CurrentPage", "\(currentPage)"), ("PageSize", "\(pageSize)")]
        if let totalCount { members.append(("TotalCount", "\(totalCount)")) }
        members.append(("Count", "\(items.count)"))
        let pageInfo = JSONText.object(members)
        return #"{"RequestId":\#(JSONText.quoted(requestId)),"PageInfo":\#(pageInfo),"ActionList":[\#(items.joined(separator: ","))]}"#
    }

    static func error(_ error: ServiceError, requestId: String, hostId: String) -> String {
        JSONText.object([
            ("RequestId", JSONText.quoted(requestId)),
            ("HostId", JSONText.quoted(hostId)),
            ("Code", JSONText.quoted(error.code)),
            ("Message", JSONText.quoted(error.message)),
            ("Recommend", JSONText.quoted(
                "https://api.aliyun.com/troubleshoot?q=\(error.code)&product=Sas&requestId=\(requestId)")),
        ])
    }

    static func xmlError(code: String, requestId: String, hostId: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <Error><RequestId>\(xmlEscaped(requestId))</RequestId><HostId>\(xmlEscaped(hostId))</HostId>\
        <Code>\(xmlEscaped(code))</Code><Message>The request has failed due to a temporary failure of the server.</Message></Error>
        """
    }

    static func htmlError(status: Int) -> String {
        let reason = [500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Time-out"][status] ?? "Error"
        return """
        <!DOCTYPE html>
        <html>
        <head><title>\(status) \(reason)</title></head>
        <body>
        <center><h1>\(status) \(reason)</h1></center>
        <hr><center>Tengine</center>
        </body>
        </html>
        """
    }

    /// A body that is not JSON at all (what a misconfigured proxy might pass through).
    static let malformed = #"{"RequestId":"E2B4C1A0-0000-0000-0000-000000000000","PageInfo":{"CurrentPage":1,,"ActionList":[{"Id":1 "ActionName":}"#

    private static func xmlEscaped(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }
}
