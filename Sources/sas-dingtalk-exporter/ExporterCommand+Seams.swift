import DingTalkExporter

/// Where other parts of the exporter plug into `--config.check` and reloads.
/// Empty here; the web config (`--web.config.file`) adds itself at merge.
extension ExporterCommand {
    /// More validation for `--config.check`: each returns a summary line
    /// (never a secret) or throws what to fix.
    func configChecks() -> [@Sendable () throws -> String] {
        []
    }

    /// More to reload on SIGHUP and `POST /-/reload`, validated before the
    /// accounts are replaced: one that throws refuses the whole reload.
    func reloadHooks() -> [ConfigReloader.Hook] {
        []
    }
}
