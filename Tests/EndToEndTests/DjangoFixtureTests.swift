import Foundation
import TestSupport
import Testing

/// One way to call `manage.py dumpdata`.
struct DumpVariant: Sendable, CustomTestStringConvertible {
    /// `json`, `jsonl` or `xml`.
    let format: String
    /// `--indent 2` or none.
    let indented: Bool
    /// `--natural-foreign --natural-primary` or none.
    let natural: Bool
    /// `dumpdata api`, or every app.
    let apiOnly: Bool

    /// The scope and key options, which a re-dump repeats to compare like with like.
    var selection: [String] {
        (apiOnly ? ["api"] : []) + (natural ? ["--natural-foreign", "--natural-primary"] : [])
    }

    /// The file `manage.py dump_variants` writes it to.
    var fileName: String {
        "\(apiOnly ? "api" : "all")-\(natural ? "natural" : "plain")-\(indented ? "indent" : "flat").\(format)"
    }

    var testDescription: String { fileName }

    static let all: [DumpVariant] = ["json", "jsonl", "xml"].flatMap { format in
        [false, true].flatMap { indented in
            [false, true].flatMap { natural in
                [true, false].map {
                    DumpVariant(format: format, indented: indented, natural: natural, apiOnly: $0)
                }
            }
        }
    }
}

