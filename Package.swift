// swift-tools-version:6.0
import PackageDescription

/// The byte and row loops of the readers and the validator: in release builds, no run-time
/// exclusivity checks on class properties (they were about a sixth of an extraction's time in
/// `perf`); the compiler's static checks stay, and debug builds and tests keep the run-time ones.
let hotLoops: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

let package = Package(
    name: "clinic-etl",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "clinic-etl", targets: ["clinic-etl"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibPQ", pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"]), .brew(["libpq"])]),
        .systemLibrary(
            name: "CZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]),
        .systemLibrary(
            name: "CSQLite3", pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]),
        .systemLibrary(
            name: "CLibXML2", pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]),
        .target(name: "ClinicSchema", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "ClinicPipeline", dependencies: ["ClinicSchema"], swiftSettings: hotLoops),
        .target(
            name: "ClinicFormats",
            dependencies: [
                "ClinicSchema", "ClinicPipeline", "CZlib", "CLibXML2", .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: hotLoops),
        .target(name: "ClinicStores", dependencies: ["ClinicSchema", "ClinicPipeline", "ClinicFormats", "CLibPQ", "CSQLite3"]),
        .target(
            name: "ClinicTransform",
            dependencies: [
                "ClinicSchema", "ClinicPipeline", "ClinicFormats", .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        .target(name: "ClinicSample", dependencies: ["ClinicSchema", "ClinicPipeline"]),
        .target(name: "ClinicReports", dependencies: ["ClinicSchema", "ClinicPipeline", "ClinicFormats"]),
        .executableTarget(
            name: "clinic-etl",
            dependencies: [
                "ClinicSchema", "ClinicPipeline", "ClinicFormats", "ClinicStores", "ClinicSample", "ClinicReports",
                "ClinicTransform", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(
            name: "clinic-fuzz", dependencies: ["ClinicFormats"]),
        .target(
            name: "TestSupport",
            dependencies: [
                "ClinicSchema", "ClinicPipeline", "ClinicFormats", "ClinicStores", "ClinicSample", "ClinicReports",
                "ClinicTransform",
            ],
            path: "Tests/TestSupport"),
        .testTarget(name: "ClinicSchemaTests", dependencies: ["ClinicSchema", "TestSupport"]),
        .testTarget(name: "ClinicPipelineTests", dependencies: ["ClinicPipeline", "TestSupport"]),
        .testTarget(name: "ClinicFormatsTests", dependencies: ["ClinicFormats", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ClinicStoresTests", dependencies: ["ClinicStores", "TestSupport"]),
        .testTarget(name: "ClinicTransformTests", dependencies: ["ClinicTransform", "TestSupport"]),
        .testTarget(name: "ClinicReportsTests", dependencies: ["ClinicReports", "TestSupport"], resources: [.copy("Clinic")]),
        .testTarget(name: "EndToEndTests", dependencies: ["TestSupport", "clinic-etl"]),
        .testTarget(
            name: "ValidationTests", dependencies: ["TestSupport", "ClinicPipeline", "ClinicStores"],
            exclude: ["make-corpus.py"], resources: [.copy("Corpus")]),
    ]
)
