// MARK: - Persistence: revisit consistency with a moving camera
//
// Bodies rest on the ground; the camera pans away (the region leaves the view for far
// longer than a window model's k) and comes back to where it started. When it is back,
// the model's revisited view (its decoded state rendered through the camera) is compared
// with the truth's view of the same step: pixel MSE on the 0–255 scale, and that MSE
// over the simulator's own physical variance, the MSE between two noisy takes of the
// same scene (velocity noise, two noise seeds), as Physics-IQ normalises. A model that
// drops the bodies is compared like any other: an empty region does not look like the
// truth's. `kept` is the share of scenes in which the model still has every body.

/// Does a static region look the same when the camera comes back to it?
public struct RevisitTask: BenchmarkTask {
    public init() {}
    public var name: String { "revisit" }
    public var summary: String {
        "the camera pans away from resting bodies and back: pixel error of the model's revisited view against the truth's, over two takes' variance"
    }

    /// Steps of the pan: out from 0.3 s to 1.0 s, away until 1.6 s, back by 2.3 s, held to 2.5 s.
    static let steps = 150
    /// The velocity noise (m/s per substep) of the two takes that set the physical variance.
    public static let takesNoise = NoiseModel(velocitySigma: 0.05)
    /// The smallest two-takes MSE divided by, so a perfectly still pair cannot divide by zero.
    public static let minimumTakesMSE = 1.0

    static func scene(_ rng: inout RandomStream, index: Int) -> Scene {
        let count = 2 + rng.index(below: 2)
        let slots = [-5.0, 0.0, 5.0]
        var bodies: [BodySpec] = []
        for i in 0..<count {
            let r = rng.uniform(0.7, 1.4)
            var b = BodySpec.ball(["a", "b", "c"][i], at: Vec2(slots[i] + rng.uniform(-1, 1), r), radius: r)
            b.color = BenchmarkScenes.palette[i]
            bodies.append(b)
        }
        let home = PhysicsDefaults.cameraCenter, away = home + Vec2(40, 0)
        let camera = CameraSpec(motion: .keyframes([
            CameraKeyframe(time: 0.3, center: home), CameraKeyframe(time: 1.0, center: away),
            CameraKeyframe(time: 1.6, center: away), CameraKeyframe(time: 2.3, center: home),
        ]))
        return Scene(name: "revisit\(index)", bodies: bodies, walls: BenchmarkScenes.walls, ground: Ground(height: 0), camera: camera)
    }

    /// The view of `state` at the revisit step.
    static func view(_ scene: Scene, _ state: WorldState) throws -> Image {
        var s = state
        s.time = Double(steps) * scene.dt
        return try WorldDrawing.render(scene: scene, state: s, timeStamp: false)
    }

    /// Pixel MSE between two noisy takes of `scene` at the revisit step.
    static func takesMSE(_ scene: Scene) throws -> Double {
        var noisy = scene
        noisy.noise = takesNoise
        let a = try Simulator.rollout(noisy, steps: steps, seed: 1), b = try Simulator.rollout(noisy, steps: steps, seed: 2)
        guard let sa = a.state(at: steps), let sb = b.state(at: steps) else { return minimumTakesMSE }
        return try Metrics.pixelMSE(view(scene, sa), view(scene, sb))
    }

    public func run(_ contender: BenchmarkContender, settings: BenchmarkSettings) throws -> [MetricSample] {
        var rng = settings.stream(for: name)
        var mse: [Double] = [], ratio: [Double] = [], kept: [(Int, Int)] = []
        for i in 0..<settings.samples {
            let scene = RevisitTask.scene(&rng, index: i)
            let truth = try Simulator.rollout(scene, steps: RevisitTask.steps)
            let predicted = try contender.rollout(scene, steps: RevisitTask.steps)
            guard let t = truth.state(at: RevisitTask.steps), let p = predicted.state(at: RevisitTask.steps) else { continue }
            let e = try Metrics.pixelMSE(RevisitTask.view(scene, p), RevisitTask.view(scene, t))
            mse.append(e)
            ratio.append(e / max(try RevisitTask.takesMSE(scene), RevisitTask.minimumTakesMSE))
            kept.append((scene.bodies.allSatisfy { p[$0.name] != nil } ? 1 : 0, 1))
        }
        return [.mean("\(name).mse", unit: "mse", mse),
                .mean("\(name).vs_takes", unit: "× takes", ratio),
                .rate("\(name).kept", kept)]
    }
}
