import Foundation
import HTTPTypes
import Hummingbird

/// Adds `Server-Timing: app;dur=<milliseconds>` to every answer: the time the server spent on
/// the request from routing to the response, without the network. The benchmark reads it, and
/// so can a browser's developer tools.
struct ServerTimingMiddleware<Context: RequestContext>: RouterMiddleware {
    static var headerName: HTTPField.Name { HTTPField.Name("Server-Timing")! }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let clock = ContinuousClock()
        let start = clock.now
        var response = try await next(request, context)
        let elapsed = clock.now - start
        let milliseconds = Double(elapsed.components.seconds) * 1_000 + Double(elapsed.components.attoseconds) / 1e15
        response.headers[Self.headerName] = "app;dur=" + String(format: "%.3f", milliseconds)
        return response
    }
}
