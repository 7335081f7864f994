import Dashboard
import DeliveryMetrics
import Foundation
import Hummingbird
import ValueStreamModel

/// The server-rendered pages. `/`: the organisation overview for a window (`?from=&to=`).
struct PagesController<Context: RequestContext>: Sendable {
    let engine: MetricsEngine
    let isLocalOnly: Bool
    let overview = OverviewPage()

    func addRoutes(to router: Router<Context>) {
        router.get("/") { request, context in
            let parameters = request.uri.queryParameters
            let window: DateWindow
            do {
                window = try WindowParser.window(from: parameters["from"].map(String.init), to: parameters["to"].map(String.init))
            } catch let error as WindowError {
                throw APIError(.badRequest, error.description, field: error.field)
            }
            var reports = try await engine.reports(for: [.organization] + engine.scopes(), window: window)
            let organization = reports.removeFirst()
            let html = overview.render(organization: organization, scopes: reports, localOnlyNotice: isLocalOnly, generatedAt: Date())
            return Response(
                status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: html))
            )
        }
    }
}
