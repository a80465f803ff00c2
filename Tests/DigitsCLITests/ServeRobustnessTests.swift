import DigitsKit
import Foundation
import Testing

/// What a client can do to `digits serve`: big bodies, slow or silent connections, many at
/// once, and starting it wrongly. No test here measures time; every wait is bounded.
@Suite struct ServeRobustnessTests {
    typealias Workspace = ClassifyCommandTests.Workspace

    static let limit = 2 << 20  // ServeConfiguration.defaultMaxBodyBytes, as docs/serve.md says

    /// A body over the limit is refused from its Content-Length alone: the answer comes
    /// although not one byte of the body was sent, and the connection is closed.
    @Test func anOversizedBodyIsRefusedBeforeItIsRead() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let server = try ServeProcess([ws.model, "--quiet"])
        defer { server.stop() }
        let connection = try RawConnection(port: server.port)
        connection.send("POST /api/classify HTTP/1.1\r\nHost: x\r\nContent-Length: \(Self.limit + 1)\r\n\r\n")
        let (raw, timedOut) = connection.readToEnd()
        #expect(!timedOut, "the server waited for the body")
        let answer = try HTTPAnswer(raw)
        #expect(answer.status == 413)
        #expect(try answer.json()["error"] as? String == "the body is larger than the limit of \(Self.limit) bytes")

        // Exactly the limit is read (and is then simply not an image).
        let atLimit = try httpRequest(port: server.port, "POST", "/api/classify", body: [UInt8](repeating: 0x41, count: Self.limit))
        #expect(atLimit.status == 415)

        // A chunked body that grows past the limit is cut off too.
        let chunked = try RawConnection(port: server.port)
        chunked.send("POST /api/classify HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
        let piece = [UInt8](repeating: 0x50, count: 1 << 20)
        var refused = false
        for _ in 0..<4 where !refused {
            refused = !chunked.send(Array("100000\r\n".utf8) + piece + Array("\r\n".utf8))
        }
        let (rawChunked, _) = chunked.readToEnd()
        #expect(try HTTPAnswer(rawChunked).status == 413)
    }

    /// A client that sends half a request head, and one that sends half a body, are closed after
    /// the timeout; meanwhile everyone else is answered.
    @Test func slowClientsAreClosedAndDoNotStallOthers() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let server = try ServeProcess([ws.model, "--quiet", "--timeout", "1"])
        defer { server.stop() }
        let silentHead = try RawConnection(port: server.port)
        silentHead.send("POST /api/classify HTTP/1.1\r\nHost: x\r\n")
        let slowBody = try RawConnection(port: server.port)
        slowBody.send("POST /api/classify HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nP5\n")
        let idle = try RawConnection(port: server.port)

