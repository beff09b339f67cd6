/// Finds candidate pairs with a uniform grid hashed into a fixed table.
///
/// Each body sits in the one cell holding its centre; cells are at least as
/// large as every normal body's swept box, so overlapping bodies are always in
/// neighbouring cells. Bodies too large for a cell ("oversized": long static
/// boxes, very fast bodies) look in every cell their box reaches. All storage is reused
/// across steps, and pairs come out ordered by (a, b), so the result never
/// depends on hashing or memory layout.
@usableFromInline struct BroadPhase: Sendable, Equatable {
    /// Per collider: swept box, growth, grid cell.
    @usableFromInline var entries: [BroadEntry] = []
    @usableFromInline var oversized: [Int32] = []
    @usableFromInline var bucketStart: [Int32] = []
    @usableFromInline var bucketItems: [Int32] = []
    /// The boxes of `bucketItems`, in the same order: the bodies of a bucket (and of the
    /// buckets of neighbouring cells in a row, see `bucket`) lie side by side in memory,
    /// so gathering tests contiguous boxes instead of jumping through `entries`.
    @usableFromInline var itemBoxes: [BroadBox] = []
    /// `gatherCandidates`' result: the first `candidateCount` entries of `candidateStore`.
    @usableFromInline var candidateStore: [Int32] = []
    @usableFromInline var candidateCount = 0
    /// Overlapping pairs with an oversized body, as sorted keys (see `findOversizedPairs`).
    @usableFromInline var oversizedPairs: [UInt64] = []
    @usableFromInline var fill: [Int32] = []
    @usableFromInline var cellSize: Double = 1
    @usableFromInline var mask: Int = 0

    @usableFromInline init() {}

    /// Cell coordinate of a world coordinate; clamped so any finite or infinite input is safe.
    @inlinable func cell(_ x: Double) -> Int {
        let limit = PhysicsDefaults.gridCoordinateLimit
        let c = (x / cellSize).rounded(.down)
        if !(c > -limit) { return -Int(limit) }
        if !(c < limit) { return Int(limit) }
        return Int(c)
    }

    /// Hash bucket of a cell. Neighbouring cells of a row get consecutive buckets (the
    /// row's start is hashed), so the three cells a body looks at in a row are one
    /// stretch of `bucketItems`. Which bucket a cell gets never changes a result: pairs
    /// are box-tested and sorted.
    @inlinable func bucket(_ cx: Int, _ cy: Int) -> Int {
        Self.bucket(cx, cy, mask: mask)
    }

    @inlinable @inline(__always) static func bucket(_ cx: Int, _ cy: Int, mask: Int) -> Int {
        // The row through a 64-bit mixer (splitmix64's finaliser): rows land at unrelated
        // offsets, so stacked rows do not overlap in the table more than chance says.
        var r = UInt64(bitPattern: Int64(cy)) &* 0x9E37_79B9_7F4A_7C15
        r = (r ^ (r >> 30)) &* 0xBF58_476D_1CE4_E5B9
        r ^= r >> 31
        return (cx &+ Int(truncatingIfNeeded: r)) & mask
    }

    /// Recomputes boxes and the grid for bodies `first..<count` (the scene bodies).
    @usableFromInline mutating func build(_ bodies: UnsafeMutableBufferPointer<RigidBody>, first: Int, h: Double) {
        let n = bodies.count
        entries.removeAll(keepingCapacity: true)
        oversized.removeAll(keepingCapacity: true)
        let halfMargin = 0.5 * PhysicsDefaults.speculativeDistance
        var largest = 0.0, largestShape = 0.0
        for i in 0..<n {
            let b = bodies[i]
            let moving = b.invMass > 0 && !b.asleep
            let e = moving ? halfMargin + (b.velocity.length + abs(b.spin) * b.radius) * h : halfMargin
            let half = b.aabbHalf
            let entry = BroadEntry(lower: b.position - half - Vec2(e, e), upper: b.position + half + Vec2(e, e),
                                   expansion: e)
            entries.append(entry)
            if i >= first, moving {
                largestShape = max(largestShape, 2 * max(half.x, half.y))
                // The extent as rounded in the box itself (not 2·half + 2·e): equal bodies
                // at rest would otherwise come out an ulp larger than the cell and all be
                // checked against everyone (quadratic).
                let extent = entry.upper - entry.lower
                largest = max(largest, max(extent.x, extent.y))
            }
        }
        // Cells hold the largest swept box, but no more than a few shapes across:
        // one very fast body is then checked against everyone instead of
        // coarsening the grid for all.
        let cap = PhysicsDefaults.gridCellShapeLimit * largestShape + 2 * halfMargin
        cellSize = largest > 1e-6 ? min(largest, cap) : 1
        // Table of about twice as many buckets as bodies, a power of two.
        var size = 16
        while size < 2 * n, size < 1 << 24 { size <<= 1 }
        mask = size - 1
        if bucketStart.count != size + 1 {
            bucketStart = Array(repeating: 0, count: size + 1)
        } else {
            bucketStart.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        }
        var placed = 0
        for i in 0..<n {
            let lo = entries[i].lower, hi = entries[i].upper
            let extent = hi - lo
            let centre = (lo + hi) * 0.5
            entries[i].cellX = cell(centre.x)
            entries[i].cellY = cell(centre.y)
            if i < first || extent.x > cellSize || extent.y > cellSize || !(extent.x.isFinite && extent.y.isFinite) {
                if i >= first {
                    entries[i].isOversized = true
                    oversized.append(Int32(i))
                }
                continue
            }
            let k = bucket(entries[i].cellX, entries[i].cellY)
            entries[i].bucket = Int32(k)
            bucketStart[k + 1] += 1
            placed += 1
        }
        for k in 0..<size { bucketStart[k + 1] += bucketStart[k] }
        if bucketItems.count != placed { bucketItems = Array(repeating: 0, count: placed) }
        if itemBoxes.count != placed { itemBoxes = Array(repeating: BroadBox(lower: .zero, upper: .zero), count: placed) }
        fill.removeAll(keepingCapacity: true)
        fill.append(contentsOf: bucketStart)
        // Counting sort in index order keeps each bucket ascending.
        for i in 0..<n where entries[i].bucket >= 0 {
            let k = Int(entries[i].bucket)
            let slot = Int(fill[k])
            bucketItems[slot] = Int32(i)
            itemBoxes[slot] = BroadBox(lower: entries[i].lower, upper: entries[i].upper)
            fill[k] += 1
        }
        findOversizedPairs(placed: placed)
    }

