import Testing
@testable import OrreryLang
@testable import OrreryWorld

@Suite struct MarkdownTests {
    @Test func headingsParagraphsAndEmphasis() {
        #expect(Markdown.html("# Title\nSome *soft* and **strong** text\nwrapped.")
                == "<h1>Title</h1>\n<p>Some <em>soft</em> and <strong>strong</strong> text\nwrapped.</p>")
        #expect(Markdown.html("### Three ###") == "<h3>Three</h3>")
        #expect(Markdown.html("#NoSpace") == "<p>#NoSpace</p>")
    }

    @Test func codeSpansAndBlocksAreEscapedVerbatim() {
        #expect(Markdown.html("use `a < b && *c*`") == "<p>use <code>a &lt; b &amp;&amp; *c*</code></p>")
        #expect(Markdown.html("```orr\nlet x = <y>\n```") == "<pre><code class=\"language-orr\">let x = &lt;y&gt;</code></pre>")
    }

    @Test func lists() {
        #expect(Markdown.html("- one\n- two *2*\n\n1. first\n2. second")
                == "<ul><li>one</li><li>two <em>2</em></li></ul>\n<ol><li>first</li><li>second</li></ol>")
    }

    @Test func linksAndUnsafeLinks() {
        #expect(Markdown.html("[docs](https://example.org/a?b=1&c=2)")
                == "<p><a href=\"https://example.org/a?b=1&amp;c=2\">docs</a></p>")
        #expect(Markdown.html("[x](javascript:alert(1))") == "<p>x)</p>")
        #expect(Markdown.html("[rel](docs/notebooks.md)") == "<p><a href=\"docs/notebooks.md\">rel</a></p>")
    }

    @Test func htmlIsEscapedEverywhere() {
        #expect(Markdown.html("<script>alert('x')</script>") == "<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</p>")
        #expect(Markdown.html("# a \"b\" & c") == "<h1>a &quot;b&quot; &amp; c</h1>")
    }

    @Test func literalAsterisksAndSnakeCase() {
        #expect(Markdown.html("2 * 3 * 4") == "<p>2 * 3 * 4</p>")
        #expect(Markdown.html("snake_case_name") == "<p>snake_case_name</p>")
        #expect(Markdown.html("---") == "<hr>")
    }
}
