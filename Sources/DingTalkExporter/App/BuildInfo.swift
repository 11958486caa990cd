/// What `aliyun_sas_dingtalk_exporter_build_info`, `--version` and the landing page report.
public struct BuildInfo: Sendable, Equatable {
    public var version: String
    public var revision: String
    public var swiftVersion: String

    public init(version: String = BuildInfo.currentVersion, revision: String = BuildInfo.currentRevision, swiftVersion: String = BuildInfo.compilerVersion) {
        self.version = version
        self.revision = revision
        self.swiftVersion = swiftVersion
    }

    public static let currentVersion = "0.1.0"
    /// The git revision this binary was built from, stamped by the
    /// GitRevisionPlugin at every build (`unknown` without git).
    public static let currentRevision = GitRevision.value

    /// The compiler that built this binary, as far as `#if compiler` can tell.
    public static var compilerVersion: String {
        #if compiler(>=6.4)
        return "6.4+"
        #elseif compiler(>=6.3)
        return "6.3"
        #elseif compiler(>=6.2)
        return "6.2"
        #elseif compiler(>=6.1)
        return "6.1"
        #else
        return "6.0"
        #endif
    }
}
