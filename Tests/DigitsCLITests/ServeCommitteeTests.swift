import DigitsKit
import Foundation
import Testing

/// `digits serve A B [--with C]...`: the committee of all the models (the mean of their
/// outputs), offered as "committee" beside the models, as `digits classify A --with B` answers.
@Suite struct ServeCommitteeTests {
    typealias Workspace = ClassifyCommandTests.Workspace

    /// The stroke model (`model.dm`), and two partners that pull the mean elsewhere without
    /// outvoting it: `sevens.dm` answers 7 to everything (σ(1)), `soft.dm` is the stroke model at
    /// half strength with a bias towards 3. Their files hold test accuracies, the stroke's none.
    static func workspace() throws -> Workspace {
        let ws = try Workspace()
        var sevens = try Network(zerosWithSizes: [784, 10])
        sevens.biases[0] = (0..<10).map { $0 == 7 ? 1 : -4 }
        try ModelFile.write(Model(network: sevens, metadata: Metadata([(MetadataKey.testAccuracy, .double(0.1))])),
                            to: ws.dir + "/sevens.dm")
        var soft = try ModelFile.read(ws.model).network
        soft.weights[0] = soft.weights[0].map { $0 / 2 }
        soft.biases[0][3] = -1
        try ModelFile.write(Model(network: soft, metadata: Metadata([(MetadataKey.testAccuracy, .double(0.5))])),
                            to: ws.dir + "/soft.dm")
        return ws
    }

    /// A slanted stroke, dark on light: every class gets some output.
    static func slantPGM() -> [UInt8] {
        var picture = GrayImage(width: 40, height: 36)
        for t in 0..<28 { for w in 0..<4 { picture[6 + t / 2 + w, 4 + t] = 0.9 } }
        return PGMWriter.encode(picture, inkIsDark: true)
    }

    @Test func twoModelsOfferTheirCommitteeBesideThemAndTheFirstStaysTheDefault() throws {
        let ws = try Self.workspace()
        defer { ws.remove() }
        let server = try ServeProcess([ws.model, ws.dir + "/sevens.dm", "--quiet"])
        defer { server.stop() }
        #expect(server.startupLine.hasPrefix("digits: serving model, sevens and committee (model + sevens) at http://"),
                "\(server.startupLine)")
        let list = try httpRequest(port: server.port, "GET", "/api/models").json()
        #expect(list["default"] as? String == "model")
        #expect((list["models"] as? [[String: Any]])?.map { $0["name"] as? String } == ["model", "sevens"])
        let committee = try #require(list["committee"] as? [String: Any])
        #expect(committee["name"] as? String == "committee")
        let members = try #require(committee["members"] as? [[String: Any]])
        #expect(members.map { $0["name"] as? String } == ["model", "sevens"])
        #expect(members.map { $0["testAccuracy"] as? Double } == [nil, 0.1])
        #expect(members.first?["layers"] as? [Int] == [784, 10])
        // Not known (no file records the mean's accuracy): null, not left out, not made up.
        #expect(committee.keys.contains("testAccuracy") && committee["testAccuracy"] is NSNull, "\(committee)")

