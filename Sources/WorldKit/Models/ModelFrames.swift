// MARK: - Models that give frames
//
// A pixel model may give the frame it predicts beside (or instead of) the bodies it
// decodes; `ModelRun` keeps those frames in the rollout (`Rollout.frames`), and pixel
// metrics and animations use them (FrameRendering draws the truth at the same size).

/// A model that can give the frame it predicts beside (or instead of) decoded bodies.
public protocol FrameDecodingModel: WorldModel {
    /// The size of the frames `decodeWithFrame` gives, or nil when this model gives none.
    var decodedFrameSize: FrameSize? { get }
    /// The decoded bodies and, when the model gives frames, its predicted frame.
    func decodeWithFrame(_ state: any ModelState) throws -> (state: WorldState, frame: Image?)
}
