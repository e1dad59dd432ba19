import SESWire

/// The account's Virtual Deliverability Manager settings (`VdmAttributes`).
package struct VdmAttributes: Sendable, Equatable {
    package var vdmEnabled: String
    package var engagementMetrics: String
    package var optimizedSharedDelivery: String

    /// What a `VdmAttributes` member asks for: the sub-attributes it leaves out keep their values.
    package struct Change: Sendable, Equatable {
        package var vdmEnabled: String
        package var engagementMetrics: String?
        package var optimizedSharedDelivery: String?

        package init(vdmEnabled: String, engagementMetrics: String? = nil, optimizedSharedDelivery: String? = nil) {
            self.vdmEnabled = vdmEnabled
            self.engagementMetrics = engagementMetrics
            self.optimizedSharedDelivery = optimizedSharedDelivery
        }
    }

    package func applying(_ change: Change) -> VdmAttributes {
        VdmAttributes(vdmEnabled: change.vdmEnabled,
                      engagementMetrics: change.engagementMetrics ?? engagementMetrics,
                      optimizedSharedDelivery: change.optimizedSharedDelivery ?? optimizedSharedDelivery)
    }

    /// Reads the member `VdmAttributes` of `body` against the model (`path`: its Coral path);
    /// nil when a constraint failed (recorded in `v`).
    package static func read(_ body: RequestBody, at path: String, into v: inout ValidationViolations) throws(AWSError) -> Change? {
        guard let attributes = try body.object("VdmAttributes") else {
            v.required(nil, at: path)
            return nil
        }
        let enabled = try attributes.string("VdmEnabled")
        let engagement = try attributes.object("DashboardAttributes")?.string("EngagementMetrics")
        let optimized = try attributes.object("GuardianAttributes")?.string("OptimizedSharedDelivery")
        let before = v.items.count
        v.required(enabled, at: path + ".vdmEnabled")
        v.enumValue(enabled, at: path + ".vdmEnabled", ModelEnums.featureStatus)
        v.enumValue(engagement, at: path + ".dashboardAttributes.engagementMetrics", ModelEnums.featureStatus)
        v.enumValue(optimized, at: path + ".guardianAttributes.optimizedSharedDelivery", ModelEnums.featureStatus)
        guard v.items.count == before, let enabled else { return nil }
        return Change(vdmEnabled: enabled, engagementMetrics: engagement, optimizedSharedDelivery: optimized)
    }

    package var fragment: JSONFragment {
        .object([("VdmEnabled", .string(vdmEnabled)),
                 ("DashboardAttributes", .object([("EngagementMetrics", .string(engagementMetrics))])),
                 ("GuardianAttributes", .object([("OptimizedSharedDelivery", .string(optimizedSharedDelivery))]))])
    }
}
