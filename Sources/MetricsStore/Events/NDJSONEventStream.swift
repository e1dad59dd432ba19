/// Decodes NDJSON fed in arbitrary chunks (a pipe, a large file) without holding the input:
/// complete lines are decoded as they arrive, a partial last line waits for the next chunk.
public struct NDJSONEventStream {
    public let source: String
    public let catalog: ISPCatalog
    private var state: EventDecoder.State
    /// Physical lines fully consumed so far.
    public private(set) var linesRead = 0
    private var carry: [UInt8] = []

    public init(source: String, catalog: ISPCatalog) {
        self.source = source
        self.catalog = catalog
        self.state = EventDecoder.State(catalog: catalog)
    }

    /// Decodes every complete line in `chunk` (plus what was carried over) and hands each event to
    /// `sink`. Throws EventDecodingError for bad input, or whatever `sink` throws.
    public mutating func consume(_ chunk: UnsafeRawBufferPointer, _ sink: (Event) throws -> Void) throws {
        guard let base = chunk.baseAddress, chunk.count > 0 else { return }
        var start = 0
        let n = chunk.count
        if !carry.isEmpty {
            // Finish the carried line first.
            guard let nl = Self.findNewline(base, 0, n) else {
                carry.append(contentsOf: chunk)
                return
            }
            carry.append(contentsOf: UnsafeRawBufferPointer(start: base, count: nl))
            let line = carry
            carry.removeAll(keepingCapacity: true)
            try line.withUnsafeBytes { raw in try decodeLine(raw, sink) }
            start = nl + 1
        }
        while start < n {
            guard let nl = Self.findNewline(base, start, n) else {
                carry.append(contentsOf: UnsafeRawBufferPointer(start: base + start, count: n - start))
                return
            }
            try decodeLine(UnsafeRawBufferPointer(start: base + start, count: nl - start), sink)
            start = nl + 1
        }
    }

    /// Decodes a last line that had no final newline.
    public mutating func finish(_ sink: (Event) throws -> Void) throws {
        guard !carry.isEmpty else { return }
        let line = carry
        carry.removeAll()
        try line.withUnsafeBytes { raw in try decodeLine(raw, sink) }
    }

    private mutating func decodeLine(_ raw: UnsafeRawBufferPointer, _ sink: (Event) throws -> Void) throws {
        linesRead += 1
        var line = raw
        if line.count > 0 && line[line.count - 1] == 0x0D { line = UnsafeRawBufferPointer(rebasing: line[0..<(line.count - 1)]) }
        let event: Event?
        do throws(EventDecoder.FieldProblem) {
            event = try EventDecoder.decodeLine(line, &state)
        } catch {
            throw EventDecodingError(source: source, line: linesRead, field: error.field, reason: error.reason)
        }
        if let event { try sink(event) }
    }

    @inline(__always) private static func findNewline(_ base: UnsafeRawPointer, _ from: Int, _ to: Int) -> Int? {
        guard let p = memchrShim(base + from, 0x0A, to - from) else { return nil }
        return p - base
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@inline(__always) private func memchrShim(_ p: UnsafeRawPointer, _ byte: Int32, _ n: Int) -> UnsafeRawPointer? {
    guard n > 0 else { return nil }
    return UnsafeRawPointer(memchr(p, byte, n))
}
