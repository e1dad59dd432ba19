import HTTPServer
import MetricsStore
@testable import SESDomain
@testable import SESOperations
@testable import SESService
@testable import SESWire
import Testing

@Suite struct AccessLoggerTests {
    @Test func levels_areOrderedFromDebugToError() {
        #expect(LogLevel.debug < .info && LogLevel.info < .warning && LogLevel.warning < .error)
        #expect(!(LogLevel.error < .error))
        #expect(LogLevel.allCases.sorted() == [.debug, .info, .warning, .error])
    }

    @Test func accessLines_areWrittenAtInfoAndBelow() {
        #expect(AccessLogger(level: .debug, format: .text).writesAccessLines)
        #expect(AccessLogger(level: .info, format: .json).writesAccessLines)
        #expect(!AccessLogger(level: .warning, format: .text).writesAccessLines)
        #expect(!AccessLogger(level: .error, format: .text).writesAccessLines)
    }

    /// Above info the core gets no exchange hook, so it builds no record per request.
    @Test(arguments: [(LogLevel.info, true), (.debug, true), (.warning, false), (.error, false)])
    func exchangeHook_isInstalledOnlyWhenItWrites(_ level: LogLevel, _ installed: Bool) throws {
        let service = try EmulatorService(store: try MetricsStore(path: nil, catalog: .builtIn), catalog: .builtIn,
                                          settings: EmulatorSettings(version: "test"),
                                          logger: AccessLogger(level: level, format: .text),
                                          seeding: Seeding(seed: nil, shiftToToday: false), faults: FaultConfiguration())
        #expect((service.makeHooks().onExchange != nil) == installed)
    }
}
