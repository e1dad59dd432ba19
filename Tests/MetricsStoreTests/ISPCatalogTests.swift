import Testing
@testable import MetricsStore

@Suite struct ISPCatalogTests {
    @Test func builtIn_listsVDMISPs_withTheReferenceFeedbackLoops() {
        let c = ISPCatalog.builtIn
        #expect(c.names == ["Gmail", "Hotmail", "ExchangeOnline", "Yahoo", "Icloud", "Aol", "Comcast", "Gmx", "Tencent", "NetEase"])
        #expect(c.feedbackLoopNames == ["Hotmail", "Yahoo", "Aol", "Comcast", "Gmx"])
        #expect(c.contains("Gmail") && !c.contains("gmail") && !c.contains("Mail.ru"))
        #expect(!c.hasFeedbackLoop("Gmail") && c.hasFeedbackLoop("Gmx") && !c.hasFeedbackLoop("Unknown"))
    }

    @Test func seedDataCatalogFile_equalsTheBuiltInOne() throws {
        let repo = String(#filePath).split(separator: "/").dropLast(3).joined(separator: "/")
        let c = try ISPCatalog(contentsOfFile: "/" + repo + "/seed-data/isp-catalog.json")
        #expect(c == .builtIn)
    }

    @Test func jsonRoundTrip() throws {
        #expect(try ISPCatalog(jsonBytes: ISPCatalog.builtIn.jsonBytes) == .builtIn)
    }

    @Test func customCatalog_parses() throws {
        let c = try ISPCatalog(jsonBytes: Array(#"{"isps":[{"name":"Mail.ru","feedbackLoop":true},{"name":"AT&T","feedbackLoop":false}]}"#.utf8))
        #expect(c.names == ["Mail.ru", "AT&T"])
        #expect(c.hasFeedbackLoop("Mail.ru"))
    }

    @Test(arguments: [
        (#"{"isps":[]}"#, "must list at least one"),
        (#"{"isps":[{"name":"A","feedbackLoop":true},{"name":"A","feedbackLoop":false}]}"#, "duplicate ISP"),
        (#"{"isps":[{"name":"A"}]}"#, "feedbackLoop: required"),
        (#"{"isps":[{"feedbackLoop":true}]}"#, "name: required"),
        (#"{"isps":[{"name":"A","feedbackLoop":"yes"}]}"#, "feedbackLoop: required"),
        (#"{"isps":[{"name":"A","feedbackLoop":true,"x":1}]}"#, "x: unknown field"),
        (#"{"isps":[],"extra":1}"#, "extra: unknown field"),
        (#"{"isps":[{"name":"","feedbackLoop":true}]}"#, "must not be empty"),
        (#"{"isps":[{"name":"*","feedbackLoop":true}]}"#, "reserved"),
        (#"[1]"#, "expected an object"),
        (#"{"isps":[1]}"#, "expected an object, got number"),
        (#"{"isps":"#, "invalid JSON"),
    ])
    func malformedCatalogs_areRejected(json: String, message: String) {
        do {
            _ = try ISPCatalog(jsonBytes: Array(json.utf8))
            Issue.record("accepted \(json)")
        } catch {
            #expect(error.description.contains(message), "\(error.description)")
        }
    }

    @Test func missingFile_namesThePath() {
        do {
            _ = try ISPCatalog(contentsOfFile: "/nonexistent/catalog.json")
            Issue.record("no error")
        } catch {
            #expect(error.description.hasPrefix("/nonexistent/catalog.json: "))
        }
    }
}
