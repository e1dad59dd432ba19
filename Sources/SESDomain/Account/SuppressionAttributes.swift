import SESWire

/// The account-level suppression list settings (`SuppressionAttributes`).
package struct SuppressionAttributes: Sendable, Equatable {
    /// `SuppressionValidationAttributes.ConditionThreshold`.
    package struct ConditionThreshold: Sendable, Equatable {
        package var enabled: String
        package var confidenceVerdictThreshold: String?

        package init(enabled: String, confidenceVerdictThreshold: String? = nil) {
            self.enabled = enabled
            self.confidenceVerdictThreshold = confidenceVerdictThreshold
        }
    }

    package var suppressedReasons: [String]
    package var validation: ConditionThreshold?

    /// What a request asks for: the members it leaves out keep their values.
    package struct Change: Sendable, Equatable {
        package var suppressedReasons: [String]?
        package var validation: ConditionThreshold?

        package init(suppressedReasons: [String]? = nil, validation: ConditionThreshold? = nil) {
            self.suppressedReasons = suppressedReasons
            self.validation = validation
        }
    }

    package func applying(_ change: Change) -> SuppressionAttributes {
        SuppressionAttributes(suppressedReasons: change.suppressedReasons ?? suppressedReasons,
                              validation: change.validation ?? validation)
    }

    /// Reads `SuppressedReasons` and `ValidationAttributes` of `body` against the model (`path`:
    /// the Coral path of `body`, empty for a request's top level); nil when a constraint failed.
    package static func read(_ body: RequestBody, at path: String, into v: inout ValidationViolations) throws(AWSError) -> Change? {
        let prefix = path.isEmpty ? "" : path + "."
        let before = v.items.count
        let reasons = try body.strings("SuppressedReasons")
        if let reasons, reasons.contains(where: { !ModelEnums.suppressionListReason.contains($0) }) {
            v.add(at: prefix + "suppressedReasons",
                  "Member must satisfy constraint: [Member must satisfy enum value set: [\(ModelEnums.suppressionListReason.joined(separator: ", "))]]")
        }
        var validation: ConditionThreshold?
        if let attributes = try body.object("ValidationAttributes") {
            let at = prefix + "validationAttributes.conditionThreshold"
            if let threshold = try attributes.object("ConditionThreshold") {
                let enabled = try threshold.string("ConditionThresholdEnabled")
                let overall = try threshold.object("OverallConfidenceThreshold")
                let verdict = try overall?.string("ConfidenceVerdictThreshold")
                v.required(enabled, at: at + ".conditionThresholdEnabled")
                v.enumValue(enabled, at: at + ".conditionThresholdEnabled", ModelEnums.featureStatus)
                if overall != nil { v.required(verdict, at: at + ".overallConfidenceThreshold.confidenceVerdictThreshold") }
                v.enumValue(verdict, at: at + ".overallConfidenceThreshold.confidenceVerdictThreshold",
                            ModelEnums.confidenceVerdictThreshold)
                if let enabled { validation = ConditionThreshold(enabled: enabled, confidenceVerdictThreshold: verdict) }
            } else {
                v.required(nil, at: at)
            }
        }
        guard v.items.count == before else { return nil }
        return Change(suppressedReasons: reasons, validation: validation)
    }

    package var fragment: JSONFragment {
        var members: [(String, JSONFragment)] = [("SuppressedReasons", .array(suppressedReasons.map { .string($0) }))]
        if let validation {
            var threshold: [(String, JSONFragment)] = [("ConditionThresholdEnabled", .string(validation.enabled))]
            if let verdict = validation.confidenceVerdictThreshold {
                threshold.append(("OverallConfidenceThreshold", .object([("ConfidenceVerdictThreshold", .string(verdict))])))
            }
            members.append(("ValidationAttributes", .object([("ConditionThreshold", .object(threshold))])))
        }
        return .object(members)
    }
}
