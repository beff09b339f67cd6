/// Contact islands: the moving bodies joined by this substep's contacts (union–find,
/// as Box2D builds them). Static, frozen and sleeping bodies join nothing: the solver
/// never writes them, so they cannot carry an impulse from one island to another.
///
/// What a body feels depends only on its own island: the solver visits each island's
/// contacts in (a, b) order, which depends on nothing outside the island, and islands
/// never share a body that the solver writes. So an intervention in one island cannot
/// change another by a single bit; that is what makes counterfactual twins exact.
@usableFromInline struct ContactIslands: Sendable, Equatable {
    /// Union–find parent per collider (a root is its own parent; roots are the smallest index).
    @usableFromInline var parent: [Int32] = []
    /// Per root collider: its island's number in order of first contact, or -1.
    @usableFromInline var label: [Int32] = []
    /// Per manifold: its island.
    @usableFromInline var islandOfManifold: [Int32] = []
    /// Manifold indices, island by island, (a, b) order within each island (the first `manifoldCount`).
    @usableFromInline var order: [Int32] = []
    @usableFromInline var manifoldCount = 0
    /// Scratch: per island, the start of its stretch in `order` (then a fill cursor).
    @usableFromInline var starts: [Int32] = []
    /// Per island: solver contact points (one or two per manifold); only the first islands' entries count.
    @usableFromInline var points: [Int32] = []
    /// Number of islands of the substep (the first `islandCount` entries of `points` count).
    @usableFromInline var islandCount = 0
    /// Solver contact indices in the order the solver visits them (the first `pointCount`; see `schedule`).
    @usableFromInline var visit: [Int32] = []
    @usableFromInline var pointCount = 0

    @usableFromInline init() {}

    @inlinable static func moving(_ b: RigidBody) -> Bool { b.invMass > 0 && !b.asleep }

    /// Root of collider `i`, halving paths on the way.
    @inlinable mutating func find(_ i: Int) -> Int {
        parent.withUnsafeMutableBufferPointer { Self.find(i, $0) }
    }

    @inlinable @inline(__always) static func find(_ i: Int, _ parent: UnsafeMutableBufferPointer<Int32>) -> Int {
        var x = i
        while Int(parent[x]) != x {
            let grand = parent[Int(parent[x])]
            parent[x] = grand
            x = Int(grand)
        }
        return x
    }

    /// Joins the moving bodies of every manifold; the smaller root wins, so the
    /// result does not depend on the order of the unions.
    @usableFromInline mutating func join(_ b: UnsafeBufferPointer<RigidBody>, _ ms: UnsafeBufferPointer<Manifold>) {
        if parent.count != b.count { parent = Array(repeating: 0, count: b.count) }
        parent.withUnsafeMutableBufferPointer { parent in
            for i in 0..<b.count { parent[i] = Int32(i) }
            for k in 0..<ms.count {
                let a = Int(ms[k].a), c = Int(ms[k].b)
                guard Self.moving(b[a]) && Self.moving(b[c]) else { continue }
                let ra = Self.find(a, parent), rc = Self.find(c, parent)
                if ra < rc { parent[rc] = Int32(ra) } else if rc < ra { parent[ra] = Int32(rc) }
            }
        }
    }

    /// Groups the manifolds by island and schedules the solver's visits (`schedule`).
    @usableFromInline mutating func build(_ b: UnsafeBufferPointer<RigidBody>, _ ms: UnsafeBufferPointer<Manifold>,
                                          lanes: Int) {
        join(b, ms)
        let m = ms.count
        if label.count != b.count { label = Array(repeating: -1, count: b.count) }
        // Scratch arrays only grow (their first `m` or `total` entries are used), so a
        // changing contact count does not reallocate them every substep.
        if islandOfManifold.count < m { islandOfManifold = Array(repeating: 0, count: 2 * m) }
        if order.count < m { order = Array(repeating: 0, count: 2 * m) }
        manifoldCount = m
        // Island numbers in order of first contact; points per island (at most one island per manifold).
        if points.count < m { points = Array(repeating: 0, count: 2 * m) }
        var islands = 0, total = 0
        // True while the islands appear in ascending runs (always so for one island).
        var grouped = true, previous: Int32 = 0
        parent.withUnsafeMutableBufferPointer { parent in
            label.withUnsafeMutableBufferPointer { label in
                for i in 0..<label.count { label[i] = -1 }
                islandOfManifold.withUnsafeMutableBufferPointer { islandOf in
                    for k in 0..<m {
                        // Every manifold has a moving body (pairs of two still bodies are skipped).
                        let a = Int(ms[k].a)
                        let root = Self.find(Self.moving(b[a]) ? a : Int(ms[k].b), parent)
                        if label[root] < 0 {
                            label[root] = Int32(islands)
                            points[islands] = 0
                            islands += 1
                        }
                        let island = Int(label[root])
                        islandOf[k] = Int32(island)
                        if Int32(island) < previous { grouped = false }
                        previous = Int32(island)
                        points[island] &+= Int32(ms[k].count)
                        total += Int(ms[k].count)
                    }
                }
            }
        }
        // Counting sort of the manifolds by island, stable: (a, b) order within each
        // (nothing to sort when they already come island by island, as in one pile).
        if grouped {
            order.withUnsafeMutableBufferPointer { order in for k in 0..<m { order[k] = Int32(k) } }
        } else {
            sortByIsland(m, islands)
        }
        islandCount = islands
        schedule(islands, total: total, lanes: lanes)
    }

    @usableFromInline mutating func sortByIsland(_ m: Int, _ islands: Int) {
        if starts.count < islands + 1 { starts = Array(repeating: 0, count: islands + 1) }
        starts.withUnsafeMutableBufferPointer { starts in
            for i in 0...islands { starts[i] = 0 }
            islandOfManifold.withUnsafeBufferPointer { islandOf in
                for k in 0..<m { starts[Int(islandOf[k]) + 1] &+= 1 }
                for i in 0..<islands { starts[i + 1] &+= starts[i] }
                order.withUnsafeMutableBufferPointer { order in
                    for k in 0..<m {
                        let island = Int(islandOf[k])
                        order[Int(starts[island])] = Int32(k)
                        starts[island] &+= 1
                    }
                }
            }
        }
    }

    /// The solver's visiting order: island after island, and within an island its
    /// points in `lanes` interleaved stretches of its own (a, b)-ordered list. The
    /// stretches let the CPU overlap independent contacts of a big island (neighbours
    /// in the list usually share a body and would wait on each other); they are cut
    /// from the island's own list, so the order depends on nothing outside it. For a
    /// scene that is one island this is exactly the order of a plain interleaved sweep.
    @usableFromInline mutating func schedule(_ islands: Int, total: Int, lanes: Int) {
        let lanes = max(1, lanes)
        if visit.count < total { visit = Array(repeating: 0, count: 2 * total) }
        pointCount = total
        points.withUnsafeBufferPointer { points in
            visit.withUnsafeMutableBufferPointer { visit in
                var start = 0, cursor = 0
                for island in 0..<islands {
                    let count = Int(points[island])
                    let laneLength = (count + lanes - 1) / lanes
                    for position in 0..<laneLength {
                        for lane in 0..<lanes {
                            let k = lane * laneLength + position
                            if k < count {
                                visit[cursor] = Int32(start + k)
                                cursor += 1
                            }
                        }
                    }
                    start += count
                }
            }
        }
    }
}
