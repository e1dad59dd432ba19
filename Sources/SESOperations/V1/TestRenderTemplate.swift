import AWSModel
import JSON
import SESDomain
import SESWire

/// SES v1 `TestRenderTemplate`: the MIME message SESv2's TestRenderEmailTemplate answers;
/// `TemplateData` that is not a JSON object, or a template that does not parse, is
/// `InvalidRenderingParameter`.
package struct TestRenderTemplate: ModelOperation {
    package static let name = "TestRenderTemplate"
    package static let wire = ModelWire.ses

    package let templates: ResourceCollection

    package func handle(_ input: ModelValue, _ exchange: SESExchange) throws(AWSError) -> ModelValue {
        let name = input["TemplateName"]?.string ?? ""
        _ = try V1Templates.template(name, in: templates)
        let v2 = ModelValue.structure(["TemplateName": .string(name), "TemplateData": input["TemplateData"] ?? .string("{}")])
        do {
            let rendered = try TestRenderEmailTemplate(templates: templates).handle(v2, exchange)
            return .structure(["RenderedTemplate": rendered["RenderedTemplate"] ?? .string("")])
        } catch .badRequest(let text) {
            throw V1Sending.refusal("InvalidRenderingParameter", text)
        }
    }

    package init(templates: ResourceCollection) { self.templates = templates }
}
