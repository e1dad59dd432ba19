/// The named resources the SES API creates, as the store keeps them.
package enum ResourceKind: String, Sendable, CaseIterable {
    case identity = "email-identity"
    case configurationSet = "configuration-set"
    case template = "email-template"
    case dedicatedIpPool = "dedicated-ip-pool"
    /// The pool and warm-up of one address of the dedicated IP inventory (DedicatedIps).
    case dedicatedIp = "dedicated-ip"
    case customVerificationTemplate = "custom-verification-email-template"
    case multiRegionEndpoint = "multi-region-endpoint"
    case tenant = "tenant"
    /// A resource associated with a tenant, keyed `<tenant>\n<resource ARN>` (Tenants/Tenants).
    case tenantResource = "tenant-resource"
    case contactList = "contact-list"
    /// A contact of a contact list, keyed `<list>\n<address in lower case>` (Contacts/ContactBook).
    case contact = "contact"
    /// An address on the account's suppression list, keyed by the address in lower case.
    case suppressedDestination = "suppressed-destination"
    /// Kept as a resource so it survives restarts; its name is the JobId (Exports/ExportJobs).
    case exportJob = "export-job"
    case importJob = "import-job"
    /// The deliverability dashboard's one document (key `account`) and its test reports.
    case deliverabilityDashboard = "deliverability-dashboard"
    case deliverabilityTestReport = "deliverability-test-report"

    /// How AWS's messages name the kind.
    package var label: String {
        switch self {
        case .identity: return "Email identity"
        case .configurationSet: return "Configuration set"
        case .template: return "Template"
        case .dedicatedIpPool: return "Dedicated IP pool"
        case .dedicatedIp: return "Dedicated IP"
        case .suppressedDestination: return "Suppressed destination"
        case .contactList: return "Contact list"
        case .tenant: return "Tenant"
        case .customVerificationTemplate: return "Custom verification email template"
        case .multiRegionEndpoint: return "Multi-region endpoint"
        case .tenantResource: return "Tenant resource association"
        case .contact: return "Contact"
        case .exportJob: return "Export job"
        case .importJob: return "Import job"
        case .deliverabilityDashboard: return "Deliverability dashboard"
        case .deliverabilityTestReport: return "Deliverability test report"
        }
    }

    /// The document member holding the name as the caller wrote it.
    package var nameMember: String {
        switch self {
        case .identity: return "IdentityName"
        case .configurationSet: return "ConfigurationSetName"
        case .template: return "TemplateName"
        case .dedicatedIpPool: return "PoolName"
        case .dedicatedIp: return "Ip"
        case .suppressedDestination: return "EmailAddress"
        case .contactList: return "ContactListName"
        case .tenant: return "TenantName"
        case .customVerificationTemplate: return "TemplateName"
        case .multiRegionEndpoint: return "EndpointName"
        case .tenantResource: return "ResourceArn"
        case .contact: return "EmailAddress"
        case .exportJob: return "JobId"
        case .importJob: return "JobId"
        case .deliverabilityDashboard: return "Account"
        case .deliverabilityTestReport: return "ReportId"
        }
    }

    /// Identities and suppressed addresses are domain names and addresses, which mail treats
    /// without regard to case.
    package func key(_ name: String) -> String { self == .identity || self == .suppressedDestination ? name.lowercased() : name }
}
