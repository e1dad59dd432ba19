import Support
import JSON
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The ISPs events and queries may name, and which of them have a feedback loop with SES
/// (that decides DELIVERY_COMPLAINT). Names match exactly, case-sensitively.
public struct ISPCatalog: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var feedbackLoop: Bool
        public init(name: String, feedbackLoop: Bool) {
            self.name = name
            self.feedbackLoop = feedbackLoop
        }
    }

    public let entries: [Entry]
    private let positions: [String: Int]
    private let utf8Names: [[UInt8]]

    /// The emulator's decision (README, "Metric semantics"): feedback loop for Hotmail,
    /// Yahoo, Aol, Comcast, Gmx; none for Gmail, ExchangeOnline, Icloud, Tencent, NetEase.
    /// seed-data/isp-catalog.json holds the same list.
    public static let builtIn: ISPCatalog = try! ISPCatalog(entries: [
        Entry(name: "Gmail", feedbackLoop: false),
        Entry(name: "Hotmail", feedbackLoop: true),
        Entry(name: "ExchangeOnline", feedbackLoop: false),
        Entry(name: "Yahoo", feedbackLoop: true),
        Entry(name: "Icloud", feedbackLoop: false),
        Entry(name: "Aol", feedbackLoop: true),
        Entry(name: "Comcast", feedbackLoop: true),
        Entry(name: "Gmx", feedbackLoop: true),
        Entry(name: "Tencent", feedbackLoop: false),
        Entry(name: "NetEase", feedbackLoop: false),
    ])

    public init(entries: [Entry], source: String = "") throws(ISPCatalogError) {
        guard !entries.isEmpty else { throw ISPCatalogError(source: source, reason: "isps: must list at least one ISP") }
        var positions: [String: Int] = [:]
        for (i, e) in entries.enumerated() {
            if let r = Event.identifierProblem(e.name) {
                throw ISPCatalogError(source: source, reason: "isps[\(i)].name: \(r)")
            }
            if positions.updateValue(i, forKey: e.name) != nil {
                throw ISPCatalogError(source: source, reason: "isps[\(i)].name: duplicate ISP \"\(e.name)\"")
            }
        }
        self.entries = entries
        self.positions = positions
        self.utf8Names = entries.map { Array($0.name.utf8) }
    }

    /// Parses `{"isps":[{"name":"Gmail","feedbackLoop":false}, ...]}`; unknown keys are errors.
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
            for key in o.keys where key != "name" && key != "feedbackLoop" {
                throw ISPCatalogError(source: source, reason: "isps[\(i)].\(key): unknown field")
            }
            guard case .string(let name)? = o["name"] else {
                throw ISPCatalogError(source: source, reason: "isps[\(i)].name: required, a string")
            }
            guard case .bool(let fbl)? = o["feedbackLoop"] else {
                throw ISPCatalogError(source: source, reason: "isps[\(i)].feedbackLoop: required, a boolean")
            }
            entries.append(Entry(name: name, feedbackLoop: fbl))
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
            out += Array(",\"feedbackLoop\":\(e.feedbackLoop)}".utf8)
            out += Array((i + 1 < entries.count ? ",\n" : "\n").utf8)
        }
        out += Array("]}\n".utf8)
        return out
    }

    public static func == (lhs: ISPCatalog, rhs: ISPCatalog) -> Bool { lhs.entries == rhs.entries }
}
