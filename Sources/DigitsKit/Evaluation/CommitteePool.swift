import Foundation

/// Committees of the same members, kept between calls: a call takes an idle one (or makes one)
/// and gives it back, so that a served request does not copy every member's parameters into a
/// new ``Predictor`` and allocate its workspaces again (2.5 MB per 784-800-10 member). A
/// ``Committee`` is not thread-safe, so each call has one to itself; the pool is.
final class CommitteePool: @unchecked Sendable {
    private let members: [(name: String, network: Network)]
    private let lock = NSLock()
    private var idle: [Committee] = []

    /// The most idle committees kept: about as many as calls run at once on these machines'
    /// cores; one given back beyond that is freed.
    static let maxIdle = 8

    /// A pool of committees of `members` (at least one; checked when the first is made).
    init(_ members: [(name: String, network: Network)]) {
        self.members = members
    }

    /// Runs `body` with a committee no other call is using.
    func withCommittee<T>(_ body: (Committee) throws -> T) throws -> T {
        lock.lock()
        let kept = idle.popLast()
        lock.unlock()
        let committee = try kept ?? Committee(members)
        defer {
            lock.lock()
            if idle.count < Self.maxIdle { idle.append(committee) }
            lock.unlock()
        }
        return try body(committee)
    }

    /// Idle committees now (for tests).
    var idleCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return idle.count
    }
}
