import Testing

@testable import ClinicPipeline

@Suite struct ValueChecksTests {
    @Test(arguments: [
        "a@b.ph", "first.last+tag@clinic.example.com", "x@localhost", "o'neil@mail.ph", "user@bücher.de",
        "u@xn--bcher-kva.de", "user@sub-domain.clinic.ph", String(repeating: "a", count: 64) + "@c.ph",
        "A.B@CLINIC.PH",
    ])
    func acceptsWhatDjangoAccepts(_ address: String) {
        #expect(ValueChecks.isEmail(address))
    }

    @Test(arguments: [
        "a@b", "a..b@c.ph", ".a@c.ph", "a@-b.ph", "a@b-.ph", "a@b.p", "a b@c.ph", "ñ@c.ph", "a@b.c0m",
        "@c.ph",
        "a@", "a@b..ph", String(repeating: "a", count: 65) + "@c.ph",
        "a@" + String(repeating: "b", count: 64) + ".ph",
        "a@b.c", "a@b@c", "a@b.ph.", "a@.ph",
    ])
    func refusesWhatDjangoRefuses(_ address: String) {
        #expect(!ValueChecks.isEmail(address))
    }

    @Test func knowsDjangoPasswordHashes() {
        #expect(ValueChecks.isDjangoPassword("pbkdf2_sha256$870000$salt$hash"))
        #expect(ValueChecks.isDjangoPassword("!unusable"))
        #expect(!ValueChecks.isDjangoPassword("MD5$x"))
        #expect(!ValueChecks.isDjangoPassword("$x"))
        #expect(!ValueChecks.isDjangoPassword("plain"))
    }
}
