/// Stored account settings that cannot be read back (a file written by something else).
public struct AccountSettingsError: Error, CustomStringConvertible, Sendable {
    public let description: String
}
