/// The page templates, compiled into the binary.
enum PageTemplates {
    static let overview = """
    <!doctype html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Streamgauge – delivery overview</title>
    <style>
    body { font-family: system-ui, sans-serif; margin: 0; color: #111; background: #fafafa; }
    header { background: #14213d; color: #fff; padding: 1rem 1.5rem; }
    header h1 { margin: 0; font-size: 1.4rem; }
    header p { margin: .25rem 0 0; color: #dde; }
    main { padding: 1rem 1.5rem; max-width: 1200px; }
    .notice { background: #fff3cd; border: 1px solid #b58900; padding: .5rem 1rem; }
    table { border-collapse: collapse; width: 100%; background: #fff; margin-bottom: 2rem; }
    caption { text-align: left; font-weight: 600; font-size: 1.1rem; padding: .5rem 0; }
    th, td { padding: .45rem .6rem; border-bottom: 1px solid #ddd; text-align: right; }
    th:first-child, td:first-child { text-align: left; }
    .level { display: inline-block; min-width: 4.5em; padding: 0 .4em; border-radius: 3px; font-size: .8rem; text-align: center; }
    .level-elite { background: #0b6e4f; color: #fff; }
    .level-high { background: #3a86ff; color: #fff; }
    .level-medium { background: #f4a261; color: #111; }
    .level-low { background: #b00020; color: #fff; }
    .level-none { background: #ddd; color: #333; }
    @media (max-width: 700px) { th:nth-child(n+6), td:nth-child(n+6) { display: none; } }
    </style>
    </head>
    <body>
    <header>
    <h1>Delivery overview</h1>
    <p>{{window}} · levels: {{benchmark}}</p>
    </header>
    <main>
    {{#localOnly}}<p class="notice" role="status">Local-only mode: this server accepts requests without a token and listens on loopback only.</p>{{/localOnly}}
    <table>
    <caption>Organisation</caption>
    <thead><tr><th scope="col">Scope</th><th scope="col">Deployment frequency</th><th scope="col">Lead time (p50)</th><th scope="col">Change failure rate</th><th scope="col">Recovery time (p50)</th><th scope="col">Rework rate</th></tr></thead>
    <tbody>
    {{#organization}}{{> row}}{{/organization}}
    </tbody>
    </table>
    {{#sections}}
    <table>
    <caption>{{title}}</caption>
    <thead><tr><th scope="col">Name</th><th scope="col">Deployment frequency</th><th scope="col">Lead time (p50)</th><th scope="col">Change failure rate</th><th scope="col">Recovery time (p50)</th><th scope="col">Rework rate</th></tr></thead>
    <tbody>
    {{#rows}}{{> row}}{{/rows}}
    </tbody>
    </table>
    {{/sections}}
    <p><small>Generated {{generatedAt}} · <a href="/api/v1/metrics">JSON</a></small></p>
    </main>
    </body>
    </html>
    """

    static let row = """
    <tr><th scope="row">{{name}}</th>\
    <td>{{frequency}} <span class="level level-{{frequencyLevel}}">{{frequencyLevel}}</span></td>\
    <td>{{leadTime}} <span class="level level-{{leadTimeLevel}}">{{leadTimeLevel}}</span></td>\
    <td>{{changeFailureRate}} <span class="level level-{{changeFailureLevel}}">{{changeFailureLevel}}</span></td>\
    <td>{{recoveryTime}} <span class="level level-{{recoveryLevel}}">{{recoveryLevel}}</span></td>\
    <td>{{reworkRate}}</td></tr>
    """
}
