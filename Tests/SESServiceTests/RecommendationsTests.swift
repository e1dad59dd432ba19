import Foundation
@testable import SESDomain
@testable import SESOperations
@testable import SESService
@testable import SESWire
import Testing

/// `/_emulator/recommendations` and ListRecommendations' filter and pages.
@Suite struct RecommendationsTests {
    static func item(_ n: Int, type: String = "DKIM", impact: String = "HIGH", status: String = "OPEN") -> String {
        #"{"ResourceArn":"arn:aws:ses:us-east-1:123456789012:identity/d\#(n).example","Type":"\#(type)","Description":"d\#(n)","#
            + #""Status":"\#(status)","CreatedTimestamp":"2026-11-01T00:00:00Z","LastUpdatedTimestamp":1793491200.25,"Impact":"\#(impact)"}"#
    }

    static func list(_ client: SESTestClient, _ body: String) async throws -> (TestResponse, [String: Any]) {
        let response = try await client.send("POST", "/v2/email/vdm/recommendations", headers: AccountTests.json, body: body)
        return (response, try PipelineTests.json(response))
    }

    static func arns(_ json: [String: Any]) -> [String] {
        (json["Recommendations"] as? [[String: Any]] ?? []).map { ($0["ResourceArn"] as? String ?? "").replacingOccurrences(
            of: "arn:aws:ses:us-east-1:123456789012:identity/", with: "") }
    }

    @Test(arguments: Transport.allCases)
    func filterAndPages(_ transport: Transport) async throws {
        let client = try SESTestClient(transport)
        #expect(Self.arns(try await Self.list(client, "").1) == [])
        let items = [Self.item(0), Self.item(1, type: "SPF"), Self.item(2, impact: "LOW"), Self.item(3), Self.item(4, status: "FIXED")]
        let put = try await client.send("PUT", "/_emulator/recommendations", headers: AccountTests.json,
                                        body: #"{"Recommendations":[\#(items.joined(separator: ","))]}"#)
        #expect(put.status == 200)
        let (all, json) = try await Self.list(client, "{}")
        #expect(all.status == 200)
        #expect(Self.arns(json) == (0..<5).map { "d\($0).example" })
        let first = (json["Recommendations"] as? [[String: Any]])?.first
        #expect(first?["CreatedTimestamp"] as? Int == 1_793_491_200)
        #expect(first?["LastUpdatedTimestamp"] as? Double == 1_793_491_200.25)
        #expect(json["NextToken"] == nil)

        let dkim = try await Self.list(client, #"{"Filter":{"TYPE":"DKIM","IMPACT":"HIGH"},"PageSize":2}"#).1
        #expect(Self.arns(dkim) == ["d0.example", "d3.example"])
        let next = try #require(dkim["NextToken"] as? String)
        let rest = try await Self.list(client, #"{"Filter":{"TYPE":"DKIM","IMPACT":"HIGH"},"PageSize":2,"NextToken":"\#(next)"}"#).1
        #expect(Self.arns(rest) == ["d4.example"])
        #expect(rest["NextToken"] == nil)
        #expect(Self.arns(try await Self.list(client, #"{"Filter":{"STATUS":"FIXED"}}"#).1) == ["d4.example"])
        #expect(Self.arns(try await Self.list(client,
            #"{"Filter":{"RESOURCE_ARN":"arn:aws:ses:us-east-1:123456789012:identity/d2.example"}}"#).1) == ["d2.example"])

        #expect(try await client.send("DELETE", "/_emulator/recommendations").status == 200)
        #expect(Self.arns(try await Self.list(client, "{}").1) == [])
    }

    @Test func listRecommendations_validates() async throws {
        let client = try SESTestClient(.router)
        let (response, json) = try await Self.list(client, #"{"Filter":{"COLOR":"red","TYPE":"DKIM","STATUS":""},"PageSize":101}"#)
        #expect(response.status == 400)
        #expect(json["message"] as? String == "4 validation errors detected: "
                + "Value at 'filter' failed to satisfy constraint: Member must have length less than or equal to 2; "
                + "Value at 'filter' failed to satisfy constraint: Map keys must satisfy constraint: "
                + "[Member must satisfy enum value set: [TYPE, IMPACT, STATUS, RESOURCE_ARN]]; "
                + "Value at 'filter' failed to satisfy constraint: Map values must satisfy constraint: "
                + "[Member must have length greater than or equal to 1, Member must have length less than or equal to 512]; "
                + "Value at 'pageSize' failed to satisfy constraint: Member must have value less than or equal to 100")
        #expect(try await Self.list(client, #"{"Filter":{}}"#).0.status == 400)
        #expect(try await Self.list(client, #"{"PageSize":0}"#).0.status == 400)
        let token = try await Self.list(client, #"{"NextToken":"abc"}"#)
        #expect(token.0.status == 400)
        #expect(token.0.errorType == "BadRequestException")
        #expect(try await Self.list(client, #"{"PageSize":"ten"}"#).0.status == 400)
    }

    @Test func theControlAPI_namesTheItemAndMember_andChangesNothingOnError() async throws {
        let client = try SESTestClient(.router)
        #expect(try await client.send("PUT", "/_emulator/recommendations", headers: AccountTests.json,
                                      body: #"{"Recommendations":[\#(Self.item(0))]}"#).status == 200)
        let cases: [(String, String)] = [
            (#"{"Recommendations":[\#(Self.item(0)),\#(Self.item(1, type: "MX"))]}"#,
             "Recommendations[1].Type must be one of DKIM, DMARC, SPF, BIMI, COMPLAINT, BOUNCE, FEEDBACK_3P, IP_LISTING, not 'MX'"),
            (#"{"Recommendations":[\#(Self.item(0).replacingOccurrences(of: "\"2026-11-01T00:00:00Z\"", with: "\"yesterday\""))]}"#,
             "Recommendations[0].CreatedTimestamp must be an RFC 3339 date-time or epoch seconds within years 1970-9999"),
            (#"{"Recommendations":[{"ResourceArn":"a"}]}"#, "Recommendations[0].Type is required"),
            (#"{"Recommendations":[\#(Self.item(0).dropLast()),"Color":"red"}]}"#, "unknown field Recommendations[0].Color"),
            (#"{"Recs":[]}"#, "Recommendations is required"),
            ("[]", "the document must be an object, not array"),
        ]
        for (body, problem) in cases {
            let response = try await client.send("PUT", "/_emulator/recommendations", headers: AccountTests.json, body: body)
            #expect(response.status == 400)
            #expect(try PipelineTests.json(response)["message"] as? String == "Invalid recommendations: " + problem)
        }
        let kept = try await client.send("GET", "/_emulator/recommendations")
        #expect(RecommendationsTests.arns(try PipelineTests.json(kept)) == ["d0.example"])
        #expect(try await client.send("POST", "/_emulator/reset").status == 200)
        #expect(RecommendationsTests.arns(try PipelineTests.json(try await client.send("GET", "/_emulator/recommendations"))) == [])
    }
}
