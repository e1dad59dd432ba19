@preconcurrency import Dispatch
import HTTPServer
import MetricsStore
import SESDomain
import SESOperations
import SESWire
import SigV4

/// Joins the HTTP core and the metrics store: the SESv2 operations behind one pipeline, the
/// control and health endpoints, and how the core's own errors look (AWS's JSON errors).
public final class EmulatorService: Sendable {
    public let store: MetricsStore
    public let settings: EmulatorSettings
    public let logger: AccessLogger
    public let faults: FaultInjector
    private let seeding: Seeding
    private let catalog: ISPCatalog
    private let requestLog: RequestLog
    private let health: HealthHandler
    private let localStackInfo: LocalStackInfo
    private let pipeline: Pipeline
    private let recommendations = Recommendations()
    private let dedicatedIps: DedicatedIps
    private let deliverability: DeliverabilityDashboard
    private let answers: AnswerCache
    private let outcomes: OutcomeRules
    private let exports: ExportJobs

    /// Throws when the database holds account settings or export jobs it cannot read, or the
    /// exports folder cannot be made.
    public init(store: MetricsStore, catalog: ISPCatalog, settings: EmulatorSettings, logger: AccessLogger,
                seeding: Seeding, faults: FaultConfiguration,
                outcomes: OutcomeConfiguration = OutcomeConfiguration()) throws {
        self.store = store
        self.catalog = catalog
        self.settings = settings
        self.logger = logger
        self.seeding = seeding
        self.faults = FaultInjector(startup: faults)
        self.requestLog = RequestLog(capacity: settings.requestLogSize)
        self.health = HealthHandler(store: store, version: settings.version)
        let account = try AccountState(store: store, defaults: AccountSettings(vdmEnabled: settings.vdmEnabled))
        self.localStackInfo = LocalStackInfo(version: settings.version)
        self.outcomes = OutcomeRules(startup: outcomes)
        let identities = ResourceRegistry(store: store, kind: .identity) { $0.identities }
        let configurationSets = ResourceRegistry(store: store, kind: .configurationSet, unset: ConfigurationSetOptions.unset) {
            $0.configurationSets
        }
        let templates = ResourceCollection(store: store, kind: .template)
        let pools = ResourceCollection(store: store, kind: .dedicatedIpPool)
        dedicatedIps = DedicatedIps(store: store, pools: pools, startup: settings.dedicatedIps)
        let suppression = SuppressionList(store: store)
        let contactLists = ContactLists(store: store)
        let verificationTemplates = ResourceCollection(store: store, kind: .customVerificationTemplate)
        let endpoints = ResourceCollection(store: store, kind: .multiRegionEndpoint)
        let tagged = ResourcesByARN(registries: ["identity": identities, "configuration-set": configurationSets],
                                     collections: ["template": templates, "dedicated-ip-pool": pools,
                                                   "contact-list": contactLists.lists,
                                                   "tenant": ResourceCollection(store: store, kind: .tenant),
                                                   "custom-verification-email-template": verificationTemplates,
                                                   "multi-region-endpoint": endpoints])
        let tenants = Tenants(store: store, resources: tagged)
        deliverability = DeliverabilityDashboard(store: store)
        answers = AnswerCache(maxBytes: settings.answerCacheBytes)
        let imports = ImportJobs(store: store, directory: settings.importsDirectory, suppression: suppression, contactLists: contactLists)
        let sender = MailSender(store: store, account: account, identities: identities, configurationSets: configurationSets,
                                templates: templates, outcomes: self.outcomes, suppression: suppression,
                                contactLists: contactLists, tenants: tenants, keepsMessages: settings.controlAPI)
        let directory = try ExportsDirectory(configured: settings.exportsDirectory, databasePath: store.path,
                                             databaseIsTemporary: store.isTemporary)
        do {
            exports = try ExportJobs(store: store, directory: directory, processingDelayMillis: Int64(settings.exportDelay * 1000))
        } catch {
            directory.removeIfTemporary()
            throw error
        }
        let exportReader = ExportRequestReader(maxRangeDays: settings.maxRangeDays)
        let quota = SendQuota(store: store, max24HourSend: settings.max24HourSend, maxSendRate: settings.maxSendRate)
        // Every emulated SESv2 operation; the route table names the rest of the model.
        let operations = [
            RegisteredOperation(BatchGetMetricData(
                store: store, validator: RequestValidator(maxRangeDays: settings.maxRangeDays, wildcards: settings.wildcards),
                zeroFill: settings.zeroFill, faults: self.faults, answers: answers)),
            RegisteredOperation(GetAccount(account: account, quota: quota)),
            RegisteredOperation(PutAccountVdmAttributes(account: account)),
            RegisteredOperation(PutAccountSendingAttributes(account: account)),
            RegisteredOperation(PutAccountSuppressionAttributes(account: account)),
            RegisteredOperation(PutAccountDetails(account: account)),
            RegisteredOperation(PutAccountDedicatedIpWarmupAttributes(account: account)),
            RegisteredOperation(PutAccountDeliveryAttributes(account: account)),
            RegisteredOperation(PutAccountPricingAttributes(account: account)),
            RegisteredOperation(ListRecommendations(recommendations: recommendations)),
            RegisteredOperation(CreateEmailIdentity(identities: identities, configurationSets: configurationSets)),
            RegisteredOperation(GetEmailIdentity(identities: identities)),
            RegisteredOperation(ListEmailIdentities(identities: identities)),
            RegisteredOperation(DeleteEmailIdentity(identities: identities)),
            RegisteredOperation(PutEmailIdentityDkimAttributes(identities: identities)),
            RegisteredOperation(PutEmailIdentityDkimSigningAttributes(identities: identities)),
            RegisteredOperation(PutEmailIdentityFeedbackAttributes(identities: identities)),
            RegisteredOperation(PutEmailIdentityMailFromAttributes(identities: identities)),
            RegisteredOperation(PutEmailIdentityConfigurationSetAttributes(identities: identities, configurationSets: configurationSets)),
            RegisteredOperation(AssociateEmailIdentityCertificate(identities: identities)),
            RegisteredOperation(DisassociateEmailIdentityCertificate(identities: identities)),
            RegisteredOperation(ListEmailIdentityCertificates(identities: identities)),
            RegisteredOperation(CreateEmailIdentityPolicy(identities: identities)),
            RegisteredOperation(GetEmailIdentityPolicies(identities: identities)),
            RegisteredOperation(UpdateEmailIdentityPolicy(identities: identities)),
            RegisteredOperation(DeleteEmailIdentityPolicy(identities: identities)),
            RegisteredOperation(CreateConfigurationSet(configurationSets: configurationSets, pools: pools)),
            RegisteredOperation(GetConfigurationSet(configurationSets: configurationSets)),
            RegisteredOperation(ListConfigurationSets(configurationSets: configurationSets)),
            RegisteredOperation(DeleteConfigurationSet(configurationSets: configurationSets)),
            RegisteredOperation(UpdateConfigurationSet(configurationSets: configurationSets)),
            RegisteredOperation(PutConfigurationSetArchivingOptions(configurationSets: configurationSets)),
            RegisteredOperation(PutConfigurationSetDeliveryOptions(configurationSets: configurationSets, pools: pools)),
            RegisteredOperation(PutConfigurationSetReputationOptions(configurationSets: configurationSets)),
            RegisteredOperation(PutConfigurationSetSendingOptions(configurationSets: configurationSets)),
            RegisteredOperation(PutConfigurationSetSuppressionOptions(configurationSets: configurationSets)),
            RegisteredOperation(PutConfigurationSetTrackingOptions(configurationSets: configurationSets)),
            RegisteredOperation(PutConfigurationSetVdmOptions(configurationSets: configurationSets)),
            RegisteredOperation(CreateConfigurationSetEventDestination(configurationSets: configurationSets)),
            RegisteredOperation(GetConfigurationSetEventDestinations(configurationSets: configurationSets)),
            RegisteredOperation(UpdateConfigurationSetEventDestination(configurationSets: configurationSets)),
            RegisteredOperation(DeleteConfigurationSetEventDestination(configurationSets: configurationSets)),
            RegisteredOperation(CreateDedicatedIpPool(pools: pools)),
            RegisteredOperation(GetDedicatedIpPool(pools: pools)),
            RegisteredOperation(ListDedicatedIpPools(pools: pools)),
            RegisteredOperation(DeleteDedicatedIpPool(pools: pools)),
            RegisteredOperation(PutDedicatedIpPoolScalingAttributes(pools: pools)),
            RegisteredOperation(GetDedicatedIp(ips: dedicatedIps)),
            RegisteredOperation(GetDedicatedIps(ips: dedicatedIps)),
            RegisteredOperation(PutDedicatedIpInPool(ips: dedicatedIps)),
            RegisteredOperation(PutDedicatedIpWarmupAttributes(ips: dedicatedIps)),
            RegisteredOperation(PutSuppressedDestination(suppression: suppression)),
            RegisteredOperation(GetSuppressedDestination(suppression: suppression)),
            RegisteredOperation(ListSuppressedDestinations(suppression: suppression)),
            RegisteredOperation(DeleteSuppressedDestination(suppression: suppression)),
            RegisteredOperation(CreateContactList(contactLists: contactLists)),
            RegisteredOperation(GetContactList(contactLists: contactLists)),
            RegisteredOperation(UpdateContactList(contactLists: contactLists)),
            RegisteredOperation(DeleteContactList(contactLists: contactLists)),
            RegisteredOperation(ListContactLists(contactLists: contactLists)),
            RegisteredOperation(CreateContact(contactLists: contactLists)),
            RegisteredOperation(GetContact(contactLists: contactLists)),
            RegisteredOperation(UpdateContact(contactLists: contactLists)),
            RegisteredOperation(DeleteContact(contactLists: contactLists)),
            RegisteredOperation(ListContacts(contactLists: contactLists)),
            RegisteredOperation(CreateTenant(tenants: tenants)),
            RegisteredOperation(GetTenant(tenants: tenants)),
            RegisteredOperation(ListTenants(tenants: tenants)),
            RegisteredOperation(DeleteTenant(tenants: tenants)),
            RegisteredOperation(CreateTenantResourceAssociation(tenants: tenants)),
            RegisteredOperation(DeleteTenantResourceAssociation(tenants: tenants)),
            RegisteredOperation(ListTenantResources(tenants: tenants)),
            RegisteredOperation(ListResourceTenants(tenants: tenants)),
            RegisteredOperation(PutTenantSuppressionAttributes(tenants: tenants)),
            RegisteredOperation(GetReputationEntity(tenants: tenants)),
            RegisteredOperation(ListReputationEntities(tenants: tenants)),
            RegisteredOperation(UpdateReputationEntityCustomerManagedStatus(tenants: tenants)),
            RegisteredOperation(UpdateReputationEntityPolicy(tenants: tenants)),
            RegisteredOperation(CreateImportJob(imports: imports)),
            RegisteredOperation(GetImportJob(imports: imports)),
            RegisteredOperation(ListImportJobs(imports: imports)),
            RegisteredOperation(PutDeliverabilityDashboardOption(dashboard: deliverability, identities: identities)),
            RegisteredOperation(GetDeliverabilityDashboardOptions(dashboard: deliverability)),
            RegisteredOperation(GetDomainStatisticsReport(dashboard: deliverability, maxRangeDays: settings.maxRangeDays)),
            RegisteredOperation(ListDomainDeliverabilityCampaigns(dashboard: deliverability)),
            RegisteredOperation(GetDomainDeliverabilityCampaign(dashboard: deliverability)),
            RegisteredOperation(GetBlacklistReports(dashboard: deliverability)),
            RegisteredOperation(CreateDeliverabilityTestReport(dashboard: deliverability, sender: sender)),
            RegisteredOperation(GetDeliverabilityTestReport(dashboard: deliverability, isps: store.catalog.entries.map(\.name))),
            RegisteredOperation(ListDeliverabilityTestReports(dashboard: deliverability)),
            RegisteredOperation(TagResource(resources: tagged)),
            RegisteredOperation(UntagResource(resources: tagged)),
            RegisteredOperation(ListTagsForResource(resources: tagged)),
            RegisteredOperation(CreateEmailTemplate(templates: templates)),
            RegisteredOperation(GetEmailTemplate(templates: templates)),
            RegisteredOperation(UpdateEmailTemplate(templates: templates)),
            RegisteredOperation(DeleteEmailTemplate(templates: templates)),
            RegisteredOperation(ListEmailTemplates(templates: templates)),
            RegisteredOperation(TestRenderEmailTemplate(templates: templates)),
            RegisteredOperation(CreateCustomVerificationEmailTemplate(templates: verificationTemplates, sender: sender)),
            RegisteredOperation(GetCustomVerificationEmailTemplate(templates: verificationTemplates)),
            RegisteredOperation(UpdateCustomVerificationEmailTemplate(templates: verificationTemplates, sender: sender)),
            RegisteredOperation(DeleteCustomVerificationEmailTemplate(templates: verificationTemplates)),
            RegisteredOperation(ListCustomVerificationEmailTemplates(templates: verificationTemplates)),
            RegisteredOperation(SendCustomVerificationEmail(templates: verificationTemplates, sender: sender)),
            RegisteredOperation(CreateMultiRegionEndpoint(endpoints: endpoints)),
            RegisteredOperation(GetMultiRegionEndpoint(endpoints: endpoints)),
            RegisteredOperation(ListMultiRegionEndpoints(endpoints: endpoints)),
            RegisteredOperation(DeleteMultiRegionEndpoint(endpoints: endpoints)),
            RegisteredOperation(GetMessageInsights(insights: MessageInsights(store: store))),
            RegisteredOperation(GetEmailAddressInsights()),
            RegisteredOperation(SendEmail(sender: sender)),
            RegisteredOperation(SendBulkEmail(sender: sender)),
            RegisteredOperation(CreateExportJob(jobs: exports, reader: exportReader, faults: self.faults)),
            RegisteredOperation(GetExportJob(jobs: exports)),
            RegisteredOperation(ListExportJobs(jobs: exports)),
            RegisteredOperation(CancelExportJob(jobs: exports)),
        ]
        // Every emulated SES v1 action (Query protocol); the action table names the rest of the model.
        let actions = [
            RegisteredOperation(GetSendQuota(quota: quota)),
            RegisteredOperation(GetSendStatistics(store: store)),
            RegisteredOperation(SendEmailV1(sender: sender)),
            RegisteredOperation(SendRawEmail(sender: sender)),
            RegisteredOperation(SendTemplatedEmail(sender: sender)),
            RegisteredOperation(CreateTemplate(templates: templates)),
            RegisteredOperation(GetTemplate(templates: templates)),
            RegisteredOperation(UpdateTemplate(templates: templates)),
            RegisteredOperation(DeleteTemplate(templates: templates)),
            RegisteredOperation(ListTemplates(templates: templates)),
            RegisteredOperation(TestRenderTemplate(templates: templates)),
            RegisteredOperation(CreateConfigurationSetV1(configurationSets: configurationSets)),
            RegisteredOperation(DescribeConfigurationSet(configurationSets: configurationSets)),
            RegisteredOperation(DeleteConfigurationSetV1(configurationSets: configurationSets)),
            RegisteredOperation(ListConfigurationSetsV1(configurationSets: configurationSets)),
            RegisteredOperation(UpdateConfigurationSetSendingEnabled(configurationSets: configurationSets)),
            RegisteredOperation(UpdateConfigurationSetReputationMetricsEnabled(configurationSets: configurationSets)),
            RegisteredOperation(GetAccountSendingEnabled(account: account)),
            RegisteredOperation(UpdateAccountSendingEnabled(account: account)),
            RegisteredOperation(VerifyEmailIdentity(identities: identities)),
            RegisteredOperation(VerifyEmailAddress(identities: identities)),
            RegisteredOperation(VerifyDomainIdentity(identities: identities)),
            RegisteredOperation(VerifyDomainDkim(identities: identities)),
            RegisteredOperation(ListIdentities(identities: identities)),
            RegisteredOperation(ListVerifiedEmailAddresses(identities: identities)),
            RegisteredOperation(GetIdentityVerificationAttributes(identities: identities)),
            RegisteredOperation(GetIdentityDkimAttributes(identities: identities)),
            RegisteredOperation(DeleteIdentity(identities: identities)),
            RegisteredOperation(DeleteVerifiedEmailAddress(identities: identities)),
        ]
        self.pipeline = Pipeline(
            routes: SESRouteTable(operations: operations),
            actions: QueryActionTable(operations: actions),
            verifier: settings.auth == .sigv4 ? SigV4Verifier(credentials: settings.credentials) : nil,
            account: account,
            rateLimiter: settings.rateLimit.map(RateLimiter.init),
            faults: self.faults, requestLog: requestLog)
    }

