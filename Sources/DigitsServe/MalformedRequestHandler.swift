import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// Gives the answer to a request that is not valid HTTP/1.1 (a bad request line, a bad header,
/// a head over the size limit) the server's `{"error": "one line"}` body.
///
/// Hummingbird answers such a request itself, before any route sees it: when NIO's HTTP decoder
/// raises an `HTTPParserError`, `HTTPChannelHandler.handleHTTP` writes a `400` head with
/// `Content-Length: 0` and `Connection: close`, then closes the connection. This handler sits
/// after the HTTP codec, so it sees the parser error on its way in and that head on its way out,
/// and writes the JSON body (and 431 for a head too large) in its place.
final class MalformedRequestHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// The parser error seen, until the answer to it is written.
    private var parseError: HTTPParserError?

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let error = error as? HTTPParserError { parseError = error }
        context.fireErrorCaught(error)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        // The server's own answers always have a body; only Hummingbird's parse-error answer is empty.
        guard let error = parseError, case .head(var head) = unwrapOutboundIn(data),
              head.status == .badRequest, head.headerFields[.contentLength] == "0" else {
            context.write(data, promise: promise)
            return
        }
        parseError = nil
        let failure = MalformedRequestHandler.failure(for: error)
        let body = ServeAPI.errorBody(failure.message)
        head.status = failure.status == 431 ? .requestHeaderFieldsTooLarge : .badRequest
        head.headerFields[.contentType] = "application/json"
        head.headerFields[.contentLength] = String(body.count)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        // Hummingbird's `.end` follows and passes through as it is.
        context.write(wrapOutboundOut(.body(context.channel.allocator.buffer(bytes: body))), promise: promise)
    }

    /// The status and one line for a parser error, in the API's words.
    static func failure(for error: HTTPParserError) -> HTTPFailure {
        switch error {
        case .headerOverflow:
            return HTTPFailure(431, "the request head is larger than the limit of \(80 * 1024) bytes")
        case .invalidMethod:
            return HTTPFailure(400, "not an HTTP/1.1 request: the request line has no valid method")
        case .invalidURL:
            return HTTPFailure(400, "not an HTTP/1.1 request: the request target is not a valid URL path")
        case .invalidVersion:
            return HTTPFailure(400, "not an HTTP/1.1 request: the HTTP version is missing or invalid")
        case .invalidHeaderToken, .invalidCharactersUsed, .lfExpected, .invalidConstant:
            return HTTPFailure(400, "malformed request head: \(error.debugDescription)")
        case .invalidContentLength, .unexpectedContentLength:
            return HTTPFailure(400, "bad Content-Length: \(error.debugDescription)")
        case .invalidChunkSize:
            return HTTPFailure(400, "bad chunked body: \(error.debugDescription)")
        default:
            return HTTPFailure(400, "malformed HTTP request: \(error.debugDescription)")
        }
    }
}
