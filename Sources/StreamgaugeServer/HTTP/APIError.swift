import Connectors
import Foundation
import Hummingbird

/// An error answered as JSON: `{"error": ..., "line": ..., "field": ...}` with its status.
public struct APIError: HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    public var message: String
    public var line: Int?
    public var field: String?
    public var headers: HTTPFields = [:]

    public init(_ status: HTTPResponse.Status, _ message: String, line: Int? = nil, field: String? = nil) {
        self.status = status
        self.message = message
        self.line = line
        self.field = field
    }

    public init(_ error: EventDecodingError) {
        self.init(.badRequest, error.message, line: error.line, field: error.field)
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var object: [String: Any] = ["error": message]
        if let line { object["line"] = line }
        if let field { object["field"] = field }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// Maps every error a handler lets through to a JSON answer, so that no error leaks as HTML or
/// an empty 500, and server faults are logged with what was asked.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            throw error
        } catch let error as EventDecodingError {
            throw APIError(error)
        } catch let error as UnknownScopeError {
            throw APIError(.notFound, error.description)
        } catch let error as HTTPError {
            throw APIError(error.status, error.body ?? error.status.reasonPhrase)
        } catch let error as any HTTPResponseError {
            throw APIError(error.status, "\(error)")
        } catch {
            context.logger.error("request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            var failure = APIError(.serviceUnavailable, "the store could not complete the request; nothing was acknowledged, retry later")
            failure.headers[.retryAfter] = "5"
            throw failure
        }
    }
}
