import DingTalkExporter
import Foundation
import SecurityCenter
import Testing

/// `SnapshotRenderer`: exact families and sample lines for a small, hostile
/// data set; a round trip of every label value through a parser; no secret.
@Suite("SnapshotRenderer")
struct RenderTests {
    static let secret = "SECRET-TOKEN-0123456789"
    static let webhook = "https://oapi.dingtalk.com/robot/send?access_token=\(secret)"
    static let longName = String(repeating: "名", count: 1024)
    static let quotedName = #"say "hi" \ back, a=b}"#

    static let completedAt = Date(timeIntervalSince1970: 1_795_600_800)

    static let prod = AccountSnapshot(
        account: "prod",
        notifications: [
            DingTalkNotification(
                id: 1, name: "Alert notification\n", status: 1, language: "zh", intervalMinutes: 1000,
                groupIds: ["123", "456"],
                alertTypes: ["sas_analysis_online-sas-operation-log-sas-event-vul", "sas_analysis_pre-sas-operation-log-sas-event-suspicious"],
                webhookURL: webhook,
                aliUid: 12_312_412_341, gmtCreateMilliseconds: 1_550_828_400_000, gmtModifiedMilliseconds: 1_550_828_400_000),
            DingTalkNotification(
                id: 2, name: quotedName, status: 0, language: "EN", alertTypes: ["vul"], webhookURL: webhook,
                gmtModifiedMilliseconds: 1_550_828_400_123),
            // Status 2, empty language, an unparsable ConfigList (alertTypes nil).
            DingTalkNotification(
                id: 3, name: "漏洞告警 🚨", status: 2, language: "", intervalMinutes: 5, groupIds: ["1"],
                alertTypes: nil, webhookURL: webhook),
            DingTalkNotification(
                id: 4, name: longName, status: 1, language: nil, alertTypes: ["weakpassword", "sas-event-ak-leakage", "sas_analysis_online-sas-operation-log-sas-event-vul"],
                webhookURL: webhook),
            // A duplicate Id: the first one wins.
            DingTalkNotification(id: 1, name: "duplicate", status: 0, language: "fr", webhookURL: webhook),
        ],
        reportedTotal: 5, completedAt: completedAt)

    static let intl = AccountSnapshot(
        account: "intl",
        notifications: [
            DingTalkNotification(id: 10, name: "x", status: nil, language: "fr", alertTypes: []),
            DingTalkNotification(id: 11, name: "y", status: 1, language: " Fr ", alertTypes: ["vul"]),
        ],
        reportedTotal: 2, completedAt: completedAt)

    static let prefix = "aliyun_sas_dingtalk_"

    /// Every family of the full render, with its samples, exactly.
    static let expected: [String: [String]] = [
        "notifications": [
            #"{account="prod"} 4.0"#, #"{account="intl"} 2.0"#,
        ],
        "notifications_reported": [
            #"{account="prod"} 5.0"#, #"{account="intl"} 2.0"#,
        ],
        "notifications_by_status": [
            #"{account="prod",status="enabled"} 2.0"#, #"{account="prod",status="disabled"} 1.0"#,
            #"{account="prod",status="unknown"} 1.0"#,
            #"{account="intl",status="enabled"} 1.0"#, #"{account="intl",status="disabled"} 0.0"#,
            #"{account="intl",status="unknown"} 1.0"#,
        ],
        "notifications_by_language": [
            #"{account="prod",language="zh"} 1.0"#, #"{account="prod",language="en"} 1.0"#,
            #"{account="prod",language="unknown"} 2.0"#,
            #"{account="intl",language="zh"} 0.0"#, #"{account="intl",language="en"} 0.0"#,
            #"{account="intl",language="fr"} 2.0"#,
        ],
        // The six kinds always, by their short names; other types as sent.
        "notifications_by_alert_type": [
            #"{account="prod",type="vul"} 2.0"#, #"{account="prod",type="suspicious"} 1.0"#,
            #"{account="prod",type="ak_leakage"} 1.0"#, #"{account="prod",type="hc"} 0.0"#,
            #"{account="prod",type="honeypot"} 0.0"#, #"{account="prod",type="rasp"} 0.0"#,
            #"{account="prod",type="weakpassword"} 1.0"#,
            #"{account="intl",type="vul"} 1.0"#, #"{account="intl",type="suspicious"} 0.0"#,
            #"{account="intl",type="ak_leakage"} 0.0"#, #"{account="intl",type="hc"} 0.0"#,
            #"{account="intl",type="honeypot"} 0.0"#, #"{account="intl",type="rasp"} 0.0"#,
        ],
        "notification_info": [
            #"{account="prod",id="1",name="Alert notification\n",language="zh"} 1.0"#,
            #"{account="prod",id="2",name="say \"hi\" \\ back, a=b}",language="en"} 1.0"#,
            #"{account="prod",id="3",name="漏洞告警 🚨",language="unknown"} 1.0"#,
            #"{account="prod",id="4",name=""# + String(repeating: "名", count: 256) + #"",language="unknown"} 1.0"#,
            #"{account="intl",id="10",name="x",language="fr"} 1.0"#,
            #"{account="intl",id="11",name="y",language="fr"} 1.0"#,
        ],
        "notification_enabled": [
            #"{account="prod",id="1"} 1.0"#, #"{account="prod",id="2"} 0.0"#, #"{account="prod",id="3"} 0.0"#,
            #"{account="prod",id="4"} 1.0"#, #"{account="intl",id="10"} 0.0"#, #"{account="intl",id="11"} 1.0"#,
        ],
        "notification_interval_seconds": [
            #"{account="prod",id="1"} 60000.0"#, #"{account="prod",id="3"} 300.0"#,
        ],
        "notification_groups": [
            #"{account="prod",id="1"} 2.0"#, #"{account="prod",id="2"} 0.0"#, #"{account="prod",id="3"} 1.0"#,
            #"{account="prod",id="4"} 0.0"#, #"{account="intl",id="10"} 0.0"#, #"{account="intl",id="11"} 0.0"#,
        ],
        "notification_modified_timestamp_seconds": [
            #"{account="prod",id="1"} 1550828400.0"#, #"{account="prod",id="2"} 1550828400.123"#,
        ],
    ]

