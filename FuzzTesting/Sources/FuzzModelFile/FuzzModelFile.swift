import DigitsTestSupport
import FuzzSupport

/// libFuzzer's per-input callback; see FuzzTarget.modelFile in Tests/DigitsTestSupport/FuzzEntryPoints.swift.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzTarget.modelFile.fuzzOneInput(data, size)
}

/// The process entry point (SwiftPM aliases `main` to it): runs libFuzzer's driver.
@_cdecl("FuzzModelFile_main")
public func fuzzModelFileMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, fuzzTestOneInput)
}
