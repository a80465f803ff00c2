import CFuzzDriver
import DigitsTestSupport

/// The libFuzzer side of a target (not compiled into the unit tests).
extension FuzzTarget {
    /// Runs one libFuzzer input; traps (a crash libFuzzer records) when an invariant breaks.
    public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
        let bytes = Array(UnsafeBufferPointer(start: size > 0 ? data : nil, count: size))
        let outcome = run(bytes)
        if !outcome.violations.isEmpty {
            fatalError("\(rawValue): " + outcome.violations.joined(separator: "; "))
        }
        return 0
    }
}

/// Hands the process over to libFuzzer's driver with `callback` as the fuzz target.
///
/// SwiftPM links a Linux executable with `main` aliased to `<Module>_main`, so each target
/// defines that symbol and calls this instead of relying on libFuzzer's own `main`.
public func runLibFuzzer(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv, callback)
}
