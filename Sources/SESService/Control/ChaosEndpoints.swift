import HTTPServer
import SESDomain
import SESWire

/// LocalStack's Chaos API, a second view of the request faults: `/_localstack/chaos/faults`
/// (read, replace, append, remove matching rules) and `/_localstack/chaos/effects` (latency).
extension ControlAPI {
    static let chaosFaultsPath = "/_localstack/chaos/faults"

    func registerChaos(into router: inout Router) {
        router.add("GET", Self.chaosFaultsPath, handler { _ in self.chaosRules(self.faults.configuration) })
        router.add("POST", Self.chaosFaultsPath, handler { request in
            let rules = try self.parse(Self.chaosRules)(request)
            return self.chaosRules(self.faults.update { $0.requestFaults = rules })
        })
        router.add("PATCH", Self.chaosFaultsPath, handler { request in
            let rules = try self.parse(Self.chaosRules)(request)
            return self.chaosRules(self.faults.update { $0.requestFaults += rules })
        })
        router.add("DELETE", Self.chaosFaultsPath, handler { request in
            // Without a body nothing says which rules to remove; removing all of them is POST [].
            guard !request.body.isEmpty else {
                throw AWSError.badRequest("""
                    DELETE \(Self.chaosFaultsPath) needs a JSON list of the rules to remove, such as \
                    [{"service":"sesv2","operation":"BatchGetMetricData"}]: a rule is removed when it has every field given. \
                    To remove all rules, POST [].
                    """)
            }
            let patterns = try self.parse(ChaosRulePattern.list)(request)
            return self.chaosRules(self.faults.update { c in
                c.requestFaults.removeAll { rule in patterns.contains { $0.matches(rule) } }
            })
        })
        router.add("GET", "/_localstack/chaos/effects", handler { _ in self.effects(self.faults.latencyMs) })
        router.add("POST", "/_localstack/chaos/effects", handler { request in
            let latency = try self.parse(Self.latency)(request)
            return self.effects(self.faults.update { $0.latencyMs = latency }.latencyMs)
        })
    }

    private func chaosRules(_ configuration: FaultConfiguration) -> [UInt8] {
        JSONFragment.array(configuration.requestFaults.map { $0.fragment(chaos: true) }).bytes
    }

    private static func chaosRules(_ bytes: [UInt8]) throws(StrictObjectReader.Problem) -> [FaultConfiguration.RequestFault] {
        let document = try StrictObjectReader.document(bytes)
        guard case .array(let items) = document else {
            throw .init(description: "expected a list of fault rules, not \(document.typeName)")
        }
        var rules: [FaultConfiguration.RequestFault] = []
        for (i, item) in items.enumerated() {
            rules.append(try FaultConfiguration.requestFault(item, path: "[\(i)]", chaos: true))
        }
        return rules
    }

    private static func latency(_ bytes: [UInt8]) throws(StrictObjectReader.Problem) -> Int64 {
        var r = try StrictObjectReader(try StrictObjectReader.document(bytes), path: "")
        let latency = try r.int("latency", range: 0...600_000) ?? 0
        try r.finish()
        return latency
    }

    private func effects(_ latencyMs: Int64) -> [UInt8] {
        ControlAPI.object([("latency", .int(latencyMs))])
    }
}