/// Issue #14 (b) and (c): Django's fixtures load with clinic-etl, in every variant `dumpdata`
/// writes, and ours load with `loaddata`; either way a re-dump equals what Django itself makes.
@Suite(.serialized, .enabled(if: DjangoApp.isConfigured, "needs scripts/test.sh's Django virtualenv"))
struct DjangoFixtureTests {
    @Test(arguments: DumpVariant.all)
    func dumpdataLoadsWithClinicETL(variant: DumpVariant) throws {
        let world = try DjangoWorld.shared.get()
        let scratch = try ScratchDirectory()
        let fixture = try world.dumpVariants() + "/" + variant.fileName
        // As with loaddata: the api's rows go where their groups and permissions are, a dump of every
        // app into an empty file.
        let target = scratch.file("loaded.sqlite3")
        if variant.apiOnly { try world.copySQLite(world.groupsOnlySQLite, to: target) }
        let load = try CLI.run(["copy", fixture, "sqlite:///" + target, "--quiet"])
        #expect(load.status == 0, "clinic-etl exited \(load.status): \(load.stderr.suffix(3000))")
        guard load.status == 0 else { return }
        let again = try DjangoApp.run(["dumpdata", "--indent", "2"] + variant.selection, on: .sqlite(target))
        #expect(again.status == 0, "dumpdata of the loaded file: \(again.stderr.suffix(1500))")
        if again.status == 0 {
            let expected = try expectedReload(of: fixture, variant, world)
            // The same objects and values; a JSON field's keys may come in jsonb's order, which the
            // app reads as the same value.
            #expect(
                try sameJSON(again.stdout, expected), "\(firstDifference(expected, again.stdout))")
        }
    }

    /// Natural keys resolve the same way into PostgreSQL, where rows stream by COPY: the keys are
    /// all known before the first table streams.
    @Test(arguments: ["json", "xml"]) func aNaturalKeyDumpLoadsIntoPostgreSQL(format: String) throws {
        let world = try DjangoWorld.shared.get()
        let variant = DumpVariant(format: format, indented: false, natural: true, apiOnly: false)
        let fixture = try world.dumpVariants() + "/" + variant.fileName
        let target = try ScratchDatabase()
        let load = try CLI.run(["copy", fixture, target.url, "--quiet"])
        #expect(load.status == 0, "clinic-etl exited \(load.status): \(load.stderr.suffix(3000))")
        guard load.status == 0 else { return }
        let again = try DjangoApp.run(
            ["dumpdata", "--indent", "2"] + variant.selection, on: .postgres(target.url))
        #expect(again.status == 0, "dumpdata of the loaded database: \(again.stderr.suffix(1500))")
        let expected = try expectedReload(of: fixture, variant, world)
        #expect(try sameJSON(again.stdout, expected), "\(firstDifference(expected, again.stdout))")
    }

    /// Whether two JSON documents hold the same values, whatever the order of object keys.
    private func sameJSON(_ a: String, _ b: String) throws -> Bool {
        let x = try JSONSerialization.jsonObject(with: Data(a.utf8)) as? NSArray
        let y = try JSONSerialization.jsonObject(with: Data(b.utf8)) as? NSArray
        return x != nil && x == y
    }

    /// What a faithful loader makes of a dump.
    ///
    /// JSON: what Django's own loaddata makes of it (its dump keeps milliseconds). XML keeps microseconds but no CR (XML reads CRLF as LF,
    /// and Django writes CR raw); Django's loaddata also strips each field's surrounding spaces,
    /// which clinic-etl keeps: so the source's dump with CRLF as LF.
    private func expectedReload(of fixture: String, _ variant: DumpVariant, _ world: DjangoWorld) throws
        -> String
    {
        if variant.format == "xml" {
            return try world.filledDump(variant.selection).replacingOccurrences(of: "\\r\\n", with: "\\n")
        }
        let base = variant.apiOnly ? world.groupsOnlySQLite : world.migratedSQLite
        return try world.djangoReload(fixture, into: base, kind: "json", variant.selection)
    }

    @Test(arguments: ["json", "jsonl", "xml"])
    func ourFixturesLoadWithLoaddataIntoSQLite(format: String) throws {
        let world = try DjangoWorld.shared.get()
        let scratch = try ScratchDirectory()
        let fixture = scratch.file("ours." + format)
        try write(fixture, from: "sqlite:///" + world.filledSQLite)
        try world.copySQLite(world.migratedSQLite, to: scratch.file("target.sqlite3"))
        // Django's XML reader strips each field's surrounding spaces, whoever wrote the file: ours
        // must load as Django's own XML does, but for CR, which Django writes raw (so it reads back as
        // LF) and ours as a character reference.
        let expected =
            format == "xml"
            ? try world.djangoReload(
                try world.dumpVariants() + "/all-plain-indent.xml", into: world.migratedSQLite, kind: "xml",
                [])
            : try world.filledDump([])
        try expectLoaddataReproduces(
            fixture, into: .sqlite(scratch.file("target.sqlite3")), expected: expected,
            crAsLF: format == "xml")
    }

    @Test func ourFixtureOfAPostgresDatabaseLoadsWithLoaddata() throws {
        let world = try DjangoWorld.shared.get()
        let scratch = try ScratchDirectory()
        let source = try world.clone(world.filled)
        try write(scratch.file("ours.json"), from: source.url)
        let target = try world.clone(world.migrated)
        let expected = try DjangoApp.manage(["dumpdata", "--indent", "2"], on: .postgres(source.url))
        try expectLoaddataReproduces(
            scratch.file("ours.json"), into: .postgres(target.url), expected: expected)
    }

    private func write(_ fixture: String, from source: String) throws {
        let result = try CLI.run(["copy", source, fixture, "--quiet"])
        try #require(result.status == 0, "clinic-etl exited \(result.status): \(result.stderr.suffix(3000))")
    }

    /// `loaddata fixture` into a migrated database, then `dumpdata` of every app equals `expected`
    /// (with `crAsLF`, once its CRLFs are read as LF).
    private func expectLoaddataReproduces(
        _ fixture: String, into database: DjangoApp.Database, expected: String, crAsLF: Bool = false
    ) throws {
        let load = try DjangoApp.run(["loaddata", fixture], on: database)
        #expect(load.status == 0, "loaddata exited \(load.status): \(load.stderr.suffix(3000))")
        guard load.status == 0 else { return }
        var dump = try DjangoApp.manage(["dumpdata", "--indent", "2"], on: database)
        if crAsLF { dump = dump.replacingOccurrences(of: "\\r\\n", with: "\\n") }
        #expect(dump == expected, "\(firstDifference(expected, dump))")
    }
}

/// Where two dumps part: the line number and both lines, for a message.
func firstDifference(_ expected: String, _ actual: String) -> String {
    let (want, got) = (expected.split(separator: "\n"), actual.split(separator: "\n"))
    for (index, (a, b)) in zip(want, got).enumerated() where a != b {
        return "line \(index + 1): Django \(a) / ours \(b)"
    }
    return "Django has \(want.count) lines, ours \(got.count)"
}
