import Hummingbird
import NIOCore

/// Hummingbird's per-request context, with the client's address for the access log.
struct ServeContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let client: String

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        client = source.channel.remoteAddress?.ipAddress ?? "-"
    }
}
