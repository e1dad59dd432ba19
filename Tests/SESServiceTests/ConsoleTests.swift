import Foundation
import HTTPServer
import MetricsStore
@testable import SESDomain
@testable import SESOperations
@testable import SESService
@testable import SESWire
import Testing

/// The browser console's server side: the dashboard endpoint agrees with BatchGetMetricData, its
/// parameters are checked, the page is served with its security headers, and none of it exists
/// without the control API.
@Suite struct ConsoleTests {
    static let day: Int64 = 86_400
    static let nov1: Int64 = 1_793_491_200  // 2026-11-01T00:00:00Z

    /// Four days of mail over two identities and three ISPs (Gmail has no feedback loop).
    static let events: [Event] = {
        var events: [Event] = []
        func add(_ type: EventType, _ day: Int64, _ identity: String, _ isp: String, set: String? = "cs", tenant: String? = nil,
                 open: Bool = false, click: Bool = false) {
            events.append(Event(type: type, timestampMillis: (nov1 + day * Self.day + 3600) * 1000, emailIdentity: identity,
                                configurationSet: set, isp: isp, openTracking: open, clickTracking: click, tenantName: tenant))
        }
        for d: Int64 in 0..<4 {
            for (identity, isp) in [("a.example", "Gmail"), ("a.example", "Yahoo"), ("b.example", "Hotmail"), ("b.example", "Gmail")] {
                add(.SEND, d, identity, isp, tenant: identity == "a.example" ? "acme" : nil)
                add(.SEND, d, identity, isp, set: nil)
                add(.DELIVERY, d, identity, isp, open: true, click: d % 2 == 0)
                if d == 1 { add(.PERMANENT_BOUNCE, d, identity, isp) }
                if d == 2 { add(.TRANSIENT_BOUNCE, d, identity, isp) }
                if isp != "Gmail" && d == 3 { add(.COMPLAINT, d, identity, isp) }
                add(.OPEN, d, identity, isp)
                if d == 0 { add(.CLICK, d, identity, isp) }
            }
        }
        return events
    }()

