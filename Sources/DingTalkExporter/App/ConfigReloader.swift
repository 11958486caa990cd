import Foundation
import Logging

/// Reloads the configuration on SIGHUP or `POST /-/reload`, one reload at a
/// time. A reload first loads and validates everything (the config, then the
/// extra hooks such as the web config); only when all of it is valid does it
/// replace the running accounts. Otherwise the old config keeps running.
public final class ConfigReloader: Sendable {
    /// Reads the config again (file, flags, shard). Throws what the user must fix.
    public typealias Load = @Sendable () throws -> LoadedConfig
    /// Something else to reload with the config (the web config, at merge).
    /// Throwing refuses the whole reload.
    public typealias Hook = @Sendable () async throws -> Void

    private let load: Load
    private let hooks: [Hook]
    private let apply: @Sendable ([AccountConfig]) async -> Void
    private let metrics: ExporterMetrics
    private let serial = AsyncSemaphore(permits: 1)
    private let logger: Logger

    public init(
        load: @escaping Load, hooks: [Hook] = [], apply: @escaping @Sendable ([AccountConfig]) async -> Void,
        metrics: ExporterMetrics, logger: Logger
    ) {
        self.load = load
        self.hooks = hooks
        self.apply = apply
        self.metrics = metrics
        self.logger = logger
    }

    /// The reasons a reload was refused.
    public struct Refused: Error, Sendable, CustomStringConvertible {
        public var reason: String
        public var description: String { "config reload refused, the old config keeps running: \(reason)" }
    }

    /// Reloads; `trigger` ("SIGHUP", "HTTP") goes into the log lines.
    public func reload(trigger: String) async throws(Refused) {
        do {
            try await serial.acquire()
        } catch {
            throw Refused(reason: "cancelled while waiting for another reload")
        }
        defer { serial.release() }
        let loaded: LoadedConfig
        do {
            loaded = try load()
            for hook in hooks { try await hook() }
        } catch {
            metrics.configReloaded(success: false, at: Date())
            logger.error("config reload failed", metadata: ["trigger": "\(trigger)", "error": "\(error)"])
            throw Refused(reason: "\(error)")
        }
        for warning in loaded.warnings {
            logger.warning("config warning", metadata: ["warning": "\(warning)"])
        }
        await apply(loaded.accounts)
        metrics.configReloaded(success: true, at: Date())
        logger.info(
            "config reloaded",
            metadata: ["trigger": "\(trigger)", "accounts": "\(loaded.accounts.map(\.name).joined(separator: ","))"])
    }
}
