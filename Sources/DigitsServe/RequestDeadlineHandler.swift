import NIOCore
import NIOHTTPTypes

/// Closes a connection whose client is too slow, whatever it sends, so that a slow or silent
/// client holds a connection slot for a bounded time only.
///
/// - Header deadline: from the moment the connection opens (or the last response is written)
///   until a whole request head has arrived. This is also the keep-alive idle limit.
/// - Body deadline: from the request head until the end of its body.
///
/// It also closes the connection after a response that says `Connection: close` (the server
/// says so when it refuses a body it will not read).
final class RequestDeadlineHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let headerDeadline: TimeAmount
    private let bodyDeadline: TimeAmount
    private var timer: Scheduled<Void>?
    /// Requests whose head has been read and whose response has not been written to its end.
    private var pendingResponses = 0
    private var readingBody = false
    private var closeAfterResponse = false

    init(headerDeadline: TimeAmount, bodyDeadline: TimeAmount) {
        self.headerDeadline = headerDeadline
        self.bodyDeadline = bodyDeadline
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { arm(context, headerDeadline) }
    }

    func channelActive(context: ChannelHandlerContext) {
        arm(context, headerDeadline)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        disarm()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        disarm()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            pendingResponses += 1
            readingBody = true
            arm(context, bodyDeadline)
        case .body:
            break
        case .end:
            readingBody = false
            disarm()
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let head):
            if head.headerFields[.connection]?.lowercased() == "close" { closeAfterResponse = true }
            context.write(data, promise: promise)
        case .body:
            context.write(data, promise: promise)
        case .end:
            pendingResponses = max(0, pendingResponses - 1)
            if closeAfterResponse {
                context.writeAndFlush(data, promise: promise)
                context.close(promise: nil)
                return
            }
            context.write(data, promise: promise)
            if pendingResponses == 0, !readingBody { arm(context, headerDeadline) }
        }
    }

    private func arm(_ context: ChannelHandlerContext, _ delay: TimeAmount) {
        timer?.cancel()
        let channel = context.channel
        timer = context.eventLoop.scheduleTask(in: delay) { channel.close(promise: nil) }
    }

    private func disarm() {
        timer?.cancel()
        timer = nil
    }
}
