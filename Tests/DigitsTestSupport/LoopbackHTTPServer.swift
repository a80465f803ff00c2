#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A tiny HTTP/1.1 server on 127.0.0.1 (ephemeral port) for download tests: one thread accepts,
/// one short-lived thread answers each connection, and a test-supplied handler decides each
/// answer, including faults (truncation, connection reset, stall).
///
/// It stops by itself after `lifetime` seconds; every loop is bounded by a deadline.
public final class LoopbackHTTPServer: @unchecked Sendable {
    public struct Request: Sendable {
        public var method: String
        public var path: String
        /// Header names lower-cased.
        public var headers: [String: String]
        /// N of a "Range: bytes=N-" header.
        public var rangeStart: Int? {
            guard let value = headers["range"], value.hasPrefix("bytes="), value.hasSuffix("-") else { return nil }
            return Int(value.dropFirst(6).dropLast())
        }
        /// The last path component: the file asked for.
        public var fileName: String { String(path.split(separator: "/").last ?? "") }
        /// The first path component: which fake mirror was asked.
        public var mirror: String { String(path.split(separator: "/").first ?? "") }
    }

    /// How a connection ends after the bytes are sent.
    public enum Ending: Sendable {
        /// Closes normally.
        case close
        /// Closes with a TCP reset (SO_LINGER 0).
        case reset
        /// Keeps the connection open, sending nothing more, until the client gives up.
        case stall
    }

    /// An answer: a status line, headers, and how much of `body` to send before `ending`.
    public struct Reply: Sendable {
        public var status: Int
        public var headers: [(String, String)]
        public var body: Data
        public var sendBytes: Int? = nil
        public var ending: Ending = .close
        /// Bytes sent instead of the status line and headers (a broken or unusual head, such as
        /// one cut off in the middle or a `100 Continue` first); nil: made from status and headers.
        public var rawHead: Data? = nil
        /// Seconds between single bytes of the body (a trickle); nil: the body at once.
        public var dripInterval: Double? = nil

        public init(status: Int, headers: [(String, String)], body: Data) {
            self.status = status
            self.headers = headers
            self.body = body
        }

        /// The file, honouring "Range: bytes=N-" with a 206.
        public static func file(_ data: Data, for request: Request) -> Reply {
            if let start = request.rangeStart, start > 0, start < data.count {
                return Reply(status: 206, headers: [("Content-Length", "\(data.count - start)"),
                                                    ("Content-Range", "bytes \(start)-\(data.count - 1)/\(data.count)"),
                                                    ("Content-Type", "application/octet-stream")],
                             body: data.subdata(in: start..<data.count))
            }
            return Reply(status: 200, headers: [("Content-Length", "\(data.count)"), ("Content-Type", "application/octet-stream")],
                         body: data)
        }

        /// A status with a short text body.
        public static func status(_ code: Int, _ text: String = "error") -> Reply {
            let body = Data(text.utf8)
            return Reply(status: code, headers: [("Content-Length", "\(body.count)"), ("Content-Type", "text/plain")], body: body)
        }
    }

    public let port: UInt16
    private let listener: Int32
    private let handler: @Sendable (Request) -> Reply
    private let deadline: Date
    private let lock = NSLock()
    private var stopped = false
    private var log: [Request] = []

