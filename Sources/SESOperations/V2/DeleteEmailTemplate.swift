import SESDomain
import SESWire

/// `DELETE /v2/email/templates/{TemplateName}`.
package struct DeleteEmailTemplate: RemovalOperation {
    package static let name = "DeleteEmailTemplate"
    package static let nameMember = "TemplateName"

    package let templates: ResourceCollection

    package init(templates: ResourceCollection) { self.templates = templates }

    package func remove(_ name: String) throws(AWSError) { try templates.delete(name) }
}
