import DigitsTestSupport
import Testing

/// The tests that need the real MNIST files skip without them (`RealData.available`); a run
/// that demands them (`DIGITS_REQUIRE_REAL_DATA=1`, as `.ci/run` sets) fails here instead.
@Suite struct RealDataTests {
    @Test(.enabled(if: RealData.required, "DIGITS_REQUIRE_REAL_DATA is not 1: this run may lack the real MNIST files"))
    func theRealMNISTFilesArePresentWhenRequired() {
        #expect(RealData.available, "\(RealData.whyAbsent)")
    }
}
