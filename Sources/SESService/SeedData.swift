import Support
import Glibc
import MetricsStore

public enum SeedDataError: Error, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case invalidEvent(EventDecodingError)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): return "cannot read seed data \(path): \(reason)"
        case .invalidEvent(let error): return error.description
        }
    }
}

/// The `--seed-data` events: an NDJSON file, or a folder whose `*.ndjson` files are read in byte
/// order of their names. Parsed and validated at start, so a bad seed fails before listening.
public struct SeedData: Sendable {
    public let events: [Event]
    public let files: [String]

    public init(path: String, catalog: ISPCatalog) throws(SeedDataError) {
        var info = stat()
        guard stat(path, &info) == 0 else { throw .unreadable(path: path, reason: FileIO.errnoText()) }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            files = try Self.ndjsonFiles(in: path)
        } else {
            files = [path]
        }
        var events: [Event] = []
        for file in files {
            let bytes: [UInt8]
            do {
                bytes = try FileIO.readAll(path: file)
            } catch {
                throw .unreadable(path: file, reason: error.reason)
            }
            do {
                events += try EventDecoder.decodeNDJSON(bytes, source: file, catalog: catalog)
            } catch {
                throw .invalidEvent(error)
            }
        }
        self.events = events
    }

    /// The whole days that move the newest seed day to yesterday (UTC) as of `now`; 0 without events.
    public func daysToYesterday(now epochSeconds: Int64) -> Int64 {
        guard let newest = events.map(\.day).max() else { return 0 }
        let today = epochSeconds - epochSeconds % 86_400
        return (today - 86_400 - newest) / 86_400
    }

    private static func ndjsonFiles(in folder: String) throws(SeedDataError) -> [String] {
        guard let dir = opendir(folder) else { throw .unreadable(path: folder, reason: FileIO.errnoText()) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name.hasSuffix(".ndjson") && !name.hasPrefix(".") { names.append(name) }
        }
        // Byte order of the names, whatever the locale.
        names.sort { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        let base = folder.hasSuffix("/") ? folder : folder + "/"
        return names.map { base + $0 }
    }
}
