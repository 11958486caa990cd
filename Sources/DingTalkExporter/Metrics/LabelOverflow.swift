/// What one poll's rendering dropped over the caps of `LabelLimits` and
/// `--collector.max-notifications`, for
/// `aliyun_sas_dingtalk_label_overflow_total` and the poll's log line.
public struct LabelOverflow: Sendable, Equatable {
    /// Distinct language values folded into `Other`.
    public var language = 0
    /// Distinct alert type values folded into `Other`.
    public var type = 0
    /// Notifications past the cap, left without per-notification series.
    public var notification = 0

    public init(language: Int = 0, type: Int = 0, notification: Int = 0) {
        self.language = language
        self.type = type
        self.notification = notification
    }

    public var isEmpty: Bool { language == 0 && type == 0 && notification == 0 }
}
