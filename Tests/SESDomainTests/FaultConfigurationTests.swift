import MetricsStore
@testable import SESDomain
@testable import SESWire
import Testing

@Suite struct FaultConfigurationTests {
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

    @Test func fullConfiguration_isReadAndWrittenBack() throws {
        let json = #"{"seed":7,"queryFaults":[{"code":"ACCESS_DENIED","message":"no","probability":0.5,"limit":2,"match":{"queryId":"q*","metric":"OPEN","emailIdentity":"blocked.example","configurationSet":"cs","isp":"Gmail","accessKeyId":"AKIDRO"}}],"requestFaults":[{"operation":"BatchGetMetricData","probability":0.25,"limit":3,"match":{"accessKeyId":"AKIDFLAKY"},"error":{"statusCode":500,"code":"InternalServiceErrorException","message":"boom"}}],"latencyMs":20}"#
        let configuration = try parse(json)
        #expect(configuration.seed == 7)
        #expect(configuration.latencyMs == 20)
        #expect(configuration.queryFaults.first?.match.metric == .OPEN)
        #expect(configuration.queryFaults.first?.limit == 2)
        #expect(configuration.requestFaults.first?.error?.statusCode == 500)
        #expect(try parse(String(decoding: configuration.jsonBytes, as: UTF8.self)) == configuration, "writes what it reads")
    }

    @Test func emptyDocument_isNoFaults() throws {
        #expect(try parse("{}") == FaultConfiguration())
    }

    @Test func invalidConfigurations_areRejectedNamingTheProblem() {
        #expect(problem(#"{"queryFault":[]}"#) == "unknown field queryFault")
        #expect(problem(#"{"queryFaults":[{"code":"THROTTLED"}]}"#) == "queryFaults[0].code must be one of INTERNAL_FAILURE, ACCESS_DENIED, not 'THROTTLED'")
        #expect(problem(#"{"queryFaults":[{}]}"#) == ("queryFaults[0].code is required"))
        #expect(problem(#"{"queryFaults":[{"code":"ACCESS_DENIED","probability":1.5}]}"#) == "queryFaults[0].probability must be between 0 and 1, not 1.5")
        #expect(problem(#"{"queryFaults":[{"code":"ACCESS_DENIED","match":{"metrc":"OPEN"}}]}"#) == "unknown field queryFaults[0].match.metrc")
        #expect(problem(#"{"queryFaults":[{"code":"ACCESS_DENIED","match":{"isp":"gmail"}}]}"#) == ("queryFaults[0].match.isp: 'gmail' is not in the ISP catalog"))
        #expect(problem(#"{"requestFaults":[{"error":{"statusCode":302,"code":"Found"}}]}"#) == "requestFaults[0].error.statusCode must be between 400 and 599, not 302")
        #expect(problem(#"{"requestFaults":[{"error":{"statusCode":500}}]}"#) == ("requestFaults[0].error.code is required with a statusCode"))
        #expect(problem(#"{"seed":-1}"#) == "seed must be between 0 and 9223372036854775807, not -1")
        #expect(problem("[]") == "the document must be an object, not array")
        #expect(problem("{").map { $0.hasPrefix("invalid JSON") } ?? false)
    }

    @Test func chaosRule_withoutError_isServiceUnavailable() throws {
        let fault = try FaultConfiguration.requestFault(.object(.init(members: [("service", .string("sesv2"))])), path: "[0]", chaos: true)
        #expect(fault.error == nil)
        #expect(AWSError(fault: fault.error).status == 503)
        #expect(AWSError(fault: fault.error).code == "ServiceUnavailable")
    }

    @Test func glob_knowsStarAndQuestionMarkOnly() {
        #expect(Glob.matches("q*", "q1"))
        #expect(Glob.matches("q*", "q"))
        #expect(Glob.matches("*open*", "daily-open-rate"))
        #expect(Glob.matches("q?", "q7"))
        #expect(!Glob.matches("q?", "q10"))
        #expect(!Glob.matches("q[0-9]", "q1"), "brackets are literal")
        #expect(Glob.matches("q[0-9]", "q[0-9]"))
        #expect(!Glob.matches("a*b", "acd"))
    }
}
