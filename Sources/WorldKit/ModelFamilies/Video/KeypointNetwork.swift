#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

// MARK: - The keypoint video network
//
//   frame (3 × S × S, values in [0, 1])
//     → conv 3×3/1 (3→c) → ReLU → conv 3×3/1 (c→K) → × gain → spatial softmax per channel
//     → K keypoints (u, v) in pixels: the softmax-weighted mean pixel centre     [encoder]
//   dynamics: an MLP (tanh) from the window of the last W keypoint sets — the newest
//     positions (÷ S) and their differences to each older set (pixels) — to the next
//     step's displacement of every keypoint (pixels)                            [dynamics]
//   renderer: the last true frame, warped so that the pixels around each keypoint's
//     path move with it (see `KeypointRenderer`)                                [decoder]
//
// Coordinates are linear in the keypoints, so linear probes read x and y directly and
// velocities from keypoint differences. Images are channel-major (Learning/Convolution.swift).

/// Sizes of a keypoint video network.
public struct KeypointArchitecture: Hashable, Sendable {
    /// Frame side S in pixels.
    public var size: Int
    /// Keypoint channels K (body slots).
    public var keypoints: Int
    /// Channels of the first convolution.
    public var channels: Int
    /// Keypoint sets the dynamics read (W ≥ 2).
    public var window: Int
    /// Hidden width of the dynamics MLP.
    public var hidden: Int
    /// Pixels around a keypoint's path that move with it in the renderer (full weight
    /// within `reach`, fading to none at 2·reach).
    public var reach: Double

    /// Multiplies the logits before the spatial softmax, so a small weight change sharpens it.
    static let gain = 10.0
    /// Numbers the dynamics read: W sets of 2K.
    var featureCount: Int { 2 * keypoints * window }
}

/// Encoder (convolutions + spatial soft-argmax) and keypoint dynamics, with exact backpropagation.
struct KeypointNetwork: Sendable {
    let architecture: KeypointArchitecture
    var conv: [Conv2D]
    var dynamics: MLP

    init(architecture a: KeypointArchitecture, random: inout RandomStream) throws {
        architecture = a
        let g0 = try ConvGeometry(channels: 3, inHeight: a.size, inWidth: a.size, kernel: 3, stride: 1, padding: 1)
        let g1 = try ConvGeometry(channels: a.channels, inHeight: a.size, inWidth: a.size, kernel: 3, stride: 1, padding: 1)
        conv = [try Conv2D(geometry: g0, outChannels: a.channels, random: &random),
                try Conv2D(geometry: g1, outChannels: a.keypoints, random: &random)]
        dynamics = try MLP(sizes: [a.featureCount, a.hidden, a.hidden, 2 * a.keypoints], activation: .tanh, random: &random)
        // Start the dynamics near "nothing moves": a small last layer.
        let last = dynamics.layers.count - 1
        dynamics.layers[last].weights = dynamics.layers[last].weights * 0.1
    }

    var parameters: [Matrix] {
        get { conv.flatMap { [$0.weights, $0.bias] } + dynamics.parameters }
        set {
            precondition(newValue.count == parameters.count, "parameter count mismatch")
            for i in 0..<2 {
                precondition(newValue[2 * i].shape == conv[i].weights.shape && newValue[2 * i + 1].shape == conv[i].bias.shape,
                             "parameter shape mismatch")
                conv[i].weights = newValue[2 * i]
                conv[i].bias = newValue[2 * i + 1]
            }
            dynamics.parameters = Array(newValue[4...])
        }
    }

    static func tensorNames(dynamicsLayers: Int) -> [String] {
        var names = ["conv0.w", "conv0.b", "conv1.w", "conv1.b"]
        for i in 0..<dynamicsLayers { names += ["dynamics.w\(i)", "dynamics.b\(i)"] }
        return names
    }

    // MARK: - Encoder

    struct EncoderTrace {
        var patches: [Matrix] = []
        var hidden = Matrix(rows: 0, cols: 0)       // after the ReLU
        var softmax = Matrix(rows: 0, cols: 0)      // K × N·P
        var keypoints = Matrix(rows: 0, cols: 0)    // N × 2K
    }

