import DigitsTestSupport
import DigitsKit
import Foundation
import Testing

/// `digits serve` end to end: each test starts the built binary on an ephemeral port of
/// 127.0.0.1 and talks HTTP to it over plain sockets. The model is the hand-built one of
/// ``ClassifyCommandTests`` (class 0 answers to a vertical stroke, class 1 to a horizontal one).
@Suite struct ServeRouteTests {
    typealias Workspace = ClassifyCommandTests.Workspace

    /// PGM bytes of the test stroke, dark ink on light paper.
    static func strokePGM(vertical: Bool) -> [UInt8] {
        PGMWriter.encode(Workspace.stroke(vertical: vertical), inkIsDark: true)
    }

    @Test func everyRouteAnswersAndTheAccessLogHasOneLineEach() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let server = try ServeProcess([ws.model])
        #expect(server.startupLine.hasPrefix("digits: serving model at http://127.0.0.1:"), "\(server.startupLine)")

        let page = try httpRequest(port: server.port, "GET", "/")
        #expect(page.status == 200)
        #expect(page.headers["content-type"] == "text/html; charset=utf-8")
        #expect(page.text.contains("<canvas id=\"board\""))
        #expect(!page.text.contains("http://") && !page.text.contains("https://"), "the page must not fetch anything from elsewhere")

        let health = try httpRequest(port: server.port, "GET", "/healthz")
        #expect(health.status == 200)
        #expect(try health.json()["status"] as? String == "ok")

        let list = try httpRequest(port: server.port, "GET", "/api/models").json()
        #expect(list["default"] as? String == "model")
        let models = try #require(list["models"] as? [[String: Any]])
        #expect(models.count == 1)
        #expect(models.first?["name"] as? String == "model")
        #expect(models.first?["layers"] as? [Int] == [784, 10])
        #expect(models.first?["parameters"] as? Int == 7850)

        let answer = try httpRequest(port: server.port, "POST", "/api/classify", body: Self.strokePGM(vertical: true))
        #expect(answer.status == 200, "\(answer.text)")
        let json = try answer.json()
        #expect(json["digit"] as? Int == 0)
        #expect(json["model"] as? String == "model")
        #expect((json["top"] as? [[String: Any]])?.count == 10)
        #expect((json["pixels"] as? [Double])?.count == 784)
        #expect(json["inverted"] as? Bool == true)

        let horizontal = try httpRequest(port: server.port, "POST", "/api/classify?invert=auto",
                                         body: Self.strokePGM(vertical: false)).json()
        #expect(horizontal["digit"] as? Int == 1)

