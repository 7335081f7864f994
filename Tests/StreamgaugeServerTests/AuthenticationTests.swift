import EventStore
import Foundation
import Hummingbird
import HummingbirdTesting
import StreamgaugeServer
import Testing

@Suite("HTTP: bearer tokens and scopes")
struct AuthenticationTests {
    @Test func requestsNeedALiveTokenWithTheRightScope() async throws {
        let store = InMemoryEventStore()
        let issuer = TokenIssuer(store: store)
        let ingestOnly = try await issuer.create(name: "ci", scopes: [.ingest])
        let reader = try await issuer.create(name: "grafana", scopes: [.read])
        let admin = try await issuer.create(name: "ops", scopes: [.admin])
        let stored = try await store.tokens()
        #expect(stored.allSatisfy { !$0.secretHash.contains("sg_") })
        #expect(!stored.contains { $0.secretHash == ingestOnly.secret })

        let app = makeApplication(configuration: testConfiguration(requiresAuthentication: true), store: store)
        try await app.test(.router) { client in
            func bearer(_ secret: String) -> HTTPFields { [.authorization: "Bearer \(secret)", .contentType: "application/x-ndjson"] }
            let body = ByteBuffer(string: handCheckedHistory)
            try await client.execute(uri: "/api/v1/events", method: .post, body: body) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate] == "Bearer")
            }
            try await client.execute(uri: "/api/v1/events", method: .post, headers: bearer("sg_wrong"), body: body) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/api/v1/events", method: .post, headers: bearer(reader.secret), body: body) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/api/v1/events", method: .post, headers: bearer(ingestOnly.secret), body: body) { response in
                #expect(response.status == .accepted)
            }
            try await client.execute(uri: "/api/v1/metrics", method: .get, headers: bearer(ingestOnly.secret)) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/api/v1/metrics", method: .get, headers: bearer(reader.secret)) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/api/v1/metrics", method: .get, headers: bearer(admin.secret)) { response in
                #expect(response.status == .ok)
            }
            _ = try await store.revokeToken(id: reader.token.id)
            try await client.execute(uri: "/api/v1/metrics", method: .get, headers: bearer(reader.secret)) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.json["archivedRequests"] as? Int == 1)
            }
        }
    }
}
