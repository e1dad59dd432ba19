/// SESv2 operation names for the paths a client may call, for logs and "not emulated" errors.
enum Operation {
    static let batchGetMetricData = "BatchGetMetricData"
    static let batchPath = "/v2/email/metrics/batch"
    static let sesPrefix = "/v2/email/"

    private static let known: [String: [String: String]] = [
        "/v2/email/identities": ["GET": "ListEmailIdentities", "POST": "CreateEmailIdentity"],
        "/v2/email/outbound-emails": ["POST": "SendEmail"],
        "/v2/email/outbound-bulk-emails": ["POST": "SendBulkEmail"],
        "/v2/email/account": ["GET": "GetAccount"],
        "/v2/email/configuration-sets": ["GET": "ListConfigurationSets", "POST": "CreateConfigurationSet"],
        "/v2/email/metrics/export": ["POST": "CreateExportJob"],
        "/v2/email/deliverability-dashboard": ["GET": "GetDeliverabilityDashboardOptions", "PUT": "PutDeliverabilityDashboardOption"],
        "/v2/email/suppression/addresses": ["GET": "ListSuppressedDestinations", "PUT": "PutSuppressedDestination"],
    ]

    /// The operation's name, or nil for paths outside the SESv2 API.
    static func name(method: String, path: String) -> String? {
        if path == batchPath { return batchGetMetricData }
        guard path.hasPrefix(sesPrefix) else { return nil }
        return known[path]?[method] ?? "\(method) \(path)"
    }
}
