import Foundation
import Testing
@testable import WorldKit

/// The reference client under Scripts/external, found from this file's location.
private let referenceScript: String = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Scripts/external/reference_model.py").path

/// True when `python3` with numpy can run the reference client.
private let pythonWithNumpy: Bool = {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", "-c", "import numpy"]
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    guard (try? p.run()) != nil else { return false }
    p.waitUntilExit()
    return p.terminationStatus == 0
}()

@Suite(.enabled(if: pythonWithNumpy, "python3 with numpy is not installed; the external-model tests need it"))
struct ExternalModelTests {
    static func scene() -> Scene {
        var a = BodySpec.ball("a", at: Vec2(-2, 3), radius: 0.5)
        a.velocity = Vec2(2, 1)
        return ModelFixtures.box(bodies: [a, .ball("b", at: Vec2(3, 0.5), radius: 0.5)])
    }

    func model(_ extra: String = "", timeout: Double = 5) throws -> ExternalModel {
        try ExternalModel(command: "python3 '\(referenceScript)' \(extra)", timeout: timeout, permission: .grantedByUser())
    }

    @Test func happyPathFollowsTheSimulatorInFreeFlight() throws {
        let m = try model()
        #expect(m.contextLength == 2)
        #expect(m.taxonomy.dynamics == .external)
        #expect(m.taxonomy.memory == .objectSlots)
        let truth = try Simulator.rollout(Self.scene(), steps: 20)
        var state = try m.start(scene: truth.scene, context: [Observation(truth.states[0]), Observation(truth.states[1])])
        #expect(state.step == 1)
        for _ in 0..<10 { state = try m.step(state) }
        let decoded = try m.decode(state)
        #expect(decoded.step == 11)
        #expect(decoded.bodies.map(\.name) == ["a", "b"])
        let error = (decoded["a"]!.position - truth.states[11]["a"]!.position).length
        let still = (truth.states[1]["a"]!.position - truth.states[11]["a"]!.position).length
        #expect(error < 0.05)
        #expect(error < 0.2 * still)
        // Edits go through the process and come back as a new state.
        let edited = try m.edit(state, body: "a", factor: "x", to: 1.5)
        #expect(try m.decode(edited)["a"]!.position.x == 1.5)
        #expect(try m.decode(state)["a"]!.position.x != 1.5)
        // The process's own refusal is an error that keeps it running.
        #expect(throws: ModelError.self) { try m.edit(state, body: "zz", factor: "x", to: 1) }
        #expect(m.isRunning)
        m.shutdown()
        #expect(!m.isRunning)
        #expect(throws: ModelError.self) { try m.step(state) }
    }

    @Test func timeoutIsAnErrorNamingTheCommand() throws {
        let m = try model("--hang-on step", timeout: 0.5)
        let truth = try Simulator.rollout(Self.scene(), steps: 2)
        let state = try m.start(scene: truth.scene, context: [Observation(truth.states[0])])
        let started = ExternalProcess.now()
        let error = #expect(throws: ModelError.self) { try m.step(state) }
        #expect(ExternalProcess.now() - started < 3)
        #expect(error?.message.contains("did not answer 'step' within 0.5 s") == true)
        #expect(error?.message.contains("reference_model.py") == true)
        #expect(!m.isRunning)
        let again = #expect(throws: ModelError.self) { try m.decode(state) }
        #expect(again?.message.contains("is not running") == true)
    }

    @Test func crashIsAnErrorWithTheExitStatusAndStderr() throws {
        let m = try model("--crash-on decode")
        let truth = try Simulator.rollout(Self.scene(), steps: 2)
        let state = try m.start(scene: truth.scene, context: [Observation(truth.states[0])])
        let error = #expect(throws: ModelError.self) { try m.decode(state) }
        #expect(error?.message.contains("exited with status 3 during 'decode'") == true)
        #expect(error?.message.contains("crashing on 'decode'") == true)
    }

    @Test func garbageIsAnError() throws {
        let m = try model("--garbage-on start")
        let truth = try Simulator.rollout(Self.scene(), steps: 2)
        let error = #expect(throws: ModelError.self) { try m.start(scene: truth.scene, context: [Observation(truth.states[0])]) }
        #expect(error?.message.contains("not JSON") == true)
    }

    @Test func wrongShapedRepliesAndBadCommandsAreErrors() throws {
        // A program that answers with JSON of the wrong shape.
        let wrong = try? ExternalModel(command: "python3 -c 'print(\"[1, 2]\")'", timeout: 2, permission: .grantedByUser())
        #expect(wrong == nil)
        let err = #expect(throws: ModelError.self) {
            try ExternalModel(command: "python3 -c 'print(\"{\\\"type\\\": \\\"hello\\\", \\\"version\\\": 99}\")'",
                              timeout: 2, permission: .grantedByUser())
        }
        #expect(err?.message.contains("protocol version 99") == true)
        #expect(throws: ModelError.self) { try ExternalModel(command: "   ", permission: .grantedByUser()) }
        #expect(throws: ModelError.self) { try ExternalModel(command: "python3 'unclosed", permission: .grantedByUser()) }
        let missing = #expect(throws: ModelError.self) {
            try ExternalModel(command: "orrery-no-such-program-xyz", timeout: 2, permission: .grantedByUser())
        }
        #expect(missing?.message.contains("orrery-no-such-program-xyz") == true)
    }

    @Test func commandSplitting() throws {
        #expect(try ExternalModel.split("python3  a.py --x 'b c' \"d\\\"e\"") == ["python3", "a.py", "--x", "b c", "d\"e"])
    }
}
