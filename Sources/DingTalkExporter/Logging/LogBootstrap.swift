import Logging

/// Sets up swift-log for the whole process from `--log.format` and `--log.level`.
public enum LogBootstrap {
    /// Every `Logger` made afterwards writes `format` lines to stderr at
    /// `level` and above. swift-log allows this once per process: call it
    /// from `main` only, never from tests (they build handlers directly).
    public static func bootstrap(format: LogFormat, level: Logger.Level) {
        LoggingSystem.bootstrap { label in format.makeHandler(label: label, level: level) }
    }
}
