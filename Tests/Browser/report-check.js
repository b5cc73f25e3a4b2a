// Injected first into a copy of a Fulcrum report by ReportBrowserTests: records script
// errors, console errors and every request or blocked request while the page loads, then
// measures each chart (text boxes, ticks, rules, rows, points) as Chromium laid it out,
// and writes the findings as JSON into <pre id="fulcrum-check"> for --dump-dom to show.
(function () {
  const findings = { errors: [], requests: [], charts: [] };
  window.addEventListener('error', (e) => findings.errors.push('error: ' + e.message));
  document.addEventListener('securitypolicyviolation', (e) => findings.requests.push(e.blockedURI + ' (' + e.violatedDirective + ')'));
  for (const level of ['error', 'warn']) {
    const original = console[level];
    console[level] = function (...args) { findings.errors.push(level + ': ' + args.join(' ')); original.apply(console, args); };
  }
  const box = (el) => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const centre = (el) => { const b = box(el); return [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2]; };
  window.addEventListener('load', () => {
    for (const entry of performance.getEntriesByType('resource')) findings.requests.push(entry.name);
    document.querySelectorAll('svg.chart').forEach((svg) => {
      const plot = svg.querySelector('[data-chart]');
      findings.charts.push({
        kind: svg.getAttribute('data-chart') || (plot ? plot.getAttribute('data-chart') : ''),
        frame: box(svg),
        texts: [...svg.querySelectorAll('text')].filter((t) => t.textContent.trim() !== '').map((t) => ({ text: t.textContent, box: box(t) })),
        ticksX: [...svg.querySelectorAll('text.tick-x')].map((t) => ({ text: t.textContent, value: +t.dataset.value, x: centre(t)[0] })),
        rules: [...svg.querySelectorAll('line.rule')].map((l) => ({ role: l.dataset.role, value: +l.dataset.value, x: centre(l)[0] })),
        rows: [...svg.querySelectorAll('text.row-label')].sort((a, b) => centre(a)[1] - centre(b)[1]).map((t) => t.dataset.rowId),
        points: [...svg.querySelectorAll('g.point')].map((g) => ({ x: +g.dataset.x, y: +g.dataset.y, cx: centre(g)[0], cy: centre(g)[1] })),
      });
    });
    const out = document.createElement('pre');
    out.id = 'fulcrum-check';
    out.textContent = JSON.stringify(findings);
    document.body.appendChild(out);
  });
})();
