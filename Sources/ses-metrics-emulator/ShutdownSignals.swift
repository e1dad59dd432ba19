@preconcurrency import Dispatch
import Glibc

/// SIGTERM and SIGINT start a graceful shutdown. Dispatch signal sources fire only once the
/// signal's default action is replaced, hence SIG_IGN first.
enum ShutdownSignals {
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []

    static func install(_ onSignal: @escaping @Sendable () -> Void) {
        for signalNumber in [SIGTERM, SIGINT] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler(handler: onSignal)
            source.resume()
            sources.append(source)
        }
    }
}
