// MARK: - Rolling a model out under priors
//
// Any model, the simulator included, rolled out with a list of priors in one of three
// modes (the survey's "reasoning-prior integration"):
//  - check: every step's decode is checked; the rollout is exactly the plain one.
//  - project: after each model step the priors' corrections are applied in order, and the
//    whole list re-checked, until nothing is violated or `PriorTolerances.projectionPasses`
//    passes; the corrected state is the output and is fed back into the model
//    (`WorldModel.assimilate`), so the next step starts from it.
//  - reject: several sampled rollouts are checked; those that violate are discarded.
// The context steps are what the simulator showed the model, not its predictions: they
// seed the priors' memory (`PriorContext.lastSeen`) but are neither checked nor corrected.

/// What a prior is used for in a rollout.
public enum PriorMode: String, Hashable, Sendable, CaseIterable {
    case check
    case project
    case reject
}

/// One sampled rollout for reject mode: a scene (perhaps drawn from a family) and a noise seed.
public struct RolloutSample: Hashable, Sendable {
    public var scene: Scene
    public var seed: UInt64

    public init(scene: Scene, seed: UInt64 = 0) {
        self.scene = scene
        self.seed = seed
    }
}

/// A change to the model's state at one step of a rollout under priors (a push in mid-run),
/// made before that step's state is checked.
public struct ScheduledEdit {
    public var step: Int
    public var change: (any WorldModel, any ModelState) throws -> any ModelState

    public init(step: Int, change: @escaping (any WorldModel, any ModelState) throws -> any ModelState) {
        self.step = step
        self.change = change
    }
}

/// A model rollout under priors, with what the priors found.
public struct ConstrainedRollout {
    public var mode: PriorMode
    /// The feedback project mode used (the model's default unless one was asked for).
    public var feedback: FeedbackPolicy = .full
    /// The rollout: the model's own in check mode, the corrected one in project mode.
    public var rollout: Rollout
    /// Violations of the model's predictions, before any correction.
    public var report: ViolationReport
    /// Violations left in the output (equal to `report` unless projecting).
    public var residual: ViolationReport
    /// Steps at which a correction changed the state.
    public var correctedSteps: [Int]
    /// For each corrected step, the largest distance between a corrected body and the model's
    /// decode after `assimilate` (0: the model took the correction in fully; infinity: a
    /// corrected body is missing from the model's world, e.g. one restored by `permanence`).
    public var assimilationGaps: [Double]

    /// True when the model took in every correction (within a millimetre).
    public var fedBack: Bool { assimilationGaps.allSatisfy { $0 <= ConstrainedRollout.feedbackTolerance } }
    /// Distance (m) under which a correction counts as taken in by the model.
    public static let feedbackTolerance = 1e-3

    // MARK: - Check and project

    /// Rolls `model` through `scene` for `steps` steps under `priors`. Reject mode on a single
    /// rollout checks it like check mode; use `reject(_:samples:steps:priors:)` to sample.
    /// `feedback` says how much of each correction project mode feeds back into the model
    /// (nil: the model's default, `FeedbackPolicy.defaultPolicy(for:)`).
    public static func run(_ model: any WorldModel, scene: Scene, steps: Int, priors: [any Prior],
                           mode: PriorMode = .check, seed: UInt64 = 0,
                           feedback: FeedbackPolicy? = nil, edit: ScheduledEdit? = nil) throws -> ConstrainedRollout {
        let project = mode == .project
        let feedback = feedback ?? FeedbackPolicy.defaultPolicy(for: model)
        var run = try ModelRun(model, scene: scene, steps: steps, seed: seed)
        var context = PriorContext(scene: scene)
        let names = priors.map(\.name)
        var report = ViolationReport(priors: names, lastStep: steps), residual = report
        var outputs: [WorldState] = []
        outputs.reserveCapacity(steps + 1)
        for s in run.states.dropLast() where outputs.count <= steps {
            outputs.append(s)
            context.remember(s)
        }
        var corrected: [Int] = [], gaps: [Double] = []
        // The start decode's predecessor is an observation, whose velocity (finite differences,
        // zero at step 0) is not the model's: pair priors begin with the first predicted step.
        var previous: WorldState? = nil
        while outputs.count <= steps {
            if let edit, run.step == edit.step { try run.edit { try edit.change(model, $0) } }
            guard let raw = run.states.last else { break }
            let found = try checkAll(priors, previous: previous, state: raw, context: context)
            report.append(contentsOf: found)
            var out = raw
            if project && !found.isEmpty {
                let projected = try projectState(raw, previous: previous, priors: priors, context: context)
                out = projected.state
                residual.append(contentsOf: projected.left)
                if out != raw {
                    corrected.append(raw.step)
                    let fixed = out
                    try run.edit { try model.assimilate($0, corrected: fixed, policy: feedback) }
                    if let decoded = run.states.last { gaps.append(gap(decoded, fixed)) }
                }
            } else {
                residual.append(contentsOf: found)
            }
            outputs.append(out)
            context.remember(out)
            previous = out
            if outputs.count <= steps { try run.advance() }
        }
        let plain = run.rollout()
        let rollout = project
            ? Rollout(scene: scene, seed: seed, states: outputs, events: EventDetector.events(scene: scene, states: outputs),
                      noise: plain.noise)
            : plain
        return ConstrainedRollout(mode: mode, feedback: feedback, rollout: rollout, report: report, residual: residual,
                                  correctedSteps: corrected, assimilationGaps: gaps)
    }

