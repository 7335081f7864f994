import Foundation
import Testing
import ValueStreamModel

@Suite("The vocabulary")
struct ValueStreamModelTests {
    @Test func findsWorkItemKeysInText() {
        #expect(WorkItemKeyScanner.keys(in: "PAY-123 fix rounding, see PAY-123 and OPS-7") == ["PAY-123", "OPS-7"])
        #expect(WorkItemKeyScanner.keys(in: "feature/PAY-42-refunds") == ["PAY-42"])
        #expect(WorkItemKeyScanner.keys(in: "utf-8 and A-1 and xPAY-1 and PAY- and PAY-1x") == [])
        #expect(WorkItemKeyScanner.keys(in: "feature-PAY-7") == ["PAY-7"])
        #expect(WorkItemKeyScanner.keys(in: "Merge pull request #12 from acme/AB2-9") == ["AB2-9"])
    }

    @Test func repositoriesMapToServices() {
        let map = OrganizationMap(
            services: [
                ServiceDefinition(name: "web", team: "front", repositories: [RepositoryMapping(repository: "github.com/acme/site")]),
                ServiceDefinition(name: "api", team: "back", repositories: [RepositoryMapping(repository: "github.com/acme/mono", paths: ["api/"])]),
                ServiceDefinition(name: "jobs", team: "back", repositories: [RepositoryMapping(repository: "github.com/acme/mono", paths: ["jobs/"])]),
            ],
            teams: [TeamDefinition(name: "front", valueStream: "shop"), TeamDefinition(name: "back", valueStream: "shop")]
        )
        #expect(map.services(forRepository: "https://github.com/acme/site.git") == ["web"])
        #expect(map.services(forRepository: "git@github.com:acme/mono") == ["api", "jobs"])
        #expect(map.services(forRepository: "gitlab.com/acme/billing/") == ["billing"])
        #expect(map.paths(ofService: "api", inRepository: "github.com/acme/mono") == ["api/"])
        #expect(map.valueStream(ofService: "jobs") == "shop")
        #expect(map.services(in: MetricScope(kind: .team, name: "back"), known: ["billing"]) == ["api", "jobs"])
        #expect(map.services(in: .organization, known: ["billing"]) == ["api", "billing", "jobs", "web"])
        #expect(map.knows(MetricScope(kind: .valueStream, name: "shop"), known: []))
        #expect(!map.knows(MetricScope(kind: .team, name: "nobody"), known: []))
    }

    @Test func productionEnvironmentsCompareWithoutCase() {
        let settings = MetricsSettings()
        #expect(settings.isProduction(environment: "Production"))
        #expect(settings.isProduction(environment: "PRD"))
        #expect(!settings.isProduction(environment: "staging"))
    }

    @Test func mergedIncidentsWidenTheirTimesWhateverTheOrder() {
        let key = EventKey(source: "pd", kind: .incident, id: "1")
        let opened = DeliveryEvent.incident(Incident(key: key, services: ["a"], openedAt: Date(timeIntervalSince1970: 100), severity: "SEV1"))
        let resolved = DeliveryEvent.incident(Incident(key: key, services: ["b"], openedAt: Date(timeIntervalSince1970: 300), resolvedAt: Date(timeIntervalSince1970: 300)))
        let forward = resolved.merged(into: opened)
        let backward = opened.merged(into: resolved)
        guard case .incident(let one) = forward, case .incident(let other) = backward else { Issue.record("kind lost"); return }
        #expect(one.openedAt == Date(timeIntervalSince1970: 100))
        #expect(one.resolvedAt == Date(timeIntervalSince1970: 300))
        #expect(one.services == ["a", "b"])
        #expect(one.severity == "SEV1")
        #expect(other.openedAt == one.openedAt && other.resolvedAt == one.resolvedAt)
    }

    @Test func readsAndWritesRFC3339() {
        #expect(RFC3339.date(from: "2026-03-01T12:00:00Z") == Date(timeIntervalSince1970: 1_772_366_400))
        #expect(RFC3339.date(from: "2026-03-01T14:00:00+02:00") == Date(timeIntervalSince1970: 1_772_366_400))
        #expect(RFC3339.date(from: "2026-03-01T12:00:00.5Z") == Date(timeIntervalSince1970: 1_772_366_400.5))
        #expect(RFC3339.date(from: "2026-03-01") == nil)
        #expect(RFC3339.date(from: "yesterday") == nil)
        #expect(RFC3339.string(from: Date(timeIntervalSince1970: 1_772_366_400)) == "2026-03-01T12:00:00Z")
        #expect(RFC3339.date(from: "2026-03-01T12:00:00") == nil)
    }

    /// Ingest reads times byte by byte; it must give exactly the `Date` Foundation's parser gives.
    @Test func theFastTimeReaderAgreesWithFoundation() throws {
        var random = SeededRandom(seed: 11)
        let fractional = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        for _ in 0..<5_000 {
            let seconds = 946_684_800 + Int(random.next() % 4_000_000_000)
            var text = Date(timeIntervalSince1970: Double(seconds)).formatted(.iso8601).replacingOccurrences(of: "Z", with: "")
            let digits = Int(random.next() % 4) * 3 // none, milliseconds, microseconds, nanoseconds
            if digits > 0 {
                text += "." + String((0..<digits).map { _ in Character(String(random.next() % 10)) })
            }
            let offsetMinutes = Int(random.next() % 3) == 0 ? Int(random.next() % 1_680) - 840 : 0
            if offsetMinutes == 0 {
                text += "Z"
            } else {
                text += String(format: "%@%02d:%02d", offsetMinutes < 0 ? "-" : "+", abs(offsetMinutes) / 60, abs(offsetMinutes) % 60)
            }
            let foundation = digits > 0 ? try Date(text, strategy: fractional) : try Date(text, strategy: .iso8601)
            #expect(RFC3339.date(from: text) == foundation, "\(text)")
        }
    }
}
