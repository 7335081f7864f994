import ArgumentParser
import EventStore
import Foundation
import StreamgaugeServer

/// `streamgauge token create|list|revoke`: API tokens.
struct Token: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage API tokens (stored hashed; the secret is shown once).",
        subcommands: [Create.self, List.self, Revoke.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a token and print its secret.")
        @OptionGroup var options: GlobalOptions
        @Option(help: "Comma-separated scopes: ingest, read, admin.") var scope: String
        @Option(help: "A name to recognise the token by.") var name = "token"

        func validate() throws { _ = try scopes() }

        func scopes() throws -> Set<TokenScope> {
            var result: Set<TokenScope> = []
            for part in scope.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !part.isEmpty {
                guard let value = TokenScope(rawValue: part) else {
                    throw ValidationError("unknown scope \"\(part)\"; use ingest, read or admin")
                }
                result.insert(value)
            }
            guard !result.isEmpty else { throw ValidationError("--scope names no scope") }
            return result
        }

        func run() async throws {
            let store = try await options.openStore(try options.configuration())
            let (token, secret) = try await TokenIssuer(store: store).create(name: name, scopes: try scopes())
            FileHandle.standardError.write(Data("token \(token.id) (\(token.scopes.sorted().map(\.rawValue).joined(separator: ","))); the secret is shown only now:\n".utf8))
            print(secret)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens (never their secrets).")
        @OptionGroup var options: GlobalOptions

        func run() async throws {
            let store = try await options.openStore(try options.configuration())
            for token in try await store.tokens() {
                let scopes = token.scopes.sorted().map(\.rawValue).joined(separator: ",")
                print("\(token.id)  \(token.name)  \(scopes)  \(token.isRevoked ? "revoked" : "active")")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token by id.")
        @OptionGroup var options: GlobalOptions
        @Argument(help: "The token id shown by `token list`.") var id: String

        func run() async throws {
            let store = try await options.openStore(try options.configuration())
            guard try await store.revokeToken(id: id) else {
                printError("no token with id \(id)")
                throw ExitCode(66)
            }
            print("revoked \(id)")
        }
    }
}
