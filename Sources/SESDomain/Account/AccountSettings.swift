import SESWire

/// Everything the account's API calls can change. Stored as the members GetAccount shows, so the
/// stored text reads like the answer and is read back by the operations' own readers.
package struct AccountSettings: Sendable, Equatable {
    package var sendingEnabled = true
    package var productionAccessEnabled = true
    package var vdm = VdmAttributes(vdmEnabled: "ENABLED", engagementMetrics: "ENABLED", optimizedSharedDelivery: "DISABLED")
    package var suppression = SuppressionAttributes(suppressedReasons: ["BOUNCE", "COMPLAINT"], validation: nil)
    /// nil until PutAccountDetails: AWS omits `Details` before.
    package var details: AccountDetails?
    package var dedicatedIpAutoWarmupEnabled = false
    /// PutAccountDeliveryAttributes' `SharedPoolDeliveryMode`; nil before.
    package var sharedPoolDeliveryMode: String?
    /// The pricing plan, and the one PutAccountPricingAttributes scheduled for the next monthly cycle.
    package var currentPlan = "NONE"
    package var nextPlan: String?

    package init(vdmEnabled: Bool = true) {
        vdm.vdmEnabled = vdmEnabled ? "ENABLED" : "DISABLED"
    }

    package var isVdmEnabled: Bool { vdm.vdmEnabled == "ENABLED" }

    /// GetAccount's members that these settings decide.
    package var members: [(String, JSONFragment)] {
        var members: [(String, JSONFragment)] = [
            ("SendingEnabled", .bool(sendingEnabled)),
            ("ProductionAccessEnabled", .bool(productionAccessEnabled)),
            ("VdmAttributes", vdm.fragment),
            ("SuppressionAttributes", suppression.fragment),
        ]
        if let details { members.append(("Details", details.fragment)) }
        members.append(("DedicatedIpAutoWarmupEnabled", .bool(dedicatedIpAutoWarmupEnabled)))
        if let sharedPoolDeliveryMode {
            members.append(("DeliveryAttributes", .object([("SharedPoolDeliveryMode", .string(sharedPoolDeliveryMode))])))
        }
        members.append(("PricingAttributes", .object([("CurrentPlan", .string(currentPlan))] + (nextPlan.map { [("NextPlan", .string($0))] } ?? []))))
        return members
    }

    package var storedText: String { String(decoding: JSONFragment.object(members).bytes, as: UTF8.self) }

    /// Reads `storedText` back; anything it would not have written is an error.
    package init(storedText: String) throws(AccountSettingsError) {
        do {
            self = try Self.read(RequestBody.parse(Array(storedText.utf8)))
        } catch {
            throw AccountSettingsError(description: error.message)
        }
    }

    private static func read(_ body: RequestBody) throws(AWSError) -> AccountSettings {
        var v = ValidationViolations()
        let vdm = try VdmAttributes.read(body, at: "VdmAttributes", into: &v)
        let suppression = try body.object("SuppressionAttributes").flatMap { attributes throws(AWSError) in
            try SuppressionAttributes.read(attributes, at: "SuppressionAttributes", into: &v)
        }
        let details = try body.object("Details").map { details throws(AWSError) in
            try AccountDetails.read(details, at: "Details", caseId: try details.object("ReviewDetails")?.string("CaseId") ?? "", into: &v)
        }
        if let error = v.error { throw error }
        guard let sending = try body.bool("SendingEnabled"), let production = try body.bool("ProductionAccessEnabled"),
              let vdm, let suppression else { throw .badRequest("a member of the stored account settings is missing") }
        var settings = AccountSettings()
        settings.sendingEnabled = sending
        settings.productionAccessEnabled = production
        settings.vdm = settings.vdm.applying(vdm)
        settings.suppression = SuppressionAttributes(suppressedReasons: suppression.suppressedReasons ?? [],
                                                     validation: suppression.validation)
        settings.details = details ?? nil
        // Members later versions added: a file written before them reads with their defaults.
        settings.dedicatedIpAutoWarmupEnabled = try body.bool("DedicatedIpAutoWarmupEnabled") ?? false
        settings.sharedPoolDeliveryMode = try body.object("DeliveryAttributes")?.string("SharedPoolDeliveryMode")
        let pricing = try body.object("PricingAttributes")
        settings.currentPlan = try pricing?.string("CurrentPlan") ?? "NONE"
        settings.nextPlan = try pricing?.string("NextPlan")
        return settings
    }
}
