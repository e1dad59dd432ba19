import Support
import JSON

/// Deterministic synthetic SES traffic as NDJSON (docs/data-and-events.md, "Events"): same options → same
/// bytes. Rates follow typical deliverability figures: ~97 % of sends delivered, ~1.5 %
/// permanent and ~0.75 % transient bounces, ~0.05 % complaints on feedback-loop ISPs, unique
/// opens on ~30 % and clicks on ~3.5 % of tracked deliveries (with repeat opens and clicks that
/// must not count), ~1.5 % multi-recipient and ~0.5 % mailbox-simulator mail, an ISP mix skewed
/// towards Gmail, fewer sends at weekends and a daytime peak.
public struct EventGenerator {
    public let options: GeneratorOptions
    private var rng: Xoshiro256
    private let tag: String
    private var eventSeq: Int64 = 0
    private var messageSeq: Int64 = 0

    /// Built-in ISP names with rough shares of consumer mail (sum 100) and their feedback loop.
    static let ispMix: [(name: String, weight: Double, feedbackLoop: Bool)] = [
        ("Gmail", 38, false), ("Hotmail", 17, true), ("Yahoo", 11, true), ("ExchangeOnline", 9, false),
        ("Icloud", 9, false), ("Tencent", 4, false), ("NetEase", 3, false), ("Aol", 3, true),
        ("Comcast", 3, true), ("Gmx", 3, true),
    ]
    private let ispCumulative: [Double]
    private let identityCumulative: [Double]
    private let configurationSetCumulative: [Double]

    public init(options: GeneratorOptions) {
        self.options = options
        self.rng = Xoshiro256(seed: options.seed)
        self.tag = options.runTag
        func cumulative(_ w: [Double]) -> [Double] {
            var acc = 0.0
            return w.map { acc += $0; return acc }
        }
        ispCumulative = cumulative(Self.ispMix.map(\.weight))
        // Zipf-like: the first identity / configuration set sends the most.
        identityCumulative = cumulative(options.identities.indices.map { 1.0 / Double($0 + 1) })
        configurationSetCumulative = cumulative(options.configurationSets.indices.map { 1.0 / Double($0 + 1) })
    }

    /// Roughly how many events the run produces (for progress display).
    public var estimatedEventCount: Int { options.days * options.dailySends * 23 / 10 }

    /// Generates every day in order, handing NDJSON in chunks of about `chunkSize` bytes to
    /// `write`, and calling `progress(daysDone, eventsSoFar)` after each day.
    public mutating func run(chunkSize: Int = 1 << 18, write: ([UInt8]) throws -> Void,
                             progress: (Int, Int64) -> Void = { _, _ in }) rethrows {
        var out: [UInt8] = []
        out.reserveCapacity(chunkSize + 4096)
        let firstDay = options.startDate / UTCCalendar.secondsPerDay
        for d in 0..<options.days {
            try generateDay(firstDay + Int64(d), into: &out, flushAt: chunkSize, write: write)
            progress(d + 1, eventSeq)
        }
        if !out.isEmpty { try write(out) }
    }

    private struct Pending {
        var type: EventType
        var millis: Int64
        var suppressionList = false
    }

