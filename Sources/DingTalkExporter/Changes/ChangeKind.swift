/// The ten kinds of change event of DESIGN section 9; the raw value is the
/// `change` label of `aliyun_sas_dingtalk_notification_changes_total` and
/// the `change` field of `/api/v1/changes`.
public enum ChangeKind: String, Sendable, CaseIterable, Hashable {
    case created
    case deleted
    case enabled
    case disabled
    case renamed
    case languageChanged = "language_changed"
    case intervalChanged = "interval_changed"
    case groupsChanged = "groups_changed"
    case alertTypesChanged = "alert_types_changed"
    case webhookChanged = "webhook_changed"
}
