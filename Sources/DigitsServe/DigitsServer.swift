import DigitsKit
import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import NIOPosix

/// The `digits serve` server: the drawing page and the JSON API over models loaded once.
///
/// Built on Hummingbird (SwiftNIO). Requests are answered on NIO's event loops and Swift's
/// cooperative pool; each connection is bounded by ``ServeConfiguration``'s deadlines and
/// body limit, and at most ``ServeConfiguration/maxConnections`` are served at once.
public struct DigitsServer: Sendable {
    /// The models served one by one, in order.
    public let models: [ServedModel]
    /// The committee of all the models (``models`` and the `--with` members), offered when there
    /// are two or more of them.
    public let committee: ServedCommittee?
    /// The name a request without `?model=` gets: the committee when `--with` members were
    /// given, else the first model.
    public let defaultName: String
    public let configuration: ServeConfiguration

    /// - Parameter members: models that only serve as committee members (`--with`), not one by
    ///   one.
    /// - Throws: ``ServeSetupError`` when no model is given, two share a name, or a served model
    ///   is named "committee" while a committee is offered.
    public init(models: [ServedModel], members: [ServedModel] = [], configuration: ServeConfiguration) throws {
        guard !models.isEmpty else { throw ServeSetupError.noModels }
        var seen: [String: String] = [:]
        for served in models + members {
            if let other = seen[served.name] { throw ServeSetupError.sameName(served.name, other, served.path) }
            seen[served.name] = served.path
        }
        let all = models + members
        if all.count > 1 {
            if let clash = models.first(where: { $0.name == ServedCommittee.name }) {
                throw ServeSetupError.committeeName(clash.path)
            }
            committee = try ServedCommittee(members: all)
        } else {
            committee = nil
        }
        defaultName = members.isEmpty ? models[0].name : ServedCommittee.name
        self.models = models
        self.configuration = configuration
    }

    /// Makes NIO's event loops run Swift concurrency's tasks too (the responder included), so
    /// that a request does not hop between an event-loop thread and a cooperative-pool thread.
    /// Must be called before the process starts its first task; returns whether it took effect.
    public static func runTasksOnEventLoops() -> Bool {
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }

    /// Serves until SIGINT or SIGTERM, then stops gracefully: the listener closes, requests in
    /// flight are answered, and the call returns.
    ///
    /// - Parameters:
    ///   - onStart: called once, when the server listens, with the port it listens on.
    ///   - log: called after each response (nil: no access log).
    public func run(onStart: @escaping @Sendable (Int) -> Void,
                    log: (@Sendable (AccessLogEntry) -> Void)?) async throws {
        let api = try ServeAPI(self)
        let responder = CallbackResponder<ServeContext> { request, context in
            let start = ContinuousClock.now
            let response = await api.respond(to: request)
            if let log {
                let elapsed = ContinuousClock.now - start
                let c = elapsed.components
                log(AccessLogEntry(client: context.client, method: request.method.rawValue,
                                   target: request.uri.description, status: Int(response.status.code),
                                   bytes: response.body.contentLength ?? 0,
                                   seconds: Double(c.seconds) + Double(c.attoseconds) * 1e-18))
            }
            return response
        }
        let timeout = TimeAmount.nanoseconds(Int64(configuration.requestTimeout * 1e9))
        var logger = Logger(label: "digits-serve")
        logger.logLevel = .critical
        let app = Application(
            responder: responder,
            server: .http1(configuration: .init(additionalChannelHandlers: [
                RequestDeadlineHandler(headerDeadline: timeout, bodyDeadline: timeout),
                MalformedRequestHandler(),
            ])),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port),
                                 backlog: 256,
                                 availableConnectionsDelegate: MaximumAvailableConnections(configuration.maxConnections)),
            onServerRunning: { channel in onStart(channel.localAddress?.port ?? configuration.port) },
            logger: logger
        )
        try await app.runService()
    }
}

/// Why the server cannot start with the models it was given.
public enum ServeSetupError: DigitsError, Equatable {
    case noModels
    /// Two model files give the same name.
    case sameName(String, String, String)
    /// This served model's file gives the name "committee", which the committee of all the
    /// models answers to.
    case committeeName(String)

    public var kind: FailureKind { .badInput }
    public var description: String {
        switch self {
        case .noModels: return "give at least one model file"
        case let .sameName(name, a, b):
            return "\(a) and \(b) would both be served as \"\(escapedForMessage(name, escapingQuotes: true))\"; rename one"
        case .committeeName(let path):
            return "\(escapedForMessage(path)) would be served as \"\(ServedCommittee.name)\", the name of the committee of all the models; rename it"
        }
    }
}
