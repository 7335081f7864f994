import Crypto
import Foundation

/// Authors are stored pseudonymised: the same person gives the same token, which reveals no name.
/// Nothing is ever reported per person; the token only lets data-quality checks count distinct
/// authors.
public enum Pseudonym {
    public static func of(_ author: String) -> String {
        let digest = SHA256.hash(data: Data(author.lowercased().utf8))
        return "anon-" + digest.prefix(8).map { String(format: "%02x", $0) }.joined()
    }
}
