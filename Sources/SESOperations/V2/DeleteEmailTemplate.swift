import AWSModel
import SESDomain
import SESWire

/// `DELETE /v2/email/templates/{TemplateName}`.
package struct DeleteEmailTemplate: ModelOperation {
    package static let name = "DeleteEmailTemplate"

    package let templates: ResourceCollection

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        try templates.delete(input["TemplateName"]?.string ?? "")
        return .empty
    }

    package init(templates: ResourceCollection) {
        self.templates = templates
    }
}
