import ClinicPipeline
import Foundation
import TestSupport
import Testing

@testable import ClinicFormats

/// Our age files and the real `age` (1.1, Debian's package) open each other's, both with X25519
/// keys and with passphrases (typed into `age` on a pseudo-terminal, the only place it reads them).
@Suite(.enabled(if: AgeTool.isConfigured, "scripts/test.sh names the age binary in CLINIC_TEST_AGE"))
struct AgeInteropTests {
    @Test func ageDecryptsOursWithAKeyFile() throws {
        let scratch = try ScratchDirectory()
        let identity = AgeIdentity.generate()
        let keyFile = scratch.file("key.txt")
        try Data("# a comment\n\(try #require(identity.encoded))\n".utf8).write(
            to: URL(fileURLWithPath: keyFile))
        let plain = AgeTests.random(300_000)
        let sealed = try AgeTests.encrypt(plain, to: [try #require(identity.recipient)])
        try Data(sealed).write(to: URL(fileURLWithPath: scratch.file("ours.age")))
        let run = try AgeTool.run(["-d", "-i", keyFile, "-o", scratch.file("out"), scratch.file("ours.age")])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(Array(try Data(contentsOf: URL(fileURLWithPath: scratch.file("out")))) == plain)
        // age-keygen -y derives the same public key from our secret key.
        let keygen = URL(fileURLWithPath: try AgeTool.binary()).deletingLastPathComponent()
            .appendingPathComponent("age-keygen")
        let derived = try CLI.run(["-y", keyFile], executable: keygen.path)
        #expect(derived.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == identity.recipient?.encoded)
    }

    @Test func weDecryptAgesWithItsKeysAndSeveralRecipients() throws {
        let scratch = try ScratchDirectory()
        let keygen = URL(fileURLWithPath: try AgeTool.binary()).deletingLastPathComponent()
            .appendingPathComponent("age-keygen")
        let made = try CLI.run(["-o", scratch.file("key.txt")], executable: keygen.path)
        #expect(made.status == 0, "\(made.stderr)")
        let identities = try AgeDecryption.identities(fromFile: scratch.file("key.txt"))
        let other = try #require(AgeIdentity.generate().recipient?.encoded)
        let mine = try #require(identities.first?.recipient?.encoded)
        for size in [0, 65_536, 200_001] {
            let plain = AgeTests.random(size)
            let out = scratch.file("theirs-\(size).age")
            let run = try AgeTool.run(["-e", "-r", other, "-r", mine, "-o", out], input: Data(plain))
            #expect(run.status == 0, "\(run.stderr)")
            let sealed = Array(try Data(contentsOf: URL(fileURLWithPath: out)))
            #expect(try AgeTests.decrypt(sealed, with: identities) == plain, "size \(size)")
        }
    }

    @Test func passphrasesBothWays() throws {
        let scratch = try ScratchDirectory()
        let plain = AgeTests.random(150_000)
        // Ours at age's default work factor → age -d.
        let sealed = try AgeTests.encrypt(plain, to: [.passphrase("tamaraw 42")])
        try Data(sealed).write(to: URL(fileURLWithPath: scratch.file("ours.age")))
        let opened = try AgeTool.runOnTerminal(
            ["-d", "-o", scratch.file("out"), scratch.file("ours.age")], passphrase: "tamaraw 42")
        #expect(opened.status == 0, "\(opened.stderr)")
        #expect(Array(try Data(contentsOf: URL(fileURLWithPath: scratch.file("out")))) == plain)
        // age -p → ours; and the wrong passphrase is told apart from damage.
        try Data(plain).write(to: URL(fileURLWithPath: scratch.file("plain")))
        let locked = try AgeTool.runOnTerminal(
            ["-p", "-o", scratch.file("theirs.age"), scratch.file("plain")], passphrase: "tamaraw 42")
        #expect(locked.status == 0, "\(locked.stderr)")
        let theirs = Array(try Data(contentsOf: URL(fileURLWithPath: scratch.file("theirs.age"))))
        #expect(try AgeTests.decrypt(theirs, with: [.passphrase("tamaraw 42")]) == plain)
        #expect(
            AgeTests.failure { _ = try AgeTests.decrypt(theirs, with: [.passphrase("x")]) }
                == "the passphrase is wrong")
    }

    @Test func ageRefusesOursTamperedWhereWeDo() throws {
        let scratch = try ScratchDirectory()
        let identity = AgeIdentity.generate()
        let keyFile = scratch.file("key.txt")
        try Data("\(try #require(identity.encoded))\n".utf8).write(to: URL(fileURLWithPath: keyFile))
        var sealed = try AgeTests.encrypt(AgeTests.random(100_000), to: [try #require(identity.recipient)])
        sealed[sealed.count - 70_000] ^= 0x80
        try Data(sealed).write(to: URL(fileURLWithPath: scratch.file("bad.age")))
        let run = try AgeTool.run(["-d", "-i", keyFile, "-o", scratch.file("out"), scratch.file("bad.age")])
        #expect(run.status != 0)
        #expect(
            AgeTests.failure { _ = try AgeTests.decrypt(sealed, with: [identity]) }.contains(
                "fails authentication"))
    }
}
