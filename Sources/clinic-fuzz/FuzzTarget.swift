import ClinicFormats
import Foundation

/// libFuzzer's entry points around `InputProbe`.
///
/// `scripts/fuzz.sh` builds this with `-sanitize=fuzzer,address` and picks the reader with
/// `CLINIC_FUZZ_TARGET`. A crash, a hang or a runaway allocation is a finding; an `ETLError` is
/// the reader refusing bad input, as it should.
enum FuzzTarget {
    static let probe: InputProbe = {
        let name = ProcessInfo.processInfo.environment["CLINIC_FUZZ_TARGET"] ?? ""
        guard let probe = InputProbe(rawValue: name) else {
            let names = InputProbe.allCases.map(\.rawValue).joined(separator: ", ")
            FileHandle.standardError.write(Data("set CLINIC_FUZZ_TARGET to one of: \(names)\n".utf8))
            exit(64)
        }
        return probe
    }()

    /// One file per process for the fixture readers, on tmpfs when there is one.
    static let scratch: String = {
        let dir = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        return "\(dir)/clinic-fuzz-\(getpid())"
    }()
}

#if CLINIC_FUZZ
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// SwiftPM links an executable's entry point under this name (`main` is an alias for it), so
/// libFuzzer's driver is started from here rather than from libFuzzer's own `main`.
@_cdecl("clinic_fuzz_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments) { fuzzOneInput($0, $1) }
}

/// libFuzzer's own `main` calls this when it is the one the linker kept.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    try? FuzzTarget.probe.read(UnsafeRawBufferPointer(start: data, count: size), scratch: FuzzTarget.scratch)
    return 0
}
#else
@main
enum FuzzUsage {
    static func main() {
        FileHandle.standardError.write(Data("clinic-fuzz is built and run by scripts/fuzz.sh\n".utf8))
        exit(64)
    }
}
#endif