    /// Fills `candidates` with the indices `j > i` whose boxes overlap body `i`'s, ascending
    /// (duplicates possible when two neighbouring cells share a bucket; callers skip repeats).
    /// A body in the grid looks in its 3 × 3 cells; pairs with an oversized body come from
    /// `oversizedPairs`, which `build` filled by looking in the cells that body covers.
    @usableFromInline mutating func gatherCandidates(of i: Int, count n: Int) {
        candidateCount = 0
        guard i >= 0, i < entries.count else { return }
        let mask = self.mask
        let box = entries[i]
        let inGrid = !box.isOversized && box.bucket >= 0
        let cx = box.cellX, cy = box.cellY
        // Pairs (i, j) with an oversized body: the stretch of sorted keys starting with i.
        let key = UInt64(UInt32(truncatingIfNeeded: i)) << 32
        var first = 0, past = 0
        oversizedPairs.withUnsafeBufferPointer { pairs in
            var lo = 0, hi = pairs.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if pairs[mid] < key { lo = mid + 1 } else { hi = mid }
            }
            first = lo
            while lo < pairs.count && pairs[lo] >> 32 == UInt64(i) { lo += 1 }
            past = lo
        }
        // Room for every body of the nine buckets and every oversized pair, so the
        // scan below writes through a pointer (no growth or uniqueness checks per pair).
        var bound = past - first
        if inGrid {
            bucketStart.withUnsafeBufferPointer { starts in
                for dy in -1...1 {
                    let row = Self.bucket(cx &- 1, cy &+ dy, mask: mask)
                    for dx in 0...2 {
                        let k = (row &+ dx) & mask
                        bound += Int(starts[k + 1]) - Int(starts[k])
                    }
                }
            }
        }
        if candidateStore.count < bound { candidateStore = Array(repeating: 0, count: max(2 * bound, 64)) }
        var count = 0
        candidateStore.withUnsafeMutableBufferPointer { out in
            if inGrid {
                let limit = Int32(i)
                let lower = box.lower, upper = box.upper
                bucketStart.withUnsafeBufferPointer { starts in
                    bucketItems.withUnsafeBufferPointer { items in
                        itemBoxes.withUnsafeBufferPointer { boxes in
                            for dy in -1...1 {
                                let row = Self.bucket(cx &- 1, cy &+ dy, mask: mask)
                                for dx in 0...2 {
                                    let k = (row &+ dx) & mask
                                    var s = Int(starts[k])
                                    let e = Int(starts[k + 1])
                                    while s < e {
                                        let j = items[s]
                                        if j > limit && lower.x <= boxes[s].upper.x && boxes[s].lower.x <= upper.x
                                            && lower.y <= boxes[s].upper.y && boxes[s].lower.y <= upper.y {
                                            out[count] = j
                                            count += 1
                                        }
                                        s += 1
                                    }
                                }
                            }
                        }
                    }
                }
            }
            oversizedPairs.withUnsafeBufferPointer { pairs in
                for p in first..<past {
                    out[count] = Int32(truncatingIfNeeded: pairs[p] & 0xFFFF_FFFF)
                    count += 1
                }
            }
            // Insertion sort: candidate lists are short.
            var k = 1
            while k < count {
                let v = out[k]
                var m = k - 1
                while m >= 0 && out[m] > v {
                    out[m + 1] = out[m]
                    m -= 1
                }
                out[m + 1] = v
                k += 1
            }
        }
        candidateCount = count
    }

    /// Keys (a << 32 | b, a < b) of the overlapping pairs that involve an oversized body,
    /// sorted and without repeats. Each oversized body looks in the cells its box could
    /// share with a body of the grid (its box grown by 3/4 of a cell: half would do, the
    /// rest is room for rounding), or at every body of
    /// the grid when that would be fewer; oversized bodies are few, and checked pairwise.
    @usableFromInline mutating func findOversizedPairs(placed: Int) {
        oversizedPairs.removeAll(keepingCapacity: true)
        guard !oversized.isEmpty else { return }
        let reach = 0.75 * cellSize
        entries.withUnsafeBufferPointer { entries in
            bucketStart.withUnsafeBufferPointer { starts in
                bucketItems.withUnsafeBufferPointer { items in
                    func add(_ a: Int32, _ b: Int32) {
                        let (x, y) = a < b ? (a, b) : (b, a)
                        oversizedPairs.append(UInt64(UInt32(bitPattern: x)) << 32 | UInt64(UInt32(bitPattern: y)))
                    }
                    for (index, o) in oversized.enumerated() {
                        let box = entries[Int(o)]
                        let x0 = cell(box.lower.x - reach), x1 = cell(box.upper.x + reach)
                        let y0 = cell(box.lower.y - reach), y1 = cell(box.upper.y + reach)
                        // Cells to visit, saturating: a huge box means "scan everything".
                        // Coordinates are clamped to ±gridCoordinateLimit, so these cannot overflow.
                        let width = Double(x1 - x0 + 1), height = Double(y1 - y0 + 1)
                        let cellCount = width * height
                        if cellCount >= Double(placed) {
                            for s in 0..<items.count where Self.overlap(box, entries[Int(items[s])]) { add(o, items[s]) }
                        } else {
                            for cy in y0...y1 {
                                for cx in x0...x1 {
                                    let k = bucket(cx, cy)
                                    var s = Int(starts[k])
                                    let e = Int(starts[k + 1])
                                    while s < e {
                                        if Self.overlap(box, entries[Int(items[s])]) { add(o, items[s]) }
                                        s += 1
                                    }
                                }
                            }
                        }
                        for p in oversized[(index + 1)...] where Self.overlap(box, entries[Int(p)]) { add(o, p) }
                    }
                }
            }
        }
        oversizedPairs.sort()
        // Drop repeats (a bucket shared by two visited cells lists its bodies twice).
        var kept = 0
        for k in 0..<oversizedPairs.count where kept == 0 || oversizedPairs[k] != oversizedPairs[kept - 1] {
            oversizedPairs[kept] = oversizedPairs[k]
            kept += 1
        }
        oversizedPairs.removeLast(oversizedPairs.count - kept)
    }

    /// The candidates of the last `gatherCandidates` call, as an array (the simulator's
    /// loop reads `candidateStore` directly).
    @usableFromInline var candidates: [Int32] { Array(candidateStore[0..<candidateCount]) }

    @inlinable @inline(__always) static func overlap(_ a: BroadEntry, _ b: BroadEntry) -> Bool {
        a.lower.x <= b.upper.x && b.lower.x <= a.upper.x && a.lower.y <= b.upper.y && b.lower.y <= a.upper.y
    }

    /// True when the boxes of colliders i and j overlap.
    @inlinable func overlaps(_ i: Int, _ j: Int) -> Bool {
        let a = entries[i], b = entries[j]
        return a.lower.x <= b.upper.x && b.lower.x <= a.upper.x && a.lower.y <= b.upper.y && b.lower.y <= a.upper.y
    }
}

/// A swept box as stored in bucket order.
@usableFromInline struct BroadBox: Sendable, Equatable {
    @usableFromInline var lower: Vec2
    @usableFromInline var upper: Vec2

    @inlinable init(lower: Vec2, upper: Vec2) {
        self.lower = lower
        self.upper = upper
    }
}

/// One collider's broad-phase data.
@usableFromInline struct BroadEntry: Sendable, Equatable {
    /// Swept, margin-expanded bounding box.
    @usableFromInline var lower: Vec2
    @usableFromInline var upper: Vec2
    /// How far the box was grown (half of a pair's speculative margin).
    @usableFromInline var expansion: Double
    @usableFromInline var cellX = 0
    @usableFromInline var cellY = 0
    /// Hash bucket, or -1 when not in the grid (static geometry, oversized bodies).
    @usableFromInline var bucket: Int32 = -1
    @usableFromInline var isOversized = false

    @inlinable init(lower: Vec2, upper: Vec2, expansion: Double) {
        self.lower = lower
        self.upper = upper
        self.expansion = expansion
    }
}
