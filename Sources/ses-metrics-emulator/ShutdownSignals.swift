@preconcurrency import Dispatch
import Glibc

/// SIGTERM and SIGINT start a graceful shutdown.
///
/// A Dispatch signal source arms itself asynchronously, so a signal sent right after the ready line
/// could be lost. `sigaction` is armed when it returns; its handler only writes a byte to a pipe
/// (async-signal-safe), and a Dispatch read source on the pipe runs the shutdown.
enum ShutdownSignals {
    nonisolated(unsafe) private static var pipeWriteEnd: Int32 = -1
    nonisolated(unsafe) private static var source: DispatchSourceRead?

    static func install(_ onSignal: @escaping @Sendable () -> Void) {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { fatalError("pipe failed: \(errno)") }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        _ = fcntl(fds[1], F_SETFL, fcntl(fds[1], F_GETFL) | O_NONBLOCK)
        pipeWriteEnd = fds[1]

        let readEnd = fds[0]
        let source = DispatchSource.makeReadSource(fileDescriptor: readEnd, queue: .global())
        source.setEventHandler {
            var byte: UInt8 = 0
            _ = read(readEnd, &byte, 1)
            onSignal()
        }
        source.resume()
        self.source = source

        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            var byte: UInt8 = 1
            _ = write(ShutdownSignals.pipeWriteEnd, &byte, 1)
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        for signalNumber in [SIGTERM, SIGINT] {
            sigaction(signalNumber, &action, nil)
        }
    }
}
