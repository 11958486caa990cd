import Foundation
@testable import SecurityCenterSimulator
import Testing

/// The generator is deterministic and produces the realistic and hostile
/// values the brief asks for.
@Suite struct SimulatorDataSetTests {
    @Test(arguments: [0, 1, 9, 250, 1_000])
    func sameSeedSameData(count: Int) {
        let a = SimulatorDataSet.generate(count: count, seed: 42)
        #expect(a == SimulatorDataSet.generate(count: count, seed: 42))
        #expect(a.notifications.count == count)
        #expect(Set(a.notifications.map(\.id)).count == count)
        #expect(a.notifications.map(\.id) == a.notifications.map(\.id).sorted())
        if count > 0 {
            #expect(a.notifications.map(\.id) != SimulatorDataSet.generate(count: count, seed: 43).notifications.map(\.id))
        }
    }

    @Test func prefixIsStable() {
        // A smaller set from the same seed is the start of a bigger one.
        #expect(SimulatorDataSet.generate(count: 30, seed: 5).notifications
            == Array(SimulatorDataSet.generate(count: 300, seed: 5).notifications.prefix(30)))
    }

    /// Pins the generator's output: a change here changes every golden file
    /// built on generated data, on every platform.
    @Test func pinnedFirstItem() {
        let first = SimulatorDataSet.generate(count: 1, seed: 42).notifications[0]
        #expect(first.id == 243_919)
        #expect(first.name == "生产环境·基线检查通知")
        #expect(first.status == 0)
        #expect(first.language == "zh")
        #expect(first.intervalMinutes == 60)
        #expect(first.groupIds == [49_805_929])
        #expect(first.alertTypes == [
            "sas_analysis_online-sas-operation-log-sas-event-hc", "sas_analysis_pre-sas-operation-log-sas-event-rasp",
            "sas_analysis_online-sas-operation-log-sas-event-honeypot",
        ])
        #expect(first.aliUid == 6_932_519_030_174_587)
        #expect(first.gmtCreateMilliseconds == 1_591_655_000_803)
        #expect(first.gmtModifiedMilliseconds == 1_608_656_993_803)
        #expect(first.webhookURL == "https://oapi.dingtalk.com/robot/send?access_token=19914bcfbcdaca614c1824ca5128f53250da8e04f9059f4eeea2dcd1c570b35b")
    }

    @Test func everyHostileKindInEveryNineBlocks() {
        let names = SimulatorDataSet.generate(count: 81, seed: 3).notifications.map(\.name)
        for kind in 0..<NameCatalog.hostileKindCount {
            let hostile = NameCatalog.hostile(kind)
            #expect(names.filter { $0 == hostile }.count == 1, "kind \(kind)")
        }
        #expect(NameCatalog.longName.utf8.count == 1024)
        #expect(NameCatalog.hostile(0).hasSuffix("\n"))
    }

    @Test func valuesAreInTheirDomains() throws {
        let dataSet = SimulatorDataSet.generate(count: 2_000, seed: 11)
        let uid = dataSet.notifications[0].aliUid
        for n in dataSet.notifications {
            #expect([0, 1, 2].contains(n.status))
            #expect(["zh", "en", "ja", "EN", ""].contains(n.language))
            #expect([0, 1, 5, 10, 30, 60, 120, 1000, 1440].contains(n.intervalMinutes))
            #expect(n.groupIds.count <= 4)
            #expect(n.aliUid == uid)
            #expect(n.gmtModifiedMilliseconds >= n.gmtCreateMilliseconds)
            let prefix = "https://oapi.dingtalk.com/robot/send?access_token="
            #expect(n.webhookURL.hasPrefix(prefix))
            let token = n.webhookURL.dropFirst(prefix.count)
            #expect(token.count == 64 && token.allSatisfy { $0.isHexDigit && !$0.isUppercase })

            // alertTypes nil exactly when ConfigList is not a JSON array of {"type":...}.
            let parsed = try? JSONSerialization.jsonObject(with: Data(n.configListJSON.utf8), options: [.fragmentsAllowed])
            if let types = n.alertTypes {
                let entries = parsed as? [[String: Any]]
                #expect(entries?.compactMap { $0["type"] as? String } == types)
                #expect(Set(types).count == types.count)
                #expect(types.allSatisfy(SimulatorDataSet.alertTypeCatalog.contains))
            } else {
                #expect(!(parsed is [Any]))
            }
        }
        let statuses = Dictionary(grouping: dataSet.notifications, by: \.status).mapValues(\.count)
        let languages = Dictionary(grouping: dataSet.notifications, by: \.language).mapValues(\.count)
        #expect(statuses == [1: 1357, 0: 584, 2: 59])
        #expect(languages == ["zh": 1126, "en": 754, "ja": 42, "EN": 41, "": 37])
        #expect(dataSet.notifications.filter { $0.alertTypes == nil }.count == 99)
        #expect(dataSet.notifications.filter { $0.alertTypes == [] }.count == 124)
    }

    @Test func demoHasRealisticAndHostileItems() {
        let demo = SimulatorDataSet.demo.notifications
        #expect(demo.count == 36)
        #expect(SimulatorDataSet.demo == SimulatorDataSet.generate(count: 36, seed: SimulatorDataSet.demoSeed))
        let names = demo.map(\.name)
        #expect(names.contains("Alert notification\n"))
        #expect(names.contains("🚨 Critical alerts 🔥 生产"))
        #expect(names.contains(#"Prod "critical" alerts \ on-call"#))
        #expect(names.contains(NameCatalog.longName))
        #expect(demo.contains { $0.status == 2 })
        #expect(demo.contains { $0.status == 0 })
        #expect(demo.contains { !["zh", "en"].contains($0.language) })
        #expect(demo.contains { $0.alertTypes == nil })
        #expect(demo.filter { $0.language == "zh" }.count > 8)
        #expect(demo.filter { $0.language == "en" }.count > 8)
    }

    @Test func descriptionsHideTheWebhook() {
        let n = SimulatorDataSet.generate(count: 1, seed: 1).notifications[0]
        let token = String(n.webhookURL.split(separator: "=").last ?? "")
        #expect(!"\(n)".contains(token))
        #expect(!String(reflecting: n).contains(token))
        var dumped = ""
        dump(n, to: &dumped)
        #expect(!dumped.contains(token))
        let key = SimulatorAccessKey(id: "id", secret: "s3cr3t", securityToken: "t0k3n")
        #expect("\(key)" == "SimulatorAccessKey(id: id, secret: <redacted>, securityToken: <redacted>)")
        var dumpedKey = ""
        dump(key, to: &dumpedKey)
        #expect(!dumpedKey.contains("s3cr3t") && !dumpedKey.contains("t0k3n"))
    }
}
