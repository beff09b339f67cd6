"""A Pygments lexer for Orrery scripts (registered as `orrery`, files `*.orr`), so
nbconvert and JupyterLab's exports highlight the language."""

from pygments.lexer import RegexLexer, bygroups, include, words
from pygments.token import (Comment, Keyword, Name, Number, Operator, Punctuation, String,
                            Text, Whitespace)

__all__ = ["OrreryLexer"]

# The language's keywords (Sources/OrreryLang/Syntax/Token.swift, `Keyword`).
KEYWORDS = ("let", "var", "fn", "return", "if", "else", "while", "for", "in", "break", "continue",
            "import", "test", "expect", "assume", "show", "scene", "within", "and", "or", "not")
CONSTANTS = ("true", "false", "nil")
# Words that start a line of a scene body (the world's scene vocabulary) and their properties.
SCENE_WORDS = ("ball", "box", "wall", "occluder", "region", "ground", "bounds", "gravity", "dt", "substeps",
               "iterations", "camera", "noise", "allow_overlap", "sleeping", "require", "remove", "set")
SCENE_PROPERTIES = ("at", "radius", "size", "from", "to", "thickness", "angle", "velocity", "spin", "mass",
                    "density", "restitution", "friction", "color", "static", "ppu", "keyframes")


class OrreryLexer(RegexLexer):
    name = "Orrery"
    aliases = ["orrery", "orr"]
    filenames = ["*.orr"]
    mimetypes = ["text/x-orrery"]
    url = "https://github.com/orrery"

    tokens = {
        "root": [
            (r"\s+", Whitespace),
            # Cell markers of the percent format, then ordinary comments.
            (r"#\s*%%.*$", Comment.Special),
            (r"#.*$", Comment.Single),
            (r'"', String.Double, "string"),
            (r"\b(fn)(\s+)([A-Za-z_]\w*)", bygroups(Keyword.Declaration, Whitespace, Name.Function)),
            (r"\b(let|var)(\s+)([A-Za-z_]\w*)", bygroups(Keyword.Declaration, Whitespace, Name.Variable)),
            (words(CONSTANTS, suffix=r"\b"), Keyword.Constant),
            (words(KEYWORDS, suffix=r"\b"), Keyword),
            (words(SCENE_WORDS, prefix=r"(?<![.\w])", suffix=r"\b"), Keyword.Pseudo),
            (words(SCENE_PROPERTIES, prefix=r"(?<![.\w])", suffix=r"\b(?!\s*[:(])"), Name.Attribute),
            (r"(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?", Number),
            (r"[A-Za-z_]\w*(?=\s*\()", Name.Function),
            (r"[A-Za-z_]\w*", Name),
            (r"=>|\*\*|~=|==|!=|<=|>=|\+=|-=|\*=|/=|[-+*/%<>=]", Operator),
            (r"[()\[\]{},.:;]", Punctuation),
            (r".", Text),
        ],
        "string": [
            (r'"', String.Double, "#pop"),
            (r"\\\(", String.Interpol, "interpolation"),
            (r'\\[nt"\\r0]|\\u\{[0-9A-Fa-f]+\}', String.Escape),
            (r'[^"\\]+', String.Double),
            (r"\\", String.Double),
        ],
        "interpolation": [
            (r"\)", String.Interpol, "#pop"),
            (r"\(", Punctuation, "nested"),
            include("root"),
        ],
        "nested": [
            (r"\)", Punctuation, "#pop"),
            (r"\(", Punctuation, "#push"),
            include("root"),
        ],
    }
