import AWSModel

/// The enum value sets of the SESv2 model that the emulator's own readers check (the control
/// API, the account operations' rules beyond the model), in the model's order, as AWS lists them
/// in its validation messages.
package enum ModelEnums {
    package static let featureStatus = values("FeatureStatus")
    package static let mailType = values("MailType")
    package static let contactLanguage = values("ContactLanguage")
    package static let suppressionListReason = values("SuppressionListReason")
    package static let confidenceVerdictThreshold = values("SuppressionConfidenceVerdictThreshold")
    package static let recommendationType = values("RecommendationType")
    package static let recommendationStatus = values("RecommendationStatus")
    package static let recommendationImpact = values("RecommendationImpact")

    private static func values(_ shape: String) -> [String] {
        guard let values = ServiceModel.sesv2.shape(shape)?.enumValues else { preconditionFailure("\(shape) is not an enum of the sesv2 model") }
        return values
    }
}
