import Foundation
import Glibc
import MetricsStore
@testable import SESDomain
@testable import SESOperations
@testable import SESService
@testable import SESWire
import Support
import Testing

/// The export job operations end to end in process and over loopback: validation messages,
/// the file's rows and numbers, state transitions, cancel rules, faults, reset, the download route.
@Suite struct ExportJobTests {
    static let nov1 = PipelineTests.nov1
    static let day = PipelineTests.day
    static let json = [("Content-Type", "application/json")]

    /// Two identities, three ISPs (Hotmail has a feedback loop, Gmail none), one event without a
    /// configuration set, one excluded event (two recipients), one event outside the range.
    static func events() -> [Event] {
        func at(_ d: Int64) -> Int64 { (nov1 + d * day + 600) * 1000 }
        var events: [Event] = []
        for (identity, isp, sends, deliveries, opens) in [("a.example", "Gmail", 4, 3, 2), ("a.example", "Hotmail", 2, 2, 1),
                                                            ("b.example", "Hotmail", 3, 1, 0)] {
            for i in 0..<sends {
                events.append(Event(type: .SEND, timestampMillis: at(Int64(i % 2)), emailIdentity: identity, configurationSet: "cs1", isp: isp))
            }
            for i in 0..<deliveries {
                events.append(Event(type: .DELIVERY, timestampMillis: at(1), emailIdentity: identity, configurationSet: "cs1", isp: isp,
                                    openTracking: i < opens))
            }
        }
        events.append(Event(type: .PERMANENT_BOUNCE, timestampMillis: at(1), emailIdentity: "b.example", isp: "Yahoo"))
        events.append(Event(type: .SEND, timestampMillis: at(1), emailIdentity: "b.example", isp: "Yahoo", recipientCount: 2))
        events.append(Event(type: .SEND, timestampMillis: at(5), emailIdentity: "a.example", configurationSet: "cs1", isp: "Gmail"))
        return events
    }

    static func source(dimensions: String = #"{"EMAIL_IDENTITY":["a.example","b.example"],"ISP":["Gmail","Hotmail"]}"#,
                       metrics: String = #"[{"Name":"SEND","Aggregation":"VOLUME"}]"#,
                       start: Int64 = nov1, end: Int64 = nov1 + 3 * day, format: String = "CSV") -> String {
        #"{"ExportDataSource":{"MetricsDataSource":{"Dimensions":\#(dimensions),"Namespace":"VDM","Metrics":\#(metrics),"StartDate":\#(start),"EndDate":\#(end)}},"ExportDestination":{"DataFormat":"\#(format)"}}"#
    }

    static func create(_ client: SESTestClient, _ body: String) async throws -> TestResponse {
        try await client.send("POST", "/v2/email/export-jobs", headers: json, body: body)
    }

    static func createJob(_ client: SESTestClient, _ body: String) async throws -> String {
        let response = try await create(client, body)
        #expect(response.status == 200, "\(response.text)")
        return try PipelineTests.json(response)["JobId"] as? String ?? ""
    }

    static func get(_ client: SESTestClient, _ id: String) async throws -> [String: Any] {
        try PipelineTests.json(try await client.send("GET", "/v2/email/export-jobs/\(id)"))
    }

