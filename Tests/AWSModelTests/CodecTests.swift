import Testing
@testable import AWSModel

/// The restJson1 and Query protocol codecs and the validator, on the real SESv2 and SES v1 models.
@Suite struct CodecTests {
    static let v2 = ServiceModel.sesv2
    static let v1 = ServiceModel.ses

    static func shape(_ model: ServiceModel, _ name: String) throws -> Shape { try #require(model.shape(name)) }

    static func restJSON(_ body: String, as name: String, path: [String: String] = [:],
                         query: [(name: String, value: String)] = []) throws -> ModelValue {
        try RestJSONDecoder(model: v2).decode(.init(pathParameters: path, query: query, body: Array(body.utf8)),
                                              as: try shape(v2, name))
    }

    // MARK: restJson1 decoding

    @Test func restJSON_readsEachMemberFromItsBinding() throws {
        let created = try Self.restJSON(#"{"EmailIdentity":"a.test","Tags":[{"Key":"k","Value":"v"}],"Unknown":1,"ConfigurationSetName":null}"#,
                                        as: "CreateEmailIdentityRequest")
        #expect(created["EmailIdentity"]?.string == "a.test")
        #expect(created["Tags"]?.list?.first?["Key"]?.string == "k")
        #expect(created["ConfigurationSetName"] == nil, "null is absent")
        #expect(created.structure?.count == 2, "unknown members are ignored")

        let got = try Self.restJSON("", as: "GetEmailIdentityRequest", path: ["EmailIdentity": "x@y.test"])
        #expect(got == .structure(["EmailIdentity": .string("x@y.test")]))

        let listed = try Self.restJSON("", as: "ListSuppressedDestinationsRequest",
                                       query: [("Reason", "BOUNCE"), ("Reason", "COMPLAINT"), ("StartDate", "2026-11-01T00:00:00Z"),
                                               ("EndDate", "1767225600"), ("PageSize", "20")])
        #expect(listed["Reasons"] == .list([.string("BOUNCE"), .string("COMPLAINT")]))
        #expect(listed["StartDate"] == .timestamp(1_793_491_200))
        #expect(listed["EndDate"] == .timestamp(1_767_225_600))
        #expect(listed["PageSize"] == .integer(20))

        let batch = try Self.restJSON(#"{"Queries":[{"Id":"q","StartDate":1730419200.5,"Dimensions":{"ISP":"Gmail"}}]}"#,
                                      as: "BatchGetMetricDataRequest")
        let query = try #require(batch["Queries"]?.list?.first)
        #expect(query["StartDate"] == .timestamp(1_730_419_200.5))
        #expect(query["Dimensions"] == .map([.init("ISP", .string("Gmail"))]))
    }

    @Test(arguments: [
        (#"{"Queries":[{"Id":1}]}"#, "BatchGetMetricDataRequest", "Invalid type for Queries[0].Id: expected a string, got number"),
        (#"{"Queries":{}}"#, "BatchGetMetricDataRequest", "Invalid type for Queries: expected a list, got object"),
        (#"{"Queries":[{"Dimensions":{"ISP":["a"]}}]}"#, "BatchGetMetricDataRequest",
         "Invalid type for Queries[0].Dimensions.ISP: expected a string, got array"),
        (#"{"Queries":[{"StartDate":"yesterday"}]}"#, "BatchGetMetricDataRequest", "Invalid type for Queries[0].StartDate: expected a timestamp, got string"),
        (#"{"SendingEnabled":"yes"}"#, "PutAccountSendingAttributesRequest", "Invalid type for SendingEnabled: expected a boolean, got string"),
        (#"{"PageSize":1.5}"#, "ListEmailIdentitiesRequest", "Invalid type for PageSize: expected an integer, got number"),
        (#"{"Content":{"Raw":{"Data":"not base64!"}}}"#, "SendEmailRequest", "Content.Raw.Data: the blob is not valid base64."),
        ("[1]", "SendEmailRequest", "Invalid request body: expected a JSON object, got array"),
        ("{", "SendEmailRequest", "Invalid JSON in request body"),
    ])
    func restJSON_wrongTypes_nameTheMember(_ body: String, _ shape: String, _ message: String) throws {
        #expect(throws: WireError.self) { try Self.restJSON(body, as: shape) }
        do { _ = try Self.restJSON(body, as: shape) } catch let error as WireError {
            #expect(error.message.hasPrefix(message), "\(error.message)")
        }
    }

    @Test func restJSON_queryAndURIValues_areReadAsTheirShape() throws {
        #expect(throws: WireError.serialization(at: "PageSize", expected: "an integer", got: "'x'")) {
            try Self.restJSON("", as: "ListSuppressedDestinationsRequest", query: [("PageSize", "x")])
        }
        #expect(throws: WireError.serialization(at: "StartDate", expected: "a timestamp", got: "'soon'")) {
            try Self.restJSON("", as: "ListSuppressedDestinationsRequest", query: [("StartDate", "soon")])
        }
    }

    // MARK: validation

    static func violations(_ body: String, as name: String, path: [String: String] = [:]) throws -> [String] {
        let shape = try shape(v2, name)
        return ModelValidator(model: v2).violations(of: try restJSON(body, as: name, path: path), as: shape)
    }

    @Test func validation_speaksAWSsMessages_withAWSsPaths() throws {
        #expect(try Self.violations("{}", as: "BatchGetMetricDataRequest")
            == ["Value at 'queries' failed to satisfy constraint: Member must not be null"])
        #expect(try Self.violations(#"{"Queries":[]}"#, as: "BatchGetMetricDataRequest")
            == ["Value at 'queries' failed to satisfy constraint: Member must have length greater than or equal to 1"])
        let query = #"{"Id":"q","Namespace":"VDM","Metric":"SEND","StartDate":0,"EndDate":86400}"#
        let eleven = "[" + Array(repeating: query, count: 11).joined(separator: ",") + "]"
        #expect(try Self.violations(#"{"Queries":\#(eleven)}"#, as: "BatchGetMetricDataRequest")
            == ["Value at 'queries' failed to satisfy constraint: Member must have length less than or equal to 10"])
        let bad = try Self.violations(#"{"Queries":[\#(query),{"Id":"","Namespace":"X","Metric":"SEND","StartDate":0}]}"#,
                                      as: "BatchGetMetricDataRequest")
        #expect(bad.contains("Value at 'queries.2.member.id' failed to satisfy constraint: Member must have length greater than or equal to 1"))
        #expect(bad.contains("Value at 'queries.2.member.namespace' failed to satisfy constraint: Member must satisfy enum value set: [VDM]"))
        #expect(bad.contains("Value at 'queries.2.member.endDate' failed to satisfy constraint: Member must not be null"))
        #expect(bad.count == 3)

        let nested = try Self.violations(#"{"ConfigurationSetName":"x","VdmOptions":{"DashboardOptions":{"EngagementMetrics":"MAYBE"}}}"#,
                                         as: "CreateConfigurationSetRequest")
        #expect(nested == ["Value at 'vdmOptions.dashboardOptions.engagementMetrics' failed to satisfy constraint: "
            + "Member must satisfy enum value set: [ENABLED, DISABLED]"])
        let filter = try Self.violations(#"{"Filter":{"NAME":"x","IDENTITY_TYPE":""}}"#, as: "ListEmailIdentitiesRequest")
        #expect(filter == [
            "Value at 'filter' failed to satisfy constraint: Map keys must satisfy constraint: "
                + "[Member must satisfy enum value set: [IDENTITY_NAME_CONTAINS, IDENTITY_TYPE, VERIFICATION_STATUS]]",
            "Value at 'filter' failed to satisfy constraint: Map values must satisfy constraint: [Member must have length greater than or equal to 1]",
        ])
        let error = WireError.validation(filter)
        #expect(error.message.hasPrefix("2 validation errors detected: Value at 'filter'"))
        #expect(try Self.violations("{}", as: "GetEmailIdentityRequest") == [
            "Value at 'emailIdentity' failed to satisfy constraint: Member must not be null"])
        #expect(try Self.violations("{}", as: "GetEmailIdentityRequest", path: ["EmailIdentity": "a.test"]).isEmpty)
    }

    @Test func validation_reportsScalarListElementsAtTheList() throws {
        let found = try Self.violations(#"{"SuppressedReasons":["BOUNCE","SPAM","JUNK"]}"#, as: "PutAccountSuppressionAttributesRequest")
        #expect(found == ["Value at 'suppressedReasons' failed to satisfy constraint: Member must satisfy constraint: "
            + "[Member must satisfy enum value set: [BOUNCE, COMPLAINT]]"])
    }

    @Test func validation_namesEveryConstraintOfACollectionsElements() throws {
        // A map of lists: the list's length is the values' constraint, named in full.
        let export = #"{"ExportDataSource":{"MetricsDataSource":{"Dimensions":{"ISP":[]},"Namespace":"VDM","#
            + #""Metrics":[{"Name":"SEND","Aggregation":"VOLUME"}],"StartDate":0,"EndDate":86400}},"ExportDestination":{"DataFormat":"CSV"}}"#
        #expect(try Self.violations(export, as: "CreateExportJobRequest") == [
            "Value at 'exportDataSource.metricsDataSource.dimensions' failed to satisfy constraint: Map values must satisfy constraint: "
                + "[Member must have length greater than or equal to 1, Member must have length less than or equal to 10]"])
        // A list of scalars nested in a structure answers at the list, once for all its elements.
        let set = #"{"ConfigurationSetName":"c","SuppressionOptions":{"SuppressedReasons":["SPAM","JUNK"]}}"#
        #expect(try Self.violations(set, as: "CreateConfigurationSetRequest") == [
            "Value at 'suppressionOptions.suppressedReasons' failed to satisfy constraint: Member must satisfy constraint: "
                + "[Member must satisfy enum value set: [BOUNCE, COMPLAINT]]"])
    }

    @Test func validation_checksNumberRanges() throws {
        let shape = try Self.shape(Self.v2, "PutConfigurationSetDeliveryOptionsRequest")
        let validator = ModelValidator(model: Self.v2)
        for (seconds, constraint) in [(299, "greater than or equal to 300"), (50401, "less than or equal to 50400")] {
            let value = ModelValue.structure(["ConfigurationSetName": .string("c"), "MaxDeliverySeconds": .integer(Int64(seconds))])
            #expect(validator.violations(of: value, as: shape)
                == ["Value at 'maxDeliverySeconds' failed to satisfy constraint: Member must have value \(constraint)"])
        }
        let fine = ModelValue.structure(["ConfigurationSetName": .string("c"), "MaxDeliverySeconds": .integer(300)])
        #expect(validator.violations(of: fine, as: shape).isEmpty)
    }

    // MARK: restJson1 encoding

    @Test func restJSON_writesMembersInModelOrder_andTimestampsAsNumbers() throws {
        let list = ModelValue.structure([
            "NextToken": .string("t"),
            "EmailIdentities": .list([.structure(["IdentityName": .string("a.test"), "IdentityType": .string("DOMAIN"),
                                                  "SendingEnabled": .boolean(true)])]),
        ])
        let json = RestJSONEncoder(model: Self.v2).encode(list, as: try Self.shape(Self.v2, "ListEmailIdentitiesResponse"))
        #expect(String(decoding: json, as: UTF8.self)
            == #"{"EmailIdentities":[{"IdentityType":"DOMAIN","IdentityName":"a.test","SendingEnabled":true}],"NextToken":"t"}"#)
        let result = ModelValue.structure(["Results": .list([.structure(["Id": .string("q"), "Timestamps": .list([.timestamp(1_730_419_200)]),
                                                                         "Values": .list([.integer(3)])])]),
                                           "Errors": .list([])])
        let batch = RestJSONEncoder(model: Self.v2).encode(result, as: try Self.shape(Self.v2, "BatchGetMetricDataResponse"))
        #expect(String(decoding: batch, as: UTF8.self) == #"{"Results":[{"Id":"q","Timestamps":[1730419200],"Values":[3]}],"Errors":[]}"#)
        #expect(RestJSONEncoder.number(1.5) == "1.5" && RestJSONEncoder.number(.nan) == "0")
    }

    // MARK: Query protocol

    static func query(_ form: String, as name: String) throws -> ModelValue {
        try QueryDecoder(model: v1).decode(try #require(FormBody.pairs(Array(form.utf8))), as: try shape(v1, name))
    }

    @Test func query_readsAWSsFlattenedNames() throws {
        let send = try Self.query("Action=SendEmail&Version=2010-12-01&Source=a%40x.test&Destination.ToAddresses.member.1=b%40y.test"
            + "&Destination.ToAddresses.member.2=c%40y.test&Destination.ToAddresses.member.4=skipped%40y.test"
            + "&Message.Subject.Data=Hello+there&Message.Body.Text.Data=t&Tags.member.1.Name=n&Tags.member.1.Value=v"
            + "&Destination.CcAddresses=", as: "SendEmailRequest")
        #expect(send["Source"]?.string == "a@x.test")
        #expect(send["Destination"]?["ToAddresses"] == .list([.string("b@y.test"), .string("c@y.test")]), "contiguous from 1")
        #expect(send["Destination"]?["CcAddresses"] == .list([]), "an empty list is sent as its name alone")
        #expect(send["Destination"]?["BccAddresses"] == nil)
        #expect(send["Message"]?["Subject"]?["Data"]?.string == "Hello there")
        #expect(send["Tags"] == .list([.structure(["Name": .string("n"), "Value": .string("v")])]))
        #expect(send["ReplyToAddresses"] == nil && send["ConfigurationSetName"] == nil)
        let violations = ModelValidator(model: Self.v1).violations(of: try Self.query("Source=a", as: "SendEmailRequest"),
                                                                   as: try Self.shape(Self.v1, "SendEmailRequest"))
        #expect(violations == ["Value at 'destination' failed to satisfy constraint: Member must not be null",
                               "Value at 'message' failed to satisfy constraint: Member must not be null"])
        #expect(throws: WireError.serialization(at: "DkimEnabled", expected: "a boolean", got: "'maybe'")) {
            try Self.query("Identity=a.test&DkimEnabled=maybe", as: "SetIdentityDkimEnabledRequest")
        }
        #expect(try Self.query("Identity=a.test&DkimEnabled=true", as: "SetIdentityDkimEnabledRequest")["DkimEnabled"] == .boolean(true))
    }

    @Test func query_writesAWSsResponseEnvelope() throws {
        let encoder = QueryEncoder(model: Self.v1)
        let quota = try #require(Self.v1.operation(named: "GetSendQuota"))
        let xml = encoder.response(quota, .structure(["Max24HourSend": .double(200), "MaxSendRate": .double(1), "SentLast24Hours": .double(0)]),
                                   requestID: "r-1")
        #expect(String(decoding: xml, as: UTF8.self) == #"<GetSendQuotaResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/">"#
            + "<GetSendQuotaResult><Max24HourSend>200</Max24HourSend><MaxSendRate>1</MaxSendRate><SentLast24Hours>0</SentLast24Hours>"
            + "</GetSendQuotaResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></GetSendQuotaResponse>")
        let list = try #require(Self.v1.operation(named: "ListIdentities"))
        let identities = encoder.response(list, .structure(["Identities": .list([.string("a&b.test"), .string("c.test")])]), requestID: "r")
        #expect(String(decoding: identities, as: UTF8.self).contains(
            "<ListIdentitiesResult><Identities><member>a&amp;b.test</member><member>c.test</member></Identities></ListIdentitiesResult>"))
        let verification = try #require(Self.v1.operation(named: "GetIdentityVerificationAttributes"))
        let map = encoder.response(verification, .structure(["VerificationAttributes": .map([
            .init("a.test", .structure(["VerificationStatus": .string("Success"), "VerificationToken": .string("tok")]))])]), requestID: "r")
        #expect(String(decoding: map, as: UTF8.self).contains("<VerificationAttributes><entry><key>a.test</key><value>"
            + "<VerificationStatus>Success</VerificationStatus><VerificationToken>tok</VerificationToken></value></entry></VerificationAttributes>"))
        let statistics = try #require(Self.v1.operation(named: "GetSendStatistics"))
        let points = encoder.response(statistics, .structure(["SendDataPoints": .list([.structure([
            "Timestamp": .timestamp(1_765_075_500), "DeliveryAttempts": .integer(3)])])]), requestID: "r")
        #expect(String(decoding: points, as: UTF8.self).contains(
            "<member><Timestamp>2025-12-07T02:45:00.000Z</Timestamp><DeliveryAttempts>3</DeliveryAttempts></member>"))
        let noResult = try #require(Self.v1.operation(named: "DeleteIdentity"))
        #expect(String(decoding: encoder.response(noResult, nil, requestID: "r"), as: UTF8.self).contains("<DeleteIdentityResult></DeleteIdentityResult>"))
    }

    @Test func formBodies_decodeStrictly() throws {
        let pairs = try #require(FormBody.pairs(Array("a=1&b=x+y%2Bz&c&&d=%C3%A9".utf8)))
        #expect(pairs.map(\.name) == ["a", "b", "c", "d"])
        #expect(pairs.map(\.value) == ["1", "x y+z", "", "é"])
        #expect(FormBody.pairs(Array("a=%4".utf8)) == nil)
        #expect(FormBody.pairs(Array("a=%ZZ".utf8)) == nil)
        #expect(FormBody.pairs(Array("a=%FF".utf8)) == nil, "not UTF-8")
    }
}
