import Support

/// Reads a `GroupedQuery` from the rollups: the rows whose grouped columns hold a value (not the
/// "all" sentinel) and whose other columns are "all", summed per combination over the days of the
/// range. One scan for the wanted metrics and the once-per-event ones (row presence and the
/// counted events); DELIVERY_COMPLAINT without an ISP grouping needs a second scan of the
/// feedback-loop ISPs' DELIVERY rows.
struct GroupedSumsReader {
    let db: Database
    let catalog: ISPCatalog

    func read(_ q: GroupedQuery) throws -> GroupedSums {
        let firstDay = UTCCalendar.ceilDays(seconds: q.startDate)
        let endDay = UTCCalendar.ceilDays(seconds: q.endDate)
        guard firstDay < endDay else { return GroupedSums(rows: [], countedEvents: 0) }
        let ispPosition = q.groupings.firstIndex { $0.dimension == .isp }
        // Sums per combination of the grouped values, indexed by Metric.ordinal.
        var sums: [[String]: [Int64]] = [:]
        var counted: Int64 = 0
        let wanted = Set(q.metrics.map { $0 == .DELIVERY_COMPLAINT ? .DELIVERY : $0 }).union(Metric.oncePerEvent)
        let oncePerEvent = Set(Metric.oncePerEvent)
        try scan(q, metrics: Metric.allCases.filter(wanted.contains), isps: nil, firstDay: firstDay, endDay: endDay) { metric, key, total in
            var row = sums[key] ?? Array(repeating: 0, count: Metric.allCases.count)
            row[Int(metric.ordinal)] += total
            if metric == .DELIVERY, let i = ispPosition, catalog.hasFeedbackLoop(key[i]) {
                row[Int(Metric.DELIVERY_COMPLAINT.ordinal)] += total
            }
            if oncePerEvent.contains(metric) { counted += total }
            sums[key] = row
        }
        if ispPosition == nil && q.metrics.contains(.DELIVERY_COMPLAINT) && !catalog.feedbackLoopNames.isEmpty {
            try scan(q, metrics: [.DELIVERY], isps: catalog.feedbackLoopNames, firstDay: firstDay, endDay: endDay) { _, key, total in
                sums[key, default: Array(repeating: 0, count: Metric.allCases.count)][Int(Metric.DELIVERY_COMPLAINT.ordinal)] += total
            }
        }
        let rows = combinations(q, present: sums).map { values in
            let all = sums[values]
            return GroupedSums.Row(values: values, sums: q.metrics.map { all?[Int($0.ordinal)] ?? 0 })
        }
        return GroupedSums(rows: rows, countedEvents: counted)
    }

    /// The rows to write: listed values and catalog ISPs always; for `*` on another dimension,
    /// the combinations some counted event has (the others are one value each then).
    private func combinations(_ q: GroupedQuery, present sums: [[String]: [Int64]]) -> [[String]] {
        let ispPosition = q.groupings.firstIndex { $0.dimension == .isp }
        let expandsFromData = q.groupings.contains { $0.dimension != .isp && $0.values == .every }
        var bases: Set<[String]> = []
        if expandsFromData {
            let counted = Metric.oncePerEvent.map { Int($0.ordinal) }
            for (key, row) in sums where counted.contains(where: { row[$0] != 0 }) {
                var base = key
                if let i = ispPosition, q.groupings[i].values == .every { base[i] = "" }
                bases.insert(base)
            }
        } else {
            bases = [[]]
            for grouping in q.groupings {
                let values: [String]
                switch grouping.values {
                case .listed(let listed): values = listed
                case .every: values = [""]   // only ISP gets here; filled in below
                }
                bases = Set(bases.flatMap { base in values.map { base + [$0] } })
            }
        }
        var rows: [[String]] = []
        for base in bases {
            if let i = ispPosition, q.groupings[i].values == .every {
                for isp in catalog.names {
                    var row = base
                    row[i] = isp
                    rows.append(row)
                }
            } else {
                rows.append(base)
            }
        }
        return rows.sorted { a, b in
            for (x, y) in zip(a, b) where x != y { return x.utf8.lexicographicallyPrecedes(y.utf8) }
            return false
        }
    }

    /// Calls `body` with each matching rollup row's metric, grouped values and sum over the
    /// range's days. `isps`: read these ISPs' rows (summed into one key) instead of ISP "all".
    private func scan(_ q: GroupedQuery, metrics: [Metric], isps: [String]?, firstDay: Int64, endDay: Int64,
                      _ body: (Metric, [String], Int64) -> Void) throws {
        var conditions = ["metric IN (\(metrics.map { "'\($0.rawValue)'" }.joined(separator: ", ")))", "block >= ?1", "block <= ?2"]
        var bindings: [String] = []
        func parameters(_ values: [String]) -> String {
            let first = bindings.count + 3
            bindings += values
            return (first..<first + values.count).map { "?\($0)" }.joined(separator: ", ")
        }
        for dimension in GroupingDimension.allCases {
            let column = dimension.rawValue
            switch q.groupings.first(where: { $0.dimension == dimension })?.values {
            case .listed(let values)?: conditions.append("\(column) IN (\(parameters(values)))")
            case .every?:
                conditions.append("\(column) <> '\(Schema.all)'")
                if dimension == .configurationSet { conditions.append("\(column) <> '\(Schema.noConfigurationSet)'") }
            case nil:
                if dimension == .isp, let isps {
                    conditions.append("isp IN (\(parameters(isps)))")
                } else {
                    conditions.append("\(column) = '\(Schema.all)'")
                }
            }
        }
        let columns = q.groupings.map(\.dimension.rawValue)
        let s = try db.makeStatement("SELECT metric, block, counts\(columns.map { ", " + $0 }.joined()) FROM rollups WHERE "
                                     + conditions.joined(separator: " AND "))
        s.bind(RollupBlock.block(ofDay: firstDay), at: 1)
        s.bind(RollupBlock.block(ofDay: endDay - 1), at: 2)
        for (i, value) in bindings.enumerated() { s.bind(value, at: Int32(i + 3)) }
        try withUnsafeTemporaryAllocation(of: Int64.self, capacity: RollupBlock.days) { slots in
            while try s.step() {
                guard let metric = s.string(at: 0).flatMap(Metric.init(rawValue:)) else { continue }
                slots.initialize(repeating: 0)
                s.withBlob(at: 2) { RollupBlock.accumulate($0, into: slots) }
                let start = RollupBlock.firstDay(ofBlock: s.int64(at: 1))
                var total: Int64 = 0
                for slot in 0..<RollupBlock.days {
                    let day = start + Int64(slot)
                    if day >= firstDay && day < endDay { total += slots[slot] }
                }
                guard total != 0 else { continue }
                body(metric, (0..<columns.count).map { s.string(at: Int32(3 + $0)) ?? "" }, total)
            }
        }
    }
}
