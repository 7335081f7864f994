/// Headers archived with an API page (by `streamgauge import github|gitlab`) that say what the
/// page is, so that its decoder can read it again on reprocessing.
public enum APIPageHeaders {
    /// Which resource the page lists (`pulls`, `merge-requests`, `runs`, …).
    public static let resource = "x-streamgauge-resource"
    /// The repository, as events name it (`github.com/acme/shop`).
    public static let repository = "x-streamgauge-repository"
    /// The service its deployments and incidents belong to.
    public static let service = "x-streamgauge-service"
    /// The pull or merge request a sub-resource page belongs to.
    public static let request = "x-streamgauge-pull"

    static let all: Set<String> = [resource, repository, service, request]
}
