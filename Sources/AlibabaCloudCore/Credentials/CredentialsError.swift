extension APIError {
    /// The one code every credentials failure carries; `message` says which
    /// provider failed and why (an STS code such as `EntityNotExist.Role`
    /// stays in it), never a secret.
    static func credentialsUnavailable(_ message: String) -> APIError {
        APIError(code: Code.credentialsUnavailable, message: message)
    }

    /// Any error from a provider, as `CredentialsUnavailable` prefixed with where it happened.
    static func credentialsUnavailable(_ context: String, _ error: any Error) -> APIError {
        if let error = error as? APIError {
            let detail = error.code == Code.credentialsUnavailable ? error.message : "\(error.code): \(error.message)"
            return credentialsUnavailable("\(context): \(detail)")
        }
        return credentialsUnavailable("\(context): \(type(of: error))")
    }
}
