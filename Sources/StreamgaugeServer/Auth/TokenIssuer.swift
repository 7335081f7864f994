import Crypto
import EventStore
import Foundation

/// Makes API tokens and checks presented ones. A token's secret is shown once at creation; the
/// store keeps only its SHA-256.
public struct TokenIssuer: Sendable {
    public let store: any EventStore

    public init(store: any EventStore) {
        self.store = store
    }

    /// A new token: the stored record and the secret to hand to its user.
    public func create(name: String, scopes: Set<TokenScope>) async throws -> (token: AccessToken, secret: String) {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<24).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let secret = "sg_" + bytes.map { String(format: "%02x", $0) }.joined()
        let token = AccessToken(
            id: String(Self.hash(secret).prefix(12)), name: name, secretHash: Self.hash(secret),
            scopes: scopes, createdAt: Date()
        )
        try await store.saveToken(token)
        return (token, secret)
    }

    /// The live token with this secret, if any.
    public func verify(secret: String) async throws -> AccessToken? {
        guard let token = try await store.token(hash: Self.hash(secret)), !token.isRevoked else { return nil }
        return token
    }

    static func hash(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
