import JSON
import SESWire

public struct OutcomeConfigurationError: Error, CustomStringConvertible, Equatable {
    public let description: String
}

/// Outcome rules: what happens to mail sent through the API beyond the default delivery.
/// `{"seed": 7, "rules": [{"match": {"recipient": "*@bounce.test"}, "outcome": "PERMANENT_BOUNCE",
/// "probability": 0.2}]}`; the first rule that matches and fires decides. Read from
/// `--outcomes FILE` or `PUT /_emulator/outcomes`.
public struct OutcomeConfiguration: Sendable, Equatable {
    public var seed: Int64 = 0
    package var rules: [Rule] = []

    public init() {}

    package struct Rule: Sendable, Equatable {
        /// A glob over the recipient address (any case).
        package var recipient: String?
        package var emailIdentity: String?
        package var configurationSet: String?
        package var isp: String?
        package var outcome: MessageOutcome
        package var probability: Double = 1

        package func matches(recipient address: String, emailIdentity: String, configurationSet: String?, isp: String) -> Bool {
            if let pattern = recipient, !Glob.matches(pattern.lowercased(), address.lowercased()) { return false }
            if let v = self.emailIdentity, v.lowercased() != emailIdentity.lowercased() { return false }
            if let v = self.configurationSet, v != configurationSet { return false }
            if let v = self.isp, v != isp { return false }
            return true
        }
    }

    public init(jsonBytes: [UInt8]) throws(OutcomeConfigurationError) {
        do {
            self = try Self.read(jsonBytes)
        } catch {
            throw OutcomeConfigurationError(description: error.description)
        }
    }

    private static func read(_ bytes: [UInt8]) throws(StrictObjectReader.Problem) -> OutcomeConfiguration {
        var root = try StrictObjectReader(try StrictObjectReader.document(bytes), path: "")
        var configuration = OutcomeConfiguration()
        configuration.seed = try root.int("seed", range: 0...Int64.max) ?? 0
        for (i, item) in (try root.array("rules") ?? []).enumerated() {
            let path = "rules[\(i)]"
            var r = try StrictObjectReader(item, path: path)
            guard let name = try r.string("outcome") else { throw .init(description: "\(path).outcome is required") }
            guard let outcome = MessageOutcome(rawValue: name) else {
                throw .init(description: "\(path).outcome must be one of \(MessageOutcome.allCases.map(\.rawValue).joined(separator: ", ")), not '\(name)'")
            }
            var rule = Rule(outcome: outcome)
            if let p = try r.double("probability") {
                guard (0...1).contains(p) else { throw .init(description: "\(path).probability must be between 0 and 1, not \(p)") }
                rule.probability = p
            }
            if var m = try r.object("match") {
                rule.recipient = try m.string("recipient")
                rule.emailIdentity = try m.string("emailIdentity")
                rule.configurationSet = try m.string("configurationSet")
                rule.isp = try m.string("isp")
                try m.finish()
            }
            try r.finish()
            configuration.rules.append(rule)
        }
        try root.finish()
        return configuration
    }

    package var jsonBytes: [UInt8] {
        let rules = self.rules.map { rule -> JSONFragment in
            var match: [(String, JSONFragment)] = []
            if let v = rule.recipient { match.append(("recipient", .string(v))) }
            if let v = rule.emailIdentity { match.append(("emailIdentity", .string(v))) }
            if let v = rule.configurationSet { match.append(("configurationSet", .string(v))) }
            if let v = rule.isp { match.append(("isp", .string(v))) }
            return .object([("match", .object(match)), ("outcome", .string(rule.outcome.rawValue)), ("probability", .double(rule.probability))])
        }
        return JSONFragment.object([("seed", .int(seed)), ("rules", .array(rules))]).bytes
    }
}
