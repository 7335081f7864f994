import Connectors
import DeliveryMetrics
import Foundation
import OrganizationGenerator
import Testing
import ValueStreamModel

@Suite("The synthetic organisation")
struct OrganizationGeneratorTests {
    static let generator = OrganizationGenerator(scale: .demo, seed: 3)
    static let events: [DeliveryEvent] = {
        var events: [DeliveryEvent] = []
        generator.generate { events.append($0) }
        return events
    }()

    @Test func isDeterministicForASeed() {
        var again: [DeliveryEvent] = []
        OrganizationGenerator(scale: .demo, seed: 3).generate { again.append($0) }
        #expect(again == Self.events)
        var other: [DeliveryEvent] = []
        OrganizationGenerator(scale: .demo, seed: 4).generate { other.append($0) }
        #expect(other != Self.events)
    }

    @Test func hasTheShapeOfTheDemoOrganisation() {
        let organization = Self.generator.organization
        #expect(organization.services.count == 20)
        #expect(organization.teamNames.count >= 4)
        #expect(organization.valueStreamNames.count >= 2)
        var kinds: [EventKind: Int] = [:]
        for event in Self.events { kinds[event.key.kind, default: 0] += 1 }
        #expect(EventKind.allCases.allSatisfy { (kinds[$0] ?? 0) > 0 })
        let keys = Self.events.map(\.key)
        #expect(Set(keys).count == keys.count, "event keys are unique")
        let squashed = Self.events.contains { if case .commit(let commit) = $0 { commit.message?.hasSuffix(")") == true && commit.parents.count == 1 } else { false } }
        let merged = Self.events.contains { if case .commit(let commit) = $0 { commit.parents.count == 2 } else { false } }
        #expect(squashed && merged)
    }

    @Test func everyEventRoundTripsThroughTheNativeFormat() throws {
        let body = NativeEventEncoder.ndjson(Array(Self.events.prefix(2_000)))
        let decoded = try NativeEventDecoder().decode(RawRequest(channel: "native", headers: ["content-type": "application/x-ndjson"], body: body))
        #expect(decoded.count == 2_000)
        #expect(decoded.map(\.event.key) == Self.events.prefix(2_000).map(\.key))
    }

    @Test func eliteServicesDeliverFasterThanLowOnes() throws {
        let settings = MetricsSettings()
        var byService: [String: ServiceHistory] = [:]
        for event in Self.events {
            switch event {
            case .commit(let commit): byService[OrganizationMap.defaultServiceName(forRepository: commit.repository), default: ServiceHistory(service: OrganizationMap.defaultServiceName(forRepository: commit.repository))].commits.append(commit)
            case .pullRequest(let pullRequest): byService[OrganizationMap.defaultServiceName(forRepository: pullRequest.repository)]?.pullRequests.append(pullRequest)
            case .deployment(let deployment): byService[deployment.service]?.deployments.append(deployment)
            default: break
            }
        }
        let clusters = Self.generator.clusters
        func medianLeadTime(_ cluster: String) -> Double? {
            let services = clusters.filter { $0.value == cluster }.map(\.key)
            let leadTimes = services.compactMap { byService[$0] }.flatMap { DeploymentLinker(settings: settings).link($0).deployments.flatMap(\.leadTimes) }
            return Percentile.of(leadTimes, 0.5)
        }
        // Seed 3 draws services of both clusters; the test fails if a median is missing.
        let elite = try #require(medianLeadTime("elite"))
        let low = try #require(medianLeadTime("low"))
        #expect(elite < low)
    }
}
