import JSON
import MetricsStore
import SESWire
import Support

/// `GET /_emulator/summary`: what the store holds, from the rollups (as fast at 10 million events
/// as at ten), how far the seed data was moved, and how many resources of each kind the API
/// created (`resources`, by kind: `email-identity`, `contact`, `suppressed-destination`, ...).
enum SummaryDocument {
    static func bytes(_ summary: DataSummary, resources: [String: Int], seedShiftDays: Int64) -> [UInt8] {
        JSONFragment.object([
            ("events", .int(Int64(summary.eventCount))),
            ("countedEvents", .int(Int64(summary.countedEventCount))),
            ("firstDay", day(summary.firstDay)),
            ("lastDay", day(summary.lastDay)),
            ("identities", counts(summary.identities)),
            ("configurationSets", counts(summary.configurationSets)),
            ("tenants", counts(summary.tenants)),
            ("isps", counts(summary.isps)),
            ("seedShiftDays", .int(seedShiftDays)),
            ("resources", counts(resources)),
        ]).bytes
    }

    private static func day(_ midnight: Int64?) -> JSONFragment {
        midnight.map { .string(UTCCalendar.formatDate(days: $0 / UTCCalendar.secondsPerDay)) } ?? .null
    }

    /// Names in byte order, so the document is the same from run to run.
    private static func counts(_ values: [String: Int]) -> JSONFragment {
        .object(values.sorted { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }
            .map { ($0.key, .int(Int64($0.value))) })
    }
}