    /// Keypoints (N × 2K: u₀, v₀, u₁, v₁, … in pixels, (0, 0) the top-left corner) of N frames.
    func encode(_ frames: Matrix, images n: Int, profile: LearningProfile? = nil) -> EncoderTrace {
        let a = architecture, plane = a.size * a.size, k = a.keypoints
        var trace = EncoderTrace()
        var (h, p0) = conv[0].forward(frames, images: n, profile: profile)
        profile.measure(.elementwise) { relu(&h) }
        let (logits, p1) = conv[1].forward(h, images: n, profile: profile)
        trace.patches = [p0, p1]
        trace.hidden = h
        var soft = logits
        var kp = Matrix(rows: n, cols: 2 * k)
        profile.measure(.elementwise) {
            soft.values.withUnsafeMutableBufferPointer { s in
                for ch in 0..<k {
                    for img in 0..<n {
                        let base = (ch * n + img) * plane
                        var top = -Double.infinity
                        for q in 0..<plane { s[base + q] *= KeypointArchitecture.gain; top = max(top, s[base + q]) }
                        var sum = 0.0
                        for q in 0..<plane { let e = exp(s[base + q] - top); s[base + q] = e; sum += e }
                        var u = 0.0, v = 0.0
                        for q in 0..<plane {
                            let w = s[base + q] / sum
                            s[base + q] = w
                            u += w * (Double(q % a.size) + 0.5)
                            v += w * (Double(q / a.size) + 0.5)
                        }
                        kp[img, 2 * ch] = u
                        kp[img, 2 * ch + 1] = v
                    }
                }
            }
        }
        trace.softmax = soft
        trace.keypoints = kp
        return trace
    }

    /// Gradients of the encoder's tensors (conv0.w, conv0.b, conv1.w, conv1.b) from dL/dkeypoints (N × 2K).
    func encoderBackward(_ dkp: Matrix, trace: EncoderTrace, images n: Int, profile: LearningProfile? = nil) -> [Matrix] {
        let a = architecture, plane = a.size * a.size, k = a.keypoints
        var dLogits = Matrix(rows: k, cols: n * plane)
        profile.measure(.elementwise) {
            trace.softmax.values.withUnsafeBufferPointer { s in
                dLogits.values.withUnsafeMutableBufferPointer { g in
                    for ch in 0..<k {
                        for img in 0..<n {
                            let du = dkp[img, 2 * ch], dv = dkp[img, 2 * ch + 1]
                            guard du != 0 || dv != 0 else { continue }
                            let u = trace.keypoints[img, 2 * ch], v = trace.keypoints[img, 2 * ch + 1]
                            let base = (ch * n + img) * plane
                            for q in 0..<plane {
                                let x = Double(q % a.size) + 0.5, y = Double(q / a.size) + 0.5
                                g[base + q] = KeypointArchitecture.gain * s[base + q] * ((x - u) * du + (y - v) * dv)
                            }
                        }
                    }
                }
            }
        }
        let g1 = conv[1].backward(dLogits, patches: trace.patches[1], images: n, wantInput: true, profile: profile)
        var dh = g1.input ?? Matrix(rows: a.channels, cols: n * plane)
        profile.measure(.elementwise) { reluBackward(&dh, output: trace.hidden) }
        let g0 = conv[0].backward(dh, patches: trace.patches[0], images: n, wantInput: false, profile: profile)
        return [g0.weights, g0.bias, g1.weights, g1.bias]
    }

    // MARK: - Dynamics

    /// The dynamics' (and probes') features of a window of keypoint sets (oldest first,
    /// each 2K pixels): newest positions ÷ S, then newest − each older set, newest older
    /// first. Slots not `present` read 0.
    func features(_ window: [[Double]], present: [Bool]) -> [Double] {
        let a = architecture, k = a.keypoints
        var out = [Double](repeating: 0, count: a.featureCount)
        guard let newest = window.last else { return out }
        for slot in 0..<k where slot < present.count && present[slot] {
            for c in 0..<2 {
                let i = 2 * slot + c
                out[i] = newest[i] / Double(a.size)
                for j in 1..<a.window {
                    let older = window[max(0, window.count - 1 - j)]
                    out[2 * k * j + i] = newest[i] - older[i]
                }
            }
        }
        return out
    }

