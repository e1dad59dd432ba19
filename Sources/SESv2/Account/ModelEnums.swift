import AWSModel

/// The enum value sets of the SESv2 model that the emulator's own readers check (the control
/// API, the account operations' rules beyond the model), in the model's order, as AWS lists them
/// in its validation messages.
enum ModelEnums {
    static let featureStatus = values("FeatureStatus")
    static let mailType = values("MailType")
    static let contactLanguage = values("ContactLanguage")
    static let suppressionListReason = values("SuppressionListReason")
    static let confidenceVerdictThreshold = values("SuppressionConfidenceVerdictThreshold")
    static let recommendationType = values("RecommendationType")
    static let recommendationStatus = values("RecommendationStatus")
    static let recommendationImpact = values("RecommendationImpact")

    private static func values(_ shape: String) -> [String] {
        guard let values = ServiceModel.sesv2.shape(shape)?.enumValues else { preconditionFailure("\(shape) is not an enum of the sesv2 model") }
        return values
    }
}
