import HTTPServer
@testable import SESDomain
@testable import SESOperations
@testable import SESService
@testable import SESWire
import Testing

/// State-changing control calls from browsers: only from the emulator's own page, reached by an
/// address or localhost; tools that send no browser headers are unaffected.
@Suite struct BrowserOriginGuardTests {
    static func request(_ method: String, _ headers: [(String, String)]) -> HTTPRequest {
        HTTPRequest(head: HTTPRequestHead(method: method, target: "/_emulator/reset", path: "/_emulator/reset", query: [],
                                          versionMajor: 1, versionMinor: 1, headers: HTTPHeaders(headers)))
    }

    static func allowed(_ method: String, _ headers: [(String, String)]) -> Bool {
        do { try BrowserOriginGuard.check(request(method, headers)); return true } catch { return false }
    }

    @Test func toolsWithoutBrowserHeaders_andReads_pass() {
        #expect(Self.allowed("POST", [("Host", "ses:4579")]))
        #expect(Self.allowed("GET", [("Host", "evil.example:4579"), ("Origin", "http://evil.example"), ("Sec-Fetch-Site", "cross-site")]))
    }

    @Test func theEmulatorsOwnPage_atAnAddressOrLocalhost_passes() {
        for host in ["127.0.0.1:4579", "localhost:4579", "[::1]:4579", "10.0.0.5:4579", "LOCALHOST:1"] {
            #expect(Self.allowed("POST", [("Host", host), ("Origin", "http://\(host)"), ("Sec-Fetch-Site", "same-origin")]), "\(host)")
        }
    }

    @Test func otherSites_rebindingNames_andOpaqueOrigins_areRefused() {
        let refused: [[(String, String)]] = [
            [("Host", "127.0.0.1:4579"), ("Origin", "http://evil.example")],
            [("Host", "127.0.0.1:4579"), ("Sec-Fetch-Site", "cross-site")],
            [("Host", "127.0.0.1:4579"), ("Sec-Fetch-Site", "same-site")],
            [("Host", "rebound.example:4579"), ("Origin", "http://rebound.example:4579")],
            [("Host", "127.0.0.1:4579"), ("Origin", "null")],
            [("Host", "127.0.0.1:4579"), ("Origin", "http://127.0.0.1:4580")],
        ]
        for headers in refused {
            #expect(!Self.allowed("POST", headers), "\(headers)")
            #expect(!Self.allowed("DELETE", headers), "\(headers)")
        }
        #expect(throws: AWSError.forbidden("Cross-site request refused: Origin http://evil.example is not this emulator reached at an IP address or localhost (Host 127.0.0.1:4579).")) {
            try BrowserOriginGuard.check(Self.request("PUT", [("Host", "127.0.0.1:4579"), ("Origin", "http://evil.example")]))
        }
    }
}
