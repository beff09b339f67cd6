/// The one place the version number lives; `orrery --version` prints it.
enum OrreryVersion {
    static let current = "0.1.0"
}
