import DigitsTestSupport
import FuzzSupport

/// libFuzzer's per-input callback; see FuzzTarget.gzip in Tests/DigitsTestSupport/FuzzEntryPoints.swift.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzTarget.gzip.fuzzOneInput(data, size)
}

/// The process entry point (SwiftPM aliases `main` to it): runs libFuzzer's driver.
@_cdecl("FuzzGzip_main")
public func fuzzGzipMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    runLibFuzzer(argc, argv, fuzzTestOneInput)
}