    /// Loads the seed data into an empty store; a store that holds events is left as it is, so a
    /// restart on a kept database does not double the data. Returns the events loaded.
    public func seedIfEmpty() throws -> Int {
        // A skipped seed loads nothing, so a reset of these events asks for confirmation first.
        guard try store.eventCount() == 0 else { return 0 }
        return try seeding.load(into: store)
    }

    public func makeRouter() -> Router {
        var router = Router()
        var controlRoutes: (@Sendable (HTTPRequestHead) -> Route?)?
        router.add("GET", "/_emulator/health") { [health] _, responder in
            responder.respond(health.emulator(requestID: RequestID.make()))
        }
        router.add("GET", "/_localstack/health") { [health] _, responder in
            responder.respond(health.localStack(requestID: RequestID.make()))
        }
        router.add("GET", "/_localstack/info") { [localStackInfo] _, responder in
            responder.respond(localStackInfo.info(requestID: RequestID.make()))
        }
        router.add("GET", "/_localstack/init") { [localStackInfo] _, responder in
            responder.respond(localStackInfo.initScripts(requestID: RequestID.make()))
        }
        if settings.controlAPI {
            let control = ControlAPI(store: store, catalog: catalog, faults: faults, rateLimiter: pipeline.rateLimiter,
                                     requestLog: requestLog, seeding: seeding, eventsBodyLimit: settings.eventsBodyLimit,
                                     account: pipeline.account, recommendations: recommendations, outcomes: outcomes,
                                     exports: exports, dedicatedIps: dedicatedIps, deliverability: deliverability, answers: answers,
                                     maxRangeDays: settings.maxRangeDays)
            control.register(into: &router)
            control.registerRecommendations(into: &router)
            control.registerSending(into: &router)
            controlRoutes = control.route
        }
        // Every SESv2 path: the operation is matched once, as the head arrives, for its body limit.
        let queryProtocol = QueryProtocolEndpoint(bodyLimit: settings.sesBodyLimit, pipeline: pipeline)
        // Export files are served even with --no-control-api: GetExportJob's S3Url points here.
        let downloads = ExportDownload(jobs: exports)
        // The operations at fixed paths (BatchGetMetricData among them) get their routes once, not
        // a match per request. Every SESv2 path starts with /v2/email/, which no other route does.
        var fixed: [String: [String: Route]] = [:]
        for (method, path, operation) in pipeline.routes.literalOperations where fixed[path]?[method] == nil {
            fixed[path, default: [:]][method] = pipeline.route(method: method, path: path, .operation(operation, pathParameters: [:]),
                                                               bodyLimit: operation.bodyLimit ?? settings.sesBodyLimit)
        }
        router.fallback = { [pipeline, settings, controlRoutes, fixed] head in
            if let route = fixed[head.path]?[head.method] { return route }
            if let route = downloads.route(head) { return route }
            if let route = controlRoutes?(head) { return route }
            if let route = queryProtocol.route(head) { return route }
            guard let match = pipeline.routes.match(method: head.method, path: head.path, segments: head.pathSegments) else { return nil }
            return pipeline.route(method: head.method, path: head.path, match,
                                  bodyLimit: match.operation?.bodyLimit ?? settings.sesBodyLimit)
        }
        return router
    }

    /// Where export files are written.
    public var exportsDirectory: String { exports.directory.path }

    /// At exit: a temporary exports folder goes with its files.
    public func close() {
        exports.directory.removeIfTemporary()
    }

    public func makeHooks() -> HTTPServerHooks {
        // No access lines at this level: the core then builds no record per exchange either.
        var accessLogHook: (@Sendable (HTTPExchangeRecord) -> Void)?
        if logger.writesAccessLines { accessLogHook = { [logger] record in logger.logExchange(record) } }
        return HTTPServerHooks(
            renderError: { error, head in
                let explained = BodyLimitOption.explain(AWSError(error), head: head)
                // In the protocol the client speaks: SES v1's XML, else SESv2's JSON.
                return QueryProtocolEndpoint.speaks(head) ? explained.queryResponse(requestID: RequestID.make())
                    : explained.response(requestID: RequestID.make())
            },
            onExchange: accessLogHook)
    }
}
