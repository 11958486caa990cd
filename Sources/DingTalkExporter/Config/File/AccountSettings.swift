import AlibabaCloudCore
import SecurityCenter

/// The settings an account can take from its own keys, a command-line flag,
/// the file's global keys or the built-in default, in that order (DESIGN
/// section 6). nil means "not given at this level".
public struct AccountSettings: Sendable, Equatable {
    /// Where to find the API: a region of the region map or an explicit
    /// endpoint; one level gives at most one of the two.
    public enum Location: Sendable, Equatable {
        case region(String)
        case endpoint(Endpoint)
    }

    public var location: Location?
    public var pollInterval: Duration?
    public var pageSize: Int?
    public var ruleActionName: String?
    public var signatureVersion: SignatureVersion?
    public var requestTimeout: Duration?
    public var maxRetries: Int?

    public init(
        location: Location? = nil, pollInterval: Duration? = nil, pageSize: Int? = nil, ruleActionName: String? = nil,
        signatureVersion: SignatureVersion? = nil, requestTimeout: Duration? = nil, maxRetries: Int? = nil
    ) {
        self.location = location
        self.pollInterval = pollInterval
        self.pageSize = pageSize
        self.ruleActionName = ruleActionName
        self.signatureVersion = signatureVersion
        self.requestTimeout = requestTimeout
        self.maxRetries = maxRetries
    }

    /// The built-in defaults, the lowest level.
    public static let builtIn = AccountSettings(
        location: .region("cn-shanghai"), pollInterval: .seconds(60), pageSize: 20, ruleActionName: nil,
        signatureVersion: .v3, requestTimeout: .seconds(10), maxRetries: 3)

    /// These settings with every key not given here taken from `lower`.
    public func overlaid(on lower: AccountSettings) -> AccountSettings {
        AccountSettings(
            location: location ?? lower.location, pollInterval: pollInterval ?? lower.pollInterval,
            pageSize: pageSize ?? lower.pageSize, ruleActionName: ruleActionName ?? lower.ruleActionName,
            signatureVersion: signatureVersion ?? lower.signatureVersion,
            requestTimeout: requestTimeout ?? lower.requestTimeout, maxRetries: maxRetries ?? lower.maxRetries)
    }

    /// The account these settings describe, the built-in defaults filling any gap.
    public func resolve(name: String, credentials: CredentialsSource) -> AccountConfig {
        let full = overlaid(on: .builtIn)
        let endpoint: Endpoint
        switch full.location ?? .region("cn-shanghai") {
        case .region(let region): endpoint = SecurityCenterEndpoint.forRegion(region)
        case .endpoint(let explicit): endpoint = explicit
        }
        return AccountConfig(
            name: name, endpoint: endpoint, credentials: credentials,
            signatureVersion: full.signatureVersion ?? .v3, pageSize: full.pageSize ?? 20,
            ruleActionName: full.ruleActionName, requestTimeout: full.requestTimeout ?? .seconds(10),
            maxRetries: full.maxRetries ?? 3, pollInterval: full.pollInterval ?? .seconds(60))
    }
}
