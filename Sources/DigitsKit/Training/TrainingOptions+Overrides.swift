/// Options given by hand over a recipe's (or the defaults): nil keeps that value. Texts (cost,
/// initialisation, schedule) are parsed here, so every front end reads them the same way.
public struct TrainingOverrides: Sendable, Equatable {
    public var epochs: Int?
    public var batchSize: Int?
    public var eta: Double?
    public var cost: String?
    public var lambda: Double?
    public var momentum: Double?
    /// true: Nesterov momentum on (false keeps the recipe's choice).
    public var nesterov = false
    public var dropout: Double?
    public var maxNorm: Double?
    /// Mean-centred inputs on or off (nil keeps the recipe's choice).
    public var centerInputs: Bool?
    public var initialization: String?
    public var earlyStopPatience: Int?
    public var etaSchedule: String?
    public var threads: Int?
    public var monitorTest = false

    public init() {}
}

extension TrainingOptions {
    /// These options with `overrides` applied (layers and seed untouched). Not validated: call
    /// ``validate()`` once the layers are known.
    /// - Throws: ``TrainingError/badOption(_:)`` for an unknown cost, initialisation or schedule.
    public func applying(_ overrides: TrainingOverrides) throws -> TrainingOptions {
        var o = self
        let v = overrides
        if let epochs = v.epochs { o.epochs = epochs }
        if let batch = v.batchSize { o.batchSize = batch }
        if let eta = v.eta { o.eta = eta }
        if let cost = v.cost {
            guard let c = Cost(rawValue: cost) else { throw TrainingError.badOption("unknown cost '\(cost)' (use quadratic, cross-entropy or log-likelihood)") }
            o.cost = c
        }
        if let lambda = v.lambda { o.lambda = lambda }
        if let momentum = v.momentum { o.momentum = momentum }
        if v.nesterov { o.nesterov = true }
        if let dropout = v.dropout { o.dropout = dropout }
        if let maxNorm = v.maxNorm { o.maxNorm = maxNorm }
        if let centre = v.centerInputs { o.centerInputs = centre }
        if let kind = v.initialization {
            guard let i = Initialization(rawValue: kind) else { throw TrainingError.badOption("unknown initialisation '\(kind)' (use normal or scaled)") }
            o.initialization = i
        }
        if let patience = v.earlyStopPatience { o.earlyStopPatience = patience }
        if let schedule = v.etaSchedule { o.etaSchedule = try EtaSchedule(parsing: schedule) }
        if let threads = v.threads { o.threads = threads }
        if v.monitorTest { o.monitorTest = true }
        return o
    }

    /// Full layer sizes from sizes given by hand and the data: a list of two or more that starts
    /// with the input size is complete and must end with the class count (784,30,11 on 10
    /// classes is a typo, not the hidden layers 784,30,11); anything else is the hidden layers.
    /// nil: one hidden layer of 30.
    /// - Throws: ``TrainingError/badLayers(_:)`` naming the fix.
    public static func layers(_ given: [Int]?, inputs: Int, classes: Int) throws -> [Int] {
        let given = given ?? [30]
        guard given.count >= 2, given.first == inputs else { return [inputs] + given + [classes] }
        guard given.last == classes else {
            func list(_ s: some Sequence<Int>) -> String { s.map(String.init).joined(separator: ",") }
            let hidden = given.count > 2 ? given.dropFirst().dropLast() : given.dropFirst()
            throw TrainingError.badLayers("\(list(given)) starts with the input size \(inputs), so it must end with the class count "
                                          + "\(classes): give \(list(given.dropLast() + [classes])), or the hidden sizes only (e.g. \(list(hidden)))")
        }
        return given
    }
}
