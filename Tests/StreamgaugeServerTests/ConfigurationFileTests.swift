import Foundation
import StreamgaugeServer
import Testing
import ValueStreamModel

@Suite("The configuration file")
struct ConfigurationFileTests {
    func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("streamgauge-\(UUID().uuidString).yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func theCommentedExampleLoadsWithEveryKey() throws {
        let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("streamgauge.example.yaml").path
        let configuration = try ConfigurationFile.load(path: example).applied(to: StreamgaugeConfiguration())
        #expect(configuration.database == "./streamgauge.sqlite")
        #expect(configuration.port == 8080)
        #expect(configuration.maxBodyBytes == 33_554_432)
        #expect(configuration.metrics.attributionWindow == 24 * 3_600)
        #expect(configuration.metrics.levels.name == "DORA 2023")
        #expect(configuration.metrics.levels.leadTimeSeconds == LevelTable.dora2023.leadTimeSeconds)
        #expect(configuration.organization.services(forRepository: "github.com/acme/monorepo") == ["search"])
        #expect(configuration.organization.paths(ofService: "search", inRepository: "github.com/acme/monorepo") == ["services/search/"])
        #expect(configuration.organization.valueStream(ofService: "checkout") == "commerce")
        #expect(configuration.connections.count == 4)
        #expect(configuration.metrics.defaultFlowMap == .standard, "the example spells out the default map")
        #expect(configuration.alertRules.map(\.condition) == [.limits, .threshold, .stale])
        #expect(configuration.alertRules[1].format == .slack)
        #expect(configuration.alertInterval == .seconds(300))
    }

    @Test func customLevelsAndWindowsApply() throws {
        let path = try write("""
        metrics:
          productionEnvironments: [Main]
          attributionWindowHours: 0
          levels:
            name: Our table
            leadTimeHours: {elite: 2, high: 4, medium: 8}
            changeFailureRate: {elite: 0.01, high: 0.02, medium: 0.03}
            recoveryTimeHours: {elite: 1, high: 2, medium: 3}
            deploymentsPerDay: {elite: 10, high: 5, medium: 1}
        """)
        let configuration = try ConfigurationFile.load(path: path).applied(to: StreamgaugeConfiguration())
        #expect(configuration.metrics.isProduction(environment: "main"))
        #expect(!configuration.metrics.isProduction(environment: "production"))
        #expect(configuration.metrics.attributionWindow == 0)
        #expect(configuration.metrics.levels.name == "Our table")
        #expect(configuration.metrics.levels.leadTimeLevel(medianSeconds: 3 * 3_600) == .high)
        #expect(configuration.metrics.levels.deploymentFrequencyLevel(perDay: 6) == .high)
    }

    @Test func mistakesNameTheFileAndTheKey() throws {
        let missingName = try write("services:\n  - team: payments\n")
        #expect(throws: ConfigurationError.self) { try ConfigurationFile.load(path: missingName) }
        do {
            _ = try ConfigurationFile.load(path: missingName)
        } catch {
            #expect("\(error)".contains(missingName))
            #expect("\(error)".contains("name"))
        }
        let twice = try write("services:\n  - name: a\n  - name: a\n")
        do {
            _ = try ConfigurationFile.load(path: twice)
            Issue.record("accepted a service defined twice")
        } catch {
            #expect("\(error)".contains("`a` is defined twice"))
        }
        let wrongType = try write("server:\n  port: eighty\n")
        do {
            _ = try ConfigurationFile.load(path: wrongType)
            Issue.record("accepted a port that is not a number")
        } catch {
            #expect("\(error)".contains("server.port"))
        }
    }

    @Test func connectionsAreReadWithTheirDefaultsAndCheckedForASecret() throws {
        let path = try write("""
            connections:
              - name: shop-github
                tool: github
                secretEnv: SHOP_GITHUB_SECRET
                releaseTags: "v*"
              - name: alerts
                tool: pagerduty
                secretFile: /run/secrets/pagerduty
                services: {PA2P440: checkout}
            """)
        let configuration = try ConfigurationFile.load(path: path).applied(to: StreamgaugeConfiguration())
        #expect(configuration.connections.map(\.name) == ["shop-github", "alerts"])
        #expect(configuration.connections[0].incidentLabel == "incident")
        #expect(configuration.connections[0].deployments == .conventional)
        #expect(configuration.connections[0].releaseTags == "v*")
        #expect(configuration.connections[1].services == ["PA2P440": "checkout"])

        let unsafe = try write("""
            connections:
              - name: open
                tool: jenkins
            """)
        let error = #expect(throws: ConfigurationError.self) { try ConfigurationFile.load(path: unsafe) }
        #expect(error?.message.contains("insecure: true") == true)
        let unknownTool = try write("""
            connections:
              - name: svn
                tool: subversion
                insecure: true
            """)
        #expect(throws: ConfigurationError.self) { try ConfigurationFile.load(path: unknownTool) }
    }

    @Test func postgresURLsAreReadAndNeverShownWithTheirPassword() throws {
        #expect(StoreFactory.displayName("postgres://sg:s3cret@db.internal:6432/metrics?sslmode=require") == "postgres://sg@db.internal:6432/metrics")
        #expect(StoreFactory.displayName("./streamgauge.sqlite") == "./streamgauge.sqlite")
        #expect(throws: ConfigurationError.self) { try StoreFactory.open("postgres://sg@db/metrics?sslmode=sometimes") }
        #expect(throws: ConfigurationError.self) { try StoreFactory.open("postgres:///nohost") }
    }
}
