import SESDomain
import SigV4

/// What the SES-facing product is configured with, beyond the HTTP limits.
public struct EmulatorSettings: Sendable {
    public var version: String
    public var zeroFill = false
    /// AWS's limit on one query's range.
    public var maxRangeDays = 60
    public var wildcards = WildcardPolicy.all
    /// Body limit of the SES API route.
    public var sesBodyLimit = 1024 * 1024
    /// Body limit of `POST /_emulator/events`.
    public var eventsBodyLimit = 64 * 1024 * 1024
    /// nil turns the quotas off.
    public var rateLimit: RateLimit? = .aws
    public var controlAPI = true
    public var requestLogSize = 1000
    /// What BatchGetMetricData's remembered answers may hold in all, in bytes (0: none kept).
    public var answerCacheBytes = 8 << 20
    /// `.sigv4`: every SES request must be signed by one of `credentials`' keys, checked first.
    public var auth: AuthMode = .none
    public var credentials = SigV4Credentials()
    /// Virtual Deliverability Manager for an account whose settings the database does not hold yet.
    public var vdmEnabled = true
    /// GetAccount's `SendQuota`.
    public var max24HourSend = 50_000
    public var maxSendRate = 14
    /// Where export files go; nil: beside the database (`<database>-exports`), or a temporary folder.
    public var exportsDirectory: String?
    /// Seconds an export job stays PROCESSING before it runs (0: none), so polling and cancelling can be tested.
    public var exportDelay = 0.0
    /// Where CreateImportJob's files are (`s3://<bucket>/<key>` is `<folder>/<bucket>/<key>`); nil: none.
    public var importsDirectory: String?
    /// The dedicated IP inventory at start.
    public var dedicatedIps: [String] = []

    public init(version: String) {
        self.version = version
    }
}
