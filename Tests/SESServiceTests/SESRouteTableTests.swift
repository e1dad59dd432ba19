import AWSModel
@testable import SESDomain
@testable import SESOperations
@testable import SESService
@testable import SESWire
import Testing

@Suite struct SESRouteTableTests {
    struct Probe: SESOperation {
        static let name = "GetEmailIdentity"
        func decode(_ exchange: SESExchange) throws(AWSError) -> String { exchange.pathParameters["EmailIdentity"] ?? "" }
        func execute(_ input: String, _ exchange: SESExchange) throws(AWSError) -> OperationResult { OperationResult(body: Array(input.utf8)) }
    }

    let table = SESRouteTable(operations: [RegisteredOperation(Probe())])

    private func name(_ method: String, _ path: String) -> String? {
        table.match(method: method, path: path)?.operationName
    }

    @Test func pathTemplates_captureWholeSegments() {
        let template = PathTemplate("/v2/email/identities/{EmailIdentity}/policies/{PolicyName}")
        #expect(template.match(PathTemplate.split("/v2/email/identities/a@b.com/policies/p1")) == ["EmailIdentity": "a@b.com", "PolicyName": "p1"])
        #expect(template.match(PathTemplate.split("/v2/email/identities//policies/p1")) == nil, "an empty capture never fits")
        #expect(template.match(PathTemplate.split("/v2/email/identities/a/policies")) == nil)
        #expect(PathTemplate("/v2/email/insights/{MessageId}/").match(PathTemplate.split("/v2/email/insights/m1/")) == ["MessageId": "m1"])
    }

    @Test func anEmulatedOperation_isMatchedWithItsParameters() {
        guard case .operation(let op, let parameters)? = table.match(method: "GET", path: "/v2/email/identities/x@y.com") else {
            Issue.record("not matched"); return
        }
        #expect(op.name == "GetEmailIdentity")
        #expect(parameters == ["EmailIdentity": "x@y.com"])
    }

    @Test func everyRouteOfTheModel_isNamed_olderBindingsToo() {
        let model = ServiceModel.sesv2
        #expect(model.operations.count == 117)
        for operation in model.operations {
            for binding in operation.allBindings {
                let path = binding.requestURI.replacingParameters()
                #expect(name(binding.method, path) == operation.name, "\(binding.method) \(binding.requestURI)")
            }
        }
        #expect(name("GET", "/v2/email/identities") == "ListEmailIdentities")
        #expect(name("POST", "/v2/email/list-identities") == "ListEmailIdentities")
        #expect(name("POST", "/v2/email/identity/certificates") == "AssociateEmailIdentityCertificate")
    }

    @Test func literalSegments_winOverParameters() {
        #expect(name("POST", "/v2/email/import-jobs/list") == "ListImportJobs")
        #expect(name("GET", "/v2/email/import-jobs/j-1") == "GetImportJob")
        #expect(name("POST", "/v2/email/tenants/get") == "GetTenant")
    }

    @Test func aWrongMethod_is405_withTheMethodsOfThePath() {
        guard case .methodNotAllowed(_, let allowed)? = table.match(method: "PATCH", path: "/v2/email/identities/x") else {
            Issue.record("not 405"); return
        }
        #expect(allowed == ["DELETE", "GET", "HEAD"])
    }

    @Test func head_runsTheGetOperation_andOtherPathsAreNotOurs() {
        #expect(name("HEAD", "/v2/email/account") == "GetAccount")
        #expect(table.match(method: "GET", path: "/_emulator/health") == nil)
        #expect(name("GET", "/v2/email/nothing/here") == "GET /v2/email/nothing/here")
    }
}

extension String {
    /// `/a/{B}/c` → `/a/B-value/c`.
    func replacingParameters() -> String {
        split(separator: "/", omittingEmptySubsequences: false).map { part in
            part.hasPrefix("{") ? part.dropFirst().dropLast() + "-value" : part
        }.joined(separator: "/")
    }
}