    private mutating func generateDay(_ day: Int64, into out: inout [UInt8], flushAt: Int,
                                      write: ([UInt8]) throws -> Void) rethrows {
        let dayStartMillis = day * UTCCalendar.millisPerDay
        let endMillis = (options.startDate / UTCCalendar.secondsPerDay + Int64(options.days)) * UTCCalendar.millisPerDay
        // 1970-01-01 was a Thursday: day % 7 == 2 is Saturday, 3 is Sunday.
        let weekday = ((day % 7) + 7) % 7
        let weekendFactor = (weekday == 2 || weekday == 3) ? 0.6 : 1.16
        let noise = 0.9 + 0.2 * rng.unit()
        let sends = Int((Double(options.dailySends) * weekendFactor * noise).rounded())
        var pending: [Pending] = []
        for _ in 0..<sends {
            messageSeq += 1
            let messageId = tag + "-m" + Self.padded(messageSeq, 10)
            let identity = options.identities[rng.pick(cumulative: identityCumulative)]
            var configurationSet: String?
            if !options.configurationSets.isEmpty && rng.chance(0.85) {
                configurationSet = options.configurationSets[rng.pick(cumulative: configurationSetCumulative)]
            }
            let ispIndex = rng.pick(cumulative: ispCumulative)
            let isp = Self.ispMix[ispIndex]
            let recipients: Int64 = rng.chance(0.015) ? rng.int(2, 5) : 1
            let simulator = rng.chance(0.005)
            let openTracking = configurationSet != nil && rng.chance(0.75)
            let clickTracking = configurationSet != nil && rng.chance(0.6)
            // Drawn only with tenants, so runs without them keep the sequence they always had.
            var tenant: String?
            if !options.tenants.isEmpty && rng.chance(0.8) {
                tenant = options.tenants[Int(rng.int(0, Int64(options.tenants.count - 1)))]
            }
            // Daytime peak: a triangular draw centred on 14:00 UTC.
            let u = (rng.unit() + rng.unit()) / 2
            let secondOfDay = Int64(u * 86_400 + 14 * 3600 - 43_200 + 86_400) % 86_400
            let sendMillis = dayStartMillis + secondOfDay * 1000

            pending.removeAll(keepingCapacity: true)
            pending.append(Pending(type: .SEND, millis: sendMillis))
            let outcome = rng.unit()
            if outcome < 0.97 {
                let delivered = sendMillis + rng.int(1, 30) * 1000
                pending.append(Pending(type: .DELIVERY, millis: delivered))
                if isp.feedbackLoop && rng.chance(0.0005) {
                    pending.append(Pending(type: .COMPLAINT, millis: delivered + rng.int(3600, 172_800) * 1000,
                                           suppressionList: rng.chance(0.1)))
                }
                if openTracking && rng.chance(0.3) {
                    var t = delivered + rng.int(60, 14_400) * 1000
                    pending.append(Pending(type: .OPEN, millis: t))
                    if rng.chance(0.35) {
                        for _ in 0..<rng.int(1, 3) {
                            t += rng.int(60, 86_400) * 1000
                            pending.append(Pending(type: .OPEN, millis: t))
                        }
                    }
                }
                if clickTracking && rng.chance(0.035) {
                    var t = delivered + rng.int(120, 18_000) * 1000
                    pending.append(Pending(type: .CLICK, millis: t))
                    if rng.chance(0.2) {
                        t += rng.int(10, 3600) * 1000
                        pending.append(Pending(type: .CLICK, millis: t))
                    }
                }
            } else if outcome < 0.985 {
                pending.append(Pending(type: .PERMANENT_BOUNCE, millis: sendMillis + rng.int(1, 60) * 1000,
                                       suppressionList: rng.chance(0.15)))
            } else if outcome < 0.9925 {
                pending.append(Pending(type: .TRANSIENT_BOUNCE, millis: sendMillis + rng.int(60, 3600) * 1000))
            } // else: no outcome reported yet

            // In time order, so the first OPEN/CLICK in the file is also the earliest.
            pending.sort { $0.millis < $1.millis }
            for p in pending where p.millis < endMillis {
                eventSeq += 1
                appendEvent(p, identity: identity, configurationSet: configurationSet, isp: isp.name,
                            messageId: messageId, recipients: recipients, simulator: simulator,
                            openTracking: openTracking, clickTracking: clickTracking, tenant: tenant, to: &out)
            }
            if out.count >= flushAt {
                try write(out)
                out.removeAll(keepingCapacity: true)
            }
        }
    }

    private func appendEvent(_ p: Pending, identity: String, configurationSet: String?, isp: String, messageId: String,
                             recipients: Int64, simulator: Bool, openTracking: Bool, clickTracking: Bool,
                             tenant: String?, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        if options.eventIds {
            append("\"eventId\":", &out)
            JSONWriter.appendString(tag + "-" + Self.padded(eventSeq, 10), to: &out)
            out.append(UInt8(ascii: ","))
        }
        append("\"type\":\"", &out); append(p.type.rawValue, &out)
        append("\",\"timestamp\":\"", &out)
        UTCCalendar.appendRFC3339(millis: p.millis, to: &out)
        append("\",\"emailIdentity\":", &out); JSONWriter.appendString(identity, to: &out)
        if let configurationSet {
            append(",\"configurationSet\":", &out); JSONWriter.appendString(configurationSet, to: &out)
        }
        append(",\"isp\":\"", &out); append(isp, &out)
        append("\",\"messageId\":\"", &out); append(messageId, &out); out.append(UInt8(ascii: "\""))
        if recipients != 1 { append(",\"recipientCount\":", &out); JSONWriter.appendInt(recipients, to: &out) }
        if simulator { append(",\"mailboxSimulator\":true", &out) }
        if p.suppressionList { append(",\"suppressionList\":true", &out) }
        if let tenant { append(",\"tenant\":", &out); JSONWriter.appendString(tenant, to: &out) }
        if p.type == .SEND || p.type == .DELIVERY {
            if openTracking { append(",\"openTracking\":true", &out) }
            if clickTracking { append(",\"clickTracking\":true", &out) }
        }
        append("}\n", &out)
    }

    @inline(__always) private func append(_ s: String, _ out: inout [UInt8]) {
        out.append(contentsOf: s.utf8)
    }

    static func padded(_ v: Int64, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
