import SESWire
import Synchronization

/// The recommendations ListRecommendations answers, as `PUT /_emulator/recommendations` set them
/// (memory only; none at start and after `/_emulator/reset`).
package final class Recommendations: Sendable {
    private let items = Mutex<[Recommendation]>([])

    package init() {}

    package var all: [Recommendation] { items.withLock { $0 } }

    package func replace(_ recommendations: [Recommendation]) {
        items.withLock { $0 = recommendations }
    }

    package func removeAll() {
        items.withLock { $0 = [] }
    }

    /// `{"Recommendations":[...]}`, the control API's answer.
    package static func document(_ recommendations: [Recommendation]) -> [UInt8] {
        JSONFragment.object([("Recommendations", .array(recommendations.map(\.fragment)))]).bytes
    }

    /// The body of `PUT /_emulator/recommendations`; problems name the item and member.
    package static func parse(_ bytes: [UInt8]) throws(StrictObjectReader.Problem) -> [Recommendation] {
        var r = try StrictObjectReader(try StrictObjectReader.document(bytes), path: "")
        guard let items = try r.array("Recommendations") else { throw .init(description: "Recommendations is required") }
        try r.finish()
        var recommendations: [Recommendation] = []
        for (i, item) in items.enumerated() {
            recommendations.append(try Recommendation(item, path: "Recommendations[\(i)]"))
        }
        return recommendations
    }
}
