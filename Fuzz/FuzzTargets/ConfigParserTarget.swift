import AlibabaCloudCore
import DingTalkExporter
import Foundation

/// Any bytes as `--config.file`: the parser accepts with every setting in
/// its documented range or refuses with at least one positioned error; it
/// gives the same answer twice, and no accepted inline secret shows in the
/// config's description, dump() or the `--config.check` summary.
enum ConfigParserTarget {
    static let file = "fuzz.yml"

    static func run(_ input: [UInt8]) {
        let text = String(decoding: input, as: UTF8.self)
        let first = parse(text)
        precondition(first == parse(text), "the parser gave two answers for one text")
        switch first {
        case .failure(let error):
            precondition(!error.errors.isEmpty, "refused without an error")
            precondition(error.diagnostics.allSatisfy { $0.file == file && $0.line >= 0 && $0.column >= 0 })
        case .success(let loaded):
            check(loaded)
        }
    }

    private static func parse(_ text: String) -> Result<LoadedConfig, ConfigLoadError> {
        // A directory that does not exist: relative secret files resolve to nothing.
        Result { () throws(ConfigLoadError) in
            try ConfigFileLoader.parse(text: text, file: file, directory: "/nonexistent-fuzz", fileMode: 0o600)
        }
    }

    private static func check(_ loaded: LoadedConfig) {
        let names = loaded.accounts.map(\.name)
        precondition(!names.isEmpty && Set(names).count == names.count, "accounts missing or names not unique")
        for account in loaded.accounts {
            precondition(!account.name.isEmpty)
            precondition((1...1000).contains(account.pageSize), "page size out of range")
            precondition((0...10).contains(account.maxRetries), "max retries out of range")
            precondition(account.rateLimit.isFinite && account.rateLimit > 0, "rate limit not a positive number")
            precondition(account.pollInterval >= .seconds(1), "poll interval under 1s")
            precondition(account.requestTimeout > .zero, "request timeout not above 0")
        }
        if let max = loaded.maxNotifications { precondition(max >= 0) }
        // What is shown must not depend on the secrets: the same config with
        // every secret and token swapped for another of the same length
        // shows exactly the same text.
        var swapped = loaded
        swapped.accounts = loaded.accounts.map { account in
            var copy = account
            copy.credentials = swapSecrets(account.credentials)
            return copy
        }
        precondition(shown(loaded) == shown(swapped), "a secret shows in the config's description, dump() or summary")
    }

    private static func shown(_ loaded: LoadedConfig) -> String {
        var text = ""
        dump(loaded, to: &text)
        text += "\(loaded)" + String(reflecting: loaded)
        return text + ConfigSummary.lines(loaded, shard: nil, selected: loaded.accounts).joined(separator: "\n")
    }

    private static func swapSecrets(_ source: CredentialsSource) -> CredentialsSource {
        switch source {
        case .fixed(var credentials):
            credentials.accessKeySecret = other(credentials.accessKeySecret)
            credentials.securityToken = credentials.securityToken.map(other)
            return .fixed(credentials)
        case .ramRoleArn(let spec, let base):
            return .ramRoleArn(spec, base: swapSecrets(base))
        default:
            return source
        }
    }

    /// A different string of the same length.
    private static func other(_ secret: String) -> String {
        String(secret.map { $0 == "#" ? "%" : "#" })
    }
}
