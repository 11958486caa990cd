import NIOConcurrencyHelpers

/// The provider a profile names, built at the first call that finds the
/// profile and kept from then on (a refreshing inner provider must live as
/// long as its cache). A failed build is not kept: the file may appear later.
final class ResolvedProvider: Sendable {
    private let resolved = NIOLockedValueBox<(any CredentialsProvider)?>(nil)

    func get(_ build: () throws(APIError) -> any CredentialsProvider) throws(APIError) -> any CredentialsProvider {
        if let provider = resolved.withLockedValue({ $0 }) { return provider }
        let provider = try build()
        return resolved.withLockedValue { current in
            if let current { return current }
            current = provider
            return provider
        }
    }

    /// The resolved provider's credentials, named `kind/inner` (`cli_profile/ram_role_arn`).
    func credentials(kind: String, build: () throws(APIError) -> any CredentialsProvider) async throws -> Credentials {
        let inner = try get(build)
        do {
            var credentials = try await inner.credentials()
            credentials.providerName = "\(kind)/\(credentials.providerName ?? inner.kind)"
            return credentials
        } catch {
            throw APIError.credentialsUnavailable(kind, error)
        }
    }
}
