import Logging
import NIOConcurrencyHelpers

/// The official SDKs' default chain: environment, OIDC (RRSA), CLI profile,
/// INI credentials file, ECS instance RAM role, in that order.
///
/// The first provider that works is remembered and asked alone from then on
/// (its own cache refreshes it). Until one works, every call walks the chain
/// again, and the error names each link and why it was skipped.
public final class DefaultCredentialsChain: CredentialsProvider {
    /// One link: a provider, or the reason it is not in play (an environment switch, missing variables).
    public struct Link: Sendable {
        public var name: String
        public var provider: (any CredentialsProvider)?
        public var skipReason: String?

        public init(name: String, provider: any CredentialsProvider) {
            self.name = name
            self.provider = provider
        }

        public init(name: String, skipped reason: String) {
            self.name = name
            self.skipReason = reason
        }
    }

    public let links: [Link]
    private let chosen = NIOLockedValueBox<Int?>(nil)
    private let logger: Logger

    public init(links: [Link], logger: Logger = Logger(label: "aliyun.credentials")) {
        self.links = links
        self.logger = logger
    }

    public var kind: String { "default_chain" }

    public func credentials() async throws -> Credentials {
        if let index = chosen.withLockedValue({ $0 }), let provider = links[index].provider {
            return stamped(try await provider.credentials(), by: provider)
        }
        var reasons: [String] = []
        for (index, link) in links.enumerated() {
            guard let provider = link.provider else {
                reasons.append("\(link.name): skipped, \(link.skipReason ?? "not configured")")
                continue
            }
            do {
                let credentials = try await provider.credentials()
                chosen.withLockedValue { $0 = $0 ?? index }
                logger.debug("Default credentials chain chose a provider", metadata: [
                    "provider": "\(link.name)", "access_key_id": "\(credentials.maskedAccessKeyId)",
                ])
                return stamped(credentials, by: provider)
            } catch {
                if Task.isCancelled { throw error }
                var detail = (error as? APIError)?.message ?? "\(type(of: error))"
                if detail.hasPrefix("\(link.name): ") { detail.removeFirst(link.name.count + 2) }
                reasons.append("\(link.name): \(detail)")
            }
        }
        throw APIError.credentialsUnavailable("no provider of the default chain has credentials: \(reasons.joined(separator: "; "))")
    }

    private func stamped(_ credentials: Credentials, by provider: any CredentialsProvider) -> Credentials {
        var credentials = credentials
        credentials.providerName = "\(kind)/\(credentials.providerName ?? provider.kind)"
        return credentials
    }
}

extension DefaultCredentialsChain: CustomStringConvertible, CustomReflectable {
    public var description: String { "DefaultCredentialsChain(\(links.map(\.name).joined(separator: ", ")))" }
    public var customMirror: Mirror { Mirror(self, children: ["links": links.map(\.name)], displayStyle: .class) }
}
