/// The page templates, compiled into the binary (one file to deploy).
enum PageTemplates {
    static let overview = """
    {{> head}}{{> navigation}}
    <main id="content">
    {{#localOnly}}<p class="notice" role="status">Local-only mode: this server accepts requests without a token and listens on loopback only.</p>{{/localOnly}}
    {{> picker}}
    {{#sections}}
    <div class="scroll"><table class="overview">
    <caption>{{title}}</caption>
    <thead><tr><th scope="col">Name</th>{{#metrics}}<th scope="col">{{.}}</th>{{/metrics}}</tr></thead>
    <tbody>
    {{#rows}}{{> row}}{{/rows}}
    </tbody>
    </table></div>
    {{/sections}}
    <p><small>Each cell: the figure over the window, its level, its {{period}}ly trend, and the change since the window before. Generated {{generatedAt}}.</small></p>
    </main>
    </body>
    </html>
    """

    static let row = """
    <tr><th scope="row"><a href="{{href}}">{{name}}</a></th>\
    {{#cells}}<td>{{value}} {{#level}}<span class="level level-{{level}}">{{level}}</span>{{/level}} {{{spark}}}\
    {{#change}}<span class="change {{trend}}">{{change}}</span>{{/change}}</td>{{/cells}}</tr>
    """

    static let scope = """
    {{> head}}{{> navigation}}
    <main id="content">
    {{> picker}}
    <p><a href="/flow?{{query}}">Value stream map of this {{kindName}}</a> · <a href="/data-quality?{{query}}">Data quality</a> · <a href="/wall?{{wallQuery}}">Wall display</a> · <a href="/api/v1/metrics?{{apiQuery}}">JSON</a>{{#services}} · services: {{#list}}<a href="{{href}}">{{name}}</a> {{/list}}{{/services}}</p>
    <section aria-label="Figures over the window" class="cards">
    {{#cards}}<div class="card"><h3>{{title}}</h3><div class="value">{{value}}</div>{{#level}}<span class="level level-{{level}}">{{level}}</span>{{/level}} {{#change}}<span class="change {{trend}}">{{change}} since the window before</span>{{/change}}</div>{{/cards}}
    <div class="card"><h3>Batch size (p50 commits)</h3><div class="value">{{batchSize}}</div></div>
    </section>
    <h2>Trends by {{period}}</h2>
    <div class="charts">
    {{#charts}}<figure><figcaption>{{title}}</figcaption>{{{svg}}}{{#legend}}<p class="legend">{{{legend}}}</p>{{/legend}}<details><summary>Table of values</summary><div class="scroll">{{{table}}}</div></details></figure>{{/charts}}
    </div>
    <h2>Deployments and incidents</h2>
    <figure><figcaption>Timeline</figcaption>{{{timeline}}}
    <p class="legend"><span><span class="swatch" style="background:#0b6e4f"></span>deployed</span><span><span class="swatch" style="background:#b00020"></span>failed in production</span><span><span class="swatch" style="background:#7c3aed"></span>rollback or fix</span><span><span class="swatch" style="background:#6b7280"></span>failed attempt</span><span><span class="swatch" style="background:#d97706"></span>incident</span></p>
    <details><summary>Table of deployments and incidents</summary><div class="scroll">{{{timelineTable}}}</div></details></figure>
    <div class="charts">
    {{#distributions}}<figure><figcaption>{{title}}</figcaption>{{{svg}}}<details><summary>Table of values</summary><div class="scroll">{{{table}}}</div></details></figure>{{/distributions}}
    </div>
    </main>
    </body>
    </html>
    """

