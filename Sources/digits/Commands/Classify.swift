import ArgumentParser
import DigitsKit
import Foundation

extension DigitPreprocessor.Inversion: ExpressibleByArgument {}

struct Classify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "Classify images of digits (PNG, PGM, PPM, PBM).",
        discussion: """
            Each image is read as PNG (any colour type, bit depth or interlacing) or netpbm (PGM \
            P5/P2, PPM P6/P3, PBM P4/P1, maxval up to 65535), told apart by its first bytes, \
            up to \(PGMReader.maxDimension)×\(PGMReader.maxDimension). Colour becomes grey by \
            Rec. 601 luma (as ppmtopgm), transparency is composited on white paper and samples are \
            taken as stored (gAMA is ignored). The grey picture is then prepared the way MNIST was \
            made: dark ink on light paper is inverted (--invert auto judges by the border), the \
            background is removed, the ink is cropped, scaled to fit 20×20 with anti-aliasing and \
            placed in 28×28 with its centre of mass at the centre. Directories are searched \
            recursively for *.png, *.pgm, *.ppm and *.pbm files, in sorted order; '-' reads \
            standard input (any of these formats). A file that \
            holds several images gives one answer per image, named FILE#1, FILE#2, ...

            Confidence is the digit's output divided by the sum of all the outputs (sigmoid outputs \
            are independent; a softmax output, from --cost log-likelihood, already sums to 1); \
            --json also gives each raw output.

            --with M2 --with M3 … makes MODEL one member of a committee: the answer and its \
            confidence come from the mean of the models' outputs (--json then lists the models \
            in 'committee'). Every model must take 28×28 images and have 10 outputs.

            A bad file gets one line on standard error and the other files are still classified.

            Examples:
              digits classify models/best.digits digit.png
              digits classify models/best.digits scans/ --top 1 --json
              cat photo.ppm | digits classify models/best.digits - --show
              digits classify a.digits --with b.digits --with c.digits digit.png

            Exit codes: 0 all classified; 2 some input was bad (missing, not a regular file, \
            cannot be opened, not an image of these formats, no digit in it, a directory without \
            such files) \
            or the model is missing, malformed, not for 28×28 images or without 10 outputs \
            (or its outputs for an image are NaN or all 0); 1 some input could not \
            be read (an I/O error) and none was bad.
            """
    )

    @Argument(help: "The model file.", completion: .file(extensions: ["digits"]))
    var model: String

    @Option(name: .customLong("with"), help: ArgumentHelp("Another model to classify with, as a committee with MODEL (repeatable: the mean of all their outputs answers).", valueName: "model"),
            completion: .file(extensions: ["digits"]))
    var with: [String] = []

    @Argument(help: "PNG, PGM, PPM or PBM files, directories (searched recursively for them), or - for standard input.", completion: .file())
    var images: [String] = []

    @Option(parsing: .unconditional, help: "How many of the best digits to list.")
    var top: Int = 3

    @Flag(help: "Print a JSON array with one object per image (errors included, as {file, error}).")
    var json = false

    @Flag(help: "Draw the 28×28 input the network saw as ASCII art above each answer.")
    var show = false

    @Option(help: "Invert the picture: auto (when its border is light), yes or no.")
    var invert: DigitPreprocessor.Inversion = .auto

    @Flag(help: "Feed 28×28 images to the network as they are (no cropping, scaling or centring).")
    var noPreprocess = false

    func validate() throws {
        guard !images.isEmpty else { throw ValidationError("give at least one IMAGE (a PNG or netpbm file, a directory or -)") }
        guard top >= 1 else { throw ValidationError("--top must be at least 1, got \(top)") }
    }

    func run() throws {
        let paths = [model] + with
        let saved = try paths.map { try ModelFile.read($0) }
        let members = zip(paths, saved).map { (name: $0, network: $1.network) }
        // Fashion-MNIST's names after the answer, for models trained on it; nil for digits.
        let classNames = DatasetSpec.classNames(trainedOn: saved)
        let classifier = try DigitClassifier(members: members, preprocessor: DigitPreprocessor(inversion: invert),
                                             preprocess: !noPreprocess)
        let committee = paths.count > 1 ? paths : nil

        var failures = ClassifyFailures()
        var prepared: [(name: String, input: GrayImage, inverted: Bool)] = []
        var errorRecords: [(index: Int, record: ClassifyRecord)] = []
        for source in expandSources(&failures) {
            let pictures: [GrayImage]
            do {
                pictures = try source.read()
            } catch {
                failures.count(error)
                errorRecords.append((prepared.count, ClassifyRecord(file: source.name, error: oneLine(error))))
                continue
            }
            for (k, picture) in pictures.enumerated() {
                let name = pictures.count > 1 ? "\(source.name)#\(k + 1)" : source.name
                do {
                    let (input, inverted) = try classifier.prepare(picture)
                    prepared.append((name, input, inverted))
                } catch let error as any DigitsError {
                    let error = error.about(name)
                    failures.count(error)
                    errorRecords.append((prepared.count, ClassifyRecord(file: name, error: error.description)))
                }
            }
        }

        let scores = try withFile(model) { try classifier.classify(prepared.map(\.input), names: prepared.map(\.name)) }
        var records: [ClassifyRecord] = []
        var nextError = 0
        // Errors are printed where their input stands among the answers, not all before them
        // (the answers so far are flushed first, for output that goes to one pipe or file).
        func takeError(_ record: ClassifyRecord) {
            if let message = record.error {
                Terminal.flush()
                Terminal.error(message)
            }
            records.append(record)
        }
        for (i, item) in prepared.enumerated() {
            while nextError < errorRecords.count, errorRecords[nextError].index <= i {
                takeError(errorRecords[nextError].record); nextError += 1
            }
            let ranked = scores[i]
            let art = show ? item.input.asciiArt() : nil
            records.append(ClassifyRecord(file: item.name, digit: ranked[0].digit, confidence: ranked[0].score,
                                          output: ranked[0].output, top: Array(ranked.prefix(top)),
                                          inverted: item.inverted, input: art, committee: committee))
            if !json { printAnswer(records[records.count - 1], classNames: classNames) }
        }
        for (_, record) in errorRecords[nextError...] { takeError(record) }
        if json { try JSONOutput.print(records) }
        if let code = failures.exitCode { throw ExitCode(code) }
    }

    /// The inputs in order: files as given, directories expanded to their image files.
    private func expandSources(_ failures: inout ClassifyFailures) -> [ImageSource] {
        var sources: [ImageSource] = []
        let fm = FileManager.default
        for argument in images {
            if argument == "-" { sources.append(.standardInput); continue }
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: argument, isDirectory: &isDirectory), isDirectory.boolValue else {
                sources.append(.file(argument)); continue
            }
            let found = (fm.enumerator(atPath: argument)?.allObjects as? [String] ?? [])
                .filter { name in imageExtensions.contains { name.lowercased().hasSuffix($0) } }
                .map { (argument.hasSuffix("/") ? argument : argument + "/") + $0 }
                .filter { path in
                    var dir: ObjCBool = false
                    return fm.fileExists(atPath: path, isDirectory: &dir) && !dir.boolValue
                }
                .sorted()
            if found.isEmpty {
                failures.report(FileError(path: argument, NoImagesFound()))
            }
            sources += found.map(ImageSource.file)
        }
        return sources
    }

    /// One answer line (after the ASCII art, with --show). The file name is escaped
    /// (``escapedForMessage(_:escapingQuotes:)``): a name holding a newline, ESC or a bidi
    /// control stays on its one line, visibly, and cannot forge another answer. With
    /// `classNames`, the answer's name follows it: "9 (Ankle boot)".
    private func printAnswer(_ record: ClassifyRecord, classNames: [String]?) {
        guard let digit = record.digit, let confidence = record.confidence, let top = record.top else { return }
        let file = escapedForMessage(record.file)
        if let art = record.input {
            print("\(file):")
            for line in art { print("  |" + line + "|") }
        }
        let list = top.map { "\($0.digit) \(String(format: "%.3f", $0.score))" }.joined(separator: ", ")
        let inverted = record.inverted == true ? "  (inverted)" : ""
        let name = className(digit, names: classNames).map { " (\($0))" } ?? ""
        print("\(file): \(digit)\(name)  confidence \(String(format: "%.3f", confidence))  top: \(list)\(inverted)")
    }
}

