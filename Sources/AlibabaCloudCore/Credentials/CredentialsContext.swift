import AsyncHTTPClient
import Foundation
import Logging

/// What building a credentials provider needs: the HTTP client for STS and
/// the metadata service, the environment and home directory (captured, so
/// tests pass their own), endpoint overrides for tests, the wall clock that
/// `Expiration` is compared with, and a logger.
///
/// Building providers does no I/O; the first `credentials()` call does.
public struct CredentialsContext: Sendable {
    public var httpClient: HTTPClient
    public var environment: [String: String]
    /// `~`: where `.aliyun/config.json` and `.alibabacloud/credentials.ini` live.
    public var homeDirectory: String
    /// Replaces every STS endpoint (tests point it at a loopback fake).
    public var stsEndpoint: Endpoint?
    /// Replaces `http://100.100.100.200`.
    public var metadataEndpoint: Endpoint?
    /// Per STS request.
    public var stsTimeout: Duration = .seconds(10)
    /// Per metadata request: the service answers at once or is not there (not on ECS).
    public var metadataTimeout: Duration = .seconds(2)
    public var now: @Sendable () -> Date
    public var logger: Logger

    public init(
        httpClient: HTTPClient,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        homeDirectory: String? = nil,
        stsEndpoint: Endpoint? = nil,
        metadataEndpoint: Endpoint? = nil,
        now: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "aliyun.credentials")
    ) {
        self.httpClient = httpClient
        self.environment = environment
        self.homeDirectory = homeDirectory ?? environment["HOME"] ?? NSHomeDirectory()
        self.stsEndpoint = stsEndpoint
        self.metadataEndpoint = metadataEndpoint
        self.now = now
        self.logger = logger
    }

    /// An environment switch such as `ALIBABA_CLOUD_ECS_METADATA_DISABLED`: on only when `true` (any case), as in the SDKs.
    func isSet(_ variable: String) -> Bool {
        environment[variable]?.lowercased() == "true"
    }

    /// A non-empty environment value.
    func value(_ variable: String) -> String? {
        environment[variable].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The STS endpoint for a region (nil: `ALIBABA_CLOUD_STS_REGION`) and VPC
    /// choice (nil: `ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED`), unless overridden.
    func stsEndpoint(region: String? = nil, vpc: Bool? = nil) -> Endpoint {
        if let stsEndpoint { return stsEndpoint }
        return STSEndpoint.resolve(
            region: region ?? value(EnvironmentVariable.stsRegion),
            vpc: vpc ?? isSet(EnvironmentVariable.vpcEndpointEnabled))
    }
}
