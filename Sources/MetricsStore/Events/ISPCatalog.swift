import Support
import JSON
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The ISPs events and queries may name, which of them have a feedback loop with SES (that
/// decides DELIVERY_COMPLAINT), and which mail domains each one hosts (a send's recipient domain
/// picks its ISP; the `fallback` entry takes every other domain). Names match exactly,
/// case-sensitively; domains case-insensitively.
public struct ISPCatalog: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var feedbackLoop: Bool
        /// Lowercased mail domains whose recipients this ISP hosts.
        public var domains: [String]
        /// The ISP of recipients at domains no entry lists (exactly one entry has it).
        public var fallback: Bool
        public init(name: String, feedbackLoop: Bool, domains: [String] = [], fallback: Bool = false) {
            self.name = name
            self.feedbackLoop = feedbackLoop
            self.domains = domains.map { $0.lowercased() }
            self.fallback = fallback
        }
    }

    /// The fallback a catalog without one gets, so every recipient domain has an ISP.
    public static let defaultFallback = Entry(name: "Other", feedbackLoop: false, fallback: true)

    public let entries: [Entry]
    private let positions: [String: Int]
    private let utf8Names: [[UInt8]]
    private let byDomain: [String: Int]
    private let fallbackIndex: Int

    /// The emulator's decision (docs/data-and-events.md, "Metric semantics"): feedback loop for Hotmail,
    /// Yahoo, Aol, Comcast, Gmx; none for Gmail, ExchangeOnline, Icloud, Tencent, NetEase, Other.
    /// seed-data/isp-catalog.json holds the same list.
    public static let builtIn: ISPCatalog = try! ISPCatalog(entries: [
        Entry(name: "Gmail", feedbackLoop: false, domains: ["gmail.com", "googlemail.com"]),
        Entry(name: "Hotmail", feedbackLoop: true, domains: ["outlook.com", "hotmail.com", "live.com", "msn.com"]),
        Entry(name: "ExchangeOnline", feedbackLoop: false),
        Entry(name: "Yahoo", feedbackLoop: true, domains: ["yahoo.com"]),
        Entry(name: "Icloud", feedbackLoop: false, domains: ["icloud.com", "me.com", "mac.com"]),
        Entry(name: "Aol", feedbackLoop: true, domains: ["aol.com"]),
        Entry(name: "Comcast", feedbackLoop: true, domains: ["comcast.net"]),
        Entry(name: "Gmx", feedbackLoop: true, domains: ["gmx.de", "gmx.net", "gmx.com"]),
        Entry(name: "Tencent", feedbackLoop: false, domains: ["qq.com"]),
        Entry(name: "NetEase", feedbackLoop: false, domains: ["163.com", "126.com"]),
        defaultFallback,
    ])

    /// A catalog without a fallback entry gets `defaultFallback` appended.
    public init(entries: [Entry], source: String = "") throws(ISPCatalogError) {
        guard !entries.isEmpty else { throw ISPCatalogError(source: source, reason: "isps: must list at least one ISP") }
        var entries = entries
        if !entries.contains(where: \.fallback) && !entries.contains(where: { $0.name == Self.defaultFallback.name }) {
            entries.append(Self.defaultFallback)
        }
        var positions: [String: Int] = [:]
        var byDomain: [String: Int] = [:]
        var fallbackIndex: Int?
        for (i, e) in entries.enumerated() {
            if let r = Event.identifierProblem(e.name) {
                throw ISPCatalogError(source: source, reason: "isps[\(i)].name: \(r)")
            }
            if positions.updateValue(i, forKey: e.name) != nil {
                throw ISPCatalogError(source: source, reason: "isps[\(i)].name: duplicate ISP \"\(e.name)\"")
            }
            for domain in e.domains {
                if domain.isEmpty || domain.contains("@") || domain.contains(where: \.isWhitespace) {
                    throw ISPCatalogError(source: source, reason: "isps[\(i)].domains: \"\(domain)\" is not a domain name")
                }
                if let other = byDomain.updateValue(i, forKey: domain) {
                    throw ISPCatalogError(source: source, reason: "isps[\(i)].domains: \"\(domain)\" is already listed by \(entries[other].name)")
                }
            }
            if e.fallback {
                if let first = fallbackIndex {
                    throw ISPCatalogError(source: source, reason: "isps[\(i)].fallback: only one ISP may be the fallback (\(entries[first].name) is)")
                }
                fallbackIndex = i
            }
        }
        self.entries = entries
        self.positions = positions
        self.utf8Names = entries.map { Array($0.name.utf8) }
        self.byDomain = byDomain
        // No entry flagged: a catalog that names its own "Other" keeps it as the fallback.
        self.fallbackIndex = fallbackIndex ?? positions[Self.defaultFallback.name]!
    }

    /// Parses `{"isps":[{"name":"Gmail","feedbackLoop":false,"domains":["gmail.com"]}, ...]}`
    /// (`domains` and `fallback` optional); unknown keys are errors.
    public init(jsonBytes: [UInt8], source: String = "ISP catalog") throws(ISPCatalogError) {
        let root: JSONValue
        do { root = try JSONParser.parse(jsonBytes) } catch {
            throw ISPCatalogError(source: source, reason: "invalid JSON: \(error)")
        }
        guard case .object(let obj) = root else {
            throw ISPCatalogError(source: source, reason: "expected an object with an \"isps\" array")
        }
        for key in obj.keys where key != "isps" {
            throw ISPCatalogError(source: source, reason: "\(key): unknown field")
        }
        guard case .array(let items)? = obj["isps"] else {
            throw ISPCatalogError(source: source, reason: "isps: required, an array of {\"name\",\"feedbackLoop\"}")
        }
        var entries: [Entry] = []
        for (i, item) in items.enumerated() {
            guard case .object(let o) = item else {
                throw ISPCatalogError(source: source, reason: "isps[\(i)]: expected an object, got \(item.typeName)")
            }
            for key in o.keys where !["name", "feedbackLoop", "domains", "fallback"].contains(key) {
                throw ISPCatalogError(source: source, reason: "isps[\(i)].\(key): unknown field")
            }
            guard case .string(let name)? = o["name"] else {
                throw ISPCatalogError(source: source, reason: "isps[\(i)].name: required, a string")
            }
            guard case .bool(let fbl)? = o["feedbackLoop"] else {
                throw ISPCatalogError(source: source, reason: "isps[\(i)].feedbackLoop: required, a boolean")
            }
            var domains: [String] = []
            switch o["domains"] {
            case nil: break
            case .array(let items)?:
                for item in items {
                    guard case .string(let d) = item else {
                        throw ISPCatalogError(source: source, reason: "isps[\(i)].domains: a list of strings")
                    }
                    domains.append(d)
                }
            default: throw ISPCatalogError(source: source, reason: "isps[\(i)].domains: a list of strings")
            }
            var fallback = false
            switch o["fallback"] {
            case nil: break
            case .bool(let b)?: fallback = b
            default: throw ISPCatalogError(source: source, reason: "isps[\(i)].fallback: a boolean")
            }
            entries.append(Entry(name: name, feedbackLoop: fbl, domains: domains, fallback: fallback))
        }
        try self.init(entries: entries, source: source)
    }

    public init(contentsOfFile path: String) throws(ISPCatalogError) {
        let bytes: [UInt8]
        do { bytes = try FileIO.readAll(path: path) } catch {
            throw ISPCatalogError(source: path, reason: error.reason)
        }
        try self.init(jsonBytes: bytes, source: path)
    }

    public var names: [String] { entries.map(\.name) }

    /// Names of the ISPs with a feedback loop, in catalog order.
    public var feedbackLoopNames: [String] { entries.filter(\.feedbackLoop).map(\.name) }

    public func contains(_ name: String) -> Bool { positions[name] != nil }

    /// The ISP hosting mail for `domain` (any case), else the fallback.
    public func isp(forDomain domain: String) -> String {
        entries[byDomain[domain.lowercased()] ?? fallbackIndex].name
    }

    public func hasFeedbackLoop(_ name: String) -> Bool {
        guard let i = positions[name] else { return false }
        return entries[i].feedbackLoop
    }

    /// The catalog's own copy of `name` (so decoded events share one string per ISP).
    func canonicalName(_ name: String) -> String? {
        positions[name].map { entries[$0].name }
    }

    /// The catalog's name spelled by these UTF-8 bytes, without building a String for short
    /// catalogs (the decoder's hot path).
    func canonicalName(bytes: UnsafeBufferPointer<UInt8>) -> String? {
        if utf8Names.count > 32 { return canonicalName(String(decoding: bytes, as: UTF8.self)) }
        for (i, n) in utf8Names.enumerated() where n.count == bytes.count {
            if n.withUnsafeBufferPointer({ memcmp($0.baseAddress!, bytes.baseAddress!, n.count) }) == 0 {
                return entries[i].name
            }
        }
        return nil
    }

    /// The catalog as JSON, in the file format above.
    public var jsonBytes: [UInt8] {
        var out = Array("{\"isps\":[\n".utf8)
        for (i, e) in entries.enumerated() {
            out += Array("  {\"name\":".utf8)
            JSONWriter.appendString(e.name, to: &out)
            out += Array(",\"feedbackLoop\":\(e.feedbackLoop)".utf8)
            if !e.domains.isEmpty {
                out += Array(",\"domains\":[".utf8)
                for (j, d) in e.domains.enumerated() {
                    if j > 0 { out.append(UInt8(ascii: ",")) }
                    JSONWriter.appendString(d, to: &out)
                }
                out.append(UInt8(ascii: "]"))
            }
            if e.fallback { out += Array(",\"fallback\":true".utf8) }
            out.append(UInt8(ascii: "}"))
            out += Array((i + 1 < entries.count ? ",\n" : "\n").utf8)
        }
        out += Array("]}\n".utf8)
        return out
    }

    public static func == (lhs: ISPCatalog, rhs: ISPCatalog) -> Bool { lhs.entries == rhs.entries }
}
