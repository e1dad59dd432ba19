import MetricsStore
import XCTest
@testable import SESv2

final class FaultConfigurationTests: XCTestCase {
    private func parse(_ json: String) throws -> FaultConfiguration {
        try FaultConfiguration(jsonBytes: Array(json.utf8), catalog: .builtIn)
    }

    private func problem(_ json: String) -> String? {
        do {
            _ = try parse(json)
            return nil
        } catch {
            return "\(error)"
        }
    }

    func testFullConfiguration_isReadAndWrittenBack() throws {
        let json = #"{"seed":7,"queryFaults":[{"code":"ACCESS_DENIED","message":"no","probability":0.5,"limit":2,"match":{"queryId":"q*","metric":"OPEN","emailIdentity":"blocked.example","configurationSet":"cs","isp":"Gmail","accessKeyId":"AKIDRO"}}],"requestFaults":[{"operation":"BatchGetMetricData","probability":0.25,"limit":3,"match":{"accessKeyId":"AKIDFLAKY"},"error":{"statusCode":500,"code":"InternalServiceErrorException","message":"boom"}}],"latencyMs":20}"#
        let configuration = try parse(json)
        XCTAssertEqual(configuration.seed, 7)
        XCTAssertEqual(configuration.latencyMs, 20)
        XCTAssertEqual(configuration.queryFaults.first?.match.metric, .OPEN)
        XCTAssertEqual(configuration.queryFaults.first?.limit, 2)
        XCTAssertEqual(configuration.requestFaults.first?.error?.statusCode, 500)
        XCTAssertEqual(try parse(String(decoding: configuration.jsonBytes, as: UTF8.self)), configuration, "writes what it reads")
    }

    func testEmptyDocument_isNoFaults() throws {
        XCTAssertEqual(try parse("{}"), FaultConfiguration())
    }

    func testInvalidConfigurations_areRejectedNamingTheProblem() {
        XCTAssertEqual(problem(#"{"queryFault":[]}"#), "unknown field queryFault")
        XCTAssertEqual(problem(#"{"queryFaults":[{"code":"THROTTLED"}]}"#), "queryFaults[0].code must be one of INTERNAL_FAILURE, ACCESS_DENIED, not 'THROTTLED'")
        XCTAssertEqual(problem(#"{"queryFaults":[{}]}"#), "queryFaults[0].code is required")
        XCTAssertEqual(problem(#"{"queryFaults":[{"code":"ACCESS_DENIED","probability":1.5}]}"#), "queryFaults[0].probability must be between 0 and 1, not 1.5")
        XCTAssertEqual(problem(#"{"queryFaults":[{"code":"ACCESS_DENIED","match":{"metrc":"OPEN"}}]}"#), "unknown field queryFaults[0].match.metrc")
        XCTAssertEqual(problem(#"{"queryFaults":[{"code":"ACCESS_DENIED","match":{"isp":"gmail"}}]}"#), "queryFaults[0].match.isp: 'gmail' is not in the ISP catalog")
        XCTAssertEqual(problem(#"{"requestFaults":[{"error":{"statusCode":302,"code":"Found"}}]}"#), "requestFaults[0].error.statusCode must be between 400 and 599, not 302")
        XCTAssertEqual(problem(#"{"requestFaults":[{"error":{"statusCode":500}}]}"#), "requestFaults[0].error.code is required with a statusCode")
        XCTAssertEqual(problem(#"{"seed":-1}"#), "seed must be between 0 and 9223372036854775807, not -1")
        XCTAssertEqual(problem("[]"), "the document must be an object, not array")
        XCTAssertTrue(problem("{").map { $0.hasPrefix("invalid JSON") } ?? false)
    }

    func testChaosRule_withoutError_isServiceUnavailable() throws {
        let fault = try FaultConfiguration.requestFault(.object(.init(members: [("service", .string("sesv2"))])), path: "[0]", chaos: true)
        XCTAssertNil(fault.error)
        XCTAssertEqual(AWSError(fault: fault.error).status, 503)
        XCTAssertEqual(AWSError(fault: fault.error).code, "ServiceUnavailable")
    }

    func testGlob_knowsStarAndQuestionMarkOnly() {
        XCTAssertTrue(Glob.matches("q*", "q1"))
        XCTAssertTrue(Glob.matches("q*", "q"))
        XCTAssertTrue(Glob.matches("*open*", "daily-open-rate"))
        XCTAssertTrue(Glob.matches("q?", "q7"))
        XCTAssertFalse(Glob.matches("q?", "q10"))
        XCTAssertFalse(Glob.matches("q[0-9]", "q1"), "brackets are literal")
        XCTAssertTrue(Glob.matches("q[0-9]", "q[0-9]"))
        XCTAssertFalse(Glob.matches("a*b", "acd"))
    }
}
