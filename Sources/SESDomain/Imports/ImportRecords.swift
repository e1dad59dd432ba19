import JSON

/// The records of an import file. Suppression list files, as SES documents them: CSV lines
/// `address,REASON` (no header), or JSON lines `{"emailAddress": ..., "reason": ...}`. Contact list
/// files (SES documents no layout; this one is ours): CSV lines `address[,unsubscribeAll[,attributesData]]`,
/// or JSON lines `{"emailAddress", "unsubscribeAll", "attributesData", "topicPreferences": [{"topicName", "subscriptionStatus"}]}`.
enum ImportRecords {
    struct Record {
        var address: String
        var reason: String?
        var unsubscribeAll = false
        var attributesData: String?
        var topicPreferences: [(topic: String, status: String)] = []
    }

    static func parse(_ bytes: [UInt8], format: String) throws(ImportFailure) -> [Record] {
        var records: [Record] = []
        for (n, line) in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true).enumerated() {
            let text = String(decoding: line, as: UTF8.self).trimmingSpaces
            if text.isEmpty { continue }
            if format == "JSON" {
                guard case .object(let o)? = try? JSONParser.parse(Array(text.utf8)), case .string(let address)? = o["emailAddress"] else {
                    throw ImportFailure("Line \(n + 1) is not a JSON object with an emailAddress.")
                }
                var record = Record(address: address)
                if case .string(let r)? = o["reason"] { record.reason = r.uppercased() }
                if case .bool(let b)? = o["unsubscribeAll"] { record.unsubscribeAll = b }
                if case .string(let d)? = o["attributesData"] { record.attributesData = d }
                if case .array(let items)? = o["topicPreferences"] {
                    for case .object(let p) in items {
                        if case .string(let t)? = p["topicName"], case .string(let s)? = p["subscriptionStatus"] { record.topicPreferences.append((t, s)) }
                    }
                }
                records.append(record)
            } else {
                let fields = text.split(separator: ",", maxSplits: 2, omittingEmptySubsequences: false).map { String($0).trimmingSpaces }
                var record = Record(address: fields[0])
                if fields.count > 1 {
                    record.reason = fields[1].uppercased()
                    record.unsubscribeAll = fields[1].lowercased() == "true"
                }
                if fields.count > 2, !fields[2].isEmpty { record.attributesData = fields[2] }
                records.append(record)
            }
        }
        return records
    }
}

private extension String {
    /// Without leading and trailing spaces, tabs and carriage returns.
    var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
        return String(drop(while: isSpace).reversed().drop(while: isSpace).reversed())
    }
}
