import JSON
import SESWire

/// A rule to remove, as `DELETE /_localstack/chaos/faults` lists it: every field given must equal
/// the stored rule's, and a field left out matches anything, so `{"service":"s3"}` removes a
/// stored `{"service":"s3","probability":0.5}` too. Fields are those of a chaos rule.
package struct ChaosRulePattern: Sendable, Equatable {
    package var service: String?
    package var operation: String?
    package var region: String?
    package var probability: Double?
    package var limit: Int64?
    package var accessKeyId: String?
    /// `error` given at all (then the rule must have one), and its fields.
    package var hasError = false
    package var statusCode: Int64?
    package var code: String?
    package var message: String?

    package func matches(_ rule: FaultConfiguration.RequestFault) -> Bool {
        if let service, service != rule.service { return false }
        if let operation, operation != rule.operation { return false }
        if let region, region != rule.match.region { return false }
        if let probability, probability != rule.probability { return false }
        if let limit, limit != rule.limit { return false }
        if let accessKeyId, accessKeyId != rule.match.accessKeyId { return false }
        guard hasError else { return true }
        guard let error = rule.error else { return false }
        if let statusCode, statusCode != error.statusCode { return false }
        if let code, code != error.code { return false }
        if let message, message != error.message { return false }
        return true
    }

    /// The body: a list of patterns; unknown fields and values a rule could not hold are refused.
    package static func list(_ bytes: [UInt8]) throws(StrictObjectReader.Problem) -> [ChaosRulePattern] {
        let document = try StrictObjectReader.document(bytes)
        guard case .array(let items) = document else {
            throw .init(description: "expected a list of fault rules to remove, not \(document.typeName)")
        }
        var patterns: [ChaosRulePattern] = []
        for (i, item) in items.enumerated() {
            patterns.append(try pattern(item, path: "[\(i)]"))
        }
        return patterns
    }

    private static func pattern(_ value: JSONValue, path: String) throws(StrictObjectReader.Problem) -> ChaosRulePattern {
        var r = try StrictObjectReader(value, path: path)
        var p = ChaosRulePattern()
        p.service = try r.string("service")
        p.operation = try r.string("operation")
        p.region = try r.string("region")
        if let probability = try r.double("probability") {
            guard (0...1).contains(probability) else {
                throw .init(description: "\(path).probability must be between 0 and 1, not \(probability)")
            }
            p.probability = probability
        }
        p.limit = try r.int("limit", range: 0...Int64.max)
        if var m = try r.object("match") {
            p.accessKeyId = try m.string("accessKeyId")
            try m.finish()
        }
        if var e = try r.object("error") {
            p.hasError = true
            p.statusCode = try e.int("statusCode", range: 400...599)
            p.code = try e.string("code")
            p.message = try e.string("message")
            try e.finish()
        }
        try r.finish()
        return p
    }
}
