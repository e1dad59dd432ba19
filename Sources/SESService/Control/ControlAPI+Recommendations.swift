import HTTPServer
import SESDomain
import SESWire

/// `PUT|GET|DELETE /_emulator/recommendations`: what ListRecommendations answers.
extension ControlAPI {
    func registerRecommendations(into router: inout Router) {
        router.add("GET", "/_emulator/recommendations", handler { _ in Recommendations.document(self.recommendations.all) })
        router.add("PUT", "/_emulator/recommendations", handler { request in
            let parsed = try Self.recommendations(from: request)
            self.recommendations.replace(parsed)
            return Recommendations.document(parsed)
        })
        router.add("DELETE", "/_emulator/recommendations", handler { _ in
            self.recommendations.removeAll()
            return Recommendations.document([])
        })
    }

    /// Any problem is a 400 naming the item and member, and nothing changes.
    private static func recommendations(from request: HTTPRequest) throws(AWSError) -> [Recommendation] {
        if let contentType = request.headers["Content-Type"], !MediaType.isJSON(contentType: contentType) {
            throw .unsupportedMediaType("Content-Type must be application/json, not '\(contentType)'.")
        }
        do {
            return try Recommendations.parse(request.body)
        } catch {
            throw .badRequest("Invalid recommendations: \(error.description)")
        }
    }
}
