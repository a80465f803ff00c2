// Owns: the names of the output writer's temporary files (`.NAME.tmp-PID-RANDOM`) and the
// removal of those a killed writer left behind.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

extension AtomicFile {
    /// The prefix of every temporary file for target `name`: `.NAME.tmp-`.
    static func temporaryPrefix(for name: String) -> String { ".\(name).tmp-" }

    /// `.NAME.tmp-PID-RANDOM`: unique per process and call.
    static func temporaryName(for name: String) -> String {
        let random = String(UInt64.random(in: 0...UInt64(UInt32.max)), radix: 16)
        return temporaryPrefix(for: name) + "\(getpid())-\(random)"
    }

    /// Removes `.NAME.tmp-PID-*` files in `directory` whose PID is no longer running (left by a
    /// killed writer). Best effort: failures are ignored, live PIDs' files are kept.
    static func removeStaleTemporaries(directory: String, name: String) {
        let prefix = temporaryPrefix(for: name)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for file in names where file.hasPrefix(prefix) {
            let rest = file.dropFirst(prefix.count)
            guard let dash = rest.firstIndex(of: "-"), let pid = Int32(rest[..<dash]), pid > 0 else { continue }
            if pid != getpid(), kill(pid, 0) != 0, errno == ESRCH {
                unlink(directory + "/" + file)
            }
        }
    }
}
