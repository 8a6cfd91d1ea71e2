import ClinicPipeline

/// One pass over `api_inventoryitem`: a snapshot as of month end.
struct InventoryPass {
    let options: ReportOptions
    var totals = InventorySection()
    var categories: [String: CategoryStock] = [:]
    var low: [StockItem] = []

    init(options: ReportOptions) {
        self.options = options
    }

    mutating func add(_ row: Fields) {
        guard let id = row.int("id") else { return }
        let quantity = row.int("quantity") ?? 0
        let minStock = row.int("min_stock") ?? 0
        let cost = row.money("cost")
        let category = row.text("category")
        let updated = row.stamp("updated_at").map { options.clock.date($0) }
        let reorder = max(0, 2 * minStock - quantity)
        let item = StockItem(
            id: id, name: row.text("name"), category: category, supplier: row.text("supplier"),
            quantity: quantity,
            minStock: minStock, cost: cost, shortage: minStock - quantity, reorder: reorder,
            reorderCost: cost.times(reorder), updated: updated?.iso ?? "",
            daysSinceUpdate: updated.map { Int(options.month.last.daysSinceEpoch - $0.daysSinceEpoch) } ?? 0)
        totals.items += 1
        let value = cost.times(max(quantity, 0))
        totals.stockValue += value
        categories[category, default: CategoryStock(category: category)].items += 1
        categories[category]?.units += quantity
        categories[category]?.value += value
        if quantity <= minStock { low.append(item) }
        if quantity <= 0 { totals.outOfStock.append(item) }
        if item.daysSinceUpdate >= 90 { totals.stale.append(item) }
    }

    func section() -> InventorySection {
        var result = totals
        result.categories = categories.values.sorted { $0.category < $1.category }
        let bySupplier = Dictionary(grouping: low) { $0.supplier.trimmingCharacters(in: .whitespaces) }
        result.purchaseLists = bySupplier.map { supplier, items in
            let sorted = items.sorted {
                $0.shortage != $1.shortage ? $0.shortage > $1.shortage : $0.id < $1.id
            }
            return PurchaseList(
                supplier: supplier.isEmpty ? "(no supplier)" : supplier, items: sorted,
                total: sorted.reduce(Money.zero) { $0 + $1.reorderCost })
        }.sorted { $0.supplier < $1.supplier }
        result.outOfStock.sort { $0.id < $1.id }
        result.stale.sort {
            $0.daysSinceUpdate != $1.daysSinceUpdate ? $0.daysSinceUpdate > $1.daysSinceUpdate : $0.id < $1.id
        }
        return result
    }
}
