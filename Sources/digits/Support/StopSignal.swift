import Dispatch
import Foundation

/// Ctrl-C and SIGTERM during long work: the first asks the work to stop (it finishes cleanly,
/// saying what was saved); a second one ends the process at once, as the signal would.
enum StopSignal {
    /// Runs `body` with SIGINT and SIGTERM calling `stop` (once) instead of ending the process;
    /// their previous dispositions are back when it returns. A signal the process was started
    /// with ignored (as `nohup` and background jobs of a script do with SIGINT) stays ignored.
    static func whileRunning<T>(stop: @escaping @Sendable () -> Void, _ body: () throws -> T) rethrows -> T {
        let queue = DispatchQueue(label: "digits.stop-signal")
        var previous: [(Int32, sighandler_t?)] = []
        let sources = [SIGINT, SIGTERM].compactMap { number -> DispatchSourceSignal? in
            let old = signal(number, SIG_IGN)  // the dispatch source sees it instead
            previous.append((number, old))
            guard !isIgnore(old) else { return nil }
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
            for (number, old) in previous { signal(number, old) }
        }
        return try body()
    }

    private static func isIgnore(_ handler: sighandler_t?) -> Bool {
        guard let handler else { return false }
        let ignore: sighandler_t? = SIG_IGN
        return ignore.map { unsafeBitCast(handler, to: Int.self) == unsafeBitCast($0, to: Int.self) } ?? false
    }
}
