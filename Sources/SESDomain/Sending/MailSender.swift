import JSON
import MetricsStore
import SESWire
import Support

/// Sends mail for SendEmail and SendBulkEmail: AWS's checks, then each message and its events
/// stored in one transaction (a refused send stores nothing).
package struct MailSender: Sendable {
    package let store: MetricsStore
    package let account: AccountState
    package let identities: ResourceRegistry
    package let configurationSets: ResourceRegistry
    package let templates: ResourceCollection
    package let outcomes: OutcomeRules
    package let suppression: SuppressionList
    package let contactLists: ContactLists
    package let tenants: Tenants
    /// Whether sent messages are kept for `/_aws/ses` (the control API's).
    package let keepsMessages: Bool

    /// The checks every message of a call shares, in this order: account sending paused,
    /// configuration set unknown or paused, sender not a verified identity (whose default
    /// configuration set is used when the call names none), tenant unknown, paused or not
    /// associated with them, contact list or topic unknown.
    package func prepare(_ options: SendOptions, region: String) throws(AWSError) -> SendContext {
        guard account.settings.sendingEnabled else { throw .sendingPaused("Sending is paused for this account.") }
        var configurationSet: ResourceRegistry.Known?
        if let name = options.configurationSetName {
            configurationSet = try configurationSets.get(name)
            try Self.checkSending(configurationSet)
        }
        guard let sender = try sendingIdentity(for: options.from) else {
            throw .messageRejected("Email address is not verified. The following identities failed the check in region \(region.uppercased()): \(options.from.address)")
        }
        let identity = sender.name
        // A send that names no set goes through the identity's default one, while it exists.
        if configurationSet == nil, case .string(let name)? = sender["ConfigurationSetName"] {
            configurationSet = try configurationSets.created.find(name).map { ResourceRegistry.Known(name: $0.name, resource: $0) }
            try Self.checkSending(configurationSet)
        }
        let tenantTemplates = try checkTenant(options.tenant, identity: identity, configurationSet: configurationSet?.name)
        let engagement = (configurationSet?.resource?.string(at: ["VdmOptions", "DashboardOptions", "EngagementMetrics"])
            ?? account.settings.vdm.engagementMetrics) == "ENABLED"
        let set = configurationSet?.resource
        var listManagement: (list: Resource, topic: String?)?
        if let (name, topic) = options.listManagement {
            let list = try contactLists.lists.get(name)
            if let topic, !ContactLists.topics(of: list).contains(where: { $0.name == topic }) {
                throw ContactLists.topicNotFound(topic, in: list.name)
            }
            listManagement = (list, topic)
        }
        var context = SendContext(identity: identity, configurationSet: configurationSet?.name, tenant: options.tenant,
                                  opensTracked: engagement || EventDestinations.publishes("OPEN", in: set),
                                  clicksTracked: engagement || EventDestinations.publishes("CLICK", in: set),
                                  suppressedReasons: SuppressionList.reasons(set: set, account: account.settings), region: region)
        context.listManagement = listManagement
        context.tenantTemplates = tenantTemplates
        return context
    }

    /// The verified identity mail from `address` goes out under: the address if it is an
    /// identity, else its domain. Only identities created through the API are verified; one
    /// known from stored events only was never verified here.
    package func sendingIdentity(for address: EmailAddress) throws(AWSError) -> Resource? {
        if let identity = try identities.created.find(address.address) { return identity }
        return try identities.created.find(address.domain)
    }

    /// A send's `TenantName`: a created tenant whose sending is not paused and with which the
    /// identity and configuration set are associated (its templates are returned, to check
    /// against the template named), or a tenant stored events name, which is not checked.
    private func checkTenant(_ name: String?, identity: String, configurationSet: String?) throws(AWSError) -> Set<String>? {
        guard let name else { return nil }
        guard let tenant = try tenants.tenants.find(name) else {
            guard try AWSError.fromStore({ try store.summary() }).tenants[name] != nil else { throw tenants.tenants.notFound(name) }
            return nil
        }
        if tenant.string(at: ["SendingStatus"]) == "DISABLED" { throw .sendingPaused("Sending is paused for tenant \(name).") }
        guard try tenants.associatedNames(tenant, type: "identity").contains(identity.lowercased()) else {
            throw .badRequest("Email identity \(identity) is not associated with tenant \(name).")
        }
        if let configurationSet, try !tenants.associatedNames(tenant, type: "configuration-set").contains(configurationSet) {
            throw .badRequest("Configuration set \(configurationSet) is not associated with tenant \(name).")
        }
        return try tenants.associatedNames(tenant, type: "template")
    }

    private static func checkSending(_ set: ResourceRegistry.Known?) throws(AWSError) {
        if let set, set.resource?.bool(at: ["SendingOptions", "SendingEnabled"]) == false {
            throw .sendingPaused("Sending is paused for configuration set \(set.name).")
        }
    }

    /// Stores the messages and their events in one transaction; returns their MessageIds.
    /// A template named that does not exist refuses them all (NotFoundException).
    package func send(_ messages: [OutgoingMessage], context: SendContext, atMillis now: Int64) throws(AWSError) -> [String] {
        var messages = messages
        for i in messages.indices {
            guard case .template(var template) = messages[i].content, let name = template.name else { continue }
            if let allowed = context.tenantTemplates, !allowed.contains(name), let tenant = context.tenant {
                throw .badRequest("Template \(name) is not associated with tenant \(tenant).")
            }
            template.inline = TemplateContent(stored: try templates.get(name)["TemplateContent"])
            messages[i].content = .template(template)
        }
        var ids: [String] = []
        var stored: [StoredMessage] = []
        var events: [Event] = []
        var suppressed: [ResourcePut] = []
        for message in messages {
            let id = MessageID.make(epochMillis: now)
            ids.append(id)
            // Only the first recipient's mailbox decides ISP and outcome, as VDM attributes a
            // message to one recipient; a message to several counts in no metric anyway.
            let first = message.recipients.first.flatMap(EmailAddress.init) ?? message.from
            let isp = store.catalog.isp(forDomain: first.domain)
            let simulator = MailboxSimulator.script(for: first)
            // The account's suppression list, or a contact who unsubscribed: SES's own bounce.
            var listed = simulator == nil ? try suppression.contains(first.address) : false
            if !listed, let (list, topic) = context.listManagement {
                listed = try contactLists.isUnsubscribed(first.address, list: list, topic: topic)
            }
            let outcome = listed ? .PERMANENT_BOUNCE : simulator?.outcome ?? outcomes.outcome(
                recipient: first.address, emailIdentity: context.identity, configurationSet: context.configurationSet, isp: isp)
            events += MessageEvents.make(messageId: id, sentMillis: now, context: context, isp: isp,
                                         recipientCount: message.recipients.count, outcome: outcome, simulator: simulator,
                                         suppressed: listed)
            if simulator == nil, !listed, let reason = Self.suppressionReason(outcome), context.suppressedReasons.contains(reason) {
                suppressed.append(SuppressionList.put(first.address, reason: reason, atMillis: now + MessageEvents.offsetMillis(
                    reason == "BOUNCE" ? .PERMANENT_BOUNCE : .COMPLAINT), messageId: id, feedbackId: MessageID.make(epochMillis: now)))
            }
            if keepsMessages {
                stored.append(StoredMessage(messageId: id, timestampMillis: now, source: message.from.address,
                                            document: document(message, id: id, context: context, atMillis: now)))
            }
        }
        _ = try AWSError.fromStore { try store.record(messages: stored, events: events, resources: suppressed) }
        return ids
    }

    /// The suppression reason an outcome gives its recipient: hard bounces and complaints.
    private static func suppressionReason(_ outcome: MessageOutcome) -> String? {
        switch outcome {
        case .PERMANENT_BOUNCE: return "BOUNCE"
        case .COMPLAINT: return "COMPLAINT"
        default: return nil
        }
    }

    /// The message as LocalStack's `/_aws/ses` shows it.
    private func document(_ m: OutgoingMessage, id: String, context: SendContext, atMillis now: Int64) -> String {
        var destination: [(String, JSONFragment)] = []
        if !m.to.isEmpty { destination.append(("ToAddresses", .array(m.to.map { .string($0) }))) }
        if !m.cc.isEmpty { destination.append(("CcAddresses", .array(m.cc.map { .string($0) }))) }
        if !m.bcc.isEmpty { destination.append(("BccAddresses", .array(m.bcc.map { .string($0) }))) }
        var members: [(String, JSONFragment)] = [
            ("Id", .string(id)), ("Region", .string(context.region)),
            ("Timestamp", .string(UTCCalendar.rfc3339(millis: now, alwaysMillis: true))),
            ("Source", .string(m.from.address)), ("Destination", .object(destination)),
        ]
        func body(_ subject: String?, _ text: String?, _ html: String?) {
            members.append(("Subject", subject.map { .string($0) } ?? .null))
            members.append(("Body", .object([("text_part", text.map { .string($0) } ?? .null),
                                             ("html_part", html.map { .string($0) } ?? .null)])))
        }
        switch m.content {
        case .simple(let subject, let text, let html):
            body(subject, text, html)
        case .raw(let raw):
            members.append(("RawData", .string(raw.text)))
        case .template(let template):
            let rendered = (template.inline ?? TemplateContent()).rendered(with: template.data)
            body(rendered.subject, rendered.text, rendered.html)
            members.append(("Template", template.name.map { .string($0) } ?? .null))
            members.append(("TemplateData", .string(template.dataText)))
        }
        return String(decoding: JSONFragment.object(members).bytes, as: UTF8.self)
    }

    package init(store: MetricsStore, account: AccountState, identities: ResourceRegistry, configurationSets: ResourceRegistry, templates: ResourceCollection, outcomes: OutcomeRules, suppression: SuppressionList,
                 contactLists: ContactLists, tenants: Tenants, keepsMessages: Bool) {
        self.store = store
        self.account = account
        self.identities = identities
        self.configurationSets = configurationSets
        self.templates = templates
        self.outcomes = outcomes
        self.suppression = suppression
        self.contactLists = contactLists
        self.tenants = tenants
        self.keepsMessages = keepsMessages
    }
}
