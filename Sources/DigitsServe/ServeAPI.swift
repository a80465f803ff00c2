import DigitsKit
import Foundation
import Hummingbird
import NIOCore

/// The routes of `digits serve`: every answer is JSON (or the page), every error
/// `{"error": "one line"}`.
struct ServeAPI: Sendable {
    let models: [ServedModel]
    let committee: ServedCommittee?
    /// What a request without `?model=` gets.
    let defaultName: String
    let configuration: ServeConfiguration
    /// The encoded `GET /api/models` answer (the models never change while serving).
    let modelsJSON: ByteBuffer

    init(_ server: DigitsServer) throws {
        models = server.models
        committee = server.committee
        defaultName = server.defaultName
        configuration = server.configuration
        let list = ModelList(default: defaultName, models: models.map(\.summary), committee: committee?.summary)
        modelsJSON = ByteBuffer(bytes: try ServeAPI.encoder.encode(list))
    }

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()

    /// The paths served and the methods each allows.
    static let routes: [String: [String]] = [
        "/": ["GET"], "/healthz": ["GET"], "/api/models": ["GET"], "/api/classify": ["POST"],
    ]

    func respond(to request: Request) async -> Response {
        do {
            let path = request.uri.path
            guard let allowed = ServeAPI.routes[path] else { throw HTTPFailure.notFound(path) }
            guard allowed.contains(request.method.rawValue) else {
                throw HTTPFailure.methodNotAllowed(request.method.rawValue, path, allowed: allowed)
            }
            switch path {
            case "/": return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8",
                                                             .cacheControl: "no-cache"],
                                      body: .init(byteBuffer: ByteBuffer(bytes: Page.html)))
            case "/healthz": return try json(Health(status: "ok", models: models.count))
            case "/api/models": return Response(status: .ok, headers: [.contentType: "application/json"],
                                                body: .init(byteBuffer: modelsJSON))
            default: return try await classify(request)
            }
        } catch let failure as HTTPFailure {
            return ServeAPI.response(for: failure)
        } catch {
            return ServeAPI.response(for: HTTPFailure(500, oneLine(error)))
        }
    }

    private func classify(_ request: Request) async throws -> Response {
        let query = request.uri.queryParameters
        // The model (or the committee) is picked before the body is read: a bad name costs no upload.
        let name = query["model"].map(String.init) ?? defaultName
        let answer: (GrayImage, DigitPreprocessor.Inversion) throws -> ClassifyAnswer
        if name == ServedCommittee.name, let committee {
            answer = { try ClassifyAnswer.classify($0, with: committee, inversion: $1) }
        } else if let served = models.first(where: { $0.name == name }) {
            answer = { try ClassifyAnswer.classify($0, with: served, inversion: $1) }
        } else {
            throw HTTPFailure(404, "no model named \"\(escapedForMessage(name.prefix(100), escapingQuotes: true))\"; GET /api/models lists them")
        }
        var inversion = DigitPreprocessor.Inversion.auto
        if let text = query["invert"].map(String.init) {
            guard let value = DigitPreprocessor.Inversion(rawValue: text) else {
                throw HTTPFailure(400, "invert=\(escapedForMessage(text.prefix(40))) must be auto, yes or no")
            }
            inversion = value
        }
        let limit = configuration.maxBodyBytes
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit {
            throw tooLarge(limit)
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw tooLarge(limit)
        }
        let picture = try ClassifyBody.picture(from: Array(buffer.readableBytesView))
        return Response(status: .ok, headers: [.contentType: "application/json"],
                        body: .init(byteBuffer: ByteBuffer(bytes: try answer(picture, inversion).json)))
    }

    /// 413, and the connection is closed rather than the rest of the body read.
    private func tooLarge(_ limit: Int) -> HTTPFailure {
        var failure = HTTPFailure(413, "the body is larger than the limit of \(limit) bytes")
        failure.closesConnection = true
        return failure
    }

    private func json(_ value: some Encodable) throws -> Response {
        let data = try ServeAPI.encoder.encode(value)
        return Response(status: .ok, headers: [.contentType: "application/json"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func response(for failure: HTTPFailure) -> Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        if !failure.allowed.isEmpty { headers[.allow] = failure.allowed.joined(separator: ", ") }
        if failure.closesConnection { headers[.connection] = "close" }
        return Response(status: status(failure.status), headers: headers,
                        body: .init(byteBuffer: ByteBuffer(bytes: errorBody(failure.message))))
    }

    /// `{"error":"…"}`, the body of every refusal.
    static func errorBody(_ message: String) -> [UInt8] {
        Array((try? encoder.encode(["error": message])) ?? Data("{\"error\":\"?\"}".utf8))
    }
}

/// The status with its reason phrase (`413 Content Too Large`, not a bare `413`).
private func status(_ code: Int) -> HTTPResponse.Status {
    switch code {
    case 400: return .badRequest
    case 404: return .notFound
    case 405: return .methodNotAllowed
    case 413: return .contentTooLarge
    case 415: return .unsupportedMediaType
    default: return .internalServerError
    }
}

/// `GET /healthz`.
struct Health: Encodable {
    var status: String
    var models: Int
}

/// `GET /api/models`.
struct ModelList: Encodable {
    /// The model a request without `?model=` gets (`committee` when `--with` was given).
    var `default`: String
    var models: [ModelSummary]
    /// The committee of all the models, absent when there is only one.
    var committee: CommitteeSummary?
}
