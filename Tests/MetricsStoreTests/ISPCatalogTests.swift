import Testing
@testable import MetricsStore

@Suite struct ISPCatalogTests {
    @Test func builtIn_listsVDMISPs_withTheReferenceFeedbackLoops() {
        let c = ISPCatalog.builtIn
        #expect(c.names == ["Gmail", "Hotmail", "ExchangeOnline", "Yahoo", "Icloud", "Aol", "Comcast", "Gmx", "Tencent", "NetEase", "Other"])
        #expect(c.feedbackLoopNames == ["Hotmail", "Yahoo", "Aol", "Comcast", "Gmx"])
        #expect(c.contains("Gmail") && !c.contains("gmail") && !c.contains("Mail.ru"))
        #expect(!c.hasFeedbackLoop("Gmail") && c.hasFeedbackLoop("Gmx") && !c.hasFeedbackLoop("Unknown"))
    }

    @Test func seedDataCatalogFile_equalsTheBuiltInOne() throws {
        let repo = String(#filePath).split(separator: "/").dropLast(3).joined(separator: "/")
        let c = try ISPCatalog(contentsOfFile: "/" + repo + "/seed-data/isp-catalog.json")
        #expect(c == .builtIn)
    }

    @Test func recipientDomains_pickTheirISP_anyCase_andTheRestGoToTheFallback() {
        let c = ISPCatalog.builtIn
        #expect(c.isp(forDomain: "gmail.com") == "Gmail" && c.isp(forDomain: "GoogleMail.COM") == "Gmail")
        #expect(c.isp(forDomain: "live.com") == "Hotmail" && c.isp(forDomain: "msn.com") == "Hotmail")
        #expect(c.isp(forDomain: "me.com") == "Icloud" && c.isp(forDomain: "126.com") == "NetEase")
        #expect(c.isp(forDomain: "qq.com") == "Tencent" && c.isp(forDomain: "gmx.de") == "Gmx")
        #expect(c.isp(forDomain: "example.org") == "Other" && c.isp(forDomain: "mail.gmail.com") == "Other")
        #expect(!c.hasFeedbackLoop("Other"))
    }

    @Test func replacementCatalog_namesItsOwnFallback() throws {
        let c = try ISPCatalog(jsonBytes: Array(#"{"isps":[{"name":"Mail.ru","feedbackLoop":true,"domains":["mail.ru","BK.ru"]},{"name":"Rest","feedbackLoop":false,"fallback":true}]}"#.utf8))
        #expect(c.names == ["Mail.ru", "Rest"])
        #expect(c.isp(forDomain: "bk.ru") == "Mail.ru" && c.isp(forDomain: "gmail.com") == "Rest")
        #expect(try ISPCatalog(jsonBytes: c.jsonBytes) == c)
    }

    @Test func jsonRoundTrip() throws {
        #expect(try ISPCatalog(jsonBytes: ISPCatalog.builtIn.jsonBytes) == .builtIn)
    }

    @Test func customCatalog_parses() throws {
        let c = try ISPCatalog(jsonBytes: Array(#"{"isps":[{"name":"Mail.ru","feedbackLoop":true},{"name":"AT&T","feedbackLoop":false}]}"#.utf8))
        #expect(c.names == ["Mail.ru", "AT&T", "Other"], "a catalog without a fallback gets Other")
        #expect(c.hasFeedbackLoop("Mail.ru"))
        #expect(c.isp(forDomain: "anything.example") == "Other")
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
        (#"{"isps":[{"name":"A","feedbackLoop":true,"fallback":true},{"name":"B","feedbackLoop":true,"fallback":true}]}"#, "only one ISP may be the fallback"),
        (#"{"isps":[{"name":"A","feedbackLoop":true,"domains":["a.com"]},{"name":"B","feedbackLoop":true,"domains":["A.com"]}]}"#, "already listed by A"),
        (#"{"isps":[{"name":"A","feedbackLoop":true,"domains":["a b"]}]}"#, "is not a domain name"),
        (#"{"isps":[{"name":"A","feedbackLoop":true,"domains":"a.com"}]}"#, "domains: a list of strings"),
        (#"{"isps":[{"name":"A","feedbackLoop":true,"fallback":1}]}"#, "fallback: a boolean"),
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
