import Testing
@testable import MetricsStore

private let base = #""type":"SEND","timestamp":"2026-10-05T14:03:00Z","emailIdentity":"example.com","isp":"Gmail""#

private func decode(_ text: String, source: String = "events.ndjson") throws(EventDecodingError) -> [Event] {
    try EventDecoder.decodeNDJSON(Array(text.utf8), source: source, catalog: .builtIn)
}

private func decodeError(_ text: String) -> EventDecodingError? {
    do { _ = try decode(text); return nil } catch { return error }
}

/// The error for one line holding `{base, extra}` (or exactly `object` when given).
private func fieldError(_ extra: String) -> EventDecodingError? {
    decodeError("{" + base + "," + extra + "}\n")
}

@Suite struct EventDecoderTests {
    @Test func minimalEvent_getsDefaults() throws {
        let e = try decode("{" + base + "}\n")
        #expect(e == [Event(type: .SEND, timestampMillis: at("2026-10-05", hour: 14, minute: 3), emailIdentity: "example.com", isp: "Gmail")])
    }

    @Test func everyField_isDecoded() throws {
        let line = #"{"type":"DELIVERY","timestamp":1730419200,"emailIdentity":"a@b.com","configurationSet":"cs","isp":"Hotmail","messageId":"m","eventId":"e","recipientCount":2,"mailboxSimulator":true,"suppressionList":true,"openTracking":true,"clickTracking":true}"#
        let e = try decode(line)
        #expect(e == [Event(type: .DELIVERY, timestampMillis: 1_730_419_200_000, emailIdentity: "a@b.com", configurationSet: "cs",
                            isp: "Hotmail", messageId: "m", eventId: "e", recipientCount: 2, mailboxSimulator: true,
                            suppressionList: true, openTracking: true, clickTracking: true)])
    }

    @Test func nullOptionalFields_meanAbsent() throws {
        let e = try decode("{" + base + #","configurationSet":null,"messageId":null,"eventId":null,"recipientCount":null,"openTracking":null}"#)
        #expect(e[0].configurationSet == nil && e[0].messageId == nil && e[0].eventId == nil && e[0].recipientCount == 1 && !e[0].openTracking)
    }

    @Test func everyEventType_isAccepted() throws {
        for t in EventType.allCases {
            let e = try decode(#"{"type":"\#(t.rawValue)","timestamp":0,"emailIdentity":"x","isp":"Gmx"}"#)
            #expect(e.first?.type == t)
        }
    }

    // MARK: error families

    @Test func unknownField_isRejected() {
        #expect(fieldError(#""recipientcount":1"#) == EventDecodingError(source: "events.ndjson", line: 1, field: "recipientcount", reason: "unknown field"))
    }

    @Test func duplicateField_isRejected() {
        #expect(fieldError(#""isp":"Yahoo""#)?.reason == "duplicate field")
    }

    @Test func wrongTypes_areRejected() {
        #expect(fieldError(#""recipientCount":"2""#)?.reason == "expected an integer, got string")
        #expect(fieldError(#""openTracking":1"#)?.reason == "expected a boolean, got number")
        #expect(fieldError(#""messageId":5"#)?.field == "messageId")
        #expect(decodeError(#"{"type":1,"timestamp":0,"emailIdentity":"x","isp":"Gmail"}"#)?.reason == "expected a string, got number")
        #expect(decodeError(#"{"type":"SEND","timestamp":true,"emailIdentity":"x","isp":"Gmail"}"#)?.field == "timestamp")
        #expect(decodeError(#"{"type":"SEND","timestamp":0,"emailIdentity":["x"],"isp":"Gmail"}"#)?.reason == "expected a string, got array")
    }

    @Test func unknownType_isRejected() {
        let e = decodeError(#"{"type":"BOUNCE","timestamp":0,"emailIdentity":"x","isp":"Gmail"}"#)
        #expect(e?.field == "type")
        #expect(e?.reason.hasPrefix("unknown event type \"BOUNCE\"") == true)
    }

    @Test func unknownISP_isRejected_caseSensitively() {
        #expect(decodeError(#"{"type":"SEND","timestamp":0,"emailIdentity":"x","isp":"gmail"}"#)
                == EventDecodingError(source: "events.ndjson", line: 1, field: "isp", reason: "unknown ISP \"gmail\" (not in the ISP catalog)"))
    }

    @Test func customCatalog_decidesWhichISPsExist() throws {
        let catalog = try ISPCatalog(entries: [.init(name: "Mail.ru", feedbackLoop: true)])
        let ok = try EventDecoder.decodeNDJSON(Array(#"{"type":"SEND","timestamp":0,"emailIdentity":"x","isp":"Mail.ru"}"#.utf8), source: "f", catalog: catalog)
        #expect(ok.count == 1)
        #expect(throws: EventDecodingError.self) {
            try EventDecoder.decodeNDJSON(Array(#"{"type":"SEND","timestamp":0,"emailIdentity":"x","isp":"Gmail"}"#.utf8), source: "f", catalog: catalog)
        }
    }

    @Test func recipientCount_mustBeAPositiveInteger() {
        #expect(fieldError(#""recipientCount":0"#)?.description == "events.ndjson:1: recipientCount: must be at least 1")
        #expect(fieldError(#""recipientCount":-1"#)?.reason == "must be at least 1")
        #expect(fieldError(#""recipientCount":1.5"#)?.reason == "must be an integer, got 1.5")
        #expect(decodeError("{" + base + #","recipientCount":2.0}"#) == nil)
    }

    @Test func missingRequiredFields_areNamed() {
        #expect(decodeError(#"{"timestamp":0,"emailIdentity":"x","isp":"Gmail"}"#)?.field == "type")
        #expect(decodeError(#"{"type":"SEND","emailIdentity":"x","isp":"Gmail"}"#)?.field == "timestamp")
        #expect(decodeError(#"{"type":"SEND","timestamp":0,"isp":"Gmail"}"#)?.field == "emailIdentity")
        #expect(decodeError(#"{"type":"SEND","timestamp":0,"emailIdentity":"x"}"#)?.field == "isp")
        #expect(decodeError(#"{"type":"SEND","timestamp":0,"emailIdentity":"x"}"#)?.reason == "required")
    }

    @Test func emptyAndStarIdentifiers_areRejected() {
        #expect(decodeError(#"{"type":"SEND","timestamp":0,"emailIdentity":"","isp":"Gmail"}"#)?.reason == "must not be empty")
        #expect(decodeError(#"{"type":"SEND","timestamp":0,"emailIdentity":"*","isp":"Gmail"}"#)?.field == "emailIdentity")
        #expect(fieldError(#""configurationSet":"*""#)?.field == "configurationSet")
        #expect(fieldError(#""configurationSet":"""#)?.reason == "must not be empty")
        #expect(fieldError(#""eventId":"""#)?.field == "eventId")
        #expect(fieldError(#""messageId":"""#)?.field == "messageId")
    }

    @Test func notAnObjectOrNotJSON_isRejectedWithoutField() {
        let e = decodeError("[1]\n")
        #expect(e?.field == nil)
        #expect(e?.reason == "expected a JSON object, got array")
        let j = decodeError("{" + base + ",}\n")
        #expect(j?.line == 1)
        #expect(j?.reason.hasPrefix("invalid JSON: Unexpected character '}'") == true)
    }

    // MARK: timestamps

    private func timestamp(_ literal: String) throws -> Int64 {
        try decode(#"{"type":"SEND","timestamp":\#(literal),"emailIdentity":"x","isp":"Gmail"}"#)[0].timestampMillis
    }

    private func timestampError(_ literal: String) -> EventDecodingError? {
        decodeError(#"{"type":"SEND","timestamp":\#(literal),"emailIdentity":"x","isp":"Gmail"}"#)
    }

    @Test func rfc3339_withOffsetsAndFractions() throws {
        #expect(try timestamp(#""2026-10-05T14:03:00Z""#) == at("2026-10-05", hour: 14, minute: 3))
        #expect(try timestamp(#""2026-10-05T14:03:00.5Z""#) == at("2026-10-05", hour: 14, minute: 3) + 500)
        #expect(try timestamp(#""2026-10-05T14:03:00.123456789Z""#) == at("2026-10-05", hour: 14, minute: 3) + 123)
        #expect(try timestamp(#""2026-10-05T14:03:00+02:00""#) == at("2026-10-05", hour: 12, minute: 3))
        #expect(try timestamp(#""2026-10-05T01:00:00+02:00""#) == at("2026-10-04", hour: 23))
        #expect(try timestamp(#""2026-10-05T23:30:00-05:30""#) == at("2026-10-06", hour: 5))
        #expect(try timestamp(#""2026-10-05t14:03:00z""#) == at("2026-10-05", hour: 14, minute: 3))
        #expect(try timestamp(#""2024-02-29T00:00:00Z""#) == day("2024-02-29") * 1000)
        #expect(try timestamp(#""2026-12-31T23:59:60Z""#) == at("2026-12-31", hour: 23, minute: 59) + 59_999)
    }

    @Test func rfc3339_malformed_isRejected() {
        for bad in [#""2026-10-05""#, #""2026-10-05T14:03Z""#, #""2026-10-05 14:03:00Z""#, #""2026-10-05T14:03:00""#,
                    #""2026-10-05T14:03:00.Z""#, #""2026-10-05T14:03:00+0200""#, #""2026-1-05T14:03:00Z""#,
                    #""2026-10-05T14:03:00Zjunk""#, #""yesterday""#] {
            #expect(timestampError(bad)?.field == "timestamp", "\(bad)")
        }
        #expect(timestampError(#""2026-02-29T00:00:00Z""#)?.reason.hasPrefix("invalid date or time") == true)
        #expect(timestampError(#""2026-10-05T24:00:00Z""#)?.reason.hasPrefix("invalid date or time") == true)
        #expect(timestampError(#""2026-13-05T00:00:00Z""#)?.reason.hasPrefix("invalid date or time") == true)
    }

    @Test func epochSeconds_integerAndFraction() throws {
        #expect(try timestamp("1730419200") == 1_730_419_200_000)
        #expect(try timestamp("1730419200.5") == 1_730_419_200_500)
        #expect(try timestamp("1730419200.0") == 1_730_419_200_000)
        #expect(try timestamp("1730419200.9999") == 1_730_419_200_999)
        #expect(try timestamp("1.7304192e9") == 1_730_419_200_000)
        #expect(try timestamp("0") == 0)
        #expect(try timestamp("-0") == 0)
    }

    @Test func timestampsOutside1970To9999_areRejected() {
        let reason = "must be within years 1970-9999 (UTC)"
        #expect(timestampError("-1")?.reason == reason)
        #expect(timestampError("-0.5")?.reason == reason)
        #expect(timestampError("253402300800")?.reason == reason)      // 10000-01-01
        #expect(timestampError("1e300")?.reason == reason)
        #expect(timestampError(#""1969-12-31T23:59:59Z""#)?.reason == reason)
        #expect(timestampError(#""1970-01-01T00:30:00+01:00""#)?.reason == reason)
        #expect(timestampError(#""9999-12-31T23:59:59-01:00""#)?.reason == reason)
        #expect(timestampError("253402300799") == nil)                  // 9999-12-31T23:59:59Z
        #expect(timestampError(#""1970-01-01T00:00:00Z""#) == nil)
    }

    // MARK: lines

    @Test func lineNumbers_countBlankLines_andCRLF() {
        let text = "{" + base + "}\r\n\r\n   \n{" + base + "}\n\n{" + base + #","recipientCount":0}"# + "\r\n"
        #expect(decodeError(text) == EventDecodingError(source: "events.ndjson", line: 6, field: "recipientCount", reason: "must be at least 1"))
    }

    @Test func crlfAndMissingFinalNewline_areAccepted() throws {
        #expect(try decode("{" + base + "}\r\n{" + base + "}").count == 2)
        #expect(try decode("{" + base + "}\r\n\r\n").count == 1)
        #expect(try decode("").isEmpty)
        #expect(try decode("\n\n").isEmpty)
    }

    @Test func errorOnLastLineWithoutNewline_namesIt() {
        #expect(decodeError("{" + base + "}\n{" + base + #","x":1}"#)?.line == 2)
    }

    @Test func streamDecoder_handlesLinesSplitAcrossChunks() throws {
        let text = Array(("{" + base + "}\n\n{" + base + #","eventId":"é"}"# + "\r\n{" + base + "}").utf8)
        for chunkSize in [1, 2, 3, 7, 64, text.count] {
            var stream = NDJSONEventStream(source: "s", catalog: .builtIn)
            var events: [Event] = []
            var i = 0
            while i < text.count {
                let chunk = Array(text[i..<min(i + chunkSize, text.count)])
                try chunk.withUnsafeBytes { raw in try stream.consume(raw) { events.append($0) } }
                i += chunkSize
            }
            try stream.finish { events.append($0) }
            #expect(events.count == 3, "chunk size \(chunkSize)")
            #expect(events[1].eventId == "é")
            #expect(stream.linesRead == 4)
        }
    }

    @Test func streamDecoder_reportsLineAcrossChunks() throws {
        let text = Array(("{" + base + "}\n{" + base + "}\n{" + base + #","recipientCount":-1}"# + "\n").utf8)
        var stream = NDJSONEventStream(source: "big.ndjson", catalog: .builtIn)
        do {
            for k in stride(from: 0, to: text.count, by: 5) {
                let chunk = Array(text[k..<min(k + 5, text.count)])
                try chunk.withUnsafeBytes { raw in try stream.consume(raw) { _ in } }
            }
            Issue.record("no error")
        } catch let e as EventDecodingError {
            #expect(e.description == "big.ndjson:3: recipientCount: must be at least 1")
        }
    }

    // MARK: JSON arrays

    @Test func jsonArray_decodesAndNamesIndex() throws {
        let ok = try EventDecoder.decodeJSONArray(Array(("[{" + base + "},{" + base + "}]").utf8), source: "body", catalog: .builtIn)
        #expect(ok.count == 2)
        do {
            _ = try EventDecoder.decodeJSONArray(Array(("[{" + base + "},{" + base + #","isp":"X"}]"#).utf8), source: "body", catalog: .builtIn)
            Issue.record("no error")
        } catch {
            #expect(error.index == 1)
            #expect(error.line == nil)
            #expect(error.field == "isp")
            #expect(error.description.hasPrefix("body: index 1: isp: "))
        }
        #expect(throws: EventDecodingError.self) { try EventDecoder.decodeJSONArray(Array("{}".utf8), source: "body", catalog: .builtIn) }
        #expect(try EventDecoder.decodeJSONArray(Array("[]".utf8), source: "body", catalog: .builtIn).isEmpty)
    }

    @Test func errorDescription_format() {
        #expect(EventDecodingError(source: "events.ndjson", line: 12, field: "recipientCount", reason: "must be at least 1").description
                == "events.ndjson:12: recipientCount: must be at least 1")
        #expect(EventDecodingError(source: "", index: 3, field: "isp", reason: "r").description == "index 3: isp: r")
        #expect(EventDecodingError(source: "f", line: 2, reason: "invalid JSON").description == "f:2: invalid JSON")
    }
}
