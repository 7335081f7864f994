/// The parts every page shares: the document head with its style sheet, the navigation and the
/// window picker (a plain form: it works without JavaScript).
enum LayoutTemplates {
    static let style = """
    :root { --ink: #111; --muted: #444; --paper: #fafafa; --line: #d4d4d4; --accent: #1d4ed8; }
    * { box-sizing: border-box; }
    body { font-family: system-ui, sans-serif; margin: 0; color: var(--ink); background: var(--paper); line-height: 1.4; }
    a { color: var(--accent); }
    a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, [tabindex]:focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
    .skip { position: absolute; left: -999px; } .skip:focus { left: 1rem; top: .5rem; background: #fff; padding: .25rem .5rem; z-index: 2; }
    header { background: #14213d; color: #fff; padding: .75rem 1.5rem; }
    header h1 { margin: 0; font-size: 1.35rem; }
    header p { margin: .25rem 0 0; color: #e5e7eb; }
    nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: 1rem; margin: .5rem 0 0; padding: 0; }
    nav a { color: #fff; }
    main { padding: 1rem 1.5rem; max-width: 1240px; }
    form.picker { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: end; background: #fff; border: 1px solid var(--line); padding: .6rem .8rem; margin-bottom: 1rem; }
    form.picker label { display: flex; flex-direction: column; font-size: .85rem; color: var(--muted); }
    form.picker input, form.picker select, form.picker button { font: inherit; padding: .2rem .4rem; }
    .presets a { margin-right: .6rem; }
    .notice { background: #fff3cd; border: 1px solid #b58900; padding: .5rem 1rem; }
    table { border-collapse: collapse; width: 100%; background: #fff; margin-bottom: 1.5rem; }
    caption { text-align: left; font-weight: 600; font-size: 1.05rem; padding: .5rem 0; }
    th, td { padding: .4rem .55rem; border-bottom: 1px solid var(--line); text-align: right; vertical-align: middle; }
    th:first-child, td:first-child { text-align: left; }
    .level { display: inline-block; min-width: 4.5em; padding: 0 .4em; border-radius: 3px; font-size: .8rem; text-align: center; }
    .level-elite { background: #0b6e4f; color: #fff; } .level-high { background: #1d4ed8; color: #fff; }
    .level-medium { background: #f4a261; color: #111; } .level-low { background: #b00020; color: #fff; }
    .level-none { background: #e5e7eb; color: #333; }
    .change { display: block; font-size: .78rem; } .change.better { color: #0b6e4f; } .change.worse { color: #b00020; } .change.flat { color: var(--muted); }
    .spark { vertical-align: middle; } .spark path { fill: none; stroke: #1d4ed8; stroke-width: 1.5; } .spark .point { fill: #1d4ed8; }
    .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(210px, 1fr)); gap: .8rem; margin-bottom: 1.2rem; }
    .card { background: #fff; border: 1px solid var(--line); padding: .7rem .8rem; }
    .card h3 { margin: 0 0 .3rem; font-size: .9rem; color: var(--muted); font-weight: 600; }
    .card .value { font-size: 1.6rem; font-weight: 700; }
    .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 1rem; }
    figure { margin: 0 0 1rem; background: #fff; border: 1px solid var(--line); padding: .6rem; }
    figcaption { font-weight: 600; margin-bottom: .3rem; }
    svg.chart { width: 100%; height: auto; display: block; }
    .chart .grid { stroke: #e5e7eb; } .chart .axis { font-size: 11px; fill: #444; } .chart .empty { fill: #444; font-size: 13px; }
    .chart .line { fill: none; stroke-width: 2; } .chart .line.series-a { stroke: #1d4ed8; } .chart .line.series-b { stroke: #b45309; stroke-dasharray: 5 3; }
    .chart circle.series-a, .chart rect.series-a { fill: #1d4ed8; } .chart circle.series-b { fill: #b45309; }
    .chart .deploy { stroke-width: 2; } .deploy.success { stroke: #0b6e4f; } .deploy.failed { stroke: #b00020; stroke-width: 3; }
    .deploy.rework { stroke: #7c3aed; stroke-width: 3; } .deploy.attempt { stroke: #6b7280; } .chart .incident { fill: #d97706; }
    .legend { font-size: .85rem; color: var(--muted); } .legend span { margin-right: 1rem; }
    .swatch { display: inline-block; width: .8em; height: .8em; margin-right: .3em; vertical-align: -1px; }
    details { margin: .3rem 0 0; } summary { cursor: pointer; color: var(--accent); }
    svg.chart.vsm { min-width: 900px; } .vsm rect { fill: #fff; stroke: #14213d; stroke-width: 2; } .vsm .waiting rect { stroke-dasharray: 6 4; fill: #f3f4f6; }
    .vsm .constraint rect { stroke: #b00020; stroke-width: 4; fill: #fde2e2; } .vsm text { font-size: 12px; fill: #111; } .vsm .name { font-weight: 700; }
    .vsm .ladder { stroke: #14213d; stroke-width: 2; fill: none; } .vsm .ladder.constraint { stroke: #b00020; stroke-width: 4; }
    .vsm .ladder-label { font-size: 12px; } .vsm .total { font-weight: 700; font-size: 13px; }
    .cfd .band { stroke: #fff; stroke-width: .5; } .cfd .day { fill: transparent; } .cfd .day:hover { fill: rgba(0,0,0,.08); }
    .chart .annotation { fill: rgba(124, 58, 237, .10); stroke: #7c3aed; stroke-dasharray: 3 3; } .chart .annotation-label { font-size: 11px; fill: #5b21b6; }
    .outcome-improved { color: #0b6e4f; font-weight: 700; } .outcome-worsened { color: #b00020; font-weight: 700; }
    .outcome-no-significant-change, .outcome-not-enough-data { color: #444; font-weight: 700; }
    .stale { background: #fde2e2; } .stale td:last-child { color: #b00020; font-weight: 600; }
    .scroll { overflow-x: auto; max-width: 100%; }
    td { overflow-wrap: break-word; }
    @media (max-width: 700px) {
      main { padding: .6rem; } .charts { grid-template-columns: 1fr; } header { padding: .6rem; }
      table.overview .spark { display: none; }
      table.overview th:nth-child(n+4), table.overview td:nth-child(n+4) { display: none; }
      form.picker { padding: .4rem; } .presets { display: block; }
    }
    """