        #expect(server.stop() == 0, "SIGTERM stops the server cleanly; stderr: \(server.stderr)")
        let log = server.stderr.split(separator: "\n")
        #expect(log.count == 5, "\(server.stderr)")
        #expect(log.contains { $0.hasPrefix("127.0.0.1 \"POST /api/classify\" 200 ") && $0.hasSuffix(" ms") }, "\(log)")
        #expect(log.contains { $0.hasPrefix("127.0.0.1 \"GET /healthz\" 200 ") }, "\(log)")
    }

    /// The same answers and the same 28×28 input as `digits classify` for the same file.
    @Test func answersAreThoseOfClassify() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        var picture = GrayImage(width: 40, height: 36)  // a slanted stroke: both classes score
        for t in 0..<28 { for w in 0..<4 { picture[6 + t / 2 + w, 4 + t] = 0.9 } }
        let bytes = PGMWriter.encode(picture, inkIsDark: true)
        try ws.write("slant.pgm", bytes)
        let cli = try runDigits(["classify", ws.model, ws.dir + "/slant.pgm", "--json", "--top", "10"])
        #expect(cli.status == 0, "\(cli.stderr)")
        let expected = try #require((try JSONSerialization.jsonObject(with: Data(cli.stdout.utf8)) as? [[String: Any]])?.first)

        let server = try ServeProcess([ws.model, "--quiet"])
        defer { server.stop() }
        let got = try httpRequest(port: server.port, "POST", "/api/classify", body: bytes).json()
        try expectSameAnswer(got, as: expected)

        // The 28×28 input is the classifier's own preparation of the picture.
        let classifier = try DigitClassifier(network: ModelFile.read(ws.model).network)
        let prepared = try classifier.prepare(PGMReader.decode(bytes)[0]).input
        let pixels = try #require(got["pixels"] as? [Double])
        #expect(pixels.map(Float.init) == prepared.pixels)
        #expect(got["width"] as? Int == 28 && got["height"] as? Int == 28)
    }

    @Test func theJSONPixelsFormIsPreparedTheSameWay() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let server = try ServeProcess([ws.model, "--quiet"])
        defer { server.stop() }
        var pixels = [Double](repeating: 1, count: 784)  // white paper, a dark vertical stroke
        for y in 4..<24 { for x in 12..<15 { pixels[y * 28 + x] = 0.05 } }
        let body = Array(try JSONSerialization.data(withJSONObject: ["pixels": pixels]))
        let answer = try httpRequest(port: server.port, "POST", "/api/classify", body: body)
        #expect(answer.status == 200, "\(answer.text)")
        #expect(try answer.json()["digit"] as? Int == 0)
        #expect(try answer.json()["inverted"] as? Bool == true)
        // White ink on black, as MNIST: not inverted.
        let mnistStyle = Array(try JSONSerialization.data(withJSONObject: ["pixels": pixels.map { 1 - $0 }]))
        let plain = try httpRequest(port: server.port, "POST", "/api/classify", body: mnistStyle).json()
        #expect(plain["digit"] as? Int == 0)
        #expect(plain["inverted"] as? Bool == false)
        #expect(plain["pixels"] as? [Double] == (try answer.json())["pixels"] as? [Double])
    }

    /// Bad bodies and bad routes: the right status, and `{"error": "one line"}`.
    @Test func badRequestsGetOneLineJSONErrors() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let server = try ServeProcess([ws.model, "--quiet"])
        defer { server.stop() }
        let pixels783 = "{\"pixels\": [" + Array(repeating: "0", count: 783).joined(separator: ",") + "]}"
        let outOfRange = "{\"pixels\": [" + (Array(repeating: "0", count: 783) + ["2"]).joined(separator: ",") + "]}"
        let cases: [(String, String, [UInt8], Int, String)] = [
            ("POST", "/api/classify", Array("GIF89a\u{1}\u{0}".utf8), 415, "not a PNG, PGM or PPM image"),
            ("POST", "/api/classify", Array("P5\n28 28\n0\n".utf8), 400, "unreadable image"),
            ("POST", "/api/classify", Array("P5\n28 28\n255\n".utf8) + [UInt8](repeating: 0, count: 10), 400, "unreadable image"),
            ("POST", "/api/classify", [], 400, "the body is empty"),
            ("POST", "/api/classify", Array("{\"pixels\": [1, 2".utf8), 400, "not valid JSON"),
            ("POST", "/api/classify", Array("{\"pix\": []}".utf8), 400, "no \"pixels\" key"),
            ("POST", "/api/classify", Array(pixels783.utf8), 400, "has 783 numbers"),
            ("POST", "/api/classify", Array(outOfRange.utf8), 400, "\"pixels\"[783] is 2.0"),
            ("POST", "/api/classify", Array(String(repeating: "P5\n2 2\n255\n\u{0}\u{0}\u{0}\u{0}\n", count: 2).utf8), 400, "holds 2 images"),
            ("POST", "/api/classify", Array("P5\n8 8\n255\n".utf8) + [UInt8](repeating: 255, count: 64), 400, "no digit found: the picture is blank"),
            ("POST", "/api/classify?model=nope", Self.strokePGM(vertical: true), 404, "no model named \"nope\""),
            ("POST", "/api/classify?invert=maybe", Self.strokePGM(vertical: true), 400, "must be auto, yes or no"),
            ("GET", "/nowhere", [], 404, "no such page: /nowhere"),
            ("GET", "/api/classify", [], 405, "GET is not allowed on /api/classify; use POST"),
            ("DELETE", "/api/models", [], 405, "use GET"),
        ]
        for (method, target, body, status, message) in cases {
            let answer = try httpRequest(port: server.port, method, target, body: body)
            #expect(answer.status == status, "\(method) \(target): \(answer.status) \(answer.text)")
            #expect(answer.headers["content-type"] == "application/json", "\(target)")
            let error = try answer.json()["error"] as? String
            #expect(error?.contains(message) == true, "\(method) \(target): \(error ?? answer.text)")
            #expect(error?.contains("\n") == false)
        }
        let notAllowed = try httpRequest(port: server.port, "PUT", "/api/classify")
        #expect(notAllowed.headers["allow"] == "POST")
    }

    /// Several models: listed in order, picked by name, the first by default.
    @Test func severalModelsArePickedByName() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        // A second model that answers 7 to everything.
        var network = try Network(zerosWithSizes: [784, 10])
        network.biases[0][7] = 3
        try ModelFile.write(Model(network: network, metadata: Metadata([(MetadataKey.testAccuracy, .double(0.1))])),
                            to: ws.dir + "/sevens.digits")
        let server = try ServeProcess([ws.model, ws.dir + "/sevens.digits", "--quiet"])
        defer { server.stop() }
        let models = try #require(try httpRequest(port: server.port, "GET", "/api/models").json()["models"] as? [[String: Any]])
        #expect(models.map { $0["name"] as? String } == ["model", "sevens"])
        #expect(models[1]["testAccuracy"] as? Double == 0.1)
        let body = Self.strokePGM(vertical: true)
        #expect(try httpRequest(port: server.port, "POST", "/api/classify", body: body).json()["digit"] as? Int == 0)
        let seven = try httpRequest(port: server.port, "POST", "/api/classify?model=sevens", body: body).json()
        #expect(seven["digit"] as? Int == 7)
        #expect(seven["model"] as? String == "sevens")
    }

    /// PNG bodies go through ImageReader.
    @Test func aPNGIsClassifiedLikeThePGM() throws {
        let ws = try Workspace()
        defer { ws.remove() }
        let server = try ServeProcess([ws.model, "--quiet"])
        defer { server.stop() }
        let stroke = Workspace.stroke(vertical: true)
        let png = TestPNG.encode(width: stroke.width, height: stroke.height, colour: .grey,
                                 samples: stroke.pixels.map { UInt8(255 - Int(($0 * 255).rounded())) })
        let fromPNG = try httpRequest(port: server.port, "POST", "/api/classify", body: png).json()
        let fromPGM = try httpRequest(port: server.port, "POST", "/api/classify", body: Self.strokePGM(vertical: true)).json()
        #expect(fromPNG["digit"] as? Int == 0)
        #expect(fromPNG["pixels"] as? [Double] == fromPGM["pixels"] as? [Double])
        #expect((fromPNG["confidence"] as? NSObject) == (fromPGM["confidence"] as? NSObject))
    }
}
