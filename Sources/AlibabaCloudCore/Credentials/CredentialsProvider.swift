/// Supplies the credentials for one request. Implementations that hold
/// temporary credentials refresh them themselves; the client calls this once
/// per attempt, before signing, so a refresh never lands mid-signature.
///
/// Errors thrown here should be `APIError` with code `CredentialsUnavailable`.
public protocol CredentialsProvider: Sendable {
    func credentials() async throws -> Credentials
    /// A short human label for logs and `--config.check`, e.g. "static", "environment". Never a secret.
    var kind: String { get }
}
