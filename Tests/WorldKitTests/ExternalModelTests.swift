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
        #expect(ExternalProcess.now() - started < 5)
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

    @Test func floodsAndChattyStderrAreHandled() throws {
        // 17 MiB without a newline: refused as too long, not buffered forever.
        let flood = #expect(throws: ModelError.self) {
            try ExternalModel(command: "python3 -c 'import sys; sys.stdout.write(\"x\" * (17 << 20)); sys.stdout.flush()'",
                              timeout: 20, permission: .grantedByUser())
        }
        #expect(flood?.message.contains("longer than") == true)
        // A megabyte on stderr before answering must not block the handshake.
        let chatty = try ExternalModel(
            command: "python3 -c 'import sys, json; sys.stderr.write(\"e\" * (1 << 20)); sys.stderr.flush(); sys.stdin.readline(); print(json.dumps({\"type\": \"hello\", \"version\": 1}), flush=True); sys.stdin.readline()'",
            timeout: 5, permission: .grantedByUser())
        #expect(chatty.contextLength == 1)
        chatty.shutdown()
    }

    @Test func commandSplitting() throws {
        #expect(try ExternalModel.split("python3  a.py --x 'b c' \"d\\\"e\"") == ["python3", "a.py", "--x", "b c", "d\"e"])
    }
}

/// Reply checking without a process: every malformed reply is a described problem.
@Suite struct ExternalProtocolTests {
    func problem(_ body: () throws -> Any) -> String? {
        do { _ = try body(); return nil } catch let e as ExternalProtocol.ReplyProblem { return e.message } catch { return "\(error)" }
    }

    @Test func malformedRepliesAreDescribed() {
        #expect(problem { try ExternalProtocol.parse("", expecting: "state") }?.contains("not JSON") == true)
        #expect(problem { try ExternalProtocol.parse("{\"type\": 3}", expecting: "state") }?.contains("without a \"type\"") == true)
        #expect(problem { try ExternalProtocol.parse("[]", expecting: "state") }?.contains("not an object") == true)
        #expect(problem { try ExternalProtocol.parse("{\"type\":\"decoded\"}", expecting: "state") }?.contains("where \"state\" was expected") == true)
        #expect(problem { try ExternalProtocol.parse("{\"type\":\"error\",\"message\":\"boom\"}", expecting: "state") } == "error: boom")
        #expect(problem { try ExternalProtocol.stateText(["type": "state"]) }?.contains("without a \"state\"") == true)
        let bad: [(String, String)] = [
            ("{\"type\":\"decoded\"}", "without a \"bodies\""),
            ("{\"type\":\"decoded\",\"bodies\":[{\"position\":[1,2]}]}", "no \"name\""),
            ("{\"type\":\"decoded\",\"bodies\":[{\"name\":\"a\",\"position\":[1]}]}", "no \"position\""),
            ("{\"type\":\"decoded\",\"bodies\":[{\"name\":\"a\",\"position\":[1,\"x\"]}]}", "no \"position\""),
            ("{\"type\":\"decoded\",\"bodies\":[{\"name\":\"a\",\"position\":[1,2],\"velocity\":3}]}", "\"velocity\""),
        ]
        for (line, fragment) in bad {
            let message = problem { try ExternalProtocol.decodedBodies(ExternalProtocol.parse(line, expecting: "decoded")) }
            #expect(message?.contains(fragment) == true, "\(line)")
        }
        let ok = try? ExternalProtocol.decodedBodies(ExternalProtocol.parse(
            "{\"type\":\"decoded\",\"bodies\":[{\"name\":\"a\",\"position\":[1,2.5],\"velocity\":null}]}", expecting: "decoded"))
        #expect(ok?.first?.position == Vec2(1, 2.5))
    }

    @Test func randomBytesNeverTrap() {
        var rng = RandomStream(seed: 12)
        let alphabet = Array("{}[]\":,0123456789.eE-+ abcdefnulltruestatetypebodiesposition\\".utf8)
        for _ in 0..<2000 {
            let n = rng.index(below: 60)
            let bytes = (0..<n).map { _ in alphabet[rng.index(below: alphabet.count)] }
            let line = String(decoding: bytes, as: UTF8.self)
            _ = try? ExternalProtocol.decodedBodies(ExternalProtocol.parse(line, expecting: "decoded"))
            _ = try? ExternalProtocol.stateText(ExternalProtocol.parse(line, expecting: "state"))
        }
    }

    @Test func requestsAreOneLineOfJSON() throws {
        var a = BodySpec.ball("a\"\n", at: Vec2(0, 1), radius: 0.5)
        a.velocity = Vec2(.nan, 1)
        let scene = ModelFixtures.box(bodies: [a])
        let line = ExternalProtocol.start(scene: scene, context: [Observation(try Simulator(scene: ModelFixtures.box(bodies: [])).state)])
        #expect(!line.contains("\n"))
        #expect(line.contains("\"velocity\":[null,1]"))
        #expect(try ExternalProtocol.parse(line, expecting: "start")["scene"] != nil)
        #expect(ExternalProtocol.number(3) == "3" && ExternalProtocol.number(0.5) == "0.5" && ExternalProtocol.number(.infinity) == "null")
    }
}
