import AlibabaCloudCore
import DingTalkExporter
import Foundation
import Testing

/// `ExporterMetrics`: the initial state of every account, counting through
/// the per-account observer, polls, reloads, changes, and the label caps.
@Suite("ExporterMetrics")
struct MetricsTests {
    static let p = "aliyun_sas_dingtalk_"

    static func emitted(_ metrics: ExporterMetrics) -> String {
        var buffer: [UInt8] = []
        metrics.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    static func lines(_ metrics: ExporterMetrics) -> Set<String> {
        Set(emitted(metrics).split(separator: "\n").map(String.init))
    }

    static func parsed(_ metrics: ExporterMetrics) throws -> Exposition {
        try Exposition(parsing: emitted(metrics))
    }

    static func make(limits: LabelLimits = .init(), includeBuildInfo: Bool = true) -> ExporterMetrics {
        ExporterMetrics(
            limits: limits, buildInfo: "1.2.3", revision: "abc123", swiftVersion: "6.3", includeBuildInfo: includeBuildInfo)
    }

    @Test("a registered account starts with every series at 0, every code and change kind included")
    func initialState() throws {
        let metrics = Self.make()
        metrics.registerAccount("prod")
        metrics.registerAccount("prod")  // idempotent
        let lines = Self.lines(metrics)

        var expected: Set<String> = [
            #"aliyun_sas_dingtalk_api_requests_total{account="prod"} 0"#,
            #"aliyun_sas_dingtalk_polls_total{account="prod"} 0"#,
            #"aliyun_sas_dingtalk_poll_failures_total{account="prod"} 0"#,
            #"aliyun_sas_dingtalk_up{account="prod"} 0.0"#,
            #"aliyun_sas_dingtalk_last_success_timestamp_seconds{account="prod"} 0.0"#,
            #"aliyun_sas_dingtalk_poll_duration_seconds{account="prod"} 0.0"#,
            #"aliyun_sas_dingtalk_api_request_duration_seconds_bucket{account="prod",le="+Inf"} 0"#,
            #"aliyun_sas_dingtalk_api_request_duration_seconds_sum{account="prod"} 0.0"#,
            #"aliyun_sas_dingtalk_api_request_duration_seconds_count{account="prod"} 0"#,
            #"aliyun_sas_dingtalk_exporter_build_info{version="1.2.3",revision="abc123",swift_version="6.3"} 1.0"#,
            #"aliyun_sas_dingtalk_config_reloads_total{result="success"} 0"#,
            #"aliyun_sas_dingtalk_config_reloads_total{result="failure"} 0"#,
            #"aliyun_sas_dingtalk_config_last_reload_success_timestamp_seconds 0.0"#,
        ]
        for bucket in ["0.05", "0.1", "0.25", "0.5", "1.0", "2.5", "5.0", "10.0", "30.0"] {
            expected.insert(#"aliyun_sas_dingtalk_api_request_duration_seconds_bucket{account="prod",le="\#(bucket)"} 0"#)
        }
        for code in [
            "NoPermission", "ServerError", "Throttling", "Throttling.User", "Throttling.Api", "ServiceUnavailable",
            "Timeout", "ConnectionFailed", "InvalidResponse", "PaginationLimit", "CredentialsUnavailable",
        ] {
            expected.insert(#"aliyun_sas_dingtalk_api_errors_total{account="prod",code="\#(code)"} 0"#)
        }
        for change in [
            "created", "deleted", "enabled", "disabled", "renamed", "language_changed", "interval_changed",
            "groups_changed", "alert_types_changed", "webhook_changed",
        ] {
            expected.insert(#"aliyun_sas_dingtalk_notification_changes_total{account="prod",change="\#(change)"} 0"#)
        }
        for label in ["code", "language", "type", "notification"] {
            expected.insert(#"aliyun_sas_dingtalk_label_overflow_total{account="prod",label="\#(label)"} 0"#)
        }
        let samples = lines.filter { !$0.hasPrefix("#") }
        #expect(samples == expected, "extra: \(samples.subtracting(expected)), missing: \(expected.subtracting(samples))")
    }

    @Test("families carry the contract's types and one HELP each")
    func types() throws {
        let metrics = Self.make()
        metrics.registerAccount("prod")
        let exposition = try Self.parsed(metrics)
        let p = Self.p
        #expect(exposition.types == [
            p + "api_requests_total": "counter", p + "api_errors_total": "counter",
            p + "api_request_duration_seconds": "histogram", p + "up": "gauge", p + "label_overflow_total": "counter",
            p + "last_success_timestamp_seconds": "gauge", p + "poll_duration_seconds": "gauge",
            p + "polls_total": "counter", p + "poll_failures_total": "counter",
            p + "notification_changes_total": "counter", p + "exporter_build_info": "gauge",
            p + "config_reloads_total": "counter", p + "config_last_reload_success_timestamp_seconds": "gauge",
        ])
        #expect(Set(exposition.helps.keys) == Set(exposition.types.keys))
        #expect(exposition.helps[p + "api_requests_total"] == "DescribeDingTalk requests sent, retries included.")
        let helpLines = Self.emitted(metrics).split(separator: "\n").filter { $0.hasPrefix("# HELP ") }
        #expect(helpLines.count == exposition.types.count)
    }

    @Test("the per-account observer counts attempts, latency and failed attempts by code")
    func observer() throws {
        let metrics = Self.make()
        metrics.registerAccount("prod")
        metrics.registerAccount("intl")
        let observer = metrics.observer(forAccount: "prod")
        observer.rpcAttemptFinished(action: "DescribeDingTalk", duration: .milliseconds(120), error: nil)
        observer.rpcAttemptFinished(
            action: "DescribeDingTalk", duration: .milliseconds(300),
            error: APIError(code: "NoPermission", message: "denied", httpStatus: 403))
        observer.rpcAttemptFinished(
            action: "DescribeDingTalk", duration: .seconds(2), error: APIError(code: "HTTP502", message: "bad gateway", httpStatus: 502))
        observer.rpcAttemptFinished(action: "DescribeDingTalk", duration: .seconds(40), error: nil)

        let e = try Self.parsed(metrics)
        let p = Self.p
        #expect(e.value(p + "api_requests_total", ["account": "prod"]) == 4)
        #expect(e.value(p + "api_requests_total", ["account": "intl"]) == 0)
        #expect(e.value(p + "api_errors_total", ["account": "prod", "code": "NoPermission"]) == 1)
        #expect(e.value(p + "api_errors_total", ["account": "prod", "code": "HTTP502"]) == 1)
        #expect(e.value(p + "api_errors_total", ["account": "intl", "code": "NoPermission"]) == 0)
        #expect(e.values(p + "api_errors_total", ["account": "intl"]).count == 11)
        let buckets = Dictionary(
            uniqueKeysWithValues: e.values(p + "api_request_duration_seconds_bucket", ["account": "prod"]).map {
                ($0.labels["le"] ?? "?", $0.value)
            })
        #expect(buckets == [
            "0.05": 0, "0.1": 0, "0.25": 1, "0.5": 2, "1.0": 2, "2.5": 3, "5.0": 3, "10.0": 3, "30.0": 3, "+Inf": 4,
        ])
        #expect(Self.lines(metrics).contains(#"aliyun_sas_dingtalk_api_request_duration_seconds_sum{account="prod"} 42.42"#))
        #expect(e.value(p + "api_request_duration_seconds_count", ["account": "prod"]) == 4)
    }

    @Test("used directly as an RPCObserver it records into the default account")
    func defaultAccount() throws {
        let metrics = Self.make()
        metrics.rpcAttemptFinished(action: "DescribeDingTalk", duration: .seconds(1), error: APIError(code: "Timeout", message: "t"))
        let e = try Self.parsed(metrics)
        #expect(e.value(Self.p + "api_requests_total", ["account": "default"]) == 1)
        #expect(e.value(Self.p + "api_errors_total", ["account": "default", "code": "Timeout"]) == 1)
    }

    @Test("polls: counted, up follows the last one, last success only moves on success")
    func polls() throws {
        let metrics = Self.make()
        metrics.registerAccount("prod")
        metrics.pollFinished(
            account: "prod", duration: .milliseconds(1500), success: true, at: Date(timeIntervalSince1970: 1_795_600_800))
        var e = try Self.parsed(metrics)
        let p = Self.p
        let prod = ["account": "prod"]
        #expect(e.value(p + "polls_total", prod) == 1)
        #expect(e.value(p + "poll_failures_total", prod) == 0)
        #expect(e.value(p + "up", prod) == 1)
        #expect(e.value(p + "poll_duration_seconds", prod) == 1.5)
        #expect(e.value(p + "last_success_timestamp_seconds", prod) == 1_795_600_800)

        metrics.pollFinished(account: "prod", duration: .milliseconds(250), success: false, at: Date(timeIntervalSince1970: 1_795_600_900))
        e = try Self.parsed(metrics)
        #expect(e.value(p + "polls_total", prod) == 2)
        #expect(e.value(p + "poll_failures_total", prod) == 1)
        #expect(e.value(p + "up", prod) == 0)
        #expect(e.value(p + "poll_duration_seconds", prod) == 0.25)
        #expect(e.value(p + "last_success_timestamp_seconds", prod) == 1_795_600_800)
        #expect(Self.lines(metrics).contains(#"aliyun_sas_dingtalk_last_success_timestamp_seconds{account="prod"} 1795600800.0"#))
    }

    @Test("errors outside the RPC client and change events are counted")
    func errorsAndChanges() throws {
        let metrics = Self.make()
        metrics.registerAccount("prod")
        metrics.recordError(account: "prod", code: APIError.Code.paginationLimit)
        metrics.recordError(account: "prod", code: APIError.Code.invalidResponse)
        metrics.recordError(account: "prod", code: APIError.Code.invalidResponse)
        metrics.recordChange(account: "prod", change: "disabled")
        let e = try Self.parsed(metrics)
        let p = Self.p
        #expect(e.value(p + "api_errors_total", ["account": "prod", "code": "PaginationLimit"]) == 1)
        #expect(e.value(p + "api_errors_total", ["account": "prod", "code": "InvalidResponse"]) == 2)
        #expect(e.value(p + "api_requests_total", ["account": "prod"]) == 0)
        #expect(e.value(p + "notification_changes_total", ["account": "prod", "change": "disabled"]) == 1)
        #expect(e.value(p + "notification_changes_total", ["account": "prod", "change": "enabled"]) == 0)
    }

    @Test("unseen codes get a series until the cap, then fold into Other; empty codes too; long ones are cut")
    func cap() throws {
        // 11 well-known codes + 1 more = 12 named values.
        let metrics = Self.make(limits: LabelLimits(maxValueLength: 12, maxValuesPerLabel: 12))
        let observer = metrics.observer(forAccount: "prod")
        for code in ["HTTP500", "HTTP502", "HTTP503", "HTTP500", "", "ThisCodeIsFarTooLong"] {
            observer.rpcAttemptFinished(action: "DescribeDingTalk", duration: .zero, error: APIError(code: code, message: "m"))
        }
        let e = try Self.parsed(metrics)
        let codes = Dictionary(
            uniqueKeysWithValues: e.values(Self.p + "api_errors_total", ["account": "prod"]).map { ($0.labels["code"] ?? "?", $0.value) })
        #expect(codes.count == 13)
        #expect(codes["HTTP500"] == 2)
        #expect(codes["Other"] == 4)
        #expect(codes["HTTP502"] == nil)
        #expect(codes["NoPermission"] == 0)
    }

    @Test("a truncated code that fits under the cap is kept, cut to the length limit")
    func truncatedCode() throws {
        let metrics = Self.make(limits: LabelLimits(maxValueLength: 12, maxValuesPerLabel: 100))
        metrics.recordError(account: "prod", code: "ThisCodeIsFarTooLong")
        let e = try Self.parsed(metrics)
        #expect(e.value(Self.p + "api_errors_total", ["account": "prod", "code": "ThisCodeIsFa"]) == 1)
    }

    @Test("a well-known code longer than the length limit still counts on its own series")
    func wellKnownUntruncated() throws {
        let metrics = Self.make(limits: LabelLimits(maxValueLength: 5, maxValuesPerLabel: 11))
        metrics.recordError(account: "prod", code: "Throttling.User")
        let e = try Self.parsed(metrics)
        #expect(e.value(Self.p + "api_errors_total", ["account": "prod", "code": "Throttling.User"]) == 1)
        #expect(e.value(Self.p + "api_errors_total", ["account": "prod", "code": "Other"]) == nil)
    }

    @Test("config reloads by result, and the time of the last success")
    func reloads() throws {
        let metrics = Self.make()
        metrics.configReloaded(success: true, at: Date(timeIntervalSince1970: 1_795_600_800))
        metrics.configReloaded(success: false, at: Date(timeIntervalSince1970: 1_795_600_900))
        metrics.configReloaded(success: false, at: Date(timeIntervalSince1970: 1_795_601_000))
        let e = try Self.parsed(metrics)
        let p = Self.p
        #expect(e.value(p + "config_reloads_total", ["result": "success"]) == 1)
        #expect(e.value(p + "config_reloads_total", ["result": "failure"]) == 2)
        #expect(e.value(p + "config_last_reload_success_timestamp_seconds") == 1_795_600_800)
    }

    @Test("without build info there is no build info series")
    func noBuildInfo() {
        let metrics = Self.make(includeBuildInfo: false)
        #expect(!Self.emitted(metrics).contains("build_info"))
    }

    @Test("unregistering an account removes every one of its series")
    func unregister() throws {
        let metrics = Self.make()
        metrics.registerAccount("prod")
        metrics.registerAccount("intl")
        metrics.recordError(account: "prod", code: "HTTP500")
        metrics.unregisterAccount("prod")
        let e = try Self.parsed(metrics)
        #expect(e.samples.filter { $0.labels["account"] == "prod" }.isEmpty)
        #expect(e.value(Self.p + "up", ["account": "intl"]) == 0)
    }

    @Test("account names with quotes and new lines are escaped")
    func hostileAccount() throws {
        let metrics = Self.make()
        let name = "a\"b\\c\nd 漏洞"
        metrics.registerAccount(name)
        let e = try Self.parsed(metrics)
        #expect(e.value(Self.p + "up", ["account": name]) == 0)
    }

    @Test("concurrent observers count every attempt")
    func concurrency() async throws {
        let metrics = Self.make()
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                group.addTask {
                    let observer = metrics.observer(forAccount: "acct\(task % 2)")
                    for index in 0..<500 {
                        observer.rpcAttemptFinished(
                            action: "DescribeDingTalk", duration: .milliseconds(10),
                            error: index % 5 == 0 ? APIError(code: "HTTP5\(index % 100)", message: "m") : nil)
                    }
                }
            }
        }
        let e = try Self.parsed(metrics)
        for account in ["acct0", "acct1"] {
            #expect(e.value(Self.p + "api_requests_total", ["account": account]) == 2000)
            let errors = e.values(Self.p + "api_errors_total", ["account": account]).map(\.value).reduce(0, +)
            #expect(errors == 400)
        }
    }
}
