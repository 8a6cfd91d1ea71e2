import Foundation
import TestSupport
import Testing

/// Encrypted backups from the command line: `keygen`, `copy … clinic.tar.gz.age --recipient`,
/// restore, `check` and `report` with `--identity` or `--passphrase`, and every kind of damage
/// refused before anything is written.
@Suite struct EncryptedBackupTests {
    /// A sample folder, a key pair made by `keygen`, and an encrypted backup of the sample.
    struct Setup {
        let scratch: ScratchDirectory
        let publicKey: String
        var input: String { scratch.file("in") }
        var key: String { scratch.file("key.txt") }
        var backup: String { scratch.file("clinic.tar.gz.age") }

        init() throws {
            scratch = try ScratchDirectory()
            try Fixtures.writeSample(to: scratch.file("in"), patients: 30)
            let made = try CLI.run(["keygen", scratch.file("key.txt")])
            #expect(made.status == 0, "\(made.stderr)")
            publicKey = made.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            let backup = try CLI.run([
                "copy", scratch.file("in"), scratch.file("clinic.tar.gz.age"), "--recipient", publicKey,
                "--quiet",
            ])
            #expect(backup.status == 0, "\(backup.stderr)")
        }

        /// Runs a restore of `file` into a new folder `out` and returns the run.
        func restore(_ file: String, _ extra: [String] = [], environment: [String: String] = [:]) throws
            -> CLI.Result
        {
            try CLI.run(["copy", file, scratch.file("out"), "--quiet"] + extra, environment: environment)
        }
    }

