import HTTPServer
import SESWire
import SigV4

/// `--auth`: whether SES requests must be signed with a known key (`sigv4`) or anything goes (`none`).
public enum AuthMode: String, CaseIterable, Sendable {
    case none
    case sigv4
}

extension SigV4Verifier {
    /// What AWS would answer instead of running the operation, or nil when the signature holds.
    func refusal(_ request: HTTPRequest) -> AWSError? {
        do {
            try verify(request)
            return nil
        } catch {
            return AWSError(error)
        }
    }
}
