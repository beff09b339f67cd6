/// Finds candidate pairs with a uniform grid hashed into a fixed table.
///
/// Each body sits in the one cell holding its centre; cells are at least as
/// large as every normal body's swept box, so overlapping bodies are always in
/// neighbouring cells. Bodies too large for a cell ("oversized": long static
/// boxes, very fast bodies) are checked against everyone. All storage is reused
/// across steps, and pairs come out ordered by (a, b), so the result never
/// depends on hashing or memory layout.
@usableFromInline struct BroadPhase: Sendable, Equatable {
    /// Swept, margin-expanded bounding boxes, per collider.
    @usableFromInline var lower: [Vec2] = []
    @usableFromInline var upper: [Vec2] = []
    /// How far each collider's box was grown (half of a pair's speculative margin).
    @usableFromInline var expansion: [Double] = []
    @usableFromInline var isOversized: [Bool] = []
    @usableFromInline var oversized: [Int32] = []
    @usableFromInline var bucketStart: [Int32] = []
    @usableFromInline var bucketItems: [Int32] = []
    @usableFromInline var bucketOf: [Int32] = []
    @usableFromInline var candidates: [Int32] = []
    @usableFromInline var fill: [Int32] = []
    /// Grid cell of each collider's box centre.
    @usableFromInline var cellX: [Int] = []
    @usableFromInline var cellY: [Int] = []
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

    @inlinable func bucket(_ cx: Int, _ cy: Int) -> Int {
        let h = (cx &* 73_856_093) ^ (cy &* 19_349_663)
        return h & mask
    }

    /// Recomputes boxes and the grid for bodies `first..<count` (the scene bodies).
    @usableFromInline mutating func build(_ bodies: UnsafeMutableBufferPointer<RigidBody>, first: Int, h: Double) {
        let n = bodies.count
        lower.removeAll(keepingCapacity: true)
        upper.removeAll(keepingCapacity: true)
        expansion.removeAll(keepingCapacity: true)
        isOversized.removeAll(keepingCapacity: true)
        oversized.removeAll(keepingCapacity: true)
        let halfMargin = 0.5 * PhysicsDefaults.speculativeDistance
        var largest = 0.0, largestShape = 0.0
        for i in 0..<n {
            let b = bodies[i]
            let e = b.isMoving
                ? halfMargin + (b.velocity.length + abs(b.spin) * b.radius) * h
                : halfMargin
            let half = b.aabbHalf
            lower.append(b.position - half - Vec2(e, e))
            upper.append(b.position + half + Vec2(e, e))
            expansion.append(e)
            isOversized.append(false)
            if i >= first, b.isMoving {
                largestShape = max(largestShape, 2 * max(half.x, half.y))
                largest = max(largest, 2 * max(half.x, half.y) + 2 * e)
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
        bucketOf.removeAll(keepingCapacity: true)
        cellX.removeAll(keepingCapacity: true)
        cellY.removeAll(keepingCapacity: true)
        bucketStart.removeAll(keepingCapacity: true)
        bucketStart.append(contentsOf: repeatElement(0, count: size + 1))
        for i in 0..<n {
            let extent = upper[i] - lower[i]
            let centre = (lower[i] + upper[i]) * 0.5
            cellX.append(cell(centre.x))
            cellY.append(cell(centre.y))
            if i < first || extent.x > cellSize || extent.y > cellSize || !(extent.x.isFinite && extent.y.isFinite) {
                bucketOf.append(-1)
                if i >= first {
                    isOversized[i] = true
                    oversized.append(Int32(i))
                }
                continue
            }
            let k = bucket(cellX[i], cellY[i])
            bucketOf.append(Int32(k))
            bucketStart[k + 1] += 1
        }
        for k in 0..<size { bucketStart[k + 1] += bucketStart[k] }
        bucketItems.removeAll(keepingCapacity: true)
        bucketItems.append(contentsOf: repeatElement(0, count: Int(bucketStart[size])))
        // Counting sort in index order keeps each bucket ascending.
        fill.removeAll(keepingCapacity: true)
        fill.append(contentsOf: bucketStart)
        for i in 0..<n where bucketOf[i] >= 0 {
            let k = Int(bucketOf[i])
            bucketItems[Int(fill[k])] = Int32(i)
            fill[k] += 1
        }
    }

    /// Fills `candidates` with the indices `j > i` that may touch body `i`, ascending
    /// (duplicates possible when two neighbouring cells share a bucket; callers skip repeats).
    @usableFromInline mutating func gatherCandidates(of i: Int, count n: Int) {
        candidates.removeAll(keepingCapacity: true)
        if isOversized[i] {
            for j in (i + 1)..<max(n, i + 1) { candidates.append(Int32(j)) }
            return
        }
        let cx = cellX[i], cy = cellY[i]
        let limit = Int32(i)
        let mask = self.mask
        bucketStart.withUnsafeBufferPointer { starts in
            bucketItems.withUnsafeBufferPointer { items in
                for dy in -1...1 {
                    for dx in -1...1 {
                        let h = ((cx &+ dx) &* 73_856_093) ^ ((cy &+ dy) &* 19_349_663)
                        let k = h & mask
                        var s = Int(starts[k])
                        let e = Int(starts[k + 1])
                        while s < e {
                            let j = items[s]
                            if j > limit { candidates.append(j) }
                            s += 1
                        }
                    }
                }
            }
        }
        for j in oversized where Int(j) > i { candidates.append(j) }
        // Insertion sort: candidate lists are short.
        candidates.withUnsafeMutableBufferPointer { c in
            var k = 1
            while k < c.count {
                let v = c[k]
                var m = k - 1
                while m >= 0 && c[m] > v {
                    c[m + 1] = c[m]
                    m -= 1
                }
                c[m + 1] = v
                k += 1
            }
        }
    }

    /// True when the boxes of colliders i and j overlap.
    @inlinable func overlaps(_ i: Int, _ j: Int) -> Bool {
        lower[i].x <= upper[j].x && lower[j].x <= upper[i].x && lower[i].y <= upper[j].y && lower[j].y <= upper[i].y
    }
}