    static func json(_ response: TestResponse) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] ?? [:]
    }

    /// What BatchGetMetricData answers for `metric` summed over the range: the API's own number.
    static func apiTotal(_ client: SESTestClient, _ metric: Metric, start: Int64, end: Int64,
                         dimensions: [(String, String)] = []) async throws -> Int {
        let dims = dimensions.isEmpty ? "" : #","Dimensions":{"# + dimensions.map { #""\#($0.0)":"\#($0.1)""# }.joined(separator: ",") + "}"
        let response = try await client.batch(
            #"{"Queries":[{"Id":"q","Namespace":"VDM","Metric":"\#(metric.rawValue)","StartDate":\#(start),"EndDate":\#(end)\#(dims)}]}"#)
        #expect(response.status == 200, "\(response.text)")
        let results = try json(response)["Results"] as? [[String: Any]]
        return (results?.first?["Values"] as? [Int] ?? []).reduce(0, +)
    }

    @Test(arguments: [
        ("", [(String, String)]()),
        ("&isp=Yahoo", [("ISP", "Yahoo")]),
        ("&identity=b.example&configurationSet=cs", [("EMAIL_IDENTITY", "b.example"), ("CONFIGURATION_SET", "cs")]),
        ("&tenant=acme", [("TENANT_NAME", "acme")]),
    ])
    func dashboardTotals_areBatchGetMetricDatasAnswers(_ query: String, _ dimensions: [(String, String)]) async throws {
        let client = try SESTestClient(.router, events: Self.events)
        let start = Self.nov1 + Self.day, end = Self.nov1 + 4 * Self.day
        let document = try Self.json(try await client.send("GET", "/_emulator/dashboard?start=2026-11-02&end=2026-11-05" + query))
        #expect(document["start"] as? String == "2026-11-02")
        #expect(document["end"] as? String == "2026-11-05")
        #expect(document["days"] as? [String] == ["2026-11-02", "2026-11-03", "2026-11-04"])
        let totals = try #require(document["totals"] as? [String: Int])
        let series = try #require(document["series"] as? [String: [Int]])
        for metric in Metric.allCases {
            let api = try await Self.apiTotal(client, metric, start: start, end: end, dimensions: dimensions)
            #expect(totals[metric.rawValue] == api, "\(metric) \(query)")
            #expect(series[metric.rawValue]?.count == 3)
            #expect(series[metric.rawValue]?.reduce(0, +) == api)
        }
        let rates = try #require(document["rates"] as? [String: Any])
        for (name, numerator, denominator) in DashboardDocument.rates {
            let d = totals[denominator.rawValue]!
            if d == 0 {
                #expect(rates[name] is NSNull)
            } else {
                #expect(rates[name] as? Double == Double(totals[numerator.rawValue]!) / Double(d), "\(name)")
            }
        }
    }

    @Test func tables_holdEachISPAndIdentity_withTheOtherFilters() async throws {
        let client = try SESTestClient(.router, events: Self.events)
        let document = try Self.json(try await client.send("GET", "/_emulator/dashboard?start=2026-11-01&end=2026-11-05&identity=a.example"))
        let byIsp = try #require(document["byIsp"] as? [String: Any])
        let rows = try #require(byIsp["rows"] as? [[String: Any]])
        #expect(rows.map { $0["name"] as? String } == ["Gmail", "Yahoo"], "Hotmail has nothing from a.example; most sends first, then by name")
        for row in rows {
            let totals = try #require(row["totals"] as? [String: Int])
            for metric in [Metric.SEND, .DELIVERY, .COMPLAINT, .DELIVERY_COMPLAINT] {
                let api = try await Self.apiTotal(client, metric, start: Self.nov1, end: Self.nov1 + 4 * Self.day,
                                                  dimensions: [("EMAIL_IDENTITY", "a.example"), ("ISP", row["name"] as! String)])
                #expect(totals[metric.rawValue] == api)
            }
        }
        let byIdentity = try #require(document["byIdentity"] as? [String: Any])
        #expect((byIdentity["rows"] as? [[String: Any]])?.map { $0["name"] as? String } == ["a.example"])
        #expect(byIdentity["omitted"] as? Int == 0)
    }

    @Test func theDefaultRange_isTheLast14DaysOfData() async throws {
        let client = try SESTestClient(.router, events: Self.events)
        let document = try Self.json(try await client.send("GET", "/_emulator/dashboard"))
        #expect(document["start"] as? String == "2026-10-22")
        #expect(document["end"] as? String == "2026-11-05")
        #expect((document["days"] as? [String])?.count == 14)
        let onlyEnd = try Self.json(try await client.send("GET", "/_emulator/dashboard?end=2026-11-03"))
        #expect(onlyEnd["start"] as? String == "2026-10-20")
    }

    @Test(arguments: [
        ("nope=1", "Unknown parameter 'nope'; the dashboard takes start, end, identity, configurationSet, isp, tenant."),
        ("isp=Gmail&isp=Yahoo", "Parameter 'isp' is given more than once."),
        ("start=2026-11-31", "start must be a UTC date YYYY-MM-DD, not '2026-11-31'."),
        ("start=2026-11-03&end=2026-11-03", "start must be before end (end is the first day not shown); got 2026-11-03 and 2026-11-03."),
        ("start=2026-01-01&end=2026-11-01", "Invalid interval, can request at most 60 days. Please partition your requested interval."),
        ("identity=a%20b", "Invalid email identity provided."),
        ("isp=G!", "Invalid ISP name provided."),
        ("tenant=a.b", "Invalid tenant name a.b: only alphanumeric ASCII characters, '_', and '-' are allowed."),
    ])
    func badParameters_are400WithTheirReason(_ query: String, _ message: String) async throws {
        let client = try SESTestClient(.router, events: Self.events)
        let response = try await client.send("GET", "/_emulator/dashboard?" + query)
        #expect(response.status == 400)
        #expect(response.errorType == "BadRequestException")
        #expect(try Self.json(response)["message"] as? String == message)
    }

    @Test func theRangeBound_isMaxRangeDays() async throws {
        let client = try SESTestClient(.router, settings: { $0.maxRangeDays = 400 }, events: Self.events)
        #expect(try await client.send("GET", "/_emulator/dashboard?start=2026-01-01&end=2026-11-01").status == 200)
    }

    @Test(arguments: Transport.allCases)
    func thePage_isServedWithItsSecurityHeaders_andFetchesNothingElsewhere(_ transport: Transport) async throws {
        let client = try SESTestClient(transport)
        var total = 0
        for (path, type) in [("/_emulator/ui", "text/html"), ("/_emulator/ui/console.css", "text/css"),
                             ("/_emulator/ui/console.js", "text/javascript")] {
            let response = try await client.send("GET", path)
            #expect(response.status == 200)
            #expect(response.headers["Content-Type"]?.hasPrefix(type) == true)
            #expect(response.headers["Content-Security-Policy"]?.hasPrefix("default-src 'none'; script-src 'self'; style-src 'self'") == true)
            #expect(response.headers["X-Content-Type-Options"] == "nosniff")
            // The only absolute URL is SVG's namespace name, which is never fetched; no inline style or handler.
            let text = response.text.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "")
            #expect(!text.contains("http:") && !text.contains("https:") && !text.contains("\"//"))
            #expect(!text.contains("<style") && !text.contains(" onclick=") && !text.contains("innerHTML"))
            total += response.body.count
        }
        #expect(total < 300_000)
        let home = try await client.send("GET", "/")
        #expect(home.status == 302)
        #expect(home.headers["Location"] == "/_emulator/ui")
    }

    @Test func sesV1ClientsAtTheRoot_stillGetTheQueryProtocol() async throws {
        let client = try SESTestClient(.router)
        let response = try await client.send("GET", "/?Action=SendEmail")
        #expect(response.status == 400)
        #expect(response.text.contains("<Code>ValidationError</Code>"))
        let quota = try await client.send("GET", "/?Action=GetSendQuota")
        #expect(quota.status == 200 && quota.text.contains("<GetSendQuotaResult>"))
    }

    @Test func aRequestsBodies_areServedByItsId() async throws {
        let client = try SESTestClient(.router, events: Self.events)
        let body = #"{"Queries":[{"Id":"q","Namespace":"VDM","Metric":"SEND","StartDate":\#(Self.nov1),"EndDate":\#(Self.nov1 + Self.day)}]}"#
        let answer = try await client.batch(body)
        let id = try #require(answer.headers["x-amzn-RequestId"])
        let detail = try Self.json(try await client.send("GET", "/_emulator/requests/" + id))
        #expect(detail["requestId"] as? String == id)
        #expect(detail["operation"] as? String == "BatchGetMetricData")
        #expect(detail["requestBody"] as? String == body)
        #expect(detail["responseBody"] as? String == answer.text)
        #expect(detail["responseBodyTruncated"] as? Bool == false)
        let missing = try await client.send("GET", "/_emulator/requests/nope")
        #expect(missing.status == 404)
        #expect(try Self.json(missing)["message"] as? String == "No request nope in the request log (it keeps the last 1000).")
        #expect(try await client.send("DELETE", "/_emulator/requests/" + id).status == 405)
        _ = try await client.send("DELETE", "/_emulator/requests")
        #expect(try await client.send("GET", "/_emulator/requests/" + id).status == 404)
    }

    @Test func withoutTheControlAPI_thereIsNoConsole() async throws {
        let client = try SESTestClient(.router, settings: { $0.controlAPI = false }, events: Self.events)
        _ = try await client.batch(#"{"Queries":[{"Id":"q","Namespace":"VDM","Metric":"SEND","StartDate":\#(Self.nov1),"EndDate":\#(Self.nov1 + Self.day)}]}"#)
        for path in ["/", "/_emulator/ui", "/_emulator/ui/console.js", "/_emulator/dashboard", "/_emulator/requests/x"] {
            let response = try await client.send("GET", path)
            #expect(response.status == 404, "\(path)")
            #expect(response.headers["Location"] == nil)
        }
    }
}
