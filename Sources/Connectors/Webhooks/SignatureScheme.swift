import Crypto
import Foundation
import ValueStreamModel

/// How a tool proves a delivery is its own (FORMATS.md §8.1).
public enum SignatureScheme: Sendable {
    /// `header: <prefix><hex HMAC-SHA256(secret, body)>` (GitHub `X-Hub-Signature-256`, Jira
    /// `X-Hub-Signature`).
    case hexHMAC(header: String, prefix: String)
    /// `header: v1=<hex>,v1=<hex>` (PagerDuty, CircleCI): any entry of `version` may match; other
    /// versions are ignored.
    case hexHMACList(header: String, version: String)
    /// GitLab: a `whsec_` secret means the signed `webhook-signature` scheme (Standard
    /// Webhooks), any other secret the plain `X-Gitlab-Token`.
    case gitLab
    /// Tools without payload signatures (Jenkins, Opsgenie, DevLake scripts): the secret as a
    /// bearer token, or as the password of HTTP basic authentication.
    case sharedSecret
}

/// Why a delivery was refused before its body was read: answered 401.
public struct SignatureFailure: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Verifies deliveries on their raw bytes, before anything parses them, comparing in constant
/// time.
public enum WebhookAuthenticator {
    /// How far a signed GitLab delivery's `webhook-timestamp` may be from now.
    public static let signedTimestampTolerance: TimeInterval = 5 * 60

    public static func verify(_ request: RawRequest, scheme: SignatureScheme, secret: String, now: Date = Date()) throws(SignatureFailure) {
        let key = SymmetricKey(data: Data(secret.utf8))
        switch scheme {
        case .hexHMAC(let header, let prefix):
            guard let value = request.headers[header] else { throw SignatureFailure("the \(header) header is missing") }
            guard value.hasPrefix(prefix), let mac = hexBytes(value.dropFirst(prefix.count)),
                  HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: request.body, using: key) else {
                throw SignatureFailure("the \(header) signature does not match the body")
            }
        case .hexHMACList(let header, let version):
            guard let value = request.headers[header] else { throw SignatureFailure("the \(header) header is missing") }
            let candidates = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { $0.hasPrefix(version + "=") }.compactMap { hexBytes($0.dropFirst(version.count + 1)) }
            guard !candidates.isEmpty else { throw SignatureFailure("the \(header) header has no \(version)= signature") }
            guard candidates.contains(where: { HMAC<SHA256>.isValidAuthenticationCode($0, authenticating: request.body, using: key) }) else {
                throw SignatureFailure("no \(version) signature of the \(header) header matches the body")
            }
        case .gitLab:
            if secret.hasPrefix("whsec_") {
                try verifyStandardWebhook(request, secret: secret, now: now)
            } else {
                guard let token = request.headers["x-gitlab-token"] else { throw SignatureFailure("the X-Gitlab-Token header is missing") }
                guard equalInConstantTime(token, secret) else { throw SignatureFailure("the X-Gitlab-Token does not match the connection's secret") }
            }
        case .sharedSecret:
            guard let authorization = request.headers["authorization"] else {
                throw SignatureFailure("the Authorization header is missing (Bearer <secret>, or basic authentication with the secret as password)")
            }
            guard let presented = presentedSecret(authorization), equalInConstantTime(presented, secret) else {
                throw SignatureFailure("the Authorization header does not carry the connection's secret")
            }
        }
    }

    /// Standard Webhooks: `webhook-signature: v1,<base64 HMAC-SHA256(key, id.timestamp.body)>`,
    /// several space-separated; the key is the base64 after `whsec_`.
    private static func verifyStandardWebhook(_ request: RawRequest, secret: String, now: Date) throws(SignatureFailure) {
        guard let id = request.headers["webhook-id"], let timestamp = request.headers["webhook-timestamp"],
              let signatures = request.headers["webhook-signature"] else {
            throw SignatureFailure("a signed GitLab delivery needs the webhook-id, webhook-timestamp and webhook-signature headers")
        }
        guard let seconds = TimeInterval(timestamp), abs(now.timeIntervalSince1970 - seconds) <= signedTimestampTolerance else {
            throw SignatureFailure("the webhook-timestamp is more than 5 minutes from now (a replay, or a clock off)")
        }
        guard let keyBytes = Data(base64Encoded: String(secret.dropFirst("whsec_".count))) else {
            throw SignatureFailure("the connection's whsec_ secret is not base64")
        }
        var signed = Data("\(id).\(timestamp).".utf8)
        signed.append(request.body)
        let key = SymmetricKey(data: keyBytes)
        let matches = signatures.split(separator: " ").contains { entry in
            guard entry.hasPrefix("v1,"), let mac = Data(base64Encoded: String(entry.dropFirst(3))) else { return false }
            return HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: signed, using: key)
        }
        guard matches else { throw SignatureFailure("no v1 signature of the webhook-signature header matches") }
    }

    private static func presentedSecret(_ authorization: String) -> String? {
        let parts = authorization.split(separator: " ", maxSplits: 1)
        guard parts.count == 2 else { return nil }
        switch parts[0].lowercased() {
        case "bearer": return String(parts[1])
        case "basic":
            guard let decoded = Data(base64Encoded: String(parts[1])), let text = String(data: decoded, encoding: .utf8),
                  let colon = text.firstIndex(of: ":") else { return nil }
            return String(text[text.index(after: colon)...])
        default: return nil
        }
    }

    /// Compares digests of both, so that neither the content nor the length leaks through timing.
    public static func equalInConstantTime(_ first: String, _ second: String) -> Bool {
        let a = SHA256.hash(data: Data(first.utf8)), b = SHA256.hash(data: Data(second.utf8))
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }

    static func hexBytes(_ text: Substring) -> Data? {
        guard text.utf8.count % 2 == 0, !text.isEmpty else { return nil }
        var bytes = Data(capacity: text.utf8.count / 2)
        var high: UInt8?
        for character in text.utf8 {
            let value: UInt8
            switch character {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = character - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = character - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): value = character - UInt8(ascii: "A") + 10
            default: return nil
            }
            if let first = high { bytes.append(first << 4 | value); high = nil } else { high = value }
        }
        return bytes
    }
}