    static let accountFamilies: Set<String> = [
        "notifications", "notifications_reported", "notifications_by_status", "notifications_by_language",
        "notifications_by_alert_type",
    ]

    /// The output split into families: each must be HELP, TYPE gauge, then
    /// its samples, and appear once. Returns short name -> sorted sample lines
    /// (without the family name) and short name -> HELP text.
    static func families(_ bytes: [UInt8]) -> (samples: [String: [String]], help: [String: String]) {
        let text = String(decoding: bytes, as: UTF8.self)
        var samples: [String: [String]] = [:]
        var help: [String: String] = [:]
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.last == "", "output ends with a new line")
        var index = 0
        while index < lines.count - 1 {
            let helpLine = lines[index]
            guard helpLine.hasPrefix("# HELP " + prefix), let space = helpLine.dropFirst(7).firstIndex(of: " ") else {
                Issue.record("expected a HELP line, got \(helpLine)")
                return (samples, help)
            }
            let name = String(helpLine[helpLine.index(helpLine.startIndex, offsetBy: 7)..<space])
            let short = String(name.dropFirst(prefix.count))
            #expect(samples[short] == nil, "family \(name) appears twice")
            help[short] = String(helpLine[helpLine.index(after: space)...])
            #expect(lines[index + 1] == "# TYPE \(name) gauge")
            index += 2
            var family: [String] = []
            while index < lines.count - 1, !lines[index].hasPrefix("#") {
                let line = lines[index]
                #expect(line.hasPrefix(name + "{"), "sample \(line) in family \(name)")
                family.append(String(line.dropFirst(name.count)))
                index += 1
            }
            samples[short] = family.sorted()
        }
        return (samples, help)
    }

    @Test("every family, every sample line, exactly")
    func exactOutput() {
        let output = SnapshotRenderer().render([Self.prod, Self.intl])
        let (samples, help) = Self.families(output)
        #expect(Set(samples.keys) == Set(Self.expected.keys))
        for (family, lines) in Self.expected {
            #expect(samples[family] == lines.sorted(), "family \(family)")
        }
        #expect(help["notifications"] == "DingTalk notifications listed by DescribeDingTalk (from the last successful poll).")
        #expect(help["notification_enabled"] == "Whether a DingTalk notification is enabled (1) or not (0) (from the last successful poll).")
        for (family, text) in help {
            #expect(text.hasSuffix(" (from the last successful poll)."), "HELP of \(family)")
        }
    }

    @Test("the exact bytes: families in DESIGN order, notifications by id, values as the registry prints them")
    func exactBytes() {
        let snapshot = AccountSnapshot(
            account: "a",
            notifications: [
                DingTalkNotification(
                    id: 2, name: #"q"\"#, status: 0, language: "EN", intervalMinutes: 1, groupIds: ["g"], alertTypes: ["vul"],
                    webhookURL: Self.webhook, gmtModifiedMilliseconds: 1000),
                DingTalkNotification(id: 1, name: "n\n", status: 1, language: "zh", alertTypes: ["vul", "aaa"], webhookURL: Self.webhook),
            ],
            reportedTotal: 2, completedAt: Self.completedAt)
        let text = String(decoding: SnapshotRenderer().render([snapshot]), as: UTF8.self)
        #expect(text == #"""
            # HELP aliyun_sas_dingtalk_notifications DingTalk notifications listed by DescribeDingTalk (from the last successful poll).
            # TYPE aliyun_sas_dingtalk_notifications gauge
            aliyun_sas_dingtalk_notifications{account="a"} 2.0
            # HELP aliyun_sas_dingtalk_notifications_by_status DingTalk notifications by status: enabled, disabled, unknown (from the last successful poll).
            # TYPE aliyun_sas_dingtalk_notifications_by_status gauge
            aliyun_sas_dingtalk_notifications_by_status{account="a",status="enabled"} 1.0
            aliyun_sas_dingtalk_notifications_by_status{account="a",status="disabled"} 1.0
            # HELP aliyun_sas_dingtalk_notifications_by_language DingTalk notifications by message language (from the last successful poll).
            # TYPE aliyun_sas_dingtalk_notifications_by_language gauge
            aliyun_sas_dingtalk_notifications_by_language{account="a",language="zh"} 1.0
            aliyun_sas_dingtalk_notifications_by_language{account="a",language="en"} 1.0
            # HELP aliyun_sas_dingtalk_notifications_reported Total count of notifications reported by the API (PageInfo.TotalCount) (from the last successful poll).
            # TYPE aliyun_sas_dingtalk_notifications_reported gauge
            aliyun_sas_dingtalk_notifications_reported{account="a"} 2.0
            # HELP aliyun_sas_dingtalk_notifications_by_alert_type Enabled DingTalk notifications that send alerts of each type (from the last successful poll).
            # TYPE aliyun_sas_dingtalk_notifications_by_alert_type gauge
            aliyun_sas_dingtalk_notifications_by_alert_type{account="a",type="aaa"} 1.0
            aliyun_sas_dingtalk_notifications_by_alert_type{account="a",type="ak_leakage"} 0.0
            aliyun_sas_dingtalk_notifications_by_alert_type{account="a",type="hc"} 0.0
            aliyun_sas_dingtalk_notifications_by_alert_type{account="a",type="honeypot"} 0.0
            aliyun_sas_dingtalk_notifications_by_alert_type{account="a",type="rasp"} 0.0
            aliyun_sas_dingtalk_notifications_by_alert_type{account="a",type="suspicious"} 0.0
            aliyun_sas_dingtalk_notifications_by_alert_type{account="a",type="vul"} 1.0
            # HELP aliyun_sas_dingtalk_notification_info Information about a DingTalk notification, value always 1 (from the last successful poll).
            # TYPE aliyun_sas_dingtalk_notification_info gauge
            aliyun_sas_dingtalk_notification_info{account="a",id="1",name="n\n",language="zh"} 1.0
            aliyun_sas_dingtalk_notification_info{account="a",id="2",name="q\"\\",language="en"} 1.0
            # HELP aliyun_sas_dingtalk_notification_enabled Whether a DingTalk notification is enabled (1) or not (0) (from the last successful poll).
            # TYPE aliyun_sas_dingtalk_notification_enabled gauge
            aliyun_sas_dingtalk_notification_enabled{account="a",id="1"} 1.0
            aliyun_sas_dingtalk_notification_enabled{account="a",id="2"} 0.0
            # HELP aliyun_sas_dingtalk_notification_interval_seconds Minimum interval between two messages of a DingTalk notification, in seconds (from the last successful poll).
            # TYPE aliyun_sas_dingtalk_notification_interval_seconds gauge
            aliyun_sas_dingtalk_notification_interval_seconds{account="a",id="2"} 60.0
            # HELP aliyun_sas_dingtalk_notification_groups Number of group ids in the GroupIdList of a DingTalk notification (from the last successful poll).
            # TYPE aliyun_sas_dingtalk_notification_groups gauge
            aliyun_sas_dingtalk_notification_groups{account="a",id="1"} 0.0
            aliyun_sas_dingtalk_notification_groups{account="a",id="2"} 1.0
            # HELP aliyun_sas_dingtalk_notification_modified_timestamp_seconds Last modification time of a DingTalk notification, seconds since the epoch (from the last successful poll).
            # TYPE aliyun_sas_dingtalk_notification_modified_timestamp_seconds gauge
            aliyun_sas_dingtalk_notification_modified_timestamp_seconds{account="a",id="2"} 1.0

            """#)
    }

    @Test("rendering is linear: 20,000 notifications in well under the time a quadratic registry needs")
    func linear() {
        let notifications = (0..<20_000).map { index in
            DingTalkNotification(
                id: Int64(index), name: "通知 \"\(index)\"\n", status: index % 3, language: ["zh", "en", "fr"][index % 3],
                intervalMinutes: 10, groupIds: ["1", "2"], alertTypes: ["vul", "suspicious"],
                gmtModifiedMilliseconds: 1_550_828_400_000)
        }
        let snapshot = AccountSnapshot(account: "a", notifications: notifications, reportedTotal: 20_000, completedAt: Self.completedAt)
        let lines = SnapshotRenderer().render([snapshot]).reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
        // 5 account-level families (3 + 3 + 1 + 1 + 6 samples: the six kinds) + 5 per-notification ones, 2 comment lines each.
        #expect(lines == 10 * 2 + 14 + 5 * 20_000)
        // Its speed is measured by scripts/bench.sh (docs/benchmarks.md), not asserted here.
    }

    @Test("label values survive a round trip through a text-format parser")
    func roundTrip() throws {
        let text = String(decoding: SnapshotRenderer().render([Self.prod, Self.intl]), as: UTF8.self)
        let exposition = try Exposition(parsing: text)
        let names = Dictionary(
            uniqueKeysWithValues: exposition.values(Self.prefix + "notification_info", ["account": "prod"]).map {
                ($0.labels["id"] ?? "?", $0.labels["name"] ?? "?")
            })
        #expect(names == [
            "1": "Alert notification\n", "2": Self.quotedName, "3": "漏洞告警 🚨",
            "4": String(repeating: "名", count: 256),
        ])
        #expect(exposition.value(Self.prefix + "notifications", ["account": "prod"]) == 4)
        #expect(exposition.types.values.allSatisfy { $0 == "gauge" })
    }

    @Test("promtool accepts the hostile output without a warning")
    func promtool() throws {
        guard let report = try Promtool.checkMetrics(SnapshotRenderer().render([Self.prod, Self.intl])) else { return }
        #expect(report.status == 0, "promtool: \(report.output)")
        #expect(report.output.trimmingCharacters(in: .whitespacesAndNewlines) == "")
    }

    @Test("the webhook URL never appears", arguments: [true, false])
    func noWebhook(details: Bool) {
        let text = String(decoding: SnapshotRenderer(notificationDetails: details).render([Self.prod, Self.intl]), as: UTF8.self)
        for fragment in [Self.secret, "access_token", "oapi.dingtalk.com", "https://", "robot/send"] {
            #expect(!text.contains(fragment), "\(fragment) in the output")
        }
    }

    @Test("notification details off: only the per-account families, the same values")
    func detailsOff() {
        let output = SnapshotRenderer(notificationDetails: false).render([Self.prod, Self.intl])
        let (samples, _) = Self.families(output)
        #expect(Set(samples.keys) == Self.accountFamilies)
        for family in Self.accountFamilies {
            #expect(samples[family] == Self.expected[family]?.sorted(), "family \(family)")
        }
        #expect(!String(decoding: output, as: UTF8.self).contains("id=\""))
    }

    @Test("no snapshots, no output")
    func empty() {
        #expect(SnapshotRenderer().render([]) == [])
    }

    @Test("an account with no notifications still has its zeros")
    func emptyAccount() {
        let snapshot = AccountSnapshot(account: "empty", notifications: [], reportedTotal: 0, completedAt: Self.completedAt)
        let (samples, _) = Self.families(SnapshotRenderer().render([snapshot]))
        #expect(samples == [
            "notifications": [#"{account="empty"} 0.0"#],
            "notifications_reported": [#"{account="empty"} 0.0"#],
            "notifications_by_status": [#"{account="empty",status="disabled"} 0.0"#, #"{account="empty",status="enabled"} 0.0"#],
            "notifications_by_language": [#"{account="empty",language="en"} 0.0"#, #"{account="empty",language="zh"} 0.0"#],
            // The six kinds, so "nobody gets vul alerts" is a 0 from the first poll.
            "notifications_by_alert_type": ["ak_leakage", "hc", "honeypot", "rasp", "suspicious", "vul"].map {
                #"{account="empty",type=""# + $0 + #""} 0.0"#
            },
        ])
    }

    @Test("a second snapshot of the same account is ignored")
    func duplicateAccount() {
        let other = AccountSnapshot(
            account: "intl", notifications: [DingTalkNotification(id: 99, name: "z", status: 1)], reportedTotal: 1,
            completedAt: Self.completedAt)
        let (samples, _) = Self.families(SnapshotRenderer(notificationDetails: false).render([Self.intl, other]))
        #expect(samples["notifications"] == [#"{account="intl"} 2.0"#])
    }

    @Test("languages and alert types past the cap fold into Other, counted once per notification")
    func caps() {
        let notifications = [
            DingTalkNotification(id: 1, name: "a", status: 1, language: "de", alertTypes: ["c", "d"]),
            DingTalkNotification(id: 2, name: "b", status: 1, language: "fr", alertTypes: ["a"]),
            DingTalkNotification(id: 3, name: "c", status: 0, language: "it", alertTypes: ["b"]),
            DingTalkNotification(id: 4, name: "d", status: 1, language: "IT"),
            DingTalkNotification(id: 5, name: "e", status: 1, language: "zh"),
        ]
        let snapshot = AccountSnapshot(account: "a", notifications: notifications, reportedTotal: 5, completedAt: Self.completedAt)
        let renderer = SnapshotRenderer(limits: LabelLimits(maxValueLength: 256, maxValuesPerLabel: 2))
        let (samples, _) = Self.families(renderer.render([snapshot]))
        #expect(samples["notifications_by_language"] == [
            #"{account="a",language="Other"} 2.0"#, #"{account="a",language="de"} 1.0"#,
            #"{account="a",language="en"} 0.0"#, #"{account="a",language="fr"} 1.0"#,
            #"{account="a",language="zh"} 1.0"#,
        ])
        // The six kinds are reserved: they never count against the cap.
        #expect(samples["notifications_by_alert_type"] == [
            #"{account="a",type="Other"} 1.0"#, #"{account="a",type="a"} 1.0"#, #"{account="a",type="b"} 0.0"#,
            #"{account="a",type="ak_leakage"} 0.0"#, #"{account="a",type="hc"} 0.0"#, #"{account="a",type="honeypot"} 0.0"#,
            #"{account="a",type="rasp"} 0.0"#, #"{account="a",type="suspicious"} 0.0"#, #"{account="a",type="vul"} 0.0"#,
        ].sorted())
        #expect(samples["notification_info"] == [
            #"{account="a",id="1",name="a",language="de"} 1.0"#, #"{account="a",id="2",name="b",language="fr"} 1.0"#,
            #"{account="a",id="3",name="c",language="Other"} 1.0"#, #"{account="a",id="4",name="d",language="Other"} 1.0"#,
            #"{account="a",id="5",name="e",language="zh"} 1.0"#,
        ])
    }

    @Test("many distinct hostile languages stay bounded per account")
    func cardinality() {
        let notifications = (0..<1000).map { index in
            DingTalkNotification(id: Int64(index), name: "n", status: 1, language: "lang-\(index)", alertTypes: ["t\(index)"])
        }
        let snapshot = AccountSnapshot(account: "a", notifications: notifications, reportedTotal: 1000, completedAt: Self.completedAt)
        let (samples, _) = Self.families(SnapshotRenderer(notificationDetails: false).render([snapshot]))
        // 100 kept + zh + en + Other.
        #expect(samples["notifications_by_language"]?.count == 103)
        #expect(samples["notifications_by_language"]?.contains(#"{account="a",language="Other"} 900.0"#) == true)
        // 100 kept + the six kinds + Other.
        #expect(samples["notifications_by_alert_type"]?.count == 107)
        #expect(samples["notifications_by_alert_type"]?.contains(#"{account="a",type="Other"} 900.0"#) == true)
    }

    @Test("hostile numbers do not trap", arguments: [Int64.max, Int64.min])
    func hostileNumbers(value: Int64) {
        let snapshot = AccountSnapshot(
            account: "a",
            notifications: [
                DingTalkNotification(id: value, name: "n", status: Int.min, intervalMinutes: value, gmtModifiedMilliseconds: value)
            ],
            reportedTotal: Int.max, completedAt: Self.completedAt)
        let (samples, _) = Self.families(SnapshotRenderer().render([snapshot]))
        #expect(samples["notification_interval_seconds"] == [#"{account="a",id="\#(value)"} \#(Double(value) * 60)"#])
        #expect(samples["notifications_by_status"]?.contains(#"{account="a",status="unknown"} 1.0"#) == true)
    }
}
