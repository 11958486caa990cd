/// The words generated notification names are made of: realistic English and
/// Chinese names, and a fixed list of hostile ones that break naive code
/// (label escaping, log lines, JSON, terminals).
enum NameCatalog {
    static let englishTopics = [
        "Vulnerability alerts", "Security alerts", "Baseline check notifications", "Webshell detection",
        "AK leak alerts", "Attack alerts", "Suspicious process alerts", "Weekly security report",
        "Container threat alerts", "Ransomware alerts", "Brute-force login alerts", "Malicious file alerts",
    ]
    static let englishScopes = ["prod", "staging", "dev", "payments", "data platform", "SRE on-call", "EU region", "core-infra"]

    static let chineseTopics = [
        "漏洞告警", "安全告警通知", "基线检查通知", "网页木马告警", "AccessKey 泄露告警", "攻击告警",
        "可疑进程告警", "安全周报", "容器威胁告警", "勒索病毒告警", "暴力破解告警", "恶意文件告警",
    ]
    static let chineseScopes = ["生产环境", "预发环境", "测试环境", "支付团队", "数据平台", "运维值班群", "华东区域", "核心基础设施"]

    /// Every kind of hostile name; `hostile(_:)` builds one.
    static let hostileKindCount = 9

    /// A hostile name of the given kind (taken modulo `hostileKindCount`).
    /// Kind 0 is the one the official API sample itself contains: a trailing new line.
    static func hostile(_ kind: Int) -> String {
        switch kind % hostileKindCount {
        case 0: return "Alert notification\n"
        case 1: return "🚨 Critical alerts 🔥 生产"
        case 2: return #"Prod "critical" alerts \ on-call"#
        case 3: return longName
        case 4: return "Line one\nline two\r\nline three"
        case 5: return "tab\there\u{0}nul\u{1B}[31mred"
        case 6: return #"x"} 1\n# HELP fake{a="b"} <script>alert(1)</script>"#
        case 7: return "\u{202E}evil\u{200B}zero-width\u{FEFF}"
        default: return ""
        }
    }

    /// Exactly 1024 bytes of UTF-8, mixing ASCII and three-byte Chinese characters.
    static let longName: String = {
        let prefix = "Very long notification name "  // 28 bytes
        let filler = String(repeating: "长", count: 330)  // 990 bytes
        let suffix = String(repeating: "x", count: 1024 - 28 - 990)
        return prefix + filler + suffix
    }()
}