    static let head = """
    <!doctype html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>{{title}} – Streamgauge</title>
    <link rel="icon" href="data:,">
    <style>{{{style}}}</style>
    </head>
    <body>
    <a class="skip" href="#content">Skip to content</a>
    """

    static let navigation = """
    <header>
    <h1>{{heading}}</h1>
    <p>{{windowText}} · levels: {{benchmark}}</p>
    <nav aria-label="Views"><ul>
    <li><a href="/?{{query}}">Overview</a></li>
    <li><a href="/flow?{{query}}">Value stream map</a></li>
    <li><a href="/data-quality?{{query}}">Data quality</a></li>
    <li><a href="/experiments">Experiments</a></li>
    <li><a href="/wall">Wall display</a></li>
    <li><a href="/api/v1/metrics">JSON</a></li>
    </ul></nav>
    </header>
    """

    static let picker = """
    {{#picker}}
    <form class="picker" method="get" action="{{action}}" aria-label="Time window">
    {{#hidden}}<input type="hidden" name="{{name}}" value="{{value}}">{{/hidden}}
    <label>From <input type="date" name="from" value="{{from}}" required></label>
    <label>To <input type="date" name="to" value="{{to}}" required></label>
    <label>Trend by <select name="period"><option value="week"{{#weekSelected}} selected{{/weekSelected}}>week</option><option value="month"{{#monthSelected}} selected{{/monthSelected}}>month</option></select></label>
    <button type="submit">Show</button>
    <span class="presets">Last: {{#presets}}<a href="{{href}}">{{label}}</a>{{/presets}}</span>
    </form>
    {{/picker}}
    """
}
