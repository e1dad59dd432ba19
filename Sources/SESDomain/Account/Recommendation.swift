import JSON
import SESWire
import Support

/// One Virtual Deliverability Manager recommendation, as ListRecommendations answers it.
package struct Recommendation: Sendable, Equatable {
    package var resourceArn: String
    package var type: String
    package var description: String
    package var status: String
    package var createdMillis: Int64
    package var lastUpdatedMillis: Int64
    package var impact: String

    /// The value a `ListRecommendations` filter key compares.
    package func value(forFilter key: String) -> String? {
        switch key {
        case "TYPE": return type
        case "IMPACT": return impact
        case "STATUS": return status
        case "RESOURCE_ARN": return resourceArn
        default: return nil
        }
    }

    /// Timestamps as epoch seconds: botocore's restJson1 wire form.
    package var fragment: JSONFragment {
        .object([("ResourceArn", .string(resourceArn)), ("Type", .string(type)), ("Description", .string(description)),
                 ("Status", .string(status)), ("CreatedTimestamp", .double(Double(createdMillis) / 1000)),
                 ("LastUpdatedTimestamp", .double(Double(lastUpdatedMillis) / 1000)), ("Impact", .string(impact))])
    }

    /// One item of `PUT /_emulator/recommendations`: every member required, enums per the model,
    /// timestamps as RFC 3339 strings or epoch seconds.
    package init(_ value: JSONValue, path: String) throws(StrictObjectReader.Problem) {
        var r = try StrictObjectReader(value, path: path)
        resourceArn = try Self.required(r.string("ResourceArn"), "ResourceArn", r)
        if resourceArn.isEmpty { throw .init(description: "\(path).ResourceArn must not be empty") }
        type = try Self.oneOf(r.string("Type"), "Type", ModelEnums.recommendationType, r)
        description = try Self.required(r.string("Description"), "Description", r)
        status = try Self.oneOf(r.string("Status"), "Status", ModelEnums.recommendationStatus, r)
        createdMillis = try Self.timestamp(r.value("CreatedTimestamp"), "CreatedTimestamp", r)
        lastUpdatedMillis = try Self.timestamp(r.value("LastUpdatedTimestamp"), "LastUpdatedTimestamp", r)
        impact = try Self.oneOf(r.string("Impact"), "Impact", ModelEnums.recommendationImpact, r)
        try r.finish()
    }

    private static func required<T>(_ value: T?, _ key: String, _ r: StrictObjectReader) throws(StrictObjectReader.Problem) -> T {
        guard let value else { throw .init(description: "\(r.path).\(key) is required") }
        return value
    }

    private static func oneOf(_ value: String?, _ key: String, _ allowed: [String], _ r: StrictObjectReader) throws(StrictObjectReader.Problem) -> String {
        let value = try required(value, key, r)
        guard allowed.contains(value) else {
            throw .init(description: "\(r.path).\(key) must be one of \(allowed.joined(separator: ", ")), not '\(value)'")
        }
        return value
    }

    private static func timestamp(_ value: JSONValue?, _ key: String, _ r: StrictObjectReader) throws(StrictObjectReader.Problem) -> Int64 {
        let problem = StrictObjectReader.Problem(
            description: "\(r.path).\(key) must be an RFC 3339 date-time or epoch seconds within years 1970-9999")
        switch try required(value, key, r) {
        case .number(let n):
            let millis = n.doubleValue * 1000
            guard millis.isFinite, millis >= Double(UTCCalendar.minMillis), millis <= Double(UTCCalendar.maxMillis) else { throw problem }
            return Int64(millis)
        case .string(let s):
            var text = s
            let millis = text.withUTF8 { bytes -> Int64? in try? UTCCalendar.parseRFC3339(bytes) }
            guard let millis else { throw problem }
            return millis
        default:
            throw problem
        }
    }
}