    static let flow = """
    {{> head}}{{> navigation}}
    <main id="content">
    {{> picker}}
    <section aria-label="Flow figures" class="cards">
    {{#cards}}<div class="card"><h3>{{title}}</h3><div class="value">{{value}}</div><span class="change flat">{{detail}}</span></div>{{/cards}}
    </section>
    <figure><figcaption>Value stream map</figcaption><div class="scroll">{{{map}}}</div>
    <details open><summary>Stage table</summary><div class="scroll"><table class="data"><caption>Stages, over the items finished in the window</caption>
    <thead><tr><th scope="col">Stage</th><th scope="col">Kind</th><th scope="col">Items</th><th scope="col">p50</th><th scope="col">p85</th><th scope="col">Share of waiting</th><th scope="col">%C&amp;A</th><th scope="col">In progress now</th><th scope="col">Their age (p50)</th></tr></thead>
    <tbody>{{#stages}}<tr{{#constraint}} class="stale"{{/constraint}}><th scope="row">{{name}}{{#constraint}} (constraint){{/constraint}}</th><td>{{kind}}</td><td>{{items}}</td><td>{{p50}}</td><td>{{p85}}</td><td>{{waiting}}</td><td>{{ca}}</td><td>{{inProgress}}</td><td>{{age}}</td></tr>{{/stages}}</tbody>
    </table></div></details></figure>
    <figure><figcaption>Cumulative flow diagram</figcaption>{{{cfd}}}<p class="legend">{{{cfdLegend}}}</p><details><summary>Table of values</summary><div class="scroll">{{{cfdTable}}}</div></details></figure>
    <figure><figcaption>Flow load over time, and what Little's law implies</figcaption>{{{load}}}<p class="legend"><span><span class="swatch" style="background:#1d4ed8"></span>items in progress</span><span><span class="swatch" style="background:#b45309"></span>throughput × flow time</span></p><details><summary>Table of values</summary><div class="scroll">{{{loadTable}}}</div></details></figure>
    <div class="charts">
    <div class="scroll"><table><caption>Flow distribution of the items done</caption><thead><tr><th scope="col">Type</th><th scope="col">Items</th><th scope="col">Share</th></tr></thead>
    <tbody>{{#distribution}}<tr><th scope="row">{{type}}</th><td>{{count}}</td><td>{{share}}</td></tr>{{/distribution}}</tbody></table></div>
    <div class="scroll"><table><caption>Pull requests merged in the window</caption><thead><tr><th scope="col">Step</th><th scope="col">Pull requests</th><th scope="col">p50</th><th scope="col">p85</th></tr></thead>
    <tbody>{{#pulls}}<tr><th scope="row">{{label}}</th><td>{{count}}</td><td>{{p50}}</td><td>{{p85}}</td></tr>{{/pulls}}</tbody></table></div>
    </div>
    </main>
    </body>
    </html>
    """

    static let experiments = """
    {{> head}}{{> navigation}}
    <main id="content">
    <p>Create experiments with <code>streamgauge experiment create</code> or <code>POST /api/v1/experiments</code>; each is judged against a baseline of the same length just before it.</p>
    <div class="scroll"><table>
    <caption>Experiments</caption>
    <thead><tr><th scope="col">Experiment</th><th scope="col">Scope</th><th scope="col">Metric</th><th scope="col">Expected</th><th scope="col">Window</th><th scope="col">Verdict</th></tr></thead>
    <tbody>
    {{#rows}}<tr><th scope="row"><a href="/experiments/{{id}}">{{name}}</a></th><td><a href="{{scopeHref}}">{{scope}}</a></td><td>{{metric}}</td><td>{{expected}}</td><td>{{start}} – {{end}}</td><td><span class="outcome-{{outcome}}">{{outcome}}</span></td></tr>{{/rows}}
    {{^rows}}<tr><td colspan="6">No experiment yet.</td></tr>{{/rows}}
    </tbody>
    </table></div>
    </main>
    </body>
    </html>
    """

    static let experiment = """
    {{> head}}{{> navigation}}
    <main id="content">
    {{#experiment}}
    <p><strong>Hypothesis:</strong> {{hypothesis}}</p>
    <p>Scope <a href="{{scopeHref}}">{{scope}}</a> · metric {{metric}}, expected to {{expected}} · {{status}}{{#conclusion}} · conclusion: {{conclusion}}{{/conclusion}}</p>
    <p class="outcome-{{outcome}}">Verdict: {{outcome}} — {{explanation}}</p>
    {{/experiment}}
    <div class="scroll"><table><caption>Baseline against experiment</caption><tbody>
    {{#figures}}<tr><th scope="row">{{label}}</th><td>{{value}}</td></tr>{{/figures}}
    </tbody></table></div>
    {{#trend}}<div class="charts"><figure><figcaption>{{title}}</figcaption>{{{svg}}}<details><summary>Table of values</summary><div class="scroll">{{{table}}}</div></details></figure></div>{{/trend}}
    </main>
    </body>
    </html>
    """

