import OrreryLang
import OrreryWorld

/// The domains the `orrery` tool installs into the language: the world.
enum Domains {
    static let installed: [any LanguageExtension] = [WorldExtension()]
}
