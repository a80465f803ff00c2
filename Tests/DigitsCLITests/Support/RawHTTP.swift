#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A blocking TCP connection to 127.0.0.1 for HTTP tests: bytes in, bytes out, every read
/// bounded by a receive timeout so that no test can hang.
final class RawConnection {
    let fd: Int32

    init(port: UInt16, timeout: Int = 30) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ServeTestError("socket: errno \(errno)") }
        var tv = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = port.bigEndian
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else { close(fd); throw ServeTestError("connect to port \(port): errno \(errno)") }
    }

    deinit { close(fd) }

    /// Sends every byte (false when the peer has closed).
    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return false }
            sent += n
        }
        return true
    }

    func send(_ text: String) -> Bool { send(Array(text.utf8)) }

    /// Reads until the peer closes (or the receive timeout passes: then `timedOut`).
    func readToEnd() -> (bytes: [UInt8], timedOut: Bool) {
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n == 0 { return (out, false) }
            if n < 0 { return (out, errno == EAGAIN || errno == EWOULDBLOCK) }
            out += buffer[0..<n]
        }
    }
}

/// One parsed HTTP response.
struct HTTPAnswer {
    var status: Int
    /// Header names lower-cased.
    var headers: [String: String]
    var body: [UInt8]

    var text: String { String(decoding: body, as: UTF8.self) }
    func json() throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
            throw ServeTestError("not a JSON object: \(text)")
        }
        return object
    }

    /// Parses a whole response (the connection was closed after it).
    init(_ raw: [UInt8]) throws {
        guard let split = raw.firstRange(of: Array("\r\n\r\n".utf8)) else {
            throw ServeTestError("no complete response head in \(raw.count) bytes: \(String(decoding: raw, as: UTF8.self).debugDescription)")
        }
        let head = String(decoding: raw[..<split.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = head[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw ServeTestError("bad status line \(head[0])") }
        self.status = status
        headers = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        body = Array(raw[split.upperBound...])
        if let length = headers["content-length"].flatMap(Int.init), body.count > length { body = Array(body.prefix(length)) }
    }
}

/// The bytes of one request with `Connection: close`.
func httpRequestBytes(_ method: String, _ target: String, body: [UInt8] = [], headers: [String: String] = [:]) -> [UInt8] {
    var head = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
    for (k, v) in headers { head += "\(k): \(v)\r\n" }
    if !body.isEmpty || method == "POST" { head += "Content-Length: \(body.count)\r\n" }
    return Array((head + "\r\n").utf8) + body
}

/// Sends one request on a new connection and reads the whole answer.
func httpRequest(port: UInt16, _ method: String, _ target: String, body: [UInt8] = [],
                 headers: [String: String] = [:]) throws -> HTTPAnswer {
    let connection = try RawConnection(port: port)
    connection.send(httpRequestBytes(method, target, body: body, headers: headers))
    let (raw, timedOut) = connection.readToEnd()
    if timedOut { throw ServeTestError("\(method) \(target): no complete answer within the timeout") }
    return try HTTPAnswer(raw)
}