    /// The next keypoint set after a window (absent slots stay where they are).
    func next(_ window: [[Double]], present: [Bool]) -> [Double] {
        guard var out = window.last else { return [] }
        let delta = dynamics.forward(features(window, present: present))
        for slot in 0..<architecture.keypoints where slot < present.count && present[slot] {
            out[2 * slot] += delta[2 * slot]
            out[2 * slot + 1] += delta[2 * slot + 1]
        }
        return out
    }
}

// MARK: - Rendering by transport

/// Moves the pixels around each keypoint's path from the last true frame to where the
/// keypoint is now: the output pixel p samples the last true frame (bilinearly) at
/// p − d(p), where d(p) is the weighted mean of the keypoints' displacements, each
/// weighted 1 within `reach` pixels of the segment from its old to its new place,
/// fading (raised cosine) to 0 at 2·reach, and scaled down where the weights sum
/// below 1. Everything far from a moving keypoint is the last true frame exactly.
enum KeypointRenderer {
    static func render(last frame: [Double], size s: Int, from old: [[Double]], to new: [[Double]], reach: Double) -> [Double] {
        let plane = s * s
        precondition(frame.count == 3 * plane, "render: frame size mismatch")
        var out = frame
        func usable(_ o: [Double], _ n: [Double]) -> Bool {
            guard o.count == 2, n.count == 2 else { return false }
            let all = o + n
            guard all.allSatisfy({ $0.isFinite && $0.magnitude < 1e6 }) else { return false }
            let shift: Double = (n[0] - o[0]).magnitude + (n[1] - o[1]).magnitude
            return shift > 1e-9
        }
        let moves = zip(old, new).filter { usable($0.0, $0.1) }
        guard !moves.isEmpty else { return out }
        for row in 0..<s {
            for col in 0..<s {
                let px = Double(col) + 0.5, py = Double(row) + 0.5
                var wsum = 0.0, dx = 0.0, dy = 0.0
                for (o, n) in moves {
                    let d = distanceToSegment(px, py, o[0], o[1], n[0], n[1])
                    let w: Double
                    if d <= reach { w = 1 } else if d >= 2 * reach { w = 0 } else {
                        w = 0.5 * (1 + cos(Double.pi * (d - reach) / reach))
                    }
                    guard w > 0 else { continue }
                    wsum += w
                    dx += w * (n[0] - o[0])
                    dy += w * (n[1] - o[1])
                }
                guard wsum > 0 else { continue }
                let scale = wsum > 1 ? 1 / wsum : 1
                let sx = min(max(px - dx * scale - 0.5, -2), Double(s + 1)), sy = min(max(py - dy * scale - 0.5, -2), Double(s + 1))
                let x0 = Int(floor(sx)), y0 = Int(floor(sy))
                let fx = sx - Double(x0), fy = sy - Double(y0)
                func at(_ x: Int, _ y: Int, _ ch: Int) -> Double {
                    frame[ch * plane + min(max(y, 0), s - 1) * s + min(max(x, 0), s - 1)]
                }
                for ch in 0..<3 {
                    let top = at(x0, y0, ch) * (1 - fx) + at(x0 + 1, y0, ch) * fx
                    let bottom = at(x0, y0 + 1, ch) * (1 - fx) + at(x0 + 1, y0 + 1, ch) * fx
                    out[ch * plane + row * s + col] = top * (1 - fy) + bottom * fy
                }
            }
        }
        return out
    }

    static func distanceToSegment(_ px: Double, _ py: Double, _ ax: Double, _ ay: Double, _ bx: Double, _ by: Double) -> Double {
        let vx = bx - ax, vy = by - ay
        let length = vx * vx + vy * vy
        let t = length > 0 ? min(max(((px - ax) * vx + (py - ay) * vy) / length, 0), 1) : 0
        let cx = ax + t * vx - px, cy = ay + t * vy - py
        return (cx * cx + cy * cy).squareRoot()
    }
}
