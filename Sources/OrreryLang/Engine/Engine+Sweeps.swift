// MARK: - Running statistical tests

extension Engine {
    /// Runs a statistical test: its sample list once, then its body once per sample (only
    /// this shard's samples when sharded). An error in the header fails the test; an error
    /// in the body fails that sample only; a failed `assume` skips it (counted apart, not a trial).
    func runSweep(_ test: CompiledTest, in interp: Interpreter, path: String, shard: Shard?) -> TestResult {
        var result = TestResult(name: test.name, file: path, range: test.range, failures: [], error: nil)
        defer { interp.expectFailures = [] }
        guard let samplesProto = test.samples else { return result }
        do {
            let samples = try interp.call(.function(ScriptFunction(proto: samplesProto, upvalues: [])), [])
            guard case .list(let items) = samples else {
                throw ScriptError("a statistical test needs a list of samples after 'in', got \(samples.typeName)",
                                  samplesProto.range)
            }
            var threshold: Double?
            if let thresholdProto = test.threshold {
                let v = try interp.call(.function(ScriptFunction(proto: thresholdProto, upvalues: [])), [])
                guard case .number(let p) = v, p >= 0, p <= 1 else {
                    throw ScriptError("'expect rate' needs a rate between 0 and 1, got \(v.debugDescription)",
                                      thresholdProto.range)
                }
                threshold = p
            }
            var sweep = SweepResult(passes: 0, trials: 0, threshold: threshold, strict: test.strict, failedSamples: [])
            // Shard 0/1 is the whole sweep: its verdict is final, and no samples fail it.
            sweep.partial = (shard?.count ?? 1) > 1
            let body = ScriptFunction(proto: test.proto, upvalues: [])
            /// Runs the body on one sample.
            func run(_ item: Value) -> SampleOutcome {
                interp.expectFailures = []
                var message: String?
                do {
                    _ = try interp.call(.function(body), [item])
                } catch is SampleSkipped {
                    // An `assume` did not hold: the sample is outside what the test is about.
                    return .skipped
                } catch {
                    message = Interpreter.runtimeError(error, at: test.range).message
                }
                if message == nil, let f = interp.expectFailures.first { message = DiagnosticFormatter.formatOneLine(f) }
                return message.map { .failed($0) } ?? .passed
            }
            func tally(_ outcome: SampleOutcome, index k: Int, seed: UInt64) {
                switch outcome {
                case .skipped: sweep.skipped += 1
                case .passed:
                    sweep.trials += 1
                    sweep.passes += 1
                case .failed(let message):
                    sweep.trials += 1
                    if sweep.failedSamples.count < SweepResult.keptFailures {
                        sweep.failedSamples.append(FailedSample(index: k, seed: seed, message: message))
                    }
                }
            }
            // `--falsify N`: a search looks for failing samples instead of running the list
            // (not in a shard of many: a search is one sequence and cannot be split).
            if let budget = options.falsify, (shard?.count ?? 1) == 1, let search = interp.sampleSearch,
               let searched = try search(items, budget, options.seed, run) {
                for (k, s) in searched.enumerated() { tally(s.outcome, index: k, seed: s.seed) }
            } else {
                for (k, item) in items.enumerated() where shard?.owns(k) ?? true {
                    tally(run(item), index: k, seed: Self.seed(of: item, default: options.seed))
                }
            }
            result.sweep = sweep
        } catch {
            result.error = Interpreter.runtimeError(error, at: test.range)
        }
        return result
    }

    /// The seed that reproduces a sample: its own (a sampled scene's), else the run's.
    static func seed(of item: Value, default seed: UInt64) -> UInt64 {
        if case .object(let o) = item, let own = o.reproducingSeed { return own }
        return seed
    }
}
