import Testing
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import WorldKit

// MARK: - XML helper

/// Counts elements by name; XMLParser only succeeds on well-formed XML.
private final class ElementCounter: NSObject, XMLParserDelegate {
    var counts: [String: Int] = [:]
    var texts: [String] = []
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        counts[name, default: 0] += 1
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) { texts.append(string) }
}

private func parse(_ svg: String) -> (ok: Bool, counter: ElementCounter) {
    let parser = XMLParser(data: Data(svg.utf8))
    let counter = ElementCounter()
    parser.delegate = counter
    return (parser.parse(), counter)
}

private let lossPlot = LinePlot(
    title: "Training loss & <error>", xLabel: "epoch", yLabel: "loss",
    series: [
        .init(name: "train", values: [1.0, 0.6, 0.4, 0.3, 0.25, 0.22]),
        .init(name: "validation", points: [Vec2(0, 1.1), Vec2(2, 0.5), Vec2(5, 0.35)], color: .red),
    ])

// MARK: - Tests

@Test func plotIsWellFormedSVGWithExpectedElements() {
    let svg = lossPlot.svg()
    let (ok, counter) = parse(svg)
    #expect(ok)
    #expect(counter.counts["svg"] == 1)
    #expect(counter.counts["polyline"] == 2)
    #expect((counter.counts["text"] ?? 0) >= 10)   // title, axis titles, tick labels, legend
    #expect(counter.counts["circle"] == 9)          // markers on short series
    let text = counter.texts.joined()
    #expect(text.contains("Training loss & <error>"))  // escaped in the file, intact once parsed
    #expect(text.contains("validation"))
    #expect(svg.contains("Training loss &amp; &lt;error&gt;"))
    #expect(svg.contains("stroke=\"#dc322f\""))     // the explicit red
}

@Test func ticksAreNiceRoundNumbersCoveringTheData() {
    let axis = PlotAxis(values: [0.13, 0.87], logarithmic: false)
    #expect(axis.ticks.map { axis.label($0) } == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
    let big = PlotAxis(values: [0, 1234], logarithmic: false)
    #expect(big.ticks.map { big.label($0) } == ["0", "500", "1000", "1500"])
    let flat = PlotAxis(values: [3, 3], logarithmic: false)
    #expect(flat.lower < 3 && flat.upper > 3)
    let empty = PlotAxis(values: [.nan], logarithmic: false)
    #expect(empty.lower == 0 && empty.upper == 1)
    let log = PlotAxis(values: [-3, 0.5], logarithmic: true)   // 1e-3 ... ~3
    #expect(log.ticks.map { log.label($0) } == ["0.001", "0.01", "0.1", "1", "10"])
}

@Test func numbersFormatWithoutLocaleOrNoise() {
    #expect(SVGText.number(0.1 + 0.2, decimals: 1) == "0.3")
    #expect(SVGText.number(-0.04, decimals: 1) == "0.0")
    #expect(SVGText.number(-2.5, decimals: 2) == "-2.50")
    #expect(SVGText.number(0.0123, decimals: 3) == "0.012")
    #expect(SVGText.coordinate(12.500) == "12.5")
    #expect(SVGText.coordinate(-0.001) == "0")
    #expect(SVGText.number(3e20, decimals: 0) == "3e20")
    #expect(SVGText.number(.nan, decimals: 2) == "0")
}

@Test func nonFinitePointsBreakTheLine() {
    let plot = LinePlot(series: [.init(name: "gappy", values: [1, 2, .nan, 3, 4, .infinity, 5])])
    let (ok, counter) = parse(plot.svg())
    #expect(ok)
    #expect(counter.counts["polyline"] == 2)   // [1,2] and [3,4]; the lone 5 gets only a marker
    #expect(counter.counts["circle"] == 5)
    #expect(!plot.svg().contains("nan") && !plot.svg().contains("inf"))
}

@Test func logAxisSkipsNonPositiveValues() {
    let plot = LinePlot(series: [.init(name: "loss", values: [1, 0.1, 0, 0.01, 0.001])], logarithmicY: true)
    let (ok, counter) = parse(plot.svg())
    #expect(ok)
    #expect(counter.counts["polyline"] == 2)
}

@Test func emptyPlotIsStillAValidDocument() {
    let (ok, counter) = parse(LinePlot().svg())
    #expect(ok)
    #expect(counter.counts["svg"] == 1)
    #expect(counter.counts["polyline"] == nil)
}

@Test func plotOutputIsDeterministic() {
    #expect(lossPlot.svg() == lossPlot.svg())
}

@Test func extremeValuesStillGiveAValidPlot() {
    let plot = LinePlot(series: [.init(name: "wild", points: [Vec2(-1e308, 1e308), Vec2(1e308, -1e308), Vec2(0, 5e-324)])])
    let (ok, counter) = parse(plot.svg())
    #expect(ok)
    #expect(counter.counts["polyline"] == 1)
    #expect(!plot.svg().contains("nan"))
    let tiny = PlotAxis(values: [1e-9, 3e-9], logarithmic: false)
    #expect(tiny.ticks.count >= 2 && tiny.ticks.count <= 12)
}

// MARK: - The plot as an image

@Test func plotImageHasTheSVGsSizeAndDrawsEverySeries() throws {
    let image = try lossPlot.image()
    #expect(image.width == 640 && image.height == 400)
    var colors = Set<RGB>()
    for y in 0..<image.height {
        for x in 0..<image.width { if let p = image.pixel(x: x, y: y) { colors.insert(p) } }
    }
    // The first palette colour (train), red (validation) and the axis ink all appear.
    #expect(colors.contains(LinePlot.palette[0]))
    #expect(colors.contains(.red))
    #expect(colors.contains(RGB(hex: 0x333333)))
    #expect(try lossPlot.image() == image)
    let png = try PNGEncoder().encode(image)
    #expect(Array(png.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
}

@Test func emptyPlotImageStillDrawsAxes() throws {
    let image = try LinePlot().image()
    // The left edge of the axes box (x = 64) is dark; the middle of the plot is not.
    #expect([63, 64].contains { image.pixel(x: $0, y: 100).map { Int($0.r) < 160 } == true })
    #expect(image.pixel(x: 300, y: 203) == .white)
}
