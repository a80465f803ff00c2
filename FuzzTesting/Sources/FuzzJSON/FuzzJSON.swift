import DigitsTestSupport
import FuzzSupport

/// libFuzzer's per-input callback; see FuzzTarget.json in Tests/DigitsTestSupport/FuzzEntryPoints.swift.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzTarget.json.fuzzOneInput(data, size)
}

/// The process entry point (SwiftPM aliases `main` to it): runs libFuzzer's driver.
@_cdecl("FuzzJSON_main")
public func fuzzJSONMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, fuzzTestOneInput)
}
