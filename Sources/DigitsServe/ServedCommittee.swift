import DigitsKit

/// The committee of every model `digits serve` was given (the served models and the `--with`
/// members): the mean of their outputs answers, through the same ``DigitClassifier`` (and so
/// the same ``Committee``) as `digits classify MODEL --with M2 --with M3`.
public struct ServedCommittee: Sendable {
    /// The name requests pick it by (`?model=committee`). A served model of that name is refused
    /// when a committee is offered (``ServeSetupError/committeeName(_:)``).
    public static let name = "committee"

    /// The members, in the order given (the served models first, then the `--with` ones).
    public let members: [ServedModel]
    /// Preprocessing and the committee's inference, the same as `digits classify … --with`.
    public let classifier: DigitClassifier

    /// A committee of `members` (each already checked to fit 28×28 inputs and 10 outputs when
    /// it was read). Members are named by their model names in errors, never by their paths
    /// (an answer goes to a client, who need not know the server's files).
    public init(members: [ServedModel]) throws {
        self.members = members
        classifier = try DigitClassifier(members: members.map { (name: $0.name, network: $0.model.network) })
    }

    /// The members' names, in order: the `committee` field of an answer.
    public var memberNames: [String] { members.map(\.name) }

    /// What `GET /api/models` says about it.
    var summary: CommitteeSummary {
        CommitteeSummary(name: Self.name, members: members.map {
            let s = $0.summary
            return CommitteeSummary.Member(name: s.name, layers: s.layers, testAccuracy: s.testAccuracy)
        })
    }
}

/// The `committee` entry of `GET /api/models`.
struct CommitteeSummary: Encodable {
    struct Member: Encodable {
        var name: String
        var layers: [Int]
        var testAccuracy: Double?
    }

    var name: String
    var members: [Member]

    /// Always `null`: no member's file records how the mean of all of them scores on the test
    /// set, and the server reads no test set (`digits evaluate A B C` measures it). Written
    /// out as `null` rather than left absent, so a client sees it is not known.
    func encode(to encoder: any Encoder) throws {
        enum Key: String, CodingKey { case name, members, testAccuracy }
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(name, forKey: .name)
        try c.encode(members, forKey: .members)
        try c.encodeNil(forKey: .testAccuracy)
    }
}
