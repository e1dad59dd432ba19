import JSON
import Support

/// The compact service model the generator writes (`Generated/`): the JSON text of one service's
/// facts in three parts, so that the route table (operations) is read at start without the shapes.
public struct ServiceModelSource: Sendable {
    /// Name, protocol, API version, signing name.
    public let service: String
    public let operations: String
    public let shapes: String

    public init(service: String, operations: String, shapes: String) {
        self.service = service
        self.operations = operations
        self.shapes = shapes
    }
}

/// One AWS service model (botocore's `service-2.json`, facts only): its operations with their
/// HTTP bindings and the shapes of their inputs, outputs and errors. The one source of routes,
/// members, constraints and error shapes. The shapes are read when first asked for.
public struct ServiceModel: Sendable {
    public enum WireProtocol: String, Sendable {
        case restJSON = "rest-json"
        case query
    }

    public let service: String
    /// The botocore release the model was taken from.
    public let botocoreVersion: String
    public let wireProtocol: WireProtocol
    public let apiVersion: String
    public let signingName: String
    /// The Query protocol's XML namespace; nil for restJson1.
    public let xmlNamespace: String?
    /// By name, in the model's (sorted) order.
    public let operations: [Operation]
    private let operationIndex: [String: Int]
    private let shapeTable: ShapeTable

    public static let sesv2 = ServiceModel.load(.sesv2)
    public static let ses = ServiceModel.load(.ses)

    /// The committed sources are checked by the tests; one that does not parse is a build defect.
    private static func load(_ source: ServiceModelSource) -> ServiceModel {
        do { return try ServiceModel(source) } catch { fatalError("The generated service model does not parse: \(error)") }
    }

    public init(_ source: ServiceModelSource) throws(ServiceModelError) {
        let root = try ModelReader(try Self.parse(source.service, "model"), at: "model")
        service = try root.string("service")
        botocoreVersion = try root.string("botocore")
        guard let wire = WireProtocol(rawValue: try root.string("protocol")) else {
            throw ServiceModelError("model.protocol: unknown protocol")
        }
        wireProtocol = wire
        apiVersion = try root.string("apiVersion")
        signingName = try root.string("signingName")
        xmlNamespace = try root.optionalString("xmlNamespace")
        var operations: [Operation] = []
        for (name, value) in try ModelReader(try Self.parse(source.operations, "operations"), at: "operations").entries {
            operations.append(try Operation(name: name, try ModelReader(value, at: "operations.\(name)")))
        }
        self.operations = operations
        operationIndex = Dictionary(operations.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        shapeTable = ShapeTable(source.shapes, operations: operations)
    }

    public func operation(named name: String) -> Operation? {
        operationIndex[name].map { operations[$0] }
    }

    /// Every shape by name; the committed models are checked by the tests, so one that does not
    /// read is a build defect.
    public var shapes: [String: Shape] {
        do { return try loadShapes() } catch { fatalError("The generated \(service) shapes do not read: \(error)") }
    }

    public func shape(_ name: String) -> Shape? { shapes[name] }

    /// The shapes, read and checked on the first call (every name an operation or a shape uses
    /// exists, so readers of the model never meet a dangling name).
    public func loadShapes() throws(ServiceModelError) -> [String: Shape] { try shapeTable.load() }

    static func parse(_ text: String, _ part: String) throws(ServiceModelError) -> JSONValue {
        do { return try JSONParser.parse(Array(text.utf8), maxDepth: 16) } catch {
            throw ServiceModelError("\(part): not JSON: \(error)")
        }
    }
}

/// The shapes of one model, read once, on first use.
private final class ShapeTable: @unchecked Sendable {
    private let source: String
    private let operations: [Operation]
    private let lock = Lock()
    private var loaded: Result<[String: Shape], ServiceModelError>?

    init(_ source: String, operations: [Operation]) {
        self.source = source
        self.operations = operations
    }

    func load() throws(ServiceModelError) -> [String: Shape] {
        let result = lock.withLock {
            if let loaded { return loaded }
            let result = Result { () throws(ServiceModelError) in try read() }
            loaded = result
            return result
        }
        return try result.get()
    }

    private func read() throws(ServiceModelError) -> [String: Shape] {
        var shapes: [String: Shape] = [:]
        for (name, value) in try ModelReader(try ServiceModel.parse(source, "shapes"), at: "shapes").entries {
            shapes[name] = try Shape(name: name, try ModelReader(value, at: "shapes.\(name)"))
        }
        for operation in operations {
            for name in [operation.input, operation.output].compactMap({ $0 }) + operation.errors where shapes[name] == nil {
                throw ServiceModelError("operations.\(operation.name) names the missing shape \(name)")
            }
        }
        for shape in shapes.values {
            let named = shape.members.map(\.shape) + [shape.member, shape.key, shape.value].compactMap { $0?.shape }
            for name in named where shapes[name] == nil {
                throw ServiceModelError("shapes.\(shape.name) names the missing shape \(name)")
            }
        }
        return shapes
    }
}

/// A generated model that does not read as the generator writes it.
public struct ServiceModelError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
