import SESDomain

/// A REST path template of the service model, `/v2/email/identities/{EmailIdentity}`: literal
/// segments and `{Name}` segments that capture one whole path segment.
struct PathTemplate: Sendable, Equatable, CustomStringConvertible {
    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
    }

    let description: String
    let segments: [Segment]

    init(_ text: String) {
        description = text
        segments = Self.split(text).map { part in
            if part.hasPrefix("{") && part.hasSuffix("}") && part.count > 2 {
                return .parameter(String(part.dropFirst().dropLast()))
            }
            return .literal(String(part))
        }
    }

    /// More literal segments match a path more specifically: `/import-jobs/list` before `/import-jobs/{JobId}`.
    var literalCount: Int {
        segments.reduce(0) { n, s in if case .literal = s { return n + 1 } else { return n } }
    }

    /// The captured parameters when `pathSegments` fits the template; an empty capture never fits.
    func match(_ pathSegments: [Substring]) -> [String: String]? {
        guard pathSegments.count == segments.count else { return nil }
        var parameters: [String: String] = [:]
        for (segment, part) in zip(segments, pathSegments) {
            switch segment {
            case .literal(let text):
                guard part == text else { return nil }
            case .parameter(let name):
                guard !part.isEmpty else { return nil }
                parameters[name] = String(part)
            }
        }
        return parameters
    }

    /// `/a/b/` → ["a", "b", ""]: a trailing slash is a segment of its own, as in the model's
    /// `/v2/email/insights/{MessageId}/`.
    static func split(_ path: String) -> [Substring] {
        Array(path.split(separator: "/", omittingEmptySubsequences: false).dropFirst())
    }
}
