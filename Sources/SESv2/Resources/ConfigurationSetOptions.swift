import JSON
import MetricsStore

/// A configuration set's option members (TrackingOptions, DeliveryOptions, ...): checked against
/// the model where the emulator reads them or the model constrains them, and kept as sent.
enum ConfigurationSetOptions {
    static let members = ["TrackingOptions", "DeliveryOptions", "ReputationOptions", "SendingOptions",
                          "SuppressionOptions", "VdmOptions", "ArchivingOptions"]

    /// What GetConfigurationSet shows for options never set, as AWS fills them.
    static let defaults: [(String, JSONFragment)] = [
        ("DeliveryOptions", .object([("TlsPolicy", .string("OPTIONAL"))])),
        ("ReputationOptions", .object([("ReputationMetricsEnabled", .bool(false))])),
        ("SendingOptions", .object([("SendingEnabled", .bool(true))])),
    ]

    /// The name rule the observed service applies to configuration set names.
    static func checkName(_ name: String?, into v: inout ValidationViolations) throws(AWSError) -> String {
        v.required(name, at: "configurationSetName")
        if let error = v.error { throw error }
        let name = name!
        guard !name.isEmpty else { throw .badRequest("The configuration set name must be specified.") }
        guard DimensionFilter.isWellFormedName(name), name.count <= 64 else {
            throw .badRequest("Invalid configuration set name \(name): only alphanumeric ASCII characters, '_', and '-' are allowed (at most 64).")
        }
        return name
    }

    /// The option members of a CreateConfigurationSet body, defaults filled in, in the model's order.
    static func read(_ body: RequestBody, into v: inout ValidationViolations) throws(AWSError) -> [(String, JSONFragment)] {
        if let o = try body.object("TrackingOptions") {
            v.required(try o.string("CustomRedirectDomain"), at: "trackingOptions.customRedirectDomain")
            v.enumValue(try o.string("HttpsPolicy"), at: "trackingOptions.httpsPolicy", ["REQUIRE", "REQUIRE_OPEN_ONLY", "OPTIONAL"])
        }
        if let o = try body.object("DeliveryOptions") {
            v.enumValue(try o.string("TlsPolicy"), at: "deliveryOptions.tlsPolicy", ["REQUIRE", "OPTIONAL"])
            _ = try o.string("SendingPoolName")
            if let seconds = try o.int("MaxDeliverySeconds") {
                if seconds < 300 { v.add(at: "deliveryOptions.maxDeliverySeconds", "Member must have value greater than or equal to 300") }
                if seconds > 50400 { v.add(at: "deliveryOptions.maxDeliverySeconds", "Member must have value less than or equal to 50400") }
            }
        }
        if let o = try body.object("ReputationOptions") { _ = try o.bool("ReputationMetricsEnabled") }
        if let o = try body.object("SendingOptions") { _ = try o.bool("SendingEnabled") }
        if let o = try body.object("SuppressionOptions") {
            for (i, reason) in (try o.strings("SuppressedReasons") ?? []).enumerated() {
                v.enumValue(reason, at: "suppressionOptions.suppressedReasons.\(i + 1).member", ModelEnums.suppressionListReason)
            }
        }
        if let o = try body.object("VdmOptions") {
            v.enumValue(try o.object("DashboardOptions")?.string("EngagementMetrics"),
                        at: "vdmOptions.dashboardOptions.engagementMetrics", ModelEnums.featureStatus)
            v.enumValue(try o.object("GuardianOptions")?.string("OptimizedSharedDelivery"),
                        at: "vdmOptions.guardianOptions.optimizedSharedDelivery", ModelEnums.featureStatus)
        }
        if let o = try body.object("ArchivingOptions") { _ = try o.string("ArchiveArn") }
        var out: [(String, JSONFragment)] = []
        for member in members {
            if let given = try body.object(member) {
                out.append((member, .json(given.json)))
            } else if let fallback = defaults.first(where: { $0.0 == member }) {
                out.append(fallback)
            }
        }
        return out
    }
}