    static let iterations = """
    {{> head}}{{> navigation}}
    <main id="content">
    <form class="picker" method="get" action="/iterations" aria-label="Iterations">
    {{#hidden}}<input type="hidden" name="{{name}}" value="{{value}}">{{/hidden}}
    <label>First iteration starts <input type="date" name="start" value="{{start}}" required></label>
    <label>Days each <input type="number" name="days" value="{{days}}" min="0.5" step="0.5" required></label>
    <label>Iterations <input type="number" name="count" value="{{count}}" min="1" max="52" required></label>
    <button type="submit">Show</button>
    </form>
    <div class="charts">
    {{#charts}}<figure><figcaption>{{title}}</figcaption>{{{svg}}}<details><summary>Table of values</summary><div class="scroll">{{{table}}}</div></details></figure>{{/charts}}
    </div>
    </main>
    </body>
    </html>
    """

    static let dataQuality = """
    {{> head}}{{> navigation}}
    <main id="content">
    {{> picker}}
    <div class="scroll"><table>
    <caption>Gaps in {{scopeName}}'s data over the window</caption>
    <thead><tr><th scope="col">Check</th><th scope="col">Count</th></tr></thead>
    <tbody>
    {{#checks}}<tr><th scope="row">{{label}}</th><td>{{count}}</td></tr>{{/checks}}
    </tbody>
    </table></div>
    <div class="scroll"><table>
    <caption>Sources: when each last sent something</caption>
    <thead><tr><th scope="col">Source</th><th scope="col">Requests</th><th scope="col">Last received</th><th scope="col">Age</th></tr></thead>
    <tbody>
    {{#sources}}<tr{{#stale}} class="stale"{{/stale}}><th scope="row">{{name}}</th><td>{{requests}}</td><td>{{last}}</td><td>{{age}}{{#stale}} (stale){{/stale}}</td></tr>{{/sources}}
    {{^sources}}<tr><td colspan="4">Nothing received yet.</td></tr>{{/sources}}
    </tbody>
    </table></div>
    <p><small>A source is stale when it sent nothing for {{staleAfter}}.</small></p>
    </main>
    </body>
    </html>
    """

    static let wall = """
    <!doctype html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta http-equiv="refresh" content="{{refreshSeconds}}">
    <link rel="icon" href="data:,">
    <title>{{name}} – Streamgauge wall</title>
    <style>
    body { margin: 0; background: #000; color: #fff; font-family: system-ui, sans-serif; }
    main { padding: 2vw 3vw; }
    h1 { font-size: 3.2vw; margin: 0 0 1.5vw; }
    .tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(28vw, 1fr)); gap: 1.5vw; }
    .tile { border: 3px solid #fff; padding: 1.2vw 1.5vw; }
    .tile h2 { font-size: 1.8vw; margin: 0; font-weight: 600; }
    .tile .value { font-size: 4.6vw; font-weight: 800; line-height: 1.1; overflow-wrap: anywhere; }
    .level { font-size: 1.8vw; font-weight: 700; padding: 0 .6vw; }
    .level-elite { background: #00e08a; color: #000; } .level-high { background: #7db4ff; color: #000; }
    .level-medium { background: #ffd166; color: #000; } .level-low { background: #ff4d6d; color: #000; } .level-none { background: #555; color: #fff; }
    .change { font-size: 1.6vw; } .better { color: #00e08a; } .worse { color: #ff8fa3; } .flat { color: #ddd; }
    .spark path { fill: none; stroke: #fff; stroke-width: 2; } .spark .point { fill: #fff; } .spark { display: block; width: 100%; height: 5vw; margin-top: .8vw; }
    footer { margin-top: 1.5vw; font-size: 1.2vw; color: #ddd; }
    @media (max-width: 700px) { .tiles { grid-template-columns: 1fr; } h1 { font-size: 7vw; } .tile h2 { font-size: 4.5vw; } .tile .value { font-size: 11vw; } .level, .change { font-size: 4vw; } footer { font-size: 3.5vw; } }
    </style>
    </head>
    <body>
    <main>
    <h1>{{name}} · last {{days}} days</h1>
    <div class="tiles">
    {{#cards}}<section class="tile" aria-label="{{title}}"><h2>{{title}}</h2><div class="value">{{value}}</div>{{#level}}<span class="level level-{{level}}">{{level}}</span>{{/level}} {{#change}}<span class="change {{trend}}">{{change}}</span>{{/change}}{{{spark}}}</section>{{/cards}}
    </div>
    <footer>Updated {{generatedAt}} · refreshes every {{refreshSeconds}} s</footer>
    </main>
    </body>
    </html>
    """
}
