import AlibabaCloudCore
import Logging
import NIOConcurrencyHelpers

/// An account's provider, watched: which provider answered and the masked
/// key id go to the account's status (landing page) and, whenever they
/// change, to one debug log line. Never a secret or token.
final class AccountCredentialsProvider: CredentialsProvider {
    let account: String
    let inner: any CredentialsProvider
    let state: ExporterState
    let logger: Logger
    private let lastSeen = NIOLockedValueBox<String?>(nil)

    init(account: String, inner: any CredentialsProvider, state: ExporterState, logger: Logger) {
        self.account = account
        self.inner = inner
        self.state = state
        self.logger = logger
    }

    var kind: String { inner.kind }

    func credentials() async throws -> Credentials {
        let credentials = try await inner.credentials()
        let provider = credentials.providerName ?? inner.kind
        let summary = "\(provider) \(credentials.maskedAccessKeyId)"
        let changed = lastSeen.withLockedValue { last in
            defer { last = summary }
            return last != summary
        }
        if changed {
            state.recordCredentials(account: account, provider: provider, maskedAccessKeyId: credentials.maskedAccessKeyId)
            logger.debug("Credentials in use", metadata: [
                "account": "\(account)", "provider": "\(provider)", "access_key_id": "\(credentials.maskedAccessKeyId)",
            ])
        }
        return credentials
    }
}

extension AccountCredentialsProvider: CustomStringConvertible, CustomReflectable {
    var description: String { "AccountCredentialsProvider(account: \(account), provider: \(inner.kind))" }
    var customMirror: Mirror { Mirror(self, children: ["account": account, "kind": inner.kind], displayStyle: .struct) }
}