    /// The violations of an existing rollout (any model's, or the simulator's) under `priors`,
    /// from `fromStep` on; earlier states only seed the priors' memory.
    public static func check(_ rollout: Rollout, priors: [any Prior], fromStep: Int = 0) throws -> ViolationReport {
        var context = PriorContext(scene: rollout.scene)
        var report = ViolationReport(priors: priors.map(\.name), lastStep: rollout.states.last?.step ?? 0)
        var previous: WorldState?
        for s in rollout.states {
            if s.step >= fromStep {
                report.append(contentsOf: try checkAll(priors, previous: previous, state: s, context: context))
            }
            context.remember(s)
            previous = s
        }
        return report
    }

    /// Every prior's violations of `state`, in the priors' order.
    static func checkAll(_ priors: [any Prior], previous: WorldState?, state: WorldState,
                         context: PriorContext) throws -> [Violation] {
        var out: [Violation] = []
        for p in priors { out.append(contentsOf: try p.check(previous: previous, state: state, context: context)) }
        return out
    }

    /// Corrections in order, then a re-check of every prior, until clean or out of passes.
    /// Returns the corrected state and what is still violated.
    public static func projectState(_ state: WorldState, previous: WorldState?, priors: [any Prior],
                                    context: PriorContext) throws -> (state: WorldState, left: [Violation]) {
        var s = state
        var left = try checkAll(priors, previous: previous, state: s, context: context)
        var pass = 0
        while !left.isEmpty && pass < PriorTolerances.projectionPasses {
            pass += 1
            for p in priors where p.canCorrect {
                guard !(try p.check(previous: previous, state: s, context: context)).isEmpty,
                      var c = try p.correct(previous: previous, state: s, context: context) else { continue }
                // A correction repairs the state at this step; it cannot move it in time.
                c.step = state.step
                c.time = state.time
                s = c
            }
            left = try checkAll(priors, previous: previous, state: s, context: context)
        }
        return (s, left)
    }

    /// Largest distance between a body of `target` and the same body in `decoded` (infinity when missing).
    static func gap(_ decoded: WorldState, _ target: WorldState) -> Double {
        var worst = 0.0
        for b in target.bodies {
            guard let d = decoded[b.name] else { return .infinity }
            worst = max(worst, (d.position - b.position).length)
        }
        return worst
    }

    // MARK: - Reject

    /// The outcome of reject mode over sampled rollouts.
    public struct Rejection {
        /// Rollouts that kept every prior (in sample order).
        public var accepted: [ConstrainedRollout]
        /// Indices into the samples of the discarded rollouts.
        public var rejectedSamples: [Int]
        /// Every sample's report, in sample order.
        public var reports: [ViolationReport]
        public var total: Int { reports.count }
        public var rejected: Int { rejectedSamples.count }
        /// Fraction of samples kept (1 when there were none).
        public var acceptanceRate: Double { total > 0 ? Double(accepted.count) / Double(total) : 1 }
    }

    /// Rolls `model` out on every sample under `priors` (checked, not corrected) and discards the
    /// rollouts with more than `allowedViolations` violations.
    public static func reject(_ model: any WorldModel, samples: [RolloutSample], steps: Int, priors: [any Prior],
                              allowedViolations: Int = 0) throws -> Rejection {
        try reject(model, samples: samples, steps: steps, priors: priors, budget: ViolationBudget(count: allowedViolations))
    }

    /// Rolls `model` out on every sample under `priors` (checked, not corrected) and discards the
    /// rollouts whose violations exceed `budget`.
    public static func reject(_ model: any WorldModel, samples: [RolloutSample], steps: Int, priors: [any Prior],
                              budget: ViolationBudget) throws -> Rejection {
        if let problem = budget.validationMessage() { throw PriorError(problem) }
        var out = Rejection(accepted: [], rejectedSamples: [], reports: [])
        for (i, sample) in samples.enumerated() {
            var r = try run(model, scene: sample.scene, steps: steps, priors: priors, mode: .reject, seed: sample.seed)
            r.mode = .reject
            out.reports.append(r.report)
            if budget.allows(r.report) { out.accepted.append(r) } else { out.rejectedSamples.append(i) }
        }
        return out
    }
}

/// How many violations a rejected-sampling rollout may have and still be kept: a count, a
/// total magnitude (summed over priors, each in its own unit), or both (both must hold).
/// The default allows none.
public struct ViolationBudget: Hashable, Sendable {
    /// Most violations allowed; nil for no limit on the count.
    public var count: Int?
    /// Largest total magnitude allowed; nil for no limit on the magnitude.
    public var magnitude: Double?

    public init(count: Int? = 0, magnitude: Double? = nil) {
        self.count = count
        self.magnitude = magnitude
    }

    /// No violation at all.
    public static let none = ViolationBudget(count: 0)

    /// True when `report` stays within the budget.
    public func allows(_ report: ViolationReport) -> Bool {
        if let count, report.count > count { return false }
        if let magnitude, report.totalMagnitude > magnitude { return false }
        return true
    }

    /// What is wrong with the budget, or nil.
    public func validationMessage() -> String? {
        if let count, count < 0 { return "allowed violations must not be negative, got \(count)" }
        if let magnitude, !(magnitude >= 0) || !magnitude.isFinite {
            return "allowed magnitude must be a finite number >= 0, got \(magnitude)"
        }
        return nil
    }
}