    /// Polls until the job is finished (5 s at most).
    static func finished(_ client: SESTestClient, _ id: String) async throws -> [String: Any] {
        for _ in 0..<500 {
            let job = try await get(client, id)
            if ["COMPLETED", "FAILED", "CANCELLED"].contains(job["JobStatus"] as? String) { return job }
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        Issue.record("job \(id) did not finish")
        return [:]
    }

    static func download(_ client: SESTestClient, _ job: [String: Any]) async throws -> TestResponse {
        let url = (job["ExportDestination"] as? [String: Any])?["S3Url"] as? String ?? ""
        let path = url.range(of: "/_emulator/").map { String(url[$0.lowerBound...]) } ?? url
        return try await client.send("GET", path)
    }

    // MARK: - Files

    @Test(arguments: Transport.allCases)
    func aCompletedJob_writesOneRowPerCombination_withVolumesAndRates(_ transport: Transport) async throws {
        let client = try SESTestClient(transport, events: Self.events())
        let metrics = #"[{"Name":"SEND","Aggregation":"VOLUME"},{"Name":"DELIVERY","Aggregation":"RATE"},{"Name":"DELIVERY_OPEN","Aggregation":"RATE"},{"Name":"DELIVERY_COMPLAINT","Aggregation":"VOLUME"}]"#
        let id = try await Self.createJob(client, Self.source(metrics: metrics))
        let job = try await Self.finished(client, id)
        #expect(job["JobStatus"] as? String == "COMPLETED")
        #expect(job["ExportSourceType"] as? String == "METRICS_DATA")
        #expect(job["CompletedTimestamp"] != nil && job["CreatedTimestamp"] != nil)
        // SEND 4+2+3, DELIVERY 3+2+1 of a and b on Gmail/Hotmail; b's Yahoo bounce is outside the ISP list.
        #expect(job["Statistics"] as? [String: Int] == ["ProcessedRecordsCount": 15, "ExportedRecordsCount": 4])
        let url = (job["ExportDestination"] as? [String: Any])?["S3Url"] as? String ?? ""
        #expect(url.hasPrefix("http://") && url.hasSuffix("-\(id).csv") && url.contains("/_emulator/exports/ses-metrics-2"))
        let file = try await Self.download(client, job)
        #expect(file.status == 200)
        #expect(file.headers["Content-Type"] == "text/csv")
        #expect(file.text == """
            EMAIL_IDENTITY,ISP,SEND_VOLUME,DELIVERY_RATE,DELIVERY_OPEN_RATE,DELIVERY_COMPLAINT_VOLUME\r
            a.example,Gmail,4,0.75,0.666667,0\r
            a.example,Hotmail,2,1,0.5,2\r
            b.example,Gmail,0,0,0,0\r
            b.example,Hotmail,3,0.333333,0,1\r

            """)
    }

    @Test func jsonLines_carryTheSameColumns_andAnISPWildcardListsEveryCatalogISP() async throws {
        let client = try SESTestClient(.router, events: Self.events())
        let id = try await Self.createJob(client, Self.source(
            dimensions: #"{"ISP":["*"],"EMAIL_IDENTITY":["b.example"]}"#,
            metrics: #"[{"Name":"PERMANENT_BOUNCE","Aggregation":"VOLUME"},{"Name":"DELIVERY_COMPLAINT","Aggregation":"RATE"}]"#,
            format: "JSON"))
        let job = try await Self.finished(client, id)
        let file = try await Self.download(client, job)
        #expect(file.headers["Content-Type"] == "application/x-ndjson")
        let lines = file.text.split(separator: "\n").map(String.init)
        #expect(lines.count == ISPCatalog.builtIn.names.count)
        #expect(lines.contains(#"{"ISP":"Hotmail","EMAIL_IDENTITY":"b.example","PERMANENT_BOUNCE_VOLUME":0,"DELIVERY_COMPLAINT_RATE":1}"#))
        #expect(lines.contains(#"{"ISP":"Yahoo","EMAIL_IDENTITY":"b.example","PERMANENT_BOUNCE_VOLUME":1,"DELIVERY_COMPLAINT_RATE":0}"#))
        #expect(lines.first?.hasPrefix(#"{"ISP":"Aol""#) == true, "rows sorted by value")
    }

    @Test func aWildcardOnAnotherDimension_listsTheValuesWithEvents_andNoConfigurationSetIsNoRow() async throws {
        let client = try SESTestClient(.router, events: Self.events())
        let id = try await Self.createJob(client, Self.source(dimensions: #"{"CONFIGURATION_SET":["*"]}"#))
        let file = try await Self.download(client, try await Self.finished(client, id))
        #expect(file.text == "CONFIGURATION_SET,SEND_VOLUME\r\ncs1,9\r\n")
    }

    @Test func batchGetMetricData_andAnExport_agree() async throws {
        let client = try SESTestClient(.router, events: Self.events())
        let id = try await Self.createJob(client, Self.source(
            dimensions: #"{"ISP":["Hotmail"]}"#, metrics: #"[{"Name":"DELIVERY_COMPLAINT","Aggregation":"VOLUME"}]"#))
        let file = try await Self.download(client, try await Self.finished(client, id))
        let batch = try await client.batch(#"{"Queries":[{"Id":"q","Namespace":"VDM","Metric":"DELIVERY_COMPLAINT","Dimensions":{"ISP":"Hotmail"},"StartDate":\#(Self.nov1),"EndDate":\#(Self.nov1 + 3 * Self.day)}]}"#)
        let values = (try PipelineTests.json(batch)["Results"] as? [[String: Any]])?.first?["Values"] as? [Int] ?? []
        #expect(file.text == "ISP,DELIVERY_COMPLAINT_VOLUME\r\nHotmail,\(values.reduce(0, +))\r\n")
        #expect(values.reduce(0, +) == 3)
    }

    @Test func csvQuoting_followsRFC4180() {
        var out: [UInt8] = []
        ExportFileWriter.appendCSVLine(["plain", "a,b", #"say "hi""#, "two\nlines", ""], to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\r\n")
    }

    @Test(arguments: [
        (Int64(1), Int64(3), "0.333333"), (2, 3, "0.666667"), (1, 2, "0.5"), (3, 3, "1"), (5, 0, "0"), (0, 5, "0"),
        (7, 2, "3.5"), (1_999_999, 2_000_000, "1"), (1, 2_000_000, "0.000001"), (1, 2_000_001, "0"),
        (Int64.max - 1, Int64.max, "1"), (1, 8, "0.125"),
    ])
    func rate_isTheFractionTo6Decimals_roundedHalfUp(_ value: Int64, _ divisor: Int64, _ text: String) {
        #expect(ExportFileWriter.rate(value, over: divisor) == text)
    }

    // MARK: - Validation

    static let invalidRequests: [(body: String, message: String)] = [
        (#"{"ExportDataSource":{"MetricsDataSource":{}},"ExportDestination":{"DataFormat":"CSV","S3Url":"s3://bucket/key"}}"#,
         ExportRequestReader.s3UrlRefusal),
        (#"{"ExportDataSource":{"MessageInsightsDataSource":{"StartDate":1,"EndDate":2}},"ExportDestination":{"DataFormat":"CSV"}}"#,
         ExportRequestReader.messageInsightsRefusal),
        (source(dimensions: #"{"COUNTRY":["x"]}"#), "Unsupported dimension provided."),
        ("{}", ["2 validation errors detected: Value at 'exportDataSource' failed to satisfy constraint: Member must not be null; ",
          "Value at 'exportDestination' failed to satisfy constraint: Member must not be null"].joined()),
        (#"{"ExportDataSource":{"MetricsDataSource":{"Dimensions":{"ISP":[]},"Namespace":"X","Metrics":[{"Name":"SENDS"}]}},"ExportDestination":{"DataFormat":"XML"}}"#,
         ["7 validation errors detected: Value at 'exportDataSource.metricsDataSource.dimensions' failed to satisfy constraint: ",
          "Map values must satisfy constraint: [Member must have length greater than or equal to 1, Member must have length less than or equal to 10]; ",
          "Value at 'exportDataSource.metricsDataSource.namespace' failed to satisfy constraint: Member must satisfy enum value set: [VDM]; ",
          "Value at 'exportDataSource.metricsDataSource.metrics.1.member.name' failed to satisfy constraint: Member must satisfy enum value set: \(RequestValidator.metricEnumText); ",
          "Value at 'exportDataSource.metricsDataSource.metrics.1.member.aggregation' failed to satisfy constraint: Member must not be null; ",
          "Value at 'exportDataSource.metricsDataSource.startDate' failed to satisfy constraint: Member must not be null; ",
          "Value at 'exportDataSource.metricsDataSource.endDate' failed to satisfy constraint: Member must not be null; ",
          "Value at 'exportDestination.dataFormat' failed to satisfy constraint: Member must satisfy enum value set: [CSV, JSON]"].joined()),
        (source(metrics: "[]"), "1 validation error detected: Value at 'exportDataSource.metricsDataSource.metrics' failed to satisfy constraint: Member must have length greater than or equal to 1"),
        (source(dimensions: #"{"ISP":["*","Gmail"]}"#), ExportRequestReader.wildcardAlone),
        (source(dimensions: #"{"ISP":["*"],"EMAIL_IDENTITY":["a.example","b.example"]}"#), ExportRequestReader.wildcardWithLists),
        (source(dimensions: #"{"ISP":["Mail.ru"]}"#), "Invalid ISP name provided."),
        (source(dimensions: #"{"EMAIL_IDENTITY":["@x"]}"#), "Invalid email identity provided."),
        (source(metrics: #"[{"Name":"SEND","Aggregation":"RATE"},{"Name":"SEND","Aggregation":"RATE"}]"#),
         "Metrics must be unique: SEND_RATE is requested more than once."),
        (source(start: nov1 + day, end: nov1 + day), "Expected start date to be before the end date."),
        (source(end: nov1 + 61 * day), "Invalid interval, can request at most 60 days. Please partition your requested interval."),
        (source(start: nov1 + 3600), "Metrics exports must run midnight to midnight UTC: StartDate 2026-11-01T01:00:00Z is not a UTC midnight (00:00:00Z)."),
    ]

    @Test(arguments: invalidRequests)
    func invalidRequests_areBadRequests_withTheirMessage(_ body: String, _ message: String) async throws {
        let client = try SESTestClient(.router)
        let response = try await Self.create(client, body)
        #expect(response.status == 400)
        #expect(response.errorType == "BadRequestException")
        #expect(try PipelineTests.json(response)["message"] as? String == message)
        let listed = try PipelineTests.json(try await client.send("POST", "/v2/email/list-export-jobs", headers: Self.json, body: "{}"))
        #expect((listed["ExportJobs"] as? [Any])?.isEmpty == true, "nothing was created")
    }

    @Test func withVDMDisabled_creationIsABadRequest() async throws {
        let client = try SESTestClient(.router, settings: { $0.vdmEnabled = false })
        let response = try await Self.create(client, Self.source())
        #expect(response.status == 400)
        #expect(response.errorType == "BadRequestException")
        #expect(response.text == #"{"message":"To use this feature you must enable Virtual Deliverability Manager"}"#)
    }

    // MARK: - States

    @Test(arguments: Transport.allCases)
    func cancel_stopsAnUnfinishedJob_andRefusesAFinishedOne(_ transport: Transport) async throws {
        let client = try SESTestClient(transport, settings: { $0.exportDelay = 2 }, events: Self.events())
        let id = try await Self.createJob(client, Self.source())
        #expect(["CREATED", "PROCESSING"].contains(try await Self.get(client, id)["JobStatus"] as? String))
        let cancelled = try await client.send("PUT", "/v2/email/export-jobs/\(id)/cancel")
        #expect(cancelled.status == 200)
        #expect(cancelled.text == "{}")
        try await Task.sleep(nanoseconds: 2_300_000_000)   // past the delay: the run woke up and wrote nothing
        let job = try await Self.get(client, id)
        #expect(job["JobStatus"] as? String == "CANCELLED")
        #expect(job["CompletedTimestamp"] != nil)
        #expect((job["ExportDestination"] as? [String: Any])?["S3Url"] == nil, "a cancelled job keeps no file")
        let again = try await client.send("PUT", "/v2/email/export-jobs/\(id)/cancel")
        #expect(again.status == 400)
        #expect(again.errorType == "BadRequestException")
        #expect(again.text == #"{"message":"Export job \#(id) is CANCELLED and can no longer be cancelled."}"#)
        let unknown = try await client.send("PUT", "/v2/email/export-jobs/nope/cancel")
        #expect(unknown.status == 404)
        #expect(unknown.errorType == "NotFoundException")
        #expect(try await client.send("GET", "/v2/email/export-jobs/nope").status == 404)
    }

    @Test func atMost20JobsRun_theRestWaitCreated_untilASlotIsFreed() async throws {
        let client = try SESTestClient(.router, settings: { $0.exportDelay = 60 }, events: Self.events())
        var ids: [String] = []
        for _ in 0...ExportJobs.maxRunning { ids.append(try await Self.createJob(client, Self.source())) }
        var statuses: [String] = []
        for id in ids { statuses.append(try await Self.get(client, id)["JobStatus"] as? String ?? "") }
        #expect(statuses == Array(repeating: "PROCESSING", count: ExportJobs.maxRunning) + ["CREATED"])
        #expect(try await client.send("PUT", "/v2/email/export-jobs/\(ids[0])/cancel").status == 200)
        #expect(try await Self.get(client, ids.last!)["JobStatus"] as? String == "PROCESSING", "the cancelled job's slot")
        let created = try PipelineTests.json(try await client.send("POST", "/v2/email/list-export-jobs", headers: Self.json,
                                                                   body: #"{"JobStatus":"CREATED"}"#))
        #expect((created["ExportJobs"] as? [Any])?.isEmpty == true)
    }

    @Test func aMatchingQueryFault_failsTheJob_withItsReason() async throws {
        let faults = try PipelineTests.faults(#"{"queryFaults":[{"code":"ACCESS_DENIED","message":"no","match":{"metric":"DELIVERY","isp":"Gmail"}}]}"#)
        let client = try SESTestClient(.router, faults: faults, events: Self.events())
        let failing = try await Self.createJob(client, Self.source(dimensions: #"{"ISP":["Gmail"]}"#, metrics: #"[{"Name":"DELIVERY","Aggregation":"VOLUME"}]"#))
        let other = try await Self.createJob(client, Self.source(dimensions: #"{"ISP":["Yahoo"]}"#, metrics: #"[{"Name":"DELIVERY","Aggregation":"VOLUME"}]"#))
        let failed = try await Self.finished(client, failing)
        #expect(failed["JobStatus"] as? String == "FAILED")
        #expect(failed["FailureInfo"] as? [String: String] == ["ErrorMessage": "ACCESS_DENIED: no"])
        #expect(failed["Statistics"] == nil)
        #expect(try await Self.finished(client, other)["JobStatus"] as? String == "COMPLETED")
    }

    @Test func list_filtersByStatus_andPagesNewestFirst() async throws {
        let client = try SESTestClient(.router, events: Self.events())
        var ids: [String] = []
        for _ in 0..<3 { ids.append(try await Self.createJob(client, Self.source())) }
        for id in ids { _ = try await Self.finished(client, id) }
        func list(_ body: String) async throws -> [String: Any] {
            try PipelineTests.json(try await client.send("POST", "/v2/email/list-export-jobs", headers: Self.json, body: body))
        }
        let first = try await list(#"{"PageSize":2}"#)
        let page1 = (first["ExportJobs"] as? [[String: Any]] ?? []).compactMap { $0["JobId"] as? String }
        #expect(page1 == [ids[2], ids[1]])
        #expect(first["NextToken"] as? String == "2")
        let second = try await list(#"{"PageSize":2,"NextToken":"2"}"#)
        #expect((second["ExportJobs"] as? [[String: Any]])?.compactMap { $0["JobId"] as? String } == [ids[0]])
        #expect(second["NextToken"] == nil)
        #expect((try await list(#"{"JobStatus":"FAILED"}"#)["ExportJobs"] as? [Any])?.count == 0)
        #expect((try await list(#"{"ExportSourceType":"MESSAGE_INSIGHTS"}"#)["ExportJobs"] as? [Any])?.count == 0)
        #expect((try await list(#"{"ExportSourceType":"METRICS_DATA","JobStatus":"COMPLETED"}"#)["ExportJobs"] as? [Any])?.count == 3)
        let bad = try await client.send("POST", "/v2/email/list-export-jobs", headers: Self.json, body: #"{"JobStatus":"DONE","PageSize":0}"#)
        #expect(bad.status == 400)
        #expect(try PipelineTests.json(bad)["message"] as? String == "2 validation errors detected: "
            + "Value at 'jobStatus' failed to satisfy constraint: Member must satisfy enum value set: [CREATED, PROCESSING, COMPLETED, FAILED, CANCELLED]; "
            + "Value at 'pageSize' failed to satisfy constraint: Member must have value greater than or equal to 1")
    }

    // MARK: - Download, reset, restart

    @Test(arguments: Transport.allCases)
    func theDownloadRoute_servesOnlyFilesItMade_andAnswersHEAD(_ transport: Transport) async throws {
        let client = try SESTestClient(transport, settings: { $0.controlAPI = false }, events: Self.events())
        let id = try await Self.createJob(client, Self.source())
        let job = try await Self.finished(client, id)
        let url = (job["ExportDestination"] as? [String: Any])?["S3Url"] as? String ?? ""
        let path = String(url[url.range(of: "/_emulator/")!.lowerBound...])
        let get = try await client.send("GET", path)
        #expect(get.status == 200, "served with --no-control-api")
        let head = try await client.send("HEAD", path)
        #expect(head.status == 200)
        if transport == .live {
            #expect(head.headers["Content-Length"] == String(get.body.count))
            #expect(head.body.isEmpty)
        }
        let name = String(path.dropFirst(ExportDownload.prefix.count))
        // A file in the folder that no job made is not served either.
        let stray = client.service.exportsDirectory + "/stray.csv"
        _ = FileManager.default.createFile(atPath: stray, contents: Data("x".utf8))
        for other in ["/_emulator/exports/stray.csv", "/_emulator/exports/../\(name)", "/_emulator/exports/%2E%2E%2F\(name)",
                      "/_emulator/exports/", "/_emulator/exports/x/\(name)"] {
            #expect(try await client.send("GET", other).status == 404, "\(other)")
        }
        #expect(try await client.send("DELETE", path).status == 405)
    }

    @Test func reset_removesJobsAndFiles() async throws {
        let client = try SESTestClient(.router, events: Self.events())
        let id = try await Self.createJob(client, Self.source())
        let job = try await Self.finished(client, id)
        let url = (job["ExportDestination"] as? [String: Any])?["S3Url"] as? String ?? ""
        let file = client.service.exportsDirectory + "/" + (url.split(separator: "/").last.map(String.init) ?? "")
        #expect(FileManager.default.fileExists(atPath: file))
        #expect(try await client.send("POST", "/_emulator/reset").status == 200)
        #expect(!FileManager.default.fileExists(atPath: file))
        #expect(try await client.send("GET", "/v2/email/export-jobs/\(id)").status == 404)
        #expect(try client.store.resources(kind: ResourceKind.exportJob.rawValue).isEmpty)
    }

    @Test func aRestart_keepsFinishedJobs_andFailsUnfinishedOnes() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("exports-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) } }
        let store = try MetricsStore(path: path, catalog: .builtIn)
        defer { store.close() }
        _ = try store.ingest(Self.events())
        let directory = try ExportsDirectory(configured: nil, databasePath: path, databaseIsTemporary: false)
        defer { _ = try? FileManager.default.removeItem(atPath: directory.path) }
        #expect(directory.path == path + "-exports")
        let definition = try ExportRequestReader(maxRangeDays: 60).read(try RequestBody.parse(Array(Self.source().utf8)))
        let first = try ExportJobs(store: store, directory: directory, processingDelayMillis: 0)
        try first.create(id: "done", definition, injectedFailure: nil)
        for _ in 0..<500 where first.job("done")?.status != .COMPLETED { usleep(10_000) }
        let slow = try ExportJobs(store: store, directory: directory, processingDelayMillis: 60_000)
        try slow.create(id: "running", definition, injectedFailure: nil)

        let restarted = try ExportJobs(store: store, directory: directory, processingDelayMillis: 0)
        let done = try #require(restarted.job("done"))
        #expect(done.status == .COMPLETED)
        #expect(done.definition == definition)
        #expect(done.fileName != nil && restarted.completedJob(fileNamed: done.fileName!) != nil)
        #expect(done == first.job("done"))
        let running = try #require(restarted.job("running"))
        #expect(running.status == .FAILED)
        #expect(running.errorMessage == ExportJobs.interruptedMessage)
        #expect(restarted.all().map(\.id) == ["running", "done"])
    }
}
