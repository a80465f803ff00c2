/// Where `digits serve` listens and the limits that keep one client from hurting the others.
public struct ServeConfiguration: Sendable {
    /// The address to bind; 127.0.0.1 keeps the page on this machine.
    public var host: String
    /// The TCP port; 0 picks a free one (the startup line says which).
    public var port: Int
    /// The largest request body read (bytes). A larger `Content-Length` is refused (413) before
    /// any of the body is read; a chunked body is refused as soon as it grows past the limit.
    public var maxBodyBytes: Int
    /// Connections served at once; further clients wait in the listen backlog. With
    /// ``maxBodyBytes`` this bounds the memory held by request bodies.
    public var maxConnections: Int
    /// Seconds a connection may take to send a whole request head (also the keep-alive idle
    /// limit) and, separately, seconds the body may take after the head. Then it is closed.
    public var requestTimeout: Double

    public static let defaultMaxBodyBytes = 2 << 20
    public static let defaultMaxConnections = 256
    public static let defaultRequestTimeout = 10.0

    public init(host: String = "127.0.0.1", port: Int = 8080,
                maxBodyBytes: Int = defaultMaxBodyBytes,
                maxConnections: Int = defaultMaxConnections,
                requestTimeout: Double = defaultRequestTimeout) {
        self.host = host
        self.port = port
        self.maxBodyBytes = maxBodyBytes
        self.maxConnections = maxConnections
        self.requestTimeout = requestTimeout
    }

    /// Whether ``host`` is a loopback address (anything else opens the page to the network).
    public var isLoopback: Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}

/// One served request, for the access log.
public struct AccessLogEntry: Sendable {
    /// The client's address.
    public var client: String
    public var method: String
    /// The request target as sent (the caller escapes it before printing).
    public var target: String
    public var status: Int
    /// Bytes in the response body.
    public var bytes: Int
    /// Seconds from the request head to the response.
    public var seconds: Double
}
