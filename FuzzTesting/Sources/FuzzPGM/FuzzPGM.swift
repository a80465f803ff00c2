import DigitsTestSupport
import FuzzSupport

/// libFuzzer's per-input callback; see FuzzTarget.pgm in Tests/DigitsTestSupport/FuzzEntryPoints.swift.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzTarget.pgm.fuzzOneInput(data, size)
}

/// The process entry point (SwiftPM aliases `main` to it): runs libFuzzer's driver.
@_cdecl("FuzzPGM_main")
public func fuzzPGMMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, fuzzTestOneInput)
}
