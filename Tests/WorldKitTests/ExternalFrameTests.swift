import Foundation
import Testing
@testable import WorldKit

/// The frame echo under Scripts/external (protocol version 2, numpy only).
private let echoScript: String = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Scripts/external/frame_echo.py").path

private let numpyAvailable: Bool = {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", "-c", "import numpy"]
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    guard (try? p.run()) != nil else { return false }
    p.waitUntilExit()
    return p.terminationStatus == 0
}()

/// Protocol version 2: frames in observations and in decode replies, and the host's checks.
@Suite(.enabled(if: numpyAvailable, "python3 with numpy is not installed; the frame-bridge tests need it"))
struct ExternalFrameTests {
    static func scene() -> Scene {
        var a = BodySpec.ball("a", at: Vec2(-2, 3), radius: 0.8)
        a.velocity = Vec2(3, 1)
        return ModelFixtures.box(bodies: [a, .ball("b", at: Vec2(3, 0.8), radius: 0.8)])
    }

    func echo(_ extra: String = "") throws -> ExternalModel {
        try ExternalModel(command: "python3 '\(echoScript)' \(extra)", timeout: 10, permission: .grantedByUser())
    }

    @Test(arguments: ["raw", "png"])
    func framesCrossBothWaysAndPixelMetricsUseThem(_ encoding: String) throws {
        let m = try echo("--encoding \(encoding)")
        #expect(m.protocolVersion == 2)
        #expect(m.capabilities.takesFrames == FrameSize.standard)
        #expect(m.capabilities.givesFrames == FrameSize.standard)
        #expect(!m.capabilities.takesBodies && !m.capabilities.givesBodies)
        #expect(m.capabilities.frameEncoding == FrameEncoding(rawValue: encoding))
        let scene = Self.scene()
        let r = try ModelRollout.run(m, scene: scene, steps: 12)
        let truth = try Simulator.rollout(scene, steps: 12)
        let frames = try #require(r.frames)
        #expect(frames.count == 13 && frames.width == 64 && frames.height == 64)
        // The echo repeats the last context frame (step 1): the host sent it intact, in either encoding.
        let shown = try FrameRendering.render(scene: scene, state: truth.states[1], size: .standard)
        for i in 1...12 { #expect(frames.pixels[i] == shown.pixels) }
        // Step 0 is what the model was shown; a frames-only model decodes no bodies.
        #expect(frames.pixels[0] == (try FrameRendering.render(scene: scene, state: truth.states[0], size: .standard)).pixels)
        #expect(r.states[5].bodies.isEmpty)
        // PSNR comes from the model's frames: the repeat-last-frame error, computed here independently.
        let errors = try Metrics.frameErrors(r, truth)
        for t in [0, 1, 6, 12] {
            let truthFrame = try FrameRendering.render(scene: scene, state: truth.states[t], size: .standard)
            let expected = try Metrics.pixelMSE(try frames.image(t), truthFrame)
            #expect(errors[t].mse == expected)
        }
        #expect(errors[1].mse == 0)
        #expect(errors[12].mse > errors[3].mse)
        #expect(Metrics.psnr(mse: errors[12].mse).isFinite)
        m.shutdown()
    }

    @Test func bodiesAndFramesTogether() throws {
        let m = try echo("--takes both --gives both --size 48 32")
        #expect(m.capabilities.takesBodies && m.capabilities.givesBodies)
        #expect(m.decodedFrameSize == FrameSize(width: 48, height: 32))
        let r = try ModelRollout.run(m, scene: Self.scene(), steps: 4)
        #expect(r.states[4].bodies.map(\.name) == ["a", "b"])
        #expect(r.frames?.width == 48 && r.frames?.height == 32 && r.frames?.count == 5)
        // Body metrics use the bodies: the echo keeps them where the last observation saw them.
        let truth = try Simulator.rollout(Self.scene(), steps: 4)
        // (Within 1e-12: Foundation's JSON reader on Linux may miss the last digit.)
        #expect((r.states[4]["a"]!.position - truth.states[1]["a"]!.position).length < 1e-12)
    }

    @Test(arguments: [
        ("size", "a decoded \"frame\" of 32×32 pixels; the program's hello promised 64×64"),
        ("bytes", "a decoded \"frame\" whose \"data\" has 12287 bytes; raw 64×64 RGB needs 12288"),
        ("png", "a decoded \"frame\" whose \"data\" is not a PNG"),
        ("base64", "a decoded \"frame\" whose \"data\" is not base64"),
        ("missing", "without a \"frame\" (its hello promised 64×64 frames)"),
    ])
    func badFramesAreErrorsNamingTheField(_ fault: String, _ message: String) throws {
        let m = try echo("--fault \(fault)")
        let error = #expect(throws: ModelError.self) { try ModelRollout.run(m, scene: Self.scene(), steps: 3) }
        #expect(error?.message.contains(message) == true, "\(error?.message ?? "no error")")
        #expect(error?.message.contains("frame_echo.py") == true)
        #expect(!m.isRunning)
        // Another model starts and works: one bad program stops only itself.
        #expect(try ModelRollout.run(try echo(), scene: Self.scene(), steps: 2).frames?.count == 3)
    }

    @Test func aRolloutWhoseFramesWouldNotFitIsRefusedBeforeItStarts() throws {
        let m = try echo()
        let error = #expect(throws: ModelError.self) { try ModelRollout.run(m, scene: Self.scene(), steps: 1_000_000) }
        #expect(error?.message.contains("roll out at most 21844 steps") == true, "\(error?.message ?? "")")
        #expect(m.isRunning)
    }

    @Test func aHelloAskingForAnImpossibleFrameIsRefused() throws {
        let small = #expect(throws: ModelError.self) { try echo("--size 4 4") }
        #expect(small?.message.contains("\"takes.frames\" is 4×4; each side must be 8…512 pixels") == true)
        let large = #expect(throws: ModelError.self) { try echo("--size 64 4096") }
        #expect(large?.message.contains("\"takes.frames\" is 64×4096") == true)
    }

    @Test func frameCodecRoundTripsAndRejectsGarbage() throws {
        let scene = Self.scene()
        let image = try FrameRendering.render(scene: scene, state: try Simulator.rollout(scene, steps: 0).states[0],
                                              size: FrameSize(width: 40, height: 24))
        #expect(image.width == 40 && image.height == 24)
        for encoding in FrameEncoding.allCases {
            let json = try ExternalProtocol.json(image, encoding: encoding).text(.compact)
            let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8))
            let back = try ExternalProtocol.frame(parsed, field: "f", expected: FrameSize(width: 40, height: 24))
            #expect(back == image)
            #expect(throws: ExternalProtocol.ReplyProblem.self) {
                try ExternalProtocol.frame(parsed, field: "f", expected: FrameSize(width: 24, height: 40))
            }
        }
        let unknown: [String: Any] = ["encoding": "jpeg", "width": 40, "height": 24, "data": ""]
        let e = #expect(throws: ExternalProtocol.ReplyProblem.self) {
            try ExternalProtocol.frame(unknown, field: "f", expected: FrameSize(width: 40, height: 24))
        }
        #expect(e?.message.contains("\"encoding\" 'jpeg'") == true)
    }
}
