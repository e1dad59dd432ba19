import JSON
import SESWire

/// The S/MIME certificates associated with an identity, kept in its document under
/// `Certificates` as `{FromAddress?, CertificateArn, Status}` each, one a sender address (none:
/// the identity as a whole). ACTIVE at once (nothing is provisioned here).
package enum IdentityCertificates {
    package static let member = "Certificates"

    package static func all(_ identity: Resource?) -> [JSONObject] {
        guard case .array(let items)? = identity?[member] else { return [] }
        return items.compactMap { if case .object(let o) = $0 { return o }; return nil }
    }

    package static func fromAddress(_ certificate: JSONObject) -> String? {
        if case .string(let s)? = certificate["FromAddress"] { return s.lowercased() }
        return nil
    }

    /// A certificate ARN as the model's pattern has it: `arn:<partition>:<service>:<region>:<account>:certificate/<id>`.
    package static func check(arn: String) throws(AWSError) {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", parts[4].allSatisfy(\.isNumber), !parts[4].isEmpty,
              parts[5].hasPrefix("certificate/"), parts[5].count > "certificate/".count else {
            throw .badRequest("Invalid CertificateArn \(arn): expected arn:<partition>:<service>:<region>:<account>:certificate/<id>.")
        }
    }
}
