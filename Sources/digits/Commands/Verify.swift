import ArgumentParser
import DigitsKit
import Foundation

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a dataset directory and say what is wrong with it.",
        discussion: """
            Checks each of the four IDX files: present, structurally valid (magic, dimensions, \
            exact length, labels in range; raw or gzip), and its size and MD5 against the \
            published values (a valid file with other bytes, e.g. re-compressed, is only a note). \
            Then checks that images and labels counts agree and that training and test images \
            have the same size.

            Examples:
              digits verify                          # datasets/mnist
              digits verify data/fashion --dataset fashion-mnist
              digits verify data/kmnist --spec kmnist.json --json

            Exit codes: 0 usable; 2 a file is missing, cannot be opened or is malformed (or the \
            directory is missing); 1 a file could not be read (an I/O error).
            """
    )

    @Argument(help: "The dataset directory (default: \(DefaultFolders.dataHelp)).", completion: .directory)
    var directory: String?

    @OptionGroup var selection: DatasetSelection

    @Flag(help: "Print the full report as JSON on standard output.")
    var json = false

    @OptionGroup var color: ColorOption

    /// For tools/bench-load: time loading the training images this many times, print the median.
    @Option(name: .customLong("time"), help: .hidden)
    var timeRuns: Int?

    func validate() throws {
        if let timeRuns, timeRuns < 1 { throw ValidationError("--time must be at least 1") }
    }

    func run() throws {
        let spec = try selection.spec()
        let directory = self.directory ?? DefaultFolders.data(for: spec)
        if let timeRuns { return try timeLoading(spec: spec, directory: directory, runs: timeRuns) }

        let report = DatasetVerification.verify(directory: directory, spec: spec)
        if json {
            try JSONOutput.print(report)
        } else {
            printReport(report)
        }
        for problem in report.problems { Terminal.error(problem.line) }
        if !report.usable { throw ExitCode(report.hasBadInput ? ExitStatus.badInput : ExitStatus.failure) }
    }

    /// The human report: one aligned row per file, the counts, the notes, the verdict.
    private func printReport(_ report: DatasetVerification) {
        let color = self.color.stdout
        print("\(escapedForMessage(report.dataset)) in \(escapedForMessage(report.directory))")
        var rows = [["file", "size", "checksum", "structure"]]
        for file in report.files {
            let size = file.size.map { Format.grouped($0) } ?? (file.present ? "unreadable" : "missing")
            let checksum: String
            switch file.matchesPublished {
            case true?: checksum = "published"
            case false?: checksum = "differs"
            case nil: checksum = "-"
            }
            var structure = "-"
            if file.valid == false {
                structure = "INVALID"
            } else if let count = file.count {
                structure = file.rows.map { "\(Format.grouped(count)) images \($0)×\(file.columns ?? 0)" }
                    ?? "\(Format.grouped(count)) labels"
            }
            rows.append([escapedForMessage(file.name), size, checksum, structure])
        }
        let widths = (0..<4).map { column in rows.map { $0[column].count }.max() ?? 0 }
        for (index, row) in rows.enumerated() {
            let line = zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
            print("  " + (index == 0 ? Terminal.Style.dim.apply(line, enabled: color) : line))
        }
        for note in report.notes { print("note: \(escapedForMessage(note))") }
        if report.usable {
            let counts = [(0, "training"), (2, "test")].map { index, name in
                "\(Format.grouped(report.files[index].count ?? 0)) \(name)"
            }
            print(Terminal.Style.green.apply("usable", enabled: color) + ": " + counts.joined(separator: ", ") + " examples")
        } else {
            let n = report.problems.count
            print(Terminal.Style.red.apply("not usable", enabled: color) + ": \(n) problem\(n == 1 ? "" : "s")")
        }
    }

    /// Loads the training images `runs` times, then the whole dataset `runs` times, and prints
    /// the median times as JSON (for tools/bench-load).
    private func timeLoading(spec: DatasetSpec, directory: String, runs: Int) throws {
        func median(_ body: () throws -> Void) rethrows -> Double {
            var times: [Double] = []
            for _ in 0..<runs {
                let start = DispatchTime.now().uptimeNanoseconds
                try body()
                times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            }
            return times.sorted()[runs / 2]
        }
        let path = spec.path(of: spec.trainImages, in: directory)
        var count = 0
        let images = try median { count = try IDXFile.readImages(path: path).count }
        let dataset = try median { _ = try Dataset.load(directory: directory, spec: spec) }
        struct Timing: Encodable {
            var path: String, images: Int, runs: Int
            var medianSeconds: Double, datasetMedianSeconds: Double
        }
        try JSONOutput.print(Timing(path: path, images: count, runs: runs, medianSeconds: images,
                                    datasetMedianSeconds: dataset), compact: true)
    }
}
