import Connectors
import Crypto
import Foundation
import Testing
import ValueStreamModel

@Suite("Webhooks: signatures on the raw bytes")
struct WebhookSignatureTests {
    func request(_ body: String, _ headers: [String: String]) -> RawRequest {
        RawRequest(channel: "webhook", headers: headers, body: Data(body.utf8))
    }

    func hex(_ secret: String, _ body: String) -> String {
        HMAC<SHA256>.authenticationCode(for: Data(body.utf8), using: SymmetricKey(data: Data(secret.utf8))).map { String(format: "%02x", $0) }.joined()
    }

    @Test func gitHubsPublishedTestVector() throws {
        let scheme = SignatureScheme.hexHMAC(header: "x-hub-signature-256", prefix: "sha256=")
        let signed = request("Hello, World!", ["X-Hub-Signature-256": "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"])
        try WebhookAuthenticator.verify(signed, scheme: scheme, secret: "It's a Secret to Everybody")
        #expect(throws: SignatureFailure.self) { try WebhookAuthenticator.verify(signed, scheme: scheme, secret: "another secret") }
        let tampered = request("Hello, World?", ["X-Hub-Signature-256": "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"])
        #expect(throws: SignatureFailure.self) { try WebhookAuthenticator.verify(tampered, scheme: scheme, secret: "It's a Secret to Everybody") }
        let missing = #expect(throws: SignatureFailure.self) { try WebhookAuthenticator.verify(request("Hello, World!", [:]), scheme: scheme, secret: "s") }
        #expect(missing?.message.contains("x-hub-signature-256") == true)
    }

    @Test func anyV1EntryOfAListMayMatch() throws {
        let scheme = SignatureScheme.hexHMACList(header: "x-pagerduty-signature", version: "v1")
        let body = #"{"event":{}}"#
        let good = hex("new-secret", body)
        try WebhookAuthenticator.verify(request(body, ["x-pagerduty-signature": "v1=\(hex("old-secret", body)),v1=\(good)"]), scheme: scheme, secret: "new-secret")
        #expect(throws: SignatureFailure.self) {
            try WebhookAuthenticator.verify(request(body, ["x-pagerduty-signature": "v2=\(good)"]), scheme: scheme, secret: "new-secret")
        }
        #expect(throws: SignatureFailure.self) {
            try WebhookAuthenticator.verify(request(body, ["x-pagerduty-signature": "v1=zz"]), scheme: scheme, secret: "new-secret")
        }
    }

    @Test func gitLabTokenOrStandardWebhookSignatureByTheSecretsKind() throws {
        let body = #"{"object_kind":"push"}"#
        try WebhookAuthenticator.verify(request(body, ["x-gitlab-token": "plain-token"]), scheme: .gitLab, secret: "plain-token")
        #expect(throws: SignatureFailure.self) { try WebhookAuthenticator.verify(request(body, ["x-gitlab-token": "plain-tokeN"]), scheme: .gitLab, secret: "plain-token") }

        let key = Data((0..<32).map { UInt8($0) })
        let secret = "whsec_" + key.base64EncodedString()
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let signature = Data(HMAC<SHA256>.authenticationCode(for: Data("msg_1.1800000000.\(body)".utf8), using: SymmetricKey(data: key))).base64EncodedString()
        let headers = ["webhook-id": "msg_1", "webhook-timestamp": "1800000000", "webhook-signature": "v1,AAAA v1,\(signature)"]
        try WebhookAuthenticator.verify(request(body, headers), scheme: .gitLab, secret: secret, now: now)
        // A whsec_ secret never accepts the plain token, and an old timestamp is a replay.
        #expect(throws: SignatureFailure.self) { try WebhookAuthenticator.verify(request(body, ["x-gitlab-token": secret]), scheme: .gitLab, secret: secret, now: now) }
        #expect(throws: SignatureFailure.self) { try WebhookAuthenticator.verify(request(body, headers), scheme: .gitLab, secret: secret, now: now.addingTimeInterval(600)) }
    }

    @Test func sharedSecretsAsBearerOrBasicPassword() throws {
        try WebhookAuthenticator.verify(request("{}", ["authorization": "Bearer s3cret"]), scheme: .sharedSecret, secret: "s3cret")
        let basic = Data("jenkins:s3cret".utf8).base64EncodedString()
        try WebhookAuthenticator.verify(request("{}", ["authorization": "Basic \(basic)"]), scheme: .sharedSecret, secret: "s3cret")
        #expect(throws: SignatureFailure.self) { try WebhookAuthenticator.verify(request("{}", ["authorization": "Bearer s3cre"]), scheme: .sharedSecret, secret: "s3cret") }
        #expect(throws: SignatureFailure.self) { try WebhookAuthenticator.verify(request("{}", [:]), scheme: .sharedSecret, secret: "s3cret") }
    }

    @Test func everyToolHasItsScheme() {
        #expect(WebhookTool.allCases.count == 8)
        for tool in WebhookTool.allCases { #expect(WebhookMappers.mapper(for: tool).tool == tool) }
    }

    @Test func toolTimesAndGlobs() {
        #expect(ToolTime.date(from: "2016-08-12 15:23:28 UTC") == time("2016-08-12T15:23:28Z"))
        #expect(ToolTime.date(from: "2021-04-28 21:50:00 +0200") == time("2021-04-28T19:50:00Z"))
        #expect(ToolTime.date(from: "2017-01-30T18:30:41.962+0100") == time("2017-01-30T17:30:41.962Z"))
        #expect(ToolTime.date(from: "2022-05-27T16:20:13.954328Z") != nil)
        #expect(ToolTime.date(from: "yesterday") == nil)
        #expect(Glob.matches("*deploy*", "build-test-Deploy"))
        #expect(Glob.matches("v*", "v1.2.0"))
        #expect(!Glob.matches("v*", "release-1"))
        #expect(Glob.matches("release-?", "release-1"))
    }
}
