// MARK: - RenderError

/// What can go wrong setting up frames, animations and compositions; drawing itself never fails.
public enum RenderError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A requested image side is outside 1...`Image.maximumSide`.
    case invalidImageSize(width: Int, height: Int)
    /// Pixel bytes do not match the stated dimensions.
    case pixelCountMismatch(expected: Int, found: Int)
    /// A camera parameter is zero, negative, infinite or NaN.
    case invalidCamera(String)
    /// Frames of an animation differ in size.
    case frameSizeMismatch(index: Int)
    /// An animation has no frames.
    case noFrames
    /// An animation writer received a different number of frames than it declared.
    case frameCountMismatch(declared: Int, found: Int)
    /// A composition has no images.
    case noImages

    public var description: String {
        switch self {
        case let .invalidImageSize(w, h):
            return "image size \(w)x\(h) is out of range (each side must be 1...\(Image.maximumSide) pixels)"
        case let .pixelCountMismatch(expected, found):
            return "expected \(expected) pixel bytes, found \(found)"
        case let .invalidCamera(why):
            return "invalid camera: \(why)"
        case let .frameSizeMismatch(index):
            return "frame \(index) differs in size from the first frame"
        case .noFrames:
            return "an animation needs at least one frame"
        case let .frameCountMismatch(declared, found):
            return "an animation declared \(declared) frames but received \(found)"
        case .noImages:
            return "nothing to compose: no images"
        }
    }
}
