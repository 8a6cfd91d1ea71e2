import ClinicPipeline
import ClinicSchema
import Foundation
import TestSupport
import Testing

@testable import ClinicFormats

@Suite struct XMLFixtureTests {
    @Test(arguments: ["data.xml", "data.xml.gz"])
    func csvToXMLToCSVIsByteIdentical(name: String) throws {
        let scratch = try ScratchDirectory()
        try Fixtures.writeSample(to: scratch.file("in"), patients: 15, seed: 6)
        try Fixtures.copy(scratch.file("in"), scratch.file(name))
        try Fixtures.copy(scratch.file(name), scratch.file("out"))
        #expect(try Fixtures.contents(of: scratch.file("in")) == Fixtures.contents(of: scratch.file("out")))
    }

    @Test func readsXMLAsDjangoWritesIt() throws {
        let scratch = try ScratchDirectory()
        try """
        <?xml version="1.0" encoding="utf-8"?>
        <django-objects version="1.0"><object model="api.service" pk="4"><field name="name" type="CharField">  Braces &amp; "clips"  </field><field name="category" type="CharField">orthodontics</field><field name="description" type="TextField">line1
        line2&#13;</field><field name="image" type="FileField"><None></None></field><field name="created_at" type="DateTimeField">2025-10-31T17:30:00.123+00:00</field></object></django-objects>
        """.write(toFile: scratch.file("s.xml"), atomically: true, encoding: .utf8)
        try Fixtures.copy(scratch.file("s.xml"), scratch.file("out"))
        let csv = try String(contentsOfFile: scratch.file("out/api_service.csv"), encoding: .utf8)
        #expect(
            csv.split(separator: "\n", maxSplits: 1)[1]
                == "4,\"  Braces & \"\"clips\"\"  \",orthodontics,\"line1\nline2\r\",,2025-10-31 17:30:00.123+00\n"
        )
    }

    @Test func writesDjangoXML() throws {
        let scratch = try ScratchDirectory()
        try FileManager.default.createDirectory(atPath: scratch.file("in"), withIntermediateDirectories: true)
        try "id,name,category,description,image,created_at\n4,A & B,all,\"x\",,2025-01-01 06:08:00.5+00\n"
            .write(toFile: scratch.file("in/api_service.csv"), atomically: true, encoding: .utf8)
        try Fixtures.copy(scratch.file("in"), scratch.file("s.xml"))
        let xml = try String(contentsOfFile: scratch.file("s.xml"), encoding: .utf8)
        #expect(
            xml == """
                <?xml version="1.0" encoding="UTF-8"?>
                <django-objects version="1.0">
                  <object model="api.service" pk="4">
                    <field name="name" type="CharField">A &amp; B</field>
                    <field name="category" type="CharField">all</field>
                    <field name="description" type="TextField">x</field>
                    <field name="image" type="FileField">
                      <None></None>
                    </field>
                    <field name="created_at" type="DateTimeField">2025-01-01T06:08:00.500000+00:00</field>
                  </object>
                </django-objects>

                """)
    }

    /// XXE, an entity bomb and a DOCTYPE naming a file are refused at once, before any expansion.
    @Test(arguments: [
        """
        <?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>
        <django-objects version="1.0"><object model="api.service" pk="1"><field name="name" type="CharField">&x;</field></object></django-objects>
        """,
        """
        <?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\
        <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">\
        <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">\
        <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">]>
        <django-objects version="1.0"><object model="api.service" pk="1"><field name="name" type="CharField">&h;</field></object></django-objects>
        """,
        """
        <?xml version="1.0"?><!DOCTYPE django-objects SYSTEM "/etc/passwd">
        <django-objects version="1.0"></django-objects>
        """,
    ])
    func hostileXMLIsRefused(xml: String) throws {
        let scratch = try ScratchDirectory()
        try xml.write(toFile: scratch.file("evil.xml"), atomically: true, encoding: .utf8)
        let started = Date()
        let error = #expect(throws: ETLError.self) {
            try Fixtures.copy(scratch.file("evil.xml"), scratch.file("out"))
        }
        let message = error?.message ?? ""
        #expect(message.contains("DOCTYPE") || message.contains("entity"), "\(message)")
        #expect(Date().timeIntervalSince(started) < 2)
        #expect(!FileManager.default.fileExists(atPath: scratch.file("out")))
    }

    @Test func malformedXMLNamesTheLine() throws {
        let scratch = try ScratchDirectory()
        try
            "<django-objects version=\"1.0\">\n<object model=\"api.service\" pk=\"1\">\n<field name=\"name\">x</fie>\n"
            .write(toFile: scratch.file("bad.xml"), atomically: true, encoding: .utf8)
        let error = #expect(throws: ETLError.self) { try Fixtures.check(scratch.file("bad.xml")) }
        #expect(error?.message.contains("malformed XML") == true)
        #expect(error?.line == 3)
    }
}

