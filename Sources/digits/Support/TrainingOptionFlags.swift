import DigitsKit

/// The mapping from the library's option names (``TrainingOptionName``) to `digits train`'s
/// flags: the library validates the options and says which one is wrong, the CLI says it in
/// its own words.
extension Train {
    /// Runs `body`, naming the options in the library's errors (also inside a ``FileError``:
    /// they are about the command line, not the file) as this command's flags.
    static func inFlags<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch {
            switch ((error as? FileError)?.underlying ?? error) as? TrainingError {
            // Nesterov's one reason names another option: say both as flags.
            case .invalidOption(.nesterov, _)?: throw FlagError(description: "--nesterov needs --momentum μ > 0 (momentum is 0)")
            case let .invalidOption(option, reason)?: throw FlagError(description: "\(flag(option)) \(reason)")
            case .badLayers(let reason)?: throw FlagError(description: "--layers \(reason)")
            default: throw error
            }
        }
    }

    /// A flag with a value the library refused: exit 2, one line.
    struct FlagError: DigitsError {
        let description: String
        var kind: FailureKind { .badInput }
    }

    static func flag(_ option: TrainingOptionName) -> String {
        switch option {
        case .epochs: return "--epochs"
        case .batchSize: return "--batch (the mini-batch size)"
        case .eta: return "--eta (the learning rate η)"
        case .lambda: return "--lambda (λ)"
        case .momentum: return "--momentum"
        case .nesterov: return "--nesterov"
        case .dropout: return "--dropout"
        case .maxNorm: return "--max-norm"
        case .earlyStopPatience: return "--early-stop (the patience)"
        case .threads: return "--threads"
        case .progressInterval: return "the progress interval"
        }
    }
}