/// Where images come from.
private enum ImageSource {
    case file(String)
    case standardInput

    var name: String {
        switch self {
        case .file(let path): return path
        case .standardInput: return "-"
        }
    }

    func read() throws -> [GrayImage] {
        switch self {
        case .file(let path):
            return try ImageReader.read(path)
        case .standardInput:
            return try withFile("-") { try ImageReader.decode(FileBytes.readToEnd(STDIN_FILENO, limit: ImageReader.maxFileSize)) }
        }
    }
}

/// The file names a directory search picks up (the format itself is told by the content).
private let imageExtensions = [".png", ".pgm", ".ppm", ".pbm"]

/// A directory given on the command line that holds no image file.
private struct NoImagesFound: DigitsError {
    var kind: FailureKind { .badInput }
    var description: String { "no .png, .pgm, .ppm or .pbm files in this directory" }
}

/// Which kinds of failure happened, for the exit code.
private struct ClassifyFailures {
    /// Some input was bad: missing, unopenable, not a regular file, or malformed.
    var badInput = false
    /// Some input could not be read although it was there (an I/O error).
    var failedRead = false

    /// Prints `error` now and counts it.
    mutating func report(_ error: any Error) {
        Terminal.error(oneLine(error))
        count(error)
    }

    /// Counts `error` towards the exit status (printing is the caller's).
    mutating func count(_ error: any Error) {
        if (error as? any DigitsError)?.kind == .badInput { badInput = true } else { failedRead = true }
    }

    /// 2 when any input was bad, else 1 when any could not be read, else nil.
    var exitCode: Int32? {
        badInput ? ExitStatus.badInput : failedRead ? ExitStatus.failure : nil
    }
}

/// One line of `--json` output: an answer or an error.
private struct ClassifyRecord: Encodable {
    var file: String
    var digit: Int?
    var confidence: Double?
    var output: Double?
    var top: [DigitScore]?
    var inverted: Bool?
    /// The 28×28 input as ASCII art, with --show.
    var input: [String]?
    /// With --with: every model of the committee that answered, MODEL first.
    var committee: [String]?
    var error: String?

    init(file: String, digit: Int, confidence: Double, output: Double, top: [DigitScore], inverted: Bool, input: [String]?,
         committee: [String]?) {
        self.file = file
        self.digit = digit
        self.confidence = confidence
        self.output = output
        self.top = top
        self.inverted = inverted
        self.input = input
        self.committee = committee
    }

    init(file: String, error: String) {
        self.file = file
        self.error = error
    }
}
