import AWSModel
import JSON
import MetricsStore
import SESWire

/// The members SendEmail and SendBulkEmail share, read and checked the same way for both.
package enum SendRequest {
    /// A `Destination` member's three lists, each address well-formed.
    package static func destination(_ value: ModelValue?) throws(AWSError) -> (to: [String], cc: [String], bcc: [String]) {
        let lists = (strings(value?["ToAddresses"]), strings(value?["CcAddresses"]), strings(value?["BccAddresses"]))
        for address in lists.0 + lists.1 + lists.2 { _ = try Self.address(address) }
        return lists
    }

    package static func address(_ text: String) throws(AWSError) -> EmailAddress {
        guard let address = EmailAddress(text) else { throw .badRequest("Illegal address: \(text)") }
        return address
    }

    /// A `Template` member: by name (or ARN, whose last part is the name) or inline content.
    package static func template(_ value: ModelValue, dataMember: String) throws(AWSError) -> TemplateReference {
        var name = value["TemplateName"]?.string
        if name == nil, let arn = value["TemplateArn"]?.string {
            name = arn.split(separator: "/").last.map(String.init) ?? arn
        }
        let inline = value["TemplateContent"].map { TemplateContent($0) }
        guard name != nil || inline != nil else {
            throw .badRequest("The template must be named (TemplateName or TemplateArn) or given inline (TemplateContent).")
        }
        let dataText = value["TemplateData"]?.string
        return TemplateReference(name: name, inline: inline, data: try TemplateReference.parseData(dataText, member: dataMember),
                                 dataText: dataText ?? "{}")
    }

    /// The options of a send request whose sender is `from`.
    package static func options(_ value: ModelValue, from: EmailAddress) throws(AWSError) -> SendOptions {
        var options = SendOptions(from: from, configurationSetName: value["ConfigurationSetName"]?.string,
                                  tenant: try tenant(value["TenantName"]?.string))
        if let list = value["ListManagementOptions"]?["ContactListName"]?.string {
            options.listManagement = (list, value["ListManagementOptions"]?["TopicName"]?.string)
        }
        return options
    }

    /// `TenantName`, in the form SES gives tenant names.
    private static func tenant(_ name: String?) throws(AWSError) -> String? {
        guard let name else { return nil }
        guard !name.isEmpty else { throw .badRequest("TenantName cannot be empty") }
        guard DimensionFilter.isWellFormedName(name) else {
            throw .badRequest("Invalid tenant name \(name): only alphanumeric ASCII characters, '_', and '-' are allowed.")
        }
        return name
    }

    private static func strings(_ value: ModelValue?) -> [String] { value?.list?.compactMap(\.string) ?? [] }

    /// The caller's region (the signature's scope), us-east-1 for an unsigned request.
    package static func region(_ exchange: SESExchange) -> String { exchange.scope?.region ?? "us-east-1" }
}
