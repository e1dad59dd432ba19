import Testing
@testable import AWSModel

/// The generated models read as the service models botocore ships (the pinned release).
@Suite struct ServiceModelTests {
    @Test func sesv2_hasEveryOperationOfThePinnedModel_withItsBindings() throws {
        let model = ServiceModel.sesv2
        #expect(model.service == "sesv2" && model.wireProtocol == .restJSON && model.signingName == "ses")
        #expect(model.operations.count == 117)
        let batch = try #require(model.operation(named: "BatchGetMetricData"))
        #expect(batch.binding == HTTPBinding(method: "POST", requestURI: "/v2/email/metrics/batch"))
        #expect(batch.input == "BatchGetMetricDataRequest" && batch.errors.contains("NotFoundException"))
        let queries = try #require(model.shape("BatchGetMetricDataRequest")?.member(named: "Queries"))
        let list = try #require(model.shape(queries.shape))
        #expect(list.kind == .list && list.min == 1 && list.max == 10)
        #expect(model.shape("MetricDimensionName")?.enumValues?.contains("TENANT_NAME") == true)
        #expect(model.shape("BadRequestException")?.error?.httpStatusCode == 400)
        #expect(model.shape("NotFoundException")?.error?.httpStatusCode == 404)
    }

    @Test func movedOperations_keepTheOlderModelsRoutes() throws {
        let identities = try #require(ServiceModel.sesv2.operation(named: "ListEmailIdentities"))
        #expect(identities.binding == HTTPBinding(method: "POST", requestURI: "/v2/email/list-identities"))
        #expect(identities.olderBindings == [HTTPBinding(method: "GET", requestURI: "/v2/email/identities")])
        let sets = try #require(ServiceModel.sesv2.operation(named: "ListConfigurationSets"))
        #expect(sets.olderBindings == [HTTPBinding(method: "GET", requestURI: "/v2/email/configuration-sets")])
        #expect(ServiceModel.sesv2.operations.filter { !$0.olderBindings.isEmpty }.count == 2)
    }

    @Test func memberLocations_comeFromTheModel() throws {
        let model = ServiceModel.sesv2
        let get = try #require(model.shape("GetEmailIdentityRequest")?.member(named: "EmailIdentity"))
        #expect(get.location == .uri && get.wireName == "EmailIdentity")
        let suppressed = try #require(model.shape("ListSuppressedDestinationsRequest"))
        #expect(suppressed.member(named: "StartDate")?.location == .querystring)
        #expect(suppressed.member(named: "Reasons")?.wireName == "Reason")
        #expect(model.shape("GetEmailIdentityRequest")?.required == ["EmailIdentity"])
    }

    @Test func ses_isTheQueryProtocolModel_withItsActionsAndErrorCodes() throws {
        let model = ServiceModel.ses
        #expect(model.wireProtocol == .query && model.operations.count == 71)
        #expect(model.xmlNamespace == "http://ses.amazonaws.com/doc/2010-12-01/" && model.apiVersion == "2010-12-01")
        let send = try #require(model.operation(named: "SendEmail"))
        #expect(send.resultWrapper == "SendEmailResult" && send.errors.contains("MessageRejected"))
        let exists = try #require(model.shape("AlreadyExistsException")?.error)
        #expect(exists.code == "AlreadyExists" && exists.senderFault && exists.httpStatusCode == 400)
        #expect(model.shape("Destination")?.member(named: "ToAddresses") != nil)
    }

    @Test func theGeneratedSources_holdFactsOnly() {
        for source in [ServiceModelSource.sesv2, .ses] {
            for part in [source.service, source.operations, source.shapes] {
                #expect(!part.contains("\"documentation\"") && !part.contains("<p>"))
            }
        }
    }

    static let service = #"{"service":"x","botocore":"1","protocol":"query","apiVersion":"1","signingName":"x"}"#

    @Test(arguments: [
        (#"{"service":"x"}"#, "{}", "{}", "model.botocore: missing"),
        (#"{"service":"x","botocore":"1","protocol":"soap","apiVersion":"1","signingName":"x"}"#, "{}", "{}",
         "model.protocol: unknown protocol"),
        (service, #"{"A":{"input":"I"}}"#, "{}", "operations.A.http: missing"),
        (service, #"{"A":{"http":["POST","/"],"input":"Missing"}}"#, "{}", "operations.A names the missing shape Missing"),
        (service, "{}", #"{"S":{"type":"list","member":"T"}}"#, "shapes.S names the missing shape T"),
        (service, "{}", #"{"S":{"type":"tuple"}}"#, "shapes.S.type: unknown shape type"),
        (service, "{}", "{", "shapes: not JSON"),
    ])
    func aModelThatDoesNotRead_namesThePlace(_ service: String, _ operations: String, _ shapes: String, _ message: String) {
        do {
            let model = try ServiceModel(ServiceModelSource(service: service, operations: operations, shapes: shapes))
            _ = try model.loadShapes()
            Issue.record("read: \(message)")
        } catch {
            #expect(error.description.hasPrefix(message))
        }
    }
}
