import JSON
import SESDomain
import SESWire
import Support

/// JSON bytes → `BatchGetMetricDataRequest`, checking syntax and JSON types only: what fails here
/// is a `SerializationException`, as AWS's deserializer answers. Unknown members are ignored, as
/// AWS's restJson1 services do; duplicate keys: the last wins.
package enum RequestDecoder {
    package static func decode(_ body: [UInt8]) throws(AWSError) -> BatchGetMetricDataRequest {
        let document: JSONValue
        do {
            document = body.isEmpty ? .object(JSONObject(members: [])) : try JSONParser.parse(body)
        } catch {
            throw .serialization("Invalid JSON in request body: \(error.description)")
        }
        guard case .object(let root) = document else {
            throw .serialization("Invalid request body: expected a JSON object, got \(document.typeName)")
        }
        var request = BatchGetMetricDataRequest()
        if let queries = try optional(root["Queries"]) {
            guard case .array(let items) = queries else { throw typeError("Queries", expected: "a list", got: queries) }
            // Plain loops, not typed-throwing closures: Swift 6.3 miscompiles some of those.
            var queries: [BatchGetMetricDataRequest.Query] = []
            for (i, item) in items.enumerated() {
                queries.append(try decodeQuery(item, path: "Queries[\(i)]"))
            }
            request.queries = queries
        }
        return request
    }

    private static func decodeQuery(_ value: JSONValue, path: @autoclosure () -> String) throws(AWSError) -> BatchGetMetricDataRequest.Query {
        // Paths are autoclosures: the message is built only when there is an error to report.
        guard case .object(let object) = value else { throw typeError(path(), expected: "an object", got: value) }
        var query = BatchGetMetricDataRequest.Query()
        query.id = try string(object["Id"], path: path() + ".Id")
        query.namespace = try string(object["Namespace"], path: path() + ".Namespace")
        query.metric = try string(object["Metric"], path: path() + ".Metric")
        query.startDate = try timestamp(object["StartDate"], path: path() + ".StartDate")
        query.endDate = try timestamp(object["EndDate"], path: path() + ".EndDate")
        if let dimensions = try optional(object["Dimensions"]) {
            guard case .object(let map) = dimensions else { throw typeError(path() + ".Dimensions", expected: "a map", got: dimensions) }
            var entries: [(key: String, value: String)] = []
            for (key, value) in map.members {
                guard case .string(let text) = value else { throw typeError("\(path()).Dimensions.\(key)", expected: "a string", got: value) }
                if let i = entries.firstIndex(where: { $0.key == key }) {
                    entries[i].value = text
                } else {
                    entries.append((key, text))
                }
            }
            query.dimensions = entries
        }
        return query
    }

    /// nil for an absent member or an explicit null.
    private static func optional(_ value: JSONValue?) throws(AWSError) -> JSONValue? {
        if case .null = value { return nil }
        return value
    }

    private static func string(_ value: JSONValue?, path: @autoclosure () -> String) throws(AWSError) -> String? {
        guard let value = try optional(value) else { return nil }
        guard case .string(let s) = value else { throw typeError(path(), expected: "a string", got: value) }
        return s
    }

    /// Epoch seconds, or an RFC 3339 date-time string; years 1970 to 9999.
    private static func timestamp(_ value: JSONValue?, path: @autoclosure () -> String) throws(AWSError) -> WireTimestamp? {
        guard let value = try optional(value) else { return nil }
        switch value {
        case .number(let number):
            guard let timestamp = WireTimestamp(number) else {
                throw .serialization("Invalid value for \(path()): \(number.text) is not a timestamp (epoch seconds from 0 to \(UTCCalendar.maxMillis / 1000))")
            }
            return timestamp
        case .string(let text):
            guard let timestamp = WireTimestamp(rfc3339: text) else {
                throw .serialization("Invalid value for \(path()): '\(text)' is not an RFC 3339 date-time (years 1970 to 9999)")
            }
            return timestamp
        default:
            throw typeError(path(), expected: "a timestamp (epoch seconds or an RFC 3339 string)", got: value)
        }
    }

    private static func typeError(_ path: String, expected: String, got value: JSONValue) -> AWSError {
        .serialization("Invalid type for \(path): expected \(expected), got \(value.typeName)")
    }
}
