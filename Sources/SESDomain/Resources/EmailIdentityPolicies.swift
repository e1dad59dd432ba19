import AWSModel
import JSON
import SESWire

/// An identity's sending authorization policies, kept in its document under `Policies` as the
/// name → policy-text map GetEmailIdentityPolicies answers. SES allows 20 an identity.
package enum EmailIdentityPolicies {
    package static let limit = 20

    /// The stored map.
    package static func all(_ identity: Resource?) -> [(name: String, policy: String)] {
        guard case .object(let o)? = identity?[EmailIdentityAttributes.policies] else { return [] }
        return o.members.compactMap { member in
            if case .string(let text) = member.value { return (member.key, text) }
            return nil
        }
    }

    package static func map(_ identity: Resource?) -> ModelValue {
        .map(all(identity).map { ModelValue.MapEntry($0.name, .string($0.policy)) })
    }

    package static func fragment(_ policies: [(name: String, policy: String)]) -> JSONFragment {
        .object(policies.map { ($0.name, .string($0.policy)) })
    }

    /// A policy name and document as SES takes them: the name `[A-Za-z0-9_-]`, the document a JSON
    /// object with a `Statement`, each statement with an `Effect` of Allow or Deny.
    package static func check(name: String, policy: String) throws(AWSError) {
        guard !name.isEmpty, name.count <= 64, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }) else {
            throw .badRequest("Invalid policy name \(name): only alphanumeric ASCII characters, '_', and '-' are allowed (at most 64).")
        }
        guard case .object(let document)? = try? JSONParser.parse(Array(policy.utf8)) else {
            throw .badRequest("Invalid policy: the policy must be a JSON object.")
        }
        let statements: [JSONValue]
        switch document["Statement"] {
        case .array(let items)?: statements = items
        case .object(let one)?: statements = [.object(one)]
        default: throw .badRequest("Invalid policy: it needs a Statement.")
        }
        guard !statements.isEmpty else { throw .badRequest("Invalid policy: it needs a Statement.") }
        for statement in statements {
            guard case .object(let s) = statement, case .string(let effect)? = s["Effect"], effect == "Allow" || effect == "Deny" else {
                throw .badRequest("Invalid policy: every statement needs an Effect of Allow or Deny.")
            }
        }
    }

    package static func notFound(_ name: String, identity: String) -> AWSError {
        .notFound("Policy \(name) does not exist for email identity \(identity).")
    }
}
