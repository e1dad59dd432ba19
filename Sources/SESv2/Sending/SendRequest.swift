import JSON
import MetricsStore

/// The members SendEmail and SendBulkEmail share, read and checked the same way for both.
enum SendRequest {
    /// A `Destination` member's three lists, each address well-formed.
    static func destination(_ body: RequestBody?) throws(AWSError) -> (to: [String], cc: [String], bcc: [String]) {
        guard let body else { return ([], [], []) }
        let lists = (try body.strings("ToAddresses") ?? [], try body.strings("CcAddresses") ?? [], try body.strings("BccAddresses") ?? [])
        for address in lists.0 + lists.1 + lists.2 { _ = try Self.address(address) }
        return lists
    }

    static func address(_ text: String) throws(AWSError) -> EmailAddress {
        guard let address = EmailAddress(text) else { throw .badRequest("Illegal address: \(text)") }
        return address
    }

    /// A `Template` member: by name (or ARN, whose last part is the name) or inline content.
    static func template(_ body: RequestBody, dataMember: String) throws(AWSError) -> TemplateReference {
        var name = try body.string("TemplateName")
        if name == nil, let arn = try body.string("TemplateArn") {
            name = arn.split(separator: "/").last.map(String.init) ?? arn
        }
        let inline = try body.object("TemplateContent").map { (content) throws(AWSError) in try TemplateContent.read(content) }
        guard name != nil || inline != nil else {
            throw .badRequest("The template must be named (TemplateName or TemplateArn) or given inline (TemplateContent).")
        }
        let dataText = try body.string("TemplateData")
        return TemplateReference(name: name, inline: inline, data: try TemplateReference.parseData(dataText, member: dataMember),
                                 dataText: dataText ?? "{}")
    }

    /// The options of a send request whose sender is `from`.
    static func options(_ body: RequestBody, from: EmailAddress) throws(AWSError) -> SendOptions {
        SendOptions(from: from, configurationSetName: try body.string("ConfigurationSetName"), tenant: try tenant(body))
    }

    /// `TenantName`, in the form SES gives tenant names.
    private static func tenant(_ body: RequestBody) throws(AWSError) -> String? {
        guard let name = try body.string("TenantName") else { return nil }
        guard !name.isEmpty else { throw .badRequest("TenantName cannot be empty") }
        guard DimensionFilter.isWellFormedName(name) else {
            throw .badRequest("Invalid tenant name \(name): only alphanumeric ASCII characters, '_', and '-' are allowed.")
        }
        return name
    }

    /// The caller's region (the signature's scope), us-east-1 for an unsigned request.
    static func region(_ exchange: SESExchange) -> String { exchange.scope?.region ?? "us-east-1" }
}
