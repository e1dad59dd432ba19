import SESDomain
import SESWire

/// `DELETE /v2/email/custom-verification-email-templates/{TemplateName}`.
package struct DeleteCustomVerificationEmailTemplate: RemovalOperation {
    package static let name = "DeleteCustomVerificationEmailTemplate"
    package static let nameMember = "TemplateName"

    package let templates: ResourceCollection

    package init(templates: ResourceCollection) { self.templates = templates }

    package func remove(_ name: String) throws(AWSError) { try templates.delete(name) }
}
