/// The enum value sets of the SESv2 model that the account operations check, in the model's order
/// (AWS lists them in that order in its validation messages).
enum ModelEnums {
    static let featureStatus = ["ENABLED", "DISABLED"]
    static let mailType = ["MARKETING", "TRANSACTIONAL"]
    static let contactLanguage = ["EN", "JA"]
    static let suppressionListReason = ["BOUNCE", "COMPLAINT"]
    static let confidenceVerdictThreshold = ["MEDIUM", "HIGH", "MANAGED"]
    static let reviewStatus = ["PENDING", "FAILED", "GRANTED", "DENIED"]
    static let recommendationType = ["DKIM", "DMARC", "SPF", "BIMI", "COMPLAINT", "BOUNCE", "FEEDBACK_3P", "IP_LISTING"]
    static let recommendationStatus = ["OPEN", "FIXED"]
    static let recommendationImpact = ["LOW", "HIGH"]
    static let recommendationFilterKey = ["TYPE", "IMPACT", "STATUS", "RESOURCE_ARN"]
}
