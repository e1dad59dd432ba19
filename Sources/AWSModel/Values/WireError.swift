/// What a protocol codec found wrong with a request, before any operation sees it. The SES layer
/// maps these to AWS's errors (`SerializationException`, `BadRequestException`, the Query
/// protocol's codes) in one place.
public enum WireError: Error, Sendable, Equatable {
    /// The body (or a parameter) cannot be read as the shape's type: `at` is the member's wire path
    /// (`Queries[0].Dimensions.ISP`).
    case serialization(at: String, expected: String, got: String)
    /// A blob member's text is not base64.
    case undecodableBlob(at: String)
    /// The body is not what the protocol carries at all (not JSON, not an object).
    case malformedBody(String)
    /// The model's constraints, every violation in AWS's words (`Value at 'queries.1.member.id'
    /// failed to satisfy constraint: Member must not be null`), in the order found.
    case validation([String])

    /// AWS's sentence for the error.
    public var message: String {
        switch self {
        case .serialization(let at, let expected, let got): return "Invalid type for \(at): expected \(expected), got \(got)"
        case .undecodableBlob(let at): return "\(at): the blob is not valid base64."
        case .malformedBody(let reason): return reason
        case .validation(let violations):
            let noun = violations.count == 1 ? "validation error" : "validation errors"
            return "\(violations.count) \(noun) detected: " + violations.joined(separator: "; ")
        }
    }
}
