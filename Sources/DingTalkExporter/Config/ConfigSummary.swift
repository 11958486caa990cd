/// The redacted summary `--config.check` prints: one line per account with
/// its name, endpoint, signature, credential kind and interval. Never a
/// secret: credential sources only show their kind.
public enum ConfigSummary {
    public static func lines(_ loaded: LoadedConfig, shard: ConfigShard?, selected: [AccountConfig]) -> [String] {
        let source = loaded.file.map { "config file \($0)" } ?? "command-line flags (no --config.file)"
        var header = "\(source): OK, \(loaded.accounts.count) account\(loaded.accounts.count == 1 ? "" : "s")"
        if let shard { header += "; shard \(shard) polls \(selected.count) of them" }
        return [header] + selected.map { account in
            "account \(account.name): endpoint \(account.endpoint), signature \(account.signatureVersion.rawValue), "
                + "credentials \(account.credentials.kind), interval \(DurationParser.format(account.pollInterval))"
        }
    }
}
