// swift-tools-version:6.0
import PackageDescription

// Dependencies point one way: Support (calendar, files, RNG, locks) at the bottom; HTTPServer and
// MetricsStore know nothing of each other; AWSModel and SigV4 know nothing of SES behaviour. Then
// the SES layers: SESWire (AWS's protocols and errors, no SES state), SESDomain (the state and rules
// both APIs share), SESOperations (one handler per operation), SESService (pipeline, control API,
// console); the executable sits on top.
let package = Package(
    name: "ses-metrics-emulator",
    products: [
        .executable(name: "ses-metrics-emulator", targets: ["ses-metrics-emulator"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        .target(name: "Support", path: "Sources/Support"),
        .target(name: "JSON", path: "Sources/JSON"),
        .systemLibrary(name: "CEpoll", path: "Sources/CEpoll"),
        .target(name: "HTTPServer", dependencies: ["CEpoll"], path: "Sources/HTTPServer"),
        .target(name: "MetricsStore", dependencies: ["CSQLite", "JSON", "Support"], path: "Sources/MetricsStore"),
        // The AWS service models (generated from botocore by Generator/, `make model`) and their reader.
        .target(name: "AWSModel", dependencies: ["JSON", "Support"], path: "Sources/AWSModel", exclude: ["Generator"]),
        // AWS Signature Version 4: canonical requests, the strict verifier, credentials, SHA-256/HMAC.
        .target(name: "SigV4", dependencies: ["HTTPServer", "JSON", "Support"], path: "Sources/SigV4"),
        .target(name: "SESWire", dependencies: ["HTTPServer", "JSON", "AWSModel", "SigV4", "Support"], path: "Sources/SESWire"),
        .target(name: "SESDomain", dependencies: ["SESWire", "HTTPServer", "MetricsStore", "JSON", "AWSModel", "Support"], path: "Sources/SESDomain"),
        .target(name: "SESOperations", dependencies: ["SESDomain", "SESWire", "HTTPServer", "MetricsStore", "JSON", "AWSModel", "Support"], path: "Sources/SESOperations"),
        .target(name: "SESService", dependencies: ["SESOperations", "SESDomain", "SESWire", "HTTPServer", "MetricsStore", "JSON", "AWSModel", "SigV4", "Support"], path: "Sources/SESService"),
        .executableTarget(
            name: "ses-metrics-emulator",
            dependencies: [
                "SESService", "SESDomain", "MetricsStore", "HTTPServer", "SigV4", "Support",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Sources/ses-metrics-emulator"
        ),
        .testTarget(name: "SupportTests", dependencies: ["Support"], path: "Tests/SupportTests"),
        .testTarget(name: "JSONTests", dependencies: ["JSON"], path: "Tests/JSONTests"),
        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer"], path: "Tests/HTTPServerTests"),
        .testTarget(name: "MetricsStoreTests", dependencies: ["MetricsStore"], path: "Tests/MetricsStoreTests"),
        .testTarget(name: "AWSModelTests", dependencies: ["AWSModel"], path: "Tests/AWSModelTests"),
        .testTarget(name: "SigV4Tests", dependencies: ["SigV4", "Support"], path: "Tests/SigV4Tests"),
        .testTarget(name: "SESWireTests", dependencies: ["SESWire", "SigV4", "HTTPServer"], path: "Tests/SESWireTests"),
        .testTarget(name: "SESDomainTests", dependencies: ["SESDomain", "SESWire", "MetricsStore"], path: "Tests/SESDomainTests"),
        .testTarget(name: "SESOperationsTests", dependencies: ["SESOperations", "SESDomain", "SESWire"], path: "Tests/SESOperationsTests"),
        .testTarget(name: "SESServiceTests", dependencies: ["SESService", "SESOperations", "SESDomain", "SESWire"], path: "Tests/SESServiceTests"),
    ]
)
