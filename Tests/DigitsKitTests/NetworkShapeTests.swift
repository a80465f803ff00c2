import Testing
@testable import DigitsKit

@Suite struct NetworkShapeTests {
    @Test func rejectsImpossibleSizes() {
        #expect(throws: NetworkError.self) { try Network(zerosWithSizes: [784]) }
        #expect(throws: NetworkError.self) { try Network(zerosWithSizes: [784, 0, 10]) }
        #expect(throws: NetworkError.self) { try Network(zerosWithSizes: [Int.max, Int.max, 10]) }
    }

    @Test func zeroNetworkOutputsOneHalf() throws {
        let net = try Network(zerosWithSizes: [3, 4, 2])
        #expect(net.parameterCount == 3 * 4 + 4 + 4 * 2 + 2)
        #expect(net.feedforward([1, 2, 3]) == [0.5, 0.5])
    }

    @Test func historyRoundTripsThroughMetadata() {
        var m = Metadata()
        let h = [EpochRecord(epoch: 1, trainingCost: 0.5, validationAccuracy: 0.9, learningRate: 3, seconds: 1.5)]
        m.history = h
        #expect(m.history == h)
    }
}
