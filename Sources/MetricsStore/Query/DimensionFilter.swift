/// A query's filters on the dimensions: nil filters nothing. AWS's wildcard `*` filters nothing
/// either; this type is the one place that knows it, so every filter it holds is a real value.
public struct DimensionFilter: Sendable, Equatable {
    public static let wildcard = "*"

    public private(set) var emailIdentity: String?
    public private(set) var configurationSet: String?
    public private(set) var isp: String?
    public private(set) var tenantName: String?

    public init(emailIdentity: String? = nil, configurationSet: String? = nil, isp: String? = nil, tenantName: String? = nil) {
        self.emailIdentity = Self.filtering(emailIdentity)
        self.configurationSet = Self.filtering(configurationSet)
        self.isp = Self.filtering(isp)
        self.tenantName = Self.filtering(tenantName)
    }

    /// `[A-Za-z0-9_-]+`: the form SES accepts for ISP, configuration set and tenant names.
    public static func isWellFormedName(_ value: String) -> Bool {
        !value.isEmpty && value.utf8.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A) || b == 0x5F || b == 0x2D
        }
    }

    private static func filtering(_ value: String?) -> String? {
        value == wildcard ? nil : value
    }
}
