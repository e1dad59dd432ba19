/// Everything the account's API calls can change. Stored as the members GetAccount shows, so the
/// stored text reads like the answer and is read back by the operations' own readers.
struct AccountSettings: Sendable, Equatable {
    var sendingEnabled = true
    var productionAccessEnabled = true
    var vdm = VdmAttributes(vdmEnabled: "ENABLED", engagementMetrics: "ENABLED", optimizedSharedDelivery: "DISABLED")
    var suppression = SuppressionAttributes(suppressedReasons: ["BOUNCE", "COMPLAINT"], validation: nil)
    /// nil until PutAccountDetails: AWS omits `Details` before.
    var details: AccountDetails?

    init(vdmEnabled: Bool = true) {
        vdm.vdmEnabled = vdmEnabled ? "ENABLED" : "DISABLED"
    }

    var isVdmEnabled: Bool { vdm.vdmEnabled == "ENABLED" }

    /// GetAccount's members that these settings decide.
    var members: [(String, JSONFragment)] {
        var members: [(String, JSONFragment)] = [
            ("SendingEnabled", .bool(sendingEnabled)),
            ("ProductionAccessEnabled", .bool(productionAccessEnabled)),
            ("VdmAttributes", vdm.fragment),
            ("SuppressionAttributes", suppression.fragment),
        ]
        if let details { members.append(("Details", details.fragment)) }
        return members
    }

    var storedText: String { String(decoding: JSONFragment.object(members).bytes, as: UTF8.self) }

    /// Reads `storedText` back; anything it would not have written is an error.
    init(storedText: String) throws(AccountSettingsError) {
        do {
            let body = try RequestBody.parse(Array(storedText.utf8))
            var v = ValidationViolations()
            guard let sending = try body.bool("SendingEnabled"), let production = try body.bool("ProductionAccessEnabled"),
                  let vdm = try VdmAttributes.read(body, at: "VdmAttributes", into: &v),
                  let suppressionBody = try body.object("SuppressionAttributes"),
                  let suppression = try SuppressionAttributes.read(suppressionBody, at: "SuppressionAttributes", into: &v)
            else { throw AccountSettingsError(description: v.error?.message ?? "a member is missing") }
            var details: AccountDetails?
            if let detailsBody = try body.object("Details") {
                let caseId = try detailsBody.object("ReviewDetails")?.string("CaseId") ?? ""
                details = try AccountDetails.read(detailsBody, at: "Details", caseId: caseId, into: &v)
                if details == nil { throw AccountSettingsError(description: v.error?.message ?? "invalid Details") }
            }
            self.init()
            self.sendingEnabled = sending
            self.productionAccessEnabled = production
            self.vdm = self.vdm.applying(vdm)
            self.suppression = SuppressionAttributes(suppressedReasons: suppression.suppressedReasons ?? [],
                                                     validation: suppression.validation)
            self.details = details
        } catch let error as AWSError {
            throw AccountSettingsError(description: error.message)
        } catch let error as AccountSettingsError {
            throw error
        } catch {
            throw AccountSettingsError(description: "\(error)")
        }
    }
}
