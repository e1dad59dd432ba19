import AWSModel
import SESDomain
import SESWire

/// SES v1 `DeleteTemplate`: a template that does not exist is no error, as at AWS.
package struct DeleteTemplate: ModelOperation {
    package static let name = "DeleteTemplate"
    package static let wire = ModelWire.ses

    package let templates: ResourceCollection

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let name = input["TemplateName"]?.string ?? ""
        if try templates.find(name) != nil { try templates.delete(name) }
        return .empty
    }

    package init(templates: ResourceCollection) { self.templates = templates }
}
