// MARK: - Persistence: revisit consistency with a moving camera
//
// Bodies rest on the ground; the camera pans away (the region leaves the view for far
// longer than a window model's k) and comes back to where it started. The region is
// static, so the revisited view must look exactly like the first one. Both views are
// rendered from the model's own decoded states through the same camera: the metric is
// the pixel MSE (0–255 scale) between the first predicted view and the revisited one,
// and the share of scenes in which the model still has every body when it comes back.

/// Does a static region look the same when the camera comes back to it?
public struct RevisitTask: BenchmarkTask {
    public init() {}
    public var name: String { "revisit" }
    public var summary: String {
        "the camera pans away from resting bodies and back: pixel error between the first and the revisited view of the model's world"
    }

    /// Steps of the pan: out from 0.3 s to 1.0 s, away until 1.6 s, back by 2.3 s, held to 2.5 s.
    static let steps = 150

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

    public func run(_ contender: BenchmarkContender, settings: BenchmarkSettings) throws -> [MetricSample] {
        var rng = settings.stream(for: name)
        var mse: [Double] = []
        var kept = 0, trials = 0
        for i in 0..<settings.samples {
            let scene = RevisitTask.scene(&rng, index: i)
            let predicted = try contender.rollout(scene, steps: RevisitTask.steps)
            let first = contender.firstPredictedStep
            guard var a = predicted.state(at: first), var b = predicted.state(at: RevisitTask.steps) else { continue }
            // Render both through the camera at the revisit time (it is home at both times).
            a.time = Double(RevisitTask.steps) * scene.dt
            b.time = a.time
            let fa = try WorldDrawing.render(scene: scene, state: a, timeStamp: false)
            let fb = try WorldDrawing.render(scene: scene, state: b, timeStamp: false)
            mse.append(try Metrics.pixelMSE(fa, fb))
            trials += 1
            if scene.bodies.allSatisfy({ b[$0.name] != nil }) { kept += 1 }
        }
        return [MetricSample(name: "\(name).mse", unit: "mse", higherIsBetter: false, values: .mean(mse)),
                MetricSample(name: "\(name).kept", unit: "rate", higherIsBetter: true, values: .rate(successes: kept, trials: trials))]
    }
}
