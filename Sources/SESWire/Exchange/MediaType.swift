import HTTPServer

/// Content negotiation for a JSON API (RFC 9110 §8.3, §12.5.1).
package enum MediaType {
    /// True when `Content-Type` names application/json, with any parameters, in any case.
    package static func isJSON(contentType: String?) -> Bool {
        guard let contentType else { return false }
        // What every SDK sends, recognised without splitting and lower-casing.
        if contentType.utf8.count == 16 && contentType.equalsIgnoringASCIICase("application/json") { return true }
        return essence(contentType) == "application/json"
    }

    /// True unless `Accept` is present and gives JSON no positive weight. The most specific
    /// matching range decides: `application/json;q=0, */*` excludes JSON.
    package static func acceptsJSON(_ headers: HTTPHeaders) -> Bool {
        let ranges = headers.listValues("Accept")
        guard !ranges.isEmpty else { return true }
        var best: (specificity: Int, q: Double)? = nil
        for range in ranges {
            let parts = range.split(separator: ";").map { String($0).trimmingOWS() }
            let type = parts[0].lowercased()
            let specificity: Int
            switch type {
            case "application/json": specificity = 3
            case "application/*": specificity = 2
            case "*/*": specificity = 1
            default: continue
            }
            var q = 1.0
            for parameter in parts.dropFirst() {
                let kv = parameter.split(separator: "=", maxSplits: 1).map { String($0).trimmingOWS().lowercased() }
                if kv.count == 2, kv[0] == "q" { q = Double(kv[1]) ?? 0 }
            }
            if best == nil || specificity > best!.specificity { best = (specificity, q) }
        }
        return (best?.q ?? 0) > 0
    }

    package static func essence(_ contentType: String) -> String {
        String(contentType.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false)[0])
            .trimmingOWS().lowercased()
    }
}
