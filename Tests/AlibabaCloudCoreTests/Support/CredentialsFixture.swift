import AlibabaCloudCore
import AsyncHTTPClient
import Foundation
import Logging
import SecurityCenterSimulator
import NIOConcurrencyHelpers

/// A wall clock the test moves by hand: the refreshing cache and the
/// simulated services compare `Expiration` with it.
final class ManualWallClock: Sendable {
    private let current: NIOLockedValueBox<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        current = NIOLockedValueBox(start)
    }

    func now() -> Date { current.withLockedValue { $0 } }

    func advance(by seconds: TimeInterval) {
        current.withLockedValue { $0 = $0.addingTimeInterval(seconds) }
    }
}

/// Shared pieces of the credentials tests: one HTTP client, temporary home
/// directories, a context pointed at the simulated metadata service and STS.
enum CredentialsFixture {
    static let httpClient = HTTPClient(
        eventLoopGroupProvider: .singleton, configuration: RPCClient.recommendedHTTPClientConfiguration())

    static let baseKey = SimulatorAccessKey(id: "LTAIbasekeyid0001", secret: "base-secret-DO-NOT-LEAK")
    static let roleArn = "acs:ram::1234567890123456:role/sas-readonly"
    static let silent = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })

    /// A fresh, empty directory under the system's temporary directory.
    static func temporaryDirectory() throws -> String {
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("creds-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func write(_ text: String, to path: String) throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    static func context(
        _ endpoint: Endpoint?, environment: [String: String] = [:], home: String, clock: ManualWallClock? = nil,
        logger: Logger = silent
    ) -> CredentialsContext {
        CredentialsContext(
            httpClient: httpClient, environment: environment, homeDirectory: home, stsEndpoint: endpoint,
            metadataEndpoint: endpoint, now: Self.now(clock), logger: logger)
    }

    /// The manual clock's time, or the real one.
    static func now(_ clock: ManualWallClock?) -> @Sendable () -> Date {
        guard let clock else { return { Date() } }
        return { clock.now() }
    }

    /// A simulated metadata service and STS that knows the base key and the role.
    static func service(
        clock: ManualWallClock? = nil, _ configure: (inout SimulatedCredentialsService.Configuration) -> Void = { _ in }
    ) -> SimulatedCredentialsService {
        var configuration = SimulatedCredentialsService.Configuration()
        configuration.baseKeys = [baseKey]
        configuration.roleArns = [roleArn]
        configure(&configuration)
        return SimulatedCredentialsService(
            configuration: configuration, now: Self.now(clock), logger: silent)
    }

    static var baseCredentials: Credentials {
        Credentials(accessKeyId: baseKey.id, accessKeySecret: baseKey.secret)
    }
}
