import HTTPServer
import SESWire

/// The control API changes state and the console puts it in front of a browser, so a page from
/// elsewhere must not drive it: browsers mark their requests (`Origin`, `Sec-Fetch-Site`), and a
/// state-changing call so marked is served only from the emulator's own origin, reached by an IP
/// address or `localhost` (a DNS name could be rebound to 127.0.0.1 by the page's own site).
/// Calls without those headers (curl, SDKs, test code) are not browsers' and pass.
enum BrowserOriginGuard {
    static func check(_ request: HTTPRequest) throws(AWSError) {
        guard request.method != "GET" && request.method != "HEAD" else { return }
        if let site = request.headers["Sec-Fetch-Site"], site != "same-origin" && site != "none" {
            throw .forbidden("Cross-site request refused: the control API changes state only for pages it serves itself (Sec-Fetch-Site: \(site)).")
        }
        guard let origin = request.headers["Origin"] else { return }
        let host = request.headers["Host"] ?? ""
        guard origin == "http://\(host)", isAddressOrLocalhost(host) else {
            throw .forbidden("Cross-site request refused: Origin \(origin) is not this emulator reached at an IP address or localhost (Host \(host)).")
        }
    }

    /// `127.0.0.1:4579`, `[::1]:4579`, `localhost:4579`: names no other site can point here.
    static func isAddressOrLocalhost(_ host: String) -> Bool {
        var name = Substring(host)
        if name.hasPrefix("[") { return name.contains("]") }   // an IPv6 literal
        if let colon = name.lastIndex(of: ":") { name = name[..<colon] }
        if name.lowercased() == "localhost" { return true }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { UInt8($0) != nil }
    }
}
