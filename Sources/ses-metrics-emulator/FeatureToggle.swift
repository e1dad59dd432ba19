import ArgumentParser

/// An option that turns a feature on or off by name: `--vdm enabled|disabled`.
enum FeatureToggle: String, CaseIterable, ExpressibleByArgument {
    case enabled, disabled

    init(_ on: Bool) { self = on ? .enabled : .disabled }

    var isOn: Bool { self == .enabled }
}
