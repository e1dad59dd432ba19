import ArgumentParser
import Glibc

/// The rule for every serve option: `--some-flag` ↔ `SES_EMULATOR_SOME_FLAG`, the flag winning;
/// an empty variable counts as unset; booleans are `true|false|1|0`. A negatable flag reads both
/// spellings, `SES_EMULATOR_SOME_FLAG=false` and `SES_EMULATOR_NO_SOME_FLAG=true`.
///
/// Every variable asked about is remembered, so `rejectUnknownVariables` can refuse one that
/// names no option (a typo would otherwise be ignored without a word).
struct EnvironmentDefaults {
    static let prefix = "SES_EMULATOR_"

    /// Not options, but read by the project's own tooling (the end-to-end suite, the compose file).
    private static let toolingVariables: Set<String> = ["SES_EMULATOR_BIN", "SES_EMULATOR_PUBLISHED_PORT"]

    /// The set, non-empty `SES_EMULATOR_*` variables.
    private let variables: [String: String]
    /// Variable name → the flag it sets, for every variable asked about.
    private var known: [String: String] = [:]

    init() {
        var variables: [String: String] = [:]
        var entry = environ
        while let pointer = entry.pointee {
            let text = String(cString: pointer)
            entry += 1
            guard text.hasPrefix(Self.prefix), let equals = text.firstIndex(of: "=") else { continue }
            let value = String(text[text.index(after: equals)...])
            if !value.isEmpty { variables[String(text[..<equals])] = value }
        }
        self.variables = variables
    }

    static func variableName(for flag: String) -> String {
        prefix + String(flag.uppercased().map { $0 == "-" ? "_" : $0 })
    }

    /// The variable's value; asking registers it as known (also when a flag overrides it).
    private mutating func raw(_ flag: String) -> String? {
        let name = Self.variableName(for: flag)
        known[name] = flag
        return variables[name]
    }

    mutating func string(_ flag: String, _ given: String?) -> String? {
        let text = raw(flag)
        return given ?? text
    }

    mutating func int(_ flag: String, _ given: Int?, default fallback: Int, range: ClosedRange<Int>) throws -> Int {
        let value = try number(flag, given, default: fallback, expected: "an integer")
        guard range.contains(value) else {
            throw ValidationError("--\(flag) must be between \(range.lowerBound) and \(range.upperBound); got \(value)")
        }
        return value
    }

    /// `allowingZero`: 0 is a value (a delay that can be off), not only a positive duration.
    mutating func seconds(_ flag: String, _ given: Double?, default fallback: Double, allowingZero: Bool = false) throws -> Double {
        let value = try number(flag, given, default: fallback, expected: "a number of seconds")
        guard value.isFinite, value > 0 || (allowingZero && value == 0), value <= 86_400 else {
            throw ValidationError("--\(flag) must be a number of seconds \(allowingZero ? "from 0" : "above 0") and at most 86400; got \(value)")
        }
        return value
    }

    private mutating func number<T: LosslessStringConvertible>(_ flag: String, _ given: T?, default fallback: T,
                                                                expected: String) throws -> T {
        let text = raw(flag)
        if let given { return given }
        guard let text else { return fallback }
        guard let parsed = T(text) else { throw Self.invalid(flag, text, expected) }
        return parsed
    }

    /// A `--flag` / `--no-flag` pair: the flag wins; otherwise either variable, and both only
    /// when they agree.
    mutating func negatableBool(_ flag: String, _ given: Bool?, default fallback: Bool) throws -> Bool {
        let positive = try bool(flag)
        let negative = try bool("no-" + flag).map(!)
        if let given { return given }
        if let positive, let negative, positive != negative {
            throw ValidationError("\(Self.variableName(for: flag)) and \(Self.variableName(for: "no-" + flag)) "
                                  + "contradict each other; set one of them")
        }
        return positive ?? negative ?? fallback
    }

    private mutating func bool(_ flag: String) throws -> Bool? {
        guard let text = raw(flag) else { return nil }
        switch text.lowercased() {
        case "true", "1": return true
        case "false", "0": return false
        default: throw Self.invalid(flag, text, "true, false, 1 or 0")
        }
    }

    mutating func choice<T: RawRepresentable>(_ flag: String, _ given: T?, default fallback: T) throws -> T
    where T: CaseIterable, T.RawValue == String {
        let text = raw(flag)
        if let given { return given }
        guard let text else { return fallback }
        guard let value = T(rawValue: text) else {
            throw Self.invalid(flag, text, T.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return value
    }

    /// Refuses a set `SES_EMULATOR_*` variable that was never asked about, naming the closest
    /// one that was (as ArgumentParser's "Did you mean" does for flags).
    func rejectUnknownVariables() throws {
        let unknown = variables.keys.filter { known[$0] == nil && !Self.toolingVariables.contains($0) }.sorted()
        guard let name = unknown.first else { return }
        var message = "\(name) names no serve option"
        if let closest = known.keys.min(by: { Self.editDistance(name, $0) < Self.editDistance(name, $1) }) {
            message += ". Did you mean \(closest) (--\(known[closest]!))?"
        }
        throw ValidationError(message)
    }

    /// Levenshtein distance (both names are non-empty: they share the prefix).
    private static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.utf8), b = Array(b.utf8)
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + [Int](repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }

    private static func invalid(_ flag: String, _ text: String, _ expected: String) -> ValidationError {
        ValidationError("\(variableName(for: flag))='\(text)' is invalid: expected \(expected)")
    }
}
