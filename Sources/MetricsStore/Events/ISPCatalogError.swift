/// Why an ISP catalog could not be loaded.
public struct ISPCatalogError: Error, CustomStringConvertible, Sendable, Equatable {
    public var source: String
    public var reason: String
    public var description: String { source.isEmpty ? reason : "\(source): \(reason)" }
}
