import Dispatch
import Foundation

/// Ctrl-C and SIGTERM during long work: the first asks the work to stop (it finishes cleanly,
/// saying what was saved); a second one ends the process at once, as the signal would.
enum StopSignal {
    /// Runs `body` with SIGINT and SIGTERM calling `stop` (once) instead of ending the process;
    /// the default actions are back when it returns.
    static func whileRunning<T>(stop: @escaping @Sendable () -> Void, _ body: () throws -> T) rethrows -> T {
        let queue = DispatchQueue(label: "digits.stop-signal")
        let sources = [SIGINT, SIGTERM].map { number -> DispatchSourceSignal in
            signal(number, SIG_IGN)  // the dispatch source sees it instead
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            var count = 0
            source.setEventHandler {
                count += 1
                if count == 1 {
                    Terminal.writeError("\nstopping after this mini-batch (again to quit at once)\n")
                    stop()
                } else {
                    signal(number, SIG_DFL)
                    raise(number)
                }
            }
            source.resume()
            return source
        }
        defer {
            for source in sources { source.cancel() }
            signal(SIGINT, SIG_DFL)
            signal(SIGTERM, SIG_DFL)
        }
        return try body()
    }
}