    static func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? -1
    }

    @Test func keygenBackupRestoreCheckAndReport() throws {
        let setup = try Setup()
        #expect(setup.publicKey.hasPrefix("age1") && setup.publicKey.count == 62)
        #expect(try Self.mode(setup.key) == 0o600)
        #expect(try Self.mode(setup.backup) == 0o600)
        #expect(try String(contentsOfFile: setup.key, encoding: .utf8).contains("AGE-SECRET-KEY-1"))
        // keygen never replaces a key.
        #expect(try CLI.run(["keygen", setup.key]).status == 73)
        // The restore is the data byte for byte; no spool or staging file is left.
        let restored = try setup.restore(setup.backup, ["--identity", setup.key])
        #expect(restored.status == 0, "\(restored.stderr)")
        #expect(try Fixtures.contents(of: setup.scratch.file("out")) == Fixtures.contents(of: setup.input))
        #expect(Fixtures.listing(setup.scratch.path) == ["clinic.tar.gz.age", "in", "key.txt", "out"])
        let check = try CLI.run(["check", setup.backup, "--identity", setup.key, "--quiet"])
        #expect(check.status == 0, "\(check.stderr)")
        let report = try CLI.run([
            "report", setup.backup, "--identity", setup.key, "--month", "2025-10", "--out",
            setup.scratch.file("r"),
        ])
        #expect(report.status == 0, "\(report.stderr)")
        // Without a key, the file says what it needs.
        let bare = try CLI.run(["check", setup.backup])
        #expect(bare.status == 64)
        #expect(bare.stderr.contains("age-encrypted") && bare.stderr.contains("--identity"))
    }

    @Test func wrongKeysAndDamageAreRefusedAndNothingIsWritten() throws {
        let setup = try Setup()
        let other = setup.scratch.file("other.txt")
        #expect(try CLI.run(["keygen", other]).status == 0)
        let wrong = try setup.restore(setup.backup, ["--identity", other])
        #expect(wrong.status == 65)
        #expect(wrong.stderr.contains("none of the given identities can decrypt"), "\(wrong.stderr)")
        let sealed = try Data(contentsOf: URL(fileURLWithPath: setup.backup))
        let headerEnd = try #require(sealed.firstRange(of: Data("\n---".utf8))).lowerBound + 1
        // In the header's base64, a letter: flipping 0x20 swaps its case and leaves valid base64 (a
        // digit, `+` or `/` would become a control byte, which is a malformed header instead).
        func letter(from offset: Int) -> Int {
            var i = offset
            while !(0x41...0x5A).contains(sealed[i]) && !(0x61...0x7A).contains(sealed[i]) { i += 1 }
            return i
        }
        // A stanza, the MAC, the first chunk, a middle chunk, the last byte; then two cuts.
        var damaged: [(String, Data, String)] = []
        for (offset, message) in [
            (letter(from: 40), "none of the given identities"),
            (letter(from: headerEnd + 8), "MAC does not match"),
            (headerEnd + 200, "chunk 0 fails authentication"), (sealed.count / 2, "fails authentication"),
            (sealed.count - 1, "not a valid final chunk"),
        ] {
            var copy = sealed
            copy[offset] ^= 0x20
            damaged.append(("flip at \(offset)", copy, message))
        }
        damaged.append(("cut", sealed.prefix(sealed.count - 1000), "not a valid final chunk"))
        let payload = try #require(sealed[headerEnd...].firstIndex(of: 0x0A)) + 1
        damaged.append(("cut at a chunk edge", sealed.prefix(payload + 16 + 65_552), "cut short"))
        for (what, bytes, message) in damaged {
            let file = setup.scratch.file("damaged.tar.gz.age")
            try bytes.write(to: URL(fileURLWithPath: file))
            let run = try setup.restore(file, ["--identity", setup.key])
            #expect(run.status == 65, "\(what)")
            #expect(run.stderr.contains(message), "\(what): \(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: setup.scratch.file("out")), "\(what)")
        }
    }

    @Test func passphraseFixturesAndAPlainTargetIsRefusedAKey() throws {
        let setup = try Setup()
        let env = ["CLINIC_ETL_PASSPHRASE": "kalabaw at baka"]
        let fixture = setup.scratch.file("fixture.json.age")
        let made = try CLI.run(["copy", setup.input, fixture, "--passphrase", "--quiet"], environment: env)
        #expect(made.status == 0, "\(made.stderr)")
        let back = try setup.restore(fixture, ["--passphrase"], environment: env)
        #expect(back.status == 0, "\(back.stderr)")
        #expect(try Fixtures.contents(of: setup.scratch.file("out")) == Fixtures.contents(of: setup.input))
        let wrong = try CLI.run(
            ["check", fixture, "--passphrase"], environment: ["CLINIC_ETL_PASSPHRASE": "kalabaw"])
        #expect(wrong.status == 65)
        #expect(wrong.stderr.contains("the passphrase is wrong"))
        #expect(!wrong.stderr.contains("kalabaw"))
        // A recipient for a target that would be written in the clear is refused.
        let plain = try CLI.run([
            "copy", setup.input, setup.scratch.file("plain.tar.gz"), "--recipient", setup.publicKey,
        ])
        #expect(plain.status == 64)
        #expect(plain.stderr.contains("unencrypted"))
        #expect(!FileManager.default.fileExists(atPath: setup.scratch.file("plain.tar.gz")))
        let nobody = try CLI.run(["copy", setup.input, setup.scratch.file("x.tar.gz.age")])
        #expect(nobody.status == 64)
        #expect(nobody.stderr.contains("--recipient"))
    }

    @Test(.enabled(if: AgeTool.isConfigured, "scripts/test.sh names the age binary in CLINIC_TEST_AGE"))
    func ageOpensOurBackupsAndWeRestoreAges() throws {
        let setup = try Setup()
        // age -d -i key.txt clinic.tar.gz.age | tar xz, as the README says.
        let tarball = setup.scratch.file("plain.tar.gz")
        let opened = try AgeTool.run(["-d", "-i", setup.key, "-o", tarball, setup.backup])
        #expect(opened.status == 0, "\(opened.stderr)")
        let listing = try CLI.run(["tzf", tarball], executable: "/bin/tar")
        #expect(listing.stdout.hasPrefix("manifest.json\n"), "\(listing.stderr)")
        #expect(listing.stdout.contains("data/api_user.csv"))
        // age -e of our plain archive restores with our reader.
        let sealed = setup.scratch.file("theirs.tar.gz.age")
        let encrypted = try AgeTool.run(["-e", "-r", setup.publicKey, "-o", sealed, tarball])
        #expect(encrypted.status == 0, "\(encrypted.stderr)")
        let restored = try setup.restore(sealed, ["--identity", setup.key])
        #expect(restored.status == 0, "\(restored.stderr)")
        #expect(try Fixtures.contents(of: setup.scratch.file("out")) == Fixtures.contents(of: setup.input))
    }
}
