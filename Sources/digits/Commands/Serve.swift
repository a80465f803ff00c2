import ArgumentParser
import DigitsKit
import DigitsServe
import Foundation

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve a drawing page and a JSON API that classify digits with saved models.",
        discussion: """
            Open the printed URL in a browser, draw a digit, and watch the network answer. The \
            models are read once at start; each is named after its file (models/best.digits is \
            "best") and the first one answers unless a request asks for another.

            With two or more models in all (MODEL... and --with M...), their committee is \
            offered too, as "committee": the mean of all their outputs answers, as in \
            'digits classify MODEL --with M'. --with models are committee members only, not \
            served one by one; when --with is given the committee is the default. Every model \
            must take 28×28 images and have 10 outputs. While a committee is offered no served \
            model may be named "committee" (rename its file).

            Routes: GET / (the page), GET /healthz, GET /api/models, POST /api/classify (a \
            PNG, PGM or PPM image, or JSON {"pixels": [784 numbers in 0…1]}; ?model=NAME, \
            ?model=committee, ?invert=auto|yes|no). Pictures are prepared exactly as 'digits \
            classify' prepares them. See docs/serve.md.

            Limits: bodies up to \(Format.bytes(ServeConfiguration.defaultMaxBodyBytes)) (413 beyond, \
            refused before reading), \(ServeConfiguration.defaultMaxConnections) connections \
            at once, and a client has --timeout seconds for a request head and as many again \
            for its body.

            One access-log line per request goes to standard error (--quiet silences it). \
            Ctrl-C (SIGINT) or SIGTERM stops the server after the requests in flight.

            Examples:
              digits serve models/best.digits
              digits serve models/a.digits models/b.digits --port 9000
              digits serve s1.digits --with s2.digits --with s3.digits
              curl --data-binary @digit.pgm http://127.0.0.1:8080/api/classify

            Exit codes: 0 stopped by a signal; 2 a model is missing, malformed or not for 28×28 \
            images or without 10 outputs, two share a name, or one is named "committee" beside \
            a committee; 1 the address cannot be bound.
            """
    )

    @Argument(help: "Model files to serve (the first is the default unless --with is given).", completion: .file(extensions: ["digits"]))
    var models: [String] = []

    @Option(name: .customLong("with"), help: ArgumentHelp("Another model, only as a member of the committee of all the models (repeatable; the committee is then the default).", valueName: "model"),
            completion: .file(extensions: ["digits"]))
    var with: [String] = []

    @Option(help: "The address to listen on. Anything but loopback opens the page to the network.")
    var host = "127.0.0.1"

    @Option(parsing: .unconditional, help: "The TCP port (0 picks a free one).")
    var port = 8080

    @Option(parsing: .unconditional, help: "Seconds a client has to send a request head, and again its body.")
    var timeout = ServeConfiguration.defaultRequestTimeout

    @Flag(help: "No access-log line per request.")
    var quiet = false

    func validate() throws {
        guard !models.isEmpty else { throw ValidationError("give at least one MODEL file") }
        guard (0...65535).contains(port) else { throw ValidationError("--port must be in 0…65535, got \(port)") }
        guard timeout > 0, timeout <= 3600 else { throw ValidationError("--timeout must be in (0, 3600] seconds, got \(timeout)") }
    }

    func run() throws {
        let served = try models.map { try ServedModel(path: $0) }
        let members = try with.map { try ServedModel(path: $0) }
        let configuration = ServeConfiguration(host: host, port: port, requestTimeout: timeout)
        let server = try DigitsServer(models: served, members: members, configuration: configuration)
        if !configuration.isLoopback {
            Terminal.warning("listening on \(host): the page and the API are open to the network, with no authentication")
        }
        let names = served.map(\.name).joined(separator: ", ") + (server.committee.map {
            " and \(ServedCommittee.name) (\($0.memberNames.joined(separator: " + "))"
                + (server.defaultName == ServedCommittee.name ? "; the default)" : ")")
        } ?? "")
        let host = self.host
        var log: (@Sendable (AccessLogEntry) -> Void)?
        if !quiet {
            log = { entry in Terminal.writeError(Serve.logLine(entry)) }
        }
        let accessLog = log
        let outcome = Outcome()
        let done = DispatchSemaphore(value: 0)
        // Before the first task: requests then stay on NIO's threads (docs/serve.md, Benchmark).
        _ = DigitsServer.runTasksOnEventLoops()
        Task {
            do {
                try await server.run(onStart: { port in
                    let shown = host.contains(":") ? "[\(host)]" : host
                    print("digits: serving \(names) at http://\(shown):\(port)/ (Ctrl-C to stop)")
                    Terminal.flush()
                }, log: accessLog)
            } catch {
                outcome.error = error
            }
            done.signal()
        }
        done.wait()
        if let error = outcome.error {
            throw ServeFailure(message: "\(host):\(port): \(oneLine(error))")
        }
    }

    /// `127.0.0.1 "POST /api/classify" 200 1423 B 0.41 ms`; the target is escaped (it is the
    /// client's text).
    static func logLine(_ e: AccessLogEntry) -> String {
        let target = escapedForMessage(e.target.prefix(300), escapingQuotes: true)
        return "\(e.client) \"\(e.method) \(target)\" \(e.status) \(e.bytes) B \(String(format: "%.2f", e.seconds * 1000)) ms\n"
    }
}

/// The server's error, handed from its task to the waiting command.
private final class Outcome: @unchecked Sendable {
    var error: (any Error)?
}

/// The server could not start or failed while running (exit 1).
private struct ServeFailure: DigitsError {
    let message: String
    var kind: FailureKind { .runtime }
    var description: String { message }
}
