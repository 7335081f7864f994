// swift-tools-version:6.2
import PackageDescription

// Layering (see docs/architecture.md): the model, the metrics and the connectors import no
// NIO, Hummingbird, GRDB or Postgres; only the server imports Hummingbird and only the
// command line imports ArgumentParser.
let package = Package(
    name: "streamgauge",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "streamgauge", targets: ["streamgauge"]),
        .library(name: "ValueStreamModel", targets: ["ValueStreamModel"]),
        .library(name: "DeliveryMetrics", targets: ["DeliveryMetrics"]),
        .library(name: "EventStore", targets: ["EventStore"]),
        .library(name: "EventStoreSQLite", targets: ["EventStoreSQLite"]),
        .library(name: "EventStorePostgres", targets: ["EventStorePostgres"]),
        .library(name: "Connectors", targets: ["Connectors"]),
        .library(name: "Dashboard", targets: ["Dashboard"]),
        .library(name: "StreamgaugeServer", targets: ["StreamgaugeServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
    ],
    targets: [
        .target(name: "ValueStreamModel"),
        .target(name: "DeliveryMetrics", dependencies: ["ValueStreamModel"]),
        .target(name: "OrganizationGenerator", dependencies: ["ValueStreamModel", "Connectors"]),
        .target(name: "EventStore", dependencies: ["ValueStreamModel"]),
        .target(
            name: "EventStoreSQLite",
            dependencies: [
                "EventStore", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        .target(
            name: "EventStorePostgres",
            dependencies: [
                "EventStore", .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Connectors",
            dependencies: ["ValueStreamModel", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .target(
            name: "Dashboard",
            dependencies: ["DeliveryMetrics", .product(name: "Mustache", package: "swift-mustache")]
        ),
        .target(
            name: "StreamgaugeServer",
            dependencies: [
                "ValueStreamModel", "DeliveryMetrics", "EventStore", "EventStoreSQLite", "EventStorePostgres", "Connectors",
                "Dashboard", "OrganizationGenerator",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .target(
            name: "StreamgaugeCommands",
            dependencies: [
                "StreamgaugeServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "streamgauge",
            dependencies: ["StreamgaugeCommands", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),

        .testTarget(name: "ValueStreamModelTests", dependencies: ["ValueStreamModel"]),
        .testTarget(name: "DeliveryMetricsTests", dependencies: ["DeliveryMetrics"]),
        .testTarget(
            name: "EventStoreContractTests",
            dependencies: [
                "EventStore", "EventStoreSQLite", "EventStorePostgres", "DeliveryMetrics", .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(name: "ConnectorsTests", dependencies: ["Connectors", .product(name: "Crypto", package: "swift-crypto")]),
        .testTarget(name: "DashboardTests", dependencies: ["Dashboard"]),
        .testTarget(name: "OrganizationGeneratorTests", dependencies: ["OrganizationGenerator", "DeliveryMetrics"]),
        .testTarget(
            name: "StreamgaugeServerTests",
            dependencies: [
                "StreamgaugeServer", "DeliveryMetrics", "EventStore", "EventStoreSQLite", "ValueStreamModel", "OrganizationGenerator",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(
            name: "StreamgaugeCommandsTests",
            // GRDB to look into a database file a server left, as a second process would.
            dependencies: ["StreamgaugeCommands", .product(name: "GRDB", package: "GRDB.swift")]
        ),
    ]
)