        let body = ServeRouteTests.strokePGM(vertical: true)
        let first = try httpRequest(port: server.port, "POST", "/api/classify", body: body).json()
        #expect(first["model"] as? String == "model" && first["committee"] == nil)
        let answer = try httpRequest(port: server.port, "POST", "/api/classify?model=committee", body: body)
        #expect(answer.status == 200, "\(answer.text)")
        let json = try answer.json()
        #expect(json["model"] as? String == "committee")
        #expect(json["committee"] as? [String] == ["model", "sevens"])
        #expect(json["digit"] as? Int == 0)
        #expect((json["pixels"] as? [Double]) == (first["pixels"] as? [Double]), "the same preparation")
        #expect((json["confidence"] as? Double).map { $0 < (first["confidence"] as? Double ?? 0) } == true,
                "the sevens pull the mean's confidence down")
        let alone = try ServeProcess([ws.model, "--quiet"])
        defer { alone.stop() }
        #expect(try httpRequest(port: alone.port, "GET", "/api/models").json()["committee"] == nil)
        let none = try httpRequest(port: alone.port, "POST", "/api/classify?model=committee", body: body)
        #expect(none.status == 404, "one model: no committee")
    }

    /// With --with the committee is the default; the --with models are members only.
    @Test func withMembersMakeTheCommitteeTheDefault() throws {
        let ws = try Self.workspace()
        defer { ws.remove() }
        let server = try ServeProcess([ws.model, "--with", ws.dir + "/sevens.dm", "--with", ws.dir + "/soft.dm", "--quiet"])
        defer { server.stop() }
        #expect(server.startupLine.hasPrefix("digits: serving model and committee (model + sevens + soft; the default) at "),
                "\(server.startupLine)")
        let list = try httpRequest(port: server.port, "GET", "/api/models").json()
        #expect(list["default"] as? String == "committee")
        #expect((list["models"] as? [[String: Any]])?.map { $0["name"] as? String } == ["model"])
        let members = (list["committee"] as? [String: Any])?["members"] as? [[String: Any]]
        #expect(members?.map { $0["name"] as? String } == ["model", "sevens", "soft"])
        let body = ServeRouteTests.strokePGM(vertical: true)
        let byDefault = try httpRequest(port: server.port, "POST", "/api/classify", body: body).json()
        #expect(byDefault["model"] as? String == "committee")
        #expect(byDefault["committee"] as? [String] == ["model", "sevens", "soft"])
        let member = try httpRequest(port: server.port, "POST", "/api/classify?model=sevens", body: body)
        #expect(member.status == 404, "a --with model is not served alone: \(member.text)")
        #expect(try httpRequest(port: server.port, "POST", "/api/classify?model=model", body: body).json()["committee"] == nil)
    }

    /// The committee's answer is `digits classify A --with B --with C FILE --json`'s, and the
    /// library's ``Committee`` mean of the three networks for the prepared input.
    @Test func theCommitteeAnswersAsClassifyWithAndAsTheLibrarysCommittee() throws {
        let ws = try Self.workspace()
        defer { ws.remove() }
        let bytes = Self.slantPGM()
        try ws.write("slant.pgm", bytes)
        let paths = [ws.model, ws.dir + "/sevens.dm", ws.dir + "/soft.dm"]
        let cli = try runDigits(["classify", paths[0], "--with", paths[1], "--with", paths[2], ws.dir + "/slant.pgm", "--json", "--top", "10"])
        #expect(cli.status == 0, "\(cli.stderr)")
        let expected = try #require((try JSONSerialization.jsonObject(with: Data(cli.stdout.utf8)) as? [[String: Any]])?.first)
        #expect(expected["committee"] as? [String] == paths)

        let server = try ServeProcess([paths[0], paths[1], "--with", paths[2], "--quiet"])
        defer { server.stop() }
        let answer = try httpRequest(port: server.port, "POST", "/api/classify?model=committee", body: bytes)
        let got = try answer.json()
        #expect(got["committee"] as? [String] == ["model", "sevens", "soft"])
        try expectSameAnswer(got, as: expected)

        // The library: Committee's mean output for the input the server says the network saw.
        let pixels = try #require(got["pixels"] as? [Double])
        let image = LabeledImages(rows: 28, columns: 28, pixels: pixels.map { UInt8(($0 * 255).rounded()) }, labels: [0])
        let committee = try Committee(paths.map { (name: $0, network: try ModelFile.read($0).network) })
        let mean = try committee.outputs(for: image, range: 0..<1).mean
        let ranked = DigitScore.ranked(mean)
        // Compared as text, each number in Swift's shortest form that round-trips (Foundation's
        // JSONSerialization may read a Double one unit in the last place off).
        let expectedText = ranked.map { "{\"digit\":\($0.digit),\"output\":\($0.output),\"score\":\($0.score)}" }.joined(separator: ",")
        #expect(answer.text.contains("\"top\":[\(expectedText)]"), "\(expectedText) in \(answer.text.suffix(700))")
        #expect(answer.text.contains("\"confidence\":\(ranked[0].score),\"digit\":\(ranked[0].digit),"))
        // Not any one member's answer: the mean really mixes them.
        let single = try DigitScore.ranked(Committee([(name: paths[0], network: try ModelFile.read(paths[0]).network)])
            .outputs(for: image, range: 0..<1).mean)
        #expect(single.map(\.score) != ranked.map(\.score))
    }

    /// Every member must fit; a served model named "committee" is refused beside a committee.
    @Test func membersThatDoNotFitAndTheCommitteesNameAreRefused() throws {
        let ws = try Self.workspace()
        defer { ws.remove() }
        try ModelFile.write(CommitteeCLITests.alwaysFour(outputs: 7), to: ws.dir + "/seven.dm")
        let wrongOutputs = try runDigits(["serve", ws.model, "--with", ws.dir + "/seven.dm", "--port", "0"])
        #expect(wrongOutputs.status == 2)
        #expect(wrongOutputs.stderr == "digits: \(ws.dir)/seven.dm: \(ClassifyError.modelOutputCount(7).description)\n",
                "\(wrongOutputs.stderr)")
        let small = try Workspace(inputs: 100)
        defer { small.remove() }
        let wrongInputs = try runDigits(["serve", ws.model, "--with", small.model, "--port", "0"])
        #expect(wrongInputs.status == 2)
        #expect(wrongInputs.stderr == "digits: \(small.model): \(ClassifyError.modelInputSize(100).description)\n",
                "\(wrongInputs.stderr)")
        let missing = try runDigits(["serve", ws.model, "--with", ws.dir + "/none.dm", "--port", "0"])
        #expect(missing.status == 2)
        #expect(missing.stderr.hasPrefix("digits: \(ws.dir)/none.dm: ") && missing.stderr.split(separator: "\n").count == 1)

        try FileManager.default.copyItem(atPath: ws.model, toPath: ws.dir + "/committee.dm")
        let named = try runDigits(["serve", ws.model, ws.dir + "/committee.dm", "--port", "0"])
        #expect(named.status == 2)
        #expect(named.stderr == "digits: \(ws.dir)/committee.dm would be served as \"committee\", the name of the committee of all the models; rename it\n",
                "\(named.stderr)")
        let clash = try runDigits(["serve", ws.model, "--with", ws.model, "--port", "0"])
        #expect(clash.status == 2)
        #expect(clash.stderr.contains("would both be served as \"model\""), "\(clash.stderr)")
        // Alone, a model may be named "committee": there is no committee to confuse it with.
        let alone = try ServeProcess([ws.dir + "/committee.dm", "--quiet"])
        defer { alone.stop() }
        let answer = try httpRequest(port: alone.port, "POST", "/api/classify?model=committee", body: ServeRouteTests.strokePGM(vertical: true)).json()
        #expect(answer["model"] as? String == "committee" && answer["committee"] == nil)
        // A --with member may be: only served models answer to their names.
        let member = try ServeProcess([ws.model, "--with", ws.dir + "/committee.dm", "--quiet"])
        defer { member.stop() }
        let mixed = try httpRequest(port: member.port, "POST", "/api/classify", body: ServeRouteTests.strokePGM(vertical: true)).json()
        #expect(mixed["committee"] as? [String] == ["model", "committee"])
    }
}
