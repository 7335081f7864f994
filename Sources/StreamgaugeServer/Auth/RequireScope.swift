import EventStore
import Hummingbird

/// Lets a request through only with `Authorization: Bearer <token>` of a live token holding the
/// scope (or `admin`). Skipped entirely in local-only mode.
struct RequireScope<Context: RequestContext>: RouterMiddleware {
    let scope: TokenScope
    let issuer: TokenIssuer
    let isEnabled: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard isEnabled else { return try await next(request, context) }
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else {
            var error = APIError(.unauthorized, "missing `Authorization: Bearer <token>`; create one with `streamgauge token create --scope \(scope.rawValue)`")
            error.headers[.wwwAuthenticate] = "Bearer"
            throw error
        }
        let secret = String(header.dropFirst("bearer ".count)).trimmingCharacters(in: .whitespaces)
        guard let token = try await issuer.verify(secret: secret) else {
            throw APIError(.unauthorized, "the token is unknown or revoked")
        }
        guard token.scopes.contains(scope) || token.scopes.contains(.admin) else {
            throw APIError(.forbidden, "the token lacks the `\(scope.rawValue)` scope")
        }
        return try await next(request, context)
    }
}