        let body = ServeRouteTests.strokePGM(vertical: true)
        for _ in 0..<20 {
            let answer = try httpRequest(port: server.port, "POST", "/api/classify", body: body)
            #expect(answer.status == 200)
        }
        for (name, connection) in [("half a head", silentHead), ("half a body", slowBody), ("nothing", idle)] {
            let (bytes, timedOut) = connection.readToEnd()
            #expect(!timedOut, "a client that sent \(name) was never closed")
            #expect(bytes.isEmpty, "\(name): \(String(decoding: bytes, as: UTF8.self))")
        }
        #expect(try httpRequest(port: server.port, "GET", "/healthz").status == 200)
    }

    /// 400 requests in flight at once (more than the connection cap: the rest wait in the
    /// backlog) are all answered, correctly.
    @Test func fourHundredConcurrentRequestsAreAllAnswered() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let server = try ServeProcess([ws.model, "--quiet"])
        defer { server.stop() }
        let vertical = ServeRouteTests.strokePGM(vertical: true), horizontal = ServeRouteTests.strokePGM(vertical: false)
        var connections: [RawConnection] = []
        for _ in 0..<400 { connections.append(try RawConnection(port: server.port, timeout: 60)) }
        for (i, c) in connections.enumerated() {
            c.send(httpRequestBytes("POST", "/api/classify", body: i % 2 == 0 ? vertical : horizontal))
        }
        var right = 0
        for (i, c) in connections.enumerated() {
            let (raw, timedOut) = c.readToEnd()
            guard !timedOut, let answer = try? HTTPAnswer(raw), answer.status == 200,
                  let digit = try? answer.json()["digit"] as? Int else { continue }
            if digit == i % 2 { right += 1 }
        }
        #expect(right == 400)
        #expect(server.stop() == 0)
    }

    /// SIGINT or SIGTERM stops the server gracefully: a request whose body is still arriving
    /// when the signal comes is answered, then the server exits 0.
    @Test(arguments: [SIGTERM, SIGINT])
    func aSignalLetsTheRequestInFlightFinish(signal: Int32) throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let server = try ServeProcess([ws.model])
        defer { server.stop() }
        let body = ServeRouteTests.strokePGM(vertical: true)
        let c = try RawConnection(port: server.port)
        c.send(httpRequestBytes("POST", "/api/classify", body: body).dropLast(body.count / 2).map { $0 })
        #expect(try httpRequest(port: server.port, "GET", "/healthz").status == 200)
        usleep(300_000)  // ordering only: the head, sent first, is read before the signal comes
        server.send(signal: signal)
        usleep(300_000)  // ordering only: the signal arrives while the body is incomplete
        c.send(Array(body.suffix(body.count / 2)))
        let answer = try HTTPAnswer(c.readToEnd().bytes)
        #expect(answer.status == 200)
        #expect(try answer.json()["digit"] as? Int == 0)
        #expect(server.stop() == 0)
        #expect(server.stderr.contains("\"POST /api/classify\" 200 "), "\(server.stderr)")
    }

    /// What is not HTTP/1.1 at all (a bad request line, a bad header, a head over 80 KiB) gets
    /// the same JSON error body as every other refusal, and the connection is closed.
    @Test func malformedRequestsGetAJSONError() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let server = try ServeProcess([ws.model, "--quiet"])
        defer { server.stop() }
        let cases: [(String, [UInt8], Int, String)] = [
            ("garbage", Array("\u{01}\u{02} garbage\r\n\r\n".utf8), 400, "not an HTTP/1.1 request: the request line has no valid method"),
            ("a bad version", Array("GET /healthz HTTP/9.x\r\nHost: x\r\n\r\n".utf8), 400, "not an HTTP/1.1 request: the HTTP version is missing or invalid"),
            ("a bad header", Array("GET /healthz HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n".utf8), 400, "malformed request head: "),
            ("a huge head", Array("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "a", count: 90 * 1024))\r\n\r\n".utf8),
             431, "the request head is larger than the limit of 81920 bytes"),
        ]
        for (name, bytes, status, message) in cases {
            let connection = try RawConnection(port: server.port)
            connection.send(bytes)
            let (raw, timedOut) = connection.readToEnd()
            #expect(!timedOut, "\(name): the connection was left open")
            let answer = try HTTPAnswer(raw)
            #expect(answer.status == status, "\(name): \(String(decoding: raw, as: UTF8.self).prefix(300))")
            #expect(answer.headers["content-type"] == "application/json", "\(name)")
            let error = try answer.json()["error"] as? String ?? ""
            #expect(error.hasPrefix(message) && !error.contains("\n"), "\(name): \(error)")
        }
        #expect(try httpRequest(port: server.port, "GET", "/healthz").status == 200)
    }

    /// Keep-alive: several requests on one connection, the last one saying close.
    @Test func keepAliveConnectionsServeSeveralRequests() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let server = try ServeProcess([ws.model, "--quiet"])
        defer { server.stop() }
        let c = try RawConnection(port: server.port)
        let body = ServeRouteTests.strokePGM(vertical: false)
        var request = Array("POST /api/classify HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.count)\r\n\r\n".utf8) + body
        request += request
        request += httpRequestBytes("GET", "/healthz")
        c.send(request)
        let text = String(decoding: c.readToEnd().bytes, as: UTF8.self)
        #expect(text.components(separatedBy: "HTTP/1.1 200 OK").count - 1 == 3, "\(text.prefix(400))")
        #expect(text.components(separatedBy: "\"digit\":1,\"height\":28").count - 1 == 2, "\(text.prefix(400))")
    }

    @Test func anotherHostWarnsThatThePageIsOpenToTheNetwork() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let server = try ServeProcess([ws.model, "--host", "0.0.0.0"])
        #expect(server.startupLine.contains("at http://0.0.0.0:"))
        #expect(try httpRequest(port: server.port, "GET", "/healthz").status == 200)
        #expect(server.stop() == 0)
        #expect(server.stderr.hasPrefix("digits: warning: listening on 0.0.0.0: the page and the API are open to the network"),
                "\(server.stderr)")
        let quiet = try ServeProcess([ws.model, "--quiet"])
        _ = try httpRequest(port: quiet.port, "GET", "/healthz")
        #expect(quiet.stop() == 0)
        #expect(quiet.stderr.isEmpty, "--quiet and loopback: nothing on standard error, got \(quiet.stderr)")
    }

    @Test func badModelsAndBusyPortsFailWithOneLine() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let missing = try runDigits(["serve", ws.dir + "/none.digits", "--port", "0"])
        #expect(missing.status == 2)
        #expect(missing.stderr.hasPrefix("digits: \(ws.dir)/none.digits: ") && missing.stderr.split(separator: "\n").count == 1,
                "\(missing.stderr)")
        try FileManager.default.createDirectory(atPath: ws.dir + "/other", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: ws.model, toPath: ws.dir + "/other/model.dm")
        let same = try runDigits(["serve", ws.model, ws.dir + "/other/model.dm", "--port", "0"])
        #expect(same.status == 2)
        #expect(same.stderr.contains("would both be served as \"model\""), "\(same.stderr)")
        let wrongSize = try Workspace(inputs: 100)
        defer { wrongSize.remove() }
        let small = try runDigits(["serve", wrongSize.model, "--port", "0"])
        #expect(small.status == 2)
        #expect(small.stderr.contains("784"), "\(small.stderr)")
        #expect(try runDigits(["serve"]).status == 2)

        let server = try ServeProcess([ws.model, "--quiet"])
        defer { server.stop() }
        let busy = try runDigits(["serve", ws.model, "--port", String(server.port)])
        #expect(busy.status == 1)
        #expect(busy.stderr.hasPrefix("digits: 127.0.0.1:\(server.port): ") && busy.stderr.split(separator: "\n").count == 1,
                "\(busy.stderr)")
    }
}
