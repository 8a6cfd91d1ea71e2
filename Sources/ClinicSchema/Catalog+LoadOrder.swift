/// Foreign-key order, derived from the tables' references.
extension Catalog {
    /// The tables ordered so that every table comes after the tables it references
    /// (self-references aside); ties keep the spec's order, so the result is stable.
    public var loadOrder: [Table] {
        var placed: Set<String> = []
        var order: [Table] = []
        var remaining = tables
        while !remaining.isEmpty {
            let ready = remaining.filter { table in
                table.foreignKeys.allSatisfy { $0.key.table == table.name || placed.contains($0.key.table) }
            }
            // A cycle cannot happen in this schema; fall back to spec order rather than loop forever.
            let next = ready.first ?? remaining[0]
            order.append(next)
            placed.insert(next.name)
            remaining.removeAll { $0.name == next.name }
        }
        return order
    }

    /// The named tables in load order; `nil` selects every table.
    public func loadOrder(selecting names: Set<String>?) -> [Table] {
        guard let names else { return loadOrder }
        return loadOrder.filter { names.contains($0.name) }
    }
}
