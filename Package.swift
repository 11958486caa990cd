// swift-tools-version:6.0
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "sas-dingtalk-exporter",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "sas-dingtalk-exporter", targets: ["sas-dingtalk-exporter"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
    ],
    targets: [
        // Signing, credentials, the RPC client. Knows nothing of Security Center or Prometheus.
        .target(
            name: "AlibabaCloudCore",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // DescribeDingTalk models and the pager.
        .target(
            name: "SecurityCenter",
            dependencies: ["AlibabaCloudCore", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        // A simulated Security Center (Hummingbird app) for --demo, tests and benchmarks.
        .target(
            name: "SecurityCenterSimulator",
            dependencies: [
                "AlibabaCloudCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // What exporter-toolkit is for Go: web config file, TLS and client
        // certificates, basic auth, headers, request limits. Knows nothing of DingTalk.
        .target(
            name: "ExporterWeb",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "NIOCore", package: "swift-nio"),
                // The request head with its HTTP version (HTTP/1.0 keep-alive rules).
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // The system zlib's CRC-32 functions (compress-nio does the deflating
        // but exposes neither crc32 nor crc32_combine): one gzip member per scrape.
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        // The exporter: poller, snapshot -> metrics, HTTP app, logging.
        .target(
            name: "DingTalkExporter",
            dependencies: [
                "AlibabaCloudCore",
                "CZlib",
                "SecurityCenter",
                "ExporterWeb",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings,
            plugins: ["GitRevisionPlugin"]
        ),
        // Writes the git revision into DingTalkExporter before every build (build info).
        .plugin(name: "GitRevisionPlugin", capability: .buildTool()),
        .executableTarget(
            name: "sas-dingtalk-exporter",
            dependencies: [
                "DingTalkExporter",
                "ExporterWeb",
                "SecurityCenterSimulator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        // libFuzzer targets (scripts/fuzz.sh); built normally, a corpus replayer.
        .executableTarget(
            name: "sas-dingtalk-fuzz",
            dependencies: ["AlibabaCloudCore", "SecurityCenter", "DingTalkExporter"],
            path: "Fuzz/FuzzTargets",
            swiftSettings: swiftSettings
        ),
        // Benchmarks (simulator in its own process, micro-benchmarks): run by
        // scripts/bench.sh in release mode, never by the tests.
        .executableTarget(
            name: "sas-dingtalk-bench",
            dependencies: [
                "AlibabaCloudCore", "SecurityCenter", "SecurityCenterSimulator", "DingTalkExporter",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AlibabaCloudCoreTests",
            dependencies: [
                "AlibabaCloudCore",
                // The simulated metadata service and STS (loopback fakes for the credentials providers).
                "SecurityCenterSimulator",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SecurityCenterTests",
            dependencies: [
                "SecurityCenter", "SecurityCenterSimulator", "AlibabaCloudCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // Certificates made at test time and a real HTTP client, for the web layer's live tests.
        .target(
            name: "WebTestSupport",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Tests/WebTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ExporterWebTests",
            dependencies: [
                "ExporterWeb", "WebTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "DingTalkExporterTests",
            dependencies: [
                "DingTalkExporter", "SecurityCenterSimulator", "SecurityCenter", "AlibabaCloudCore", "ExporterWeb", "WebTestSupport",
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Golden"), .copy("ConfigFixtures")],
            swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
