/// The hand-checked history shared with the server tests (see StreamgaugeServerTests for how
/// each figure is worked out), and the configuration that names its team.
enum Histories {
    static let handChecked = """
    {"kind":"commit","id":"c1","repository":"github.com/acme/checkout","sha":"c1","parents":[],"authoredAt":"2026-03-01T09:00:00Z","committedAt":"2026-03-01T09:00:00Z"}
    {"kind":"deployment","id":"d1","service":"checkout","environment":"production","sha":"c1","finishedAt":"2026-03-01T15:00:00Z","result":"success"}
    {"kind":"commit","id":"c2","repository":"github.com/acme/checkout","sha":"c2","parents":["c1"],"authoredAt":"2026-03-02T09:00:00Z","committedAt":"2026-03-02T09:00:00Z"}
    {"kind":"commit","id":"c3","repository":"github.com/acme/checkout","sha":"c3","parents":["c2"],"authoredAt":"2026-03-02T12:00:00Z","committedAt":"2026-03-02T12:00:00Z"}
    {"kind":"deployment","id":"d2","service":"checkout","environment":"production","sha":"c3","finishedAt":"2026-03-02T18:00:00Z","result":"success"}
    {"kind":"incident","id":"i1","service":"checkout","openedAt":"2026-03-02T19:00:00Z","resolvedAt":"2026-03-02T21:00:00Z","causedBy":{"deployment":"d2"}}
    {"kind":"commit","id":"c4","repository":"github.com/acme/checkout","sha":"c4","parents":["c3"],"authoredAt":"2026-03-03T10:00:00Z","committedAt":"2026-03-03T10:00:00Z"}
    {"kind":"deployment","id":"d3-attempt","service":"checkout","environment":"production","sha":"c4","finishedAt":"2026-03-03T11:00:00Z","result":"failure"}
    {"kind":"deployment","id":"d3","service":"checkout","environment":"production","sha":"c4","finishedAt":"2026-03-03T12:00:00Z","result":"success"}
    {"kind":"deployment","id":"d4","service":"checkout","environment":"production","sha":"c3","finishedAt":"2026-03-03T13:00:00Z","result":"success","rollbackOf":"d3"}
    {"kind":"incident","id":"i2","service":"checkout","openedAt":"2026-03-05T10:00:00Z","resolvedAt":"2026-03-05T11:00:00Z"}
    {"kind":"deployment","id":"s1","service":"checkout","environment":"staging","sha":"c4","finishedAt":"2026-03-03T10:30:00Z","result":"success"}
    """

    static let configuration = """
    services:
      - name: checkout
        team: payments
        repositories:
          - github.com/acme/checkout
    teams:
      - name: payments
        valueStream: commerce
    """
}