    /// Starts listening at once; `handler` answers every request.
    public init(lifetime: Double = 60, handler: @escaping @Sendable (Request) -> Reply) throws {
        self.handler = handler
        self.deadline = Date().addingTimeInterval(lifetime)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ServerError(message: "socket failed") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else { close(fd); throw ServerError(message: "bind/listen failed") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        port = UInt16(bigEndian: address.sin_port)
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    deinit { stop() }

    /// `http://127.0.0.1:PORT/MIRROR/`.
    public func baseURL(_ mirror: String) -> String { "http://127.0.0.1:\(port)/\(mirror)/" }

    /// Requests answered so far.
    public var requests: [Request] { lock.withLock { log } }

    /// Stops accepting; connection threads notice within 0.1 s.
    public func stop() {
        lock.withLock { stopped = true }
    }

    private var isRunning: Bool { lock.withLock { !stopped } && Date() < deadline }

    private func acceptLoop() {
        defer { close(listener) }
        while isRunning {
            var poller = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 100) > 0 else { continue }
            let client = accept(listener, nil, nil)
            guard client >= 0 else { continue }
            let thread = Thread { [self] in serve(client) }
            thread.start()
        }
    }

    private func serve(_ fd: Int32) {
        var ending = Ending.close
        defer { finish(fd, ending) }
        guard let request = readRequest(fd) else { return }
        lock.withLock { log.append(request) }
        let reply = handler(request)
        ending = reply.ending
        var head = "HTTP/1.1 \(reply.status) \(Self.reason(reply.status))\r\nConnection: close\r\n"
        for (name, value) in reply.headers { head += "\(name): \(value)\r\n" }
        head += "\r\n"
        guard send(fd, reply.rawHead ?? Data(head.utf8)) else { return }
        let count = min(reply.sendBytes ?? reply.body.count, reply.body.count)
        if let interval = reply.dripInterval {
            // One byte at a time until the client gives up (a failed send) or the server stops.
            for index in reply.body.indices.prefix(count) {
                guard isRunning, send(fd, reply.body[index...index]) else { return }
                Thread.sleep(forTimeInterval: interval)
            }
        } else {
            guard send(fd, reply.body.prefix(count)) else { return }
        }
        if ending == .stall { waitForClientToLeave(fd) }
    }

    /// Reads the request head (bounded: 16 KiB, 5 s).
    private func readRequest(_ fd: Int32) -> Request? {
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while bytes.count < 16 << 10 {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { return nil }
            bytes += buffer[0..<n]
            if let text = String(bytes: bytes, encoding: .utf8), let end = text.range(of: "\r\n\r\n") {
                let lines = text[..<end.lowerBound].components(separatedBy: "\r\n")
                let parts = lines.first?.split(separator: " ") ?? []
                guard parts.count >= 2 else { return nil }
                var headers: [String: String] = [:]
                for line in lines.dropFirst() {
                    guard let colon = line.firstIndex(of: ":") else { continue }
                    headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                }
                return Request(method: String(parts[0]), path: String(parts[1]), headers: headers)
            }
        }
        return nil
    }

    /// Sends all of `data`; false when the client went away (no SIGPIPE).
    private func send(_ fd: Int32, _ data: Data) -> Bool {
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                #if canImport(Glibc)
                let n = Glibc.send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                #else
                let n = Darwin.send(fd, raw.baseAddress! + offset, raw.count - offset, 0)
                #endif
                if n <= 0 { return false }
                offset += n
            }
            return true
        }
    }

    /// Keeps a stalled connection open until the client closes it, the server stops, or 10 s pass.
    private func waitForClientToLeave(_ fd: Int32) {
        let end = min(deadline, Date().addingTimeInterval(10))
        var buffer = [UInt8](repeating: 0, count: 512)
        while isRunning, Date() < end {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            if poll(&poller, 1, 100) > 0 {
                if recv(fd, &buffer, buffer.count, Int32(MSG_DONTWAIT)) <= 0 { return }
            }
        }
    }

    private func finish(_ fd: Int32, _ ending: Ending) {
        if ending == .reset {
            var linger = Glibc_linger(l_onoff: 1, l_linger: 0)
            setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc_linger>.size))
        } else {
            shutdown(fd, Int32(SHUT_WR))
        }
        close(fd)
    }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 206: return "Partial Content"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 416: return "Range Not Satisfiable"
        case 500: return "Internal Server Error"
        default: return "Status"
        }
    }

    public struct ServerError: Error, CustomStringConvertible { let message: String; public var description: String { message } }
}

#if canImport(Glibc)
private typealias Glibc_linger = Glibc.linger
#else
private typealias Glibc_linger = Darwin.linger
#endif
