import ArgumentParser
import Glibc

/// The rule for every serve option: `--some-flag` ↔ `SES_EMULATOR_SOME_FLAG`, the flag winning;
/// an empty variable counts as unset; booleans are `true|false|1|0`.
enum EnvironmentDefaults {
    static func variableName(for flag: String) -> String {
        "SES_EMULATOR_" + flag.uppercased().replacingDashes()
    }

    static func raw(_ flag: String) -> String? {
        guard let value = getenv(variableName(for: flag)) else { return nil }
        let text = String(cString: value)
        return text.isEmpty ? nil : text
    }

    static func string(_ flag: String, _ given: String?, default fallback: String? = nil) -> String? {
        given ?? raw(flag) ?? fallback
    }

    static func int(_ flag: String, _ given: Int?, default fallback: Int, range: ClosedRange<Int>) throws -> Int {
        let value = try number(flag, given, default: fallback, expected: "an integer")
        guard range.contains(value) else {
            throw ValidationError("--\(flag) must be between \(range.lowerBound) and \(range.upperBound); got \(value)")
        }
        return value
    }

    static func seconds(_ flag: String, _ given: Double?, default fallback: Double) throws -> Double {
        let value = try number(flag, given, default: fallback, expected: "a number of seconds")
        guard value.isFinite, value > 0, value <= 86_400 else {
            throw ValidationError("--\(flag) must be a number of seconds above 0 and at most 86400; got \(value)")
        }
        return value
    }

    private static func number<T: LosslessStringConvertible>(_ flag: String, _ given: T?, default fallback: T,
                                                               expected: String) throws -> T {
        if let given { return given }
        guard let text = raw(flag) else { return fallback }
        guard let parsed = T(text) else { throw invalid(flag, text, expected) }
        return parsed
    }

    static func bool(_ flag: String, _ given: Bool?, default fallback: Bool) throws -> Bool {
        if let given { return given }
        guard let text = raw(flag) else { return fallback }
        switch text.lowercased() {
        case "true", "1": return true
        case "false", "0": return false
        default: throw invalid(flag, text, "true, false, 1 or 0")
        }
    }

    static func choice<T: RawRepresentable>(_ flag: String, _ given: T?, default fallback: T) throws -> T
    where T: CaseIterable, T.RawValue == String {
        if let given { return given }
        guard let text = raw(flag) else { return fallback }
        guard let value = T(rawValue: text) else {
            throw invalid(flag, text, T.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return value
    }

    private static func invalid(_ flag: String, _ text: String, _ expected: String) -> ValidationError {
        ValidationError("\(variableName(for: flag))='\(text)' is invalid: expected \(expected)")
    }
}

private extension String {
    func replacingDashes() -> String {
        String(map { $0 == "-" ? "_" : $0 })
    }
}