@Suite struct XMLFixtureJSONFieldTests {
    @Test func aJSONFieldThatIsNotJSONIsARowViolation() throws {
        let scratch = try ScratchDirectory()
        try """
        <?xml version="1.0" encoding="utf-8"?>
        <django-objects version="1.0">
        <object model="api.toothchart" pk="1"><field name="patient" rel="OneToOneRel" to="api.user">3</field>\
        <field name="chart_data" type="JSONField">{"11": </field><field name="notes" type="TextField"></field>\
        <field name="updated_at" type="DateTimeField">2025-01-01T00:00:00+00:00</field></object>
        </django-objects>
        """.write(toFile: scratch.file("c.xml"), atomically: true, encoding: .utf8)
        let result = try Fixtures.check(scratch.file("c.xml"))
        #expect(
            result.report.examples.map { "\($0.line ?? 0) \($0.column ?? "") \($0.rule.rawValue)" } == [
                "3 chart_data json"
            ])
    }
}

@Suite struct XMLFieldTextTests {
    let service =
        #"<field name="category" type="CharField">all</field><field name="description" type="TextField">d</field><field name="image" type="FileField"><None></None></field><field name="created_at" type="DateTimeField">2025-10-31T17:30:00+00:00</field>"#

    func names(_ xml: String, encoding: String.Encoding = .utf8) throws -> [String?] {
        let scratch = try ScratchDirectory()
        try xml.write(toFile: scratch.file("s.xml"), atomically: false, encoding: encoding)
        try Fixtures.copy(scratch.file("s.xml"), scratch.file("out"))
        return try Fixtures.records(ofFile: scratch.file("out/api_service.csv")).map { $0[1] }
    }

    @Test func dumpdataWithoutIndentHasNothingBetweenObjects() throws {
        // Another model between and after, so skipping an object lands on the next one directly.
        let user =
            #"<object model="api.user" pk="9"><field name="username" type="CharField">u</field></object>"#
        let xml =
            #"<?xml version="1.0" encoding="utf-8"?><django-objects version="1.0">"# + user
            + #"<object model="api.service" pk="1"><field name="name" type="CharField">A</field>\#(service)</object>"#
            + user
            + #"<object model="api.service" pk="2"><field name="name" type="CharField">B</field>\#(service)</object>"#
            + #"</django-objects>"#
        let scratch = try ScratchDirectory()
        try xml.write(toFile: scratch.file("s.xml"), atomically: false, encoding: .utf8)
        let source = FixtureSource(path: scratch.file("s.xml"), format: .xml, gzip: false, now: .now())
        #expect(try source.availableTables() == ["api_user", "api_service"])
        let cursor = try source.open(#require(Catalog.clinic.table(named: "api_service")))
        var ids: [String] = []
        while let row = try cursor.next() { ids.append(row.values[0].postgresText ?? "") }
        #expect(ids == ["1", "2"])
    }

    @Test func nestedTextCountsCommentsAndProcessingInstructionsDoNot() throws {
        let xml = #"""
            <?xml version="1.0" encoding="utf-8"?>
            <django-objects version="1.0"><object model="api.service" pk="1"><field name="name" type="CharField">a<!-- c -->b<?pi x?><b>c<i>d</i></b><![CDATA[<e>]]></field>\#(service)</object></django-objects>
            """#
        let got = try names(xml)
        #expect(got == ["abcd<e>"], "\(got)")
    }

    @Test(arguments: [String.Encoding.utf16LittleEndian, .utf16BigEndian, .utf16])
    func utf16IsRead(encoding: String.Encoding) throws {
        var xml = #"""
            <?xml version="1.0" encoding="utf-8"?>
            <django-objects version="1.0"><object model="api.service" pk="1"><field name="name" type="CharField">Ñiño ₱</field>\#(service)</object></django-objects>
            """#
        // PowerShell's `>` writes a byte-order mark before what dumpdata printed.
        if encoding != .utf16 { xml = "\u{FEFF}" + xml }
        let got = try names(xml, encoding: encoding)
        #expect(got == ["Ñiño ₱"], "\(got)")
    }

    @Test func textXMLCannotHoldStopsTheWriterNamingTheRow() throws {
        let scratch = try ScratchDirectory()
        try FileManager.default.createDirectory(atPath: scratch.file("in"), withIntermediateDirectories: true)
        try "id,name,category,description,image,created_at\n4,A\u{1}B,all,x,,2025-01-01 06:08:00+00\n"
            .write(toFile: scratch.file("in/api_service.csv"), atomically: true, encoding: .utf8)
        let error = #expect(throws: ETLError.self) {
            try Fixtures.copy(scratch.file("in"), scratch.file("s.xml"))
        }
        #expect(error?.message.contains("api_service id 4, column name") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("U+0001") == true)
        #expect(error?.message.contains(#""A\u{01}B""#) == true, "\(error?.message ?? "")")
        #expect(!FileManager.default.fileExists(atPath: scratch.file("s.xml")))
    }
}
