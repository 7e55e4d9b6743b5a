/* marsad workbench: a plain-JS single page over the JSON API (no build step).
 *
 * Safety rule: text from the database is only ever inserted as text nodes (h() / textNodes()),
 * never through innerHTML, so an article containing <script>, <img onerror> or bidi controls
 * shows them as text. Bidi control characters are made visible as "U+202E" badges, and every
 * data string is isolated (<bdi>, unicode-bidi: isolate) so it cannot reorder the page around it.
 */
'use strict';

(() => {
  const main = document.getElementById('main');
  const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
  const COOP = new Set(['AGREE', 'CONSULT', 'SUPPORT', 'CONCEDE', 'COOPERATE', 'AID', 'RETREAT']);
  const TYPE_COLOURS = {
    AGREE: '#1b9e77', CONSULT: '#2c7fb8', SUPPORT: '#66a61e', CONCEDE: '#7fcdbb', COOPERATE: '#41ab5d',
    AID: '#0868ac', RETREAT: '#a6d96a', REQUEST: '#fdae61', ACCUSE: '#f46d43', REJECT: '#d53e4f',
    THREATEN: '#e7298a', PROTEST: '#fee08b', SANCTION: '#9e0142', MOBILIZE: '#b35806', COERCE: '#762a83',
    ASSAULT: '#67001f',
  };
  const CAMP_COLOURS = { east: '#c0392b', west: '#2471a3', both: '#8e44ad', none: '#95a5a6' };
  const charts = [];
  let facetsCache = null;
  let cy = null;

  // ---- DOM helpers: data goes in as text, never as markup ---------------------------------------
  function ctl(ch) {
    const code = 'U+' + ch.codePointAt(0).toString(16).toUpperCase().padStart(4, '0');
    const el = document.createElement('span');
    el.className = 'bidi-ctl';
    el.title = 'invisible direction control ' + code + ', shown as text';
    el.textContent = code;
    return el;
  }

  function textNodes(value) {
    const s = String(value);
    const out = [];
    let last = 0;
    for (const m of s.matchAll(BIDI)) {
      if (m.index > last) out.push(document.createTextNode(s.slice(last, m.index)));
      out.push(ctl(m[0]));
      last = m.index + m[0].length;
    }
    if (last < s.length) out.push(document.createTextNode(s.slice(last)));
    return out;
  }

  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') el.className = v;
      else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else if (k === 'href') el.setAttribute('href', safeHref(v));
      else el.setAttribute(k, v === true ? '' : String(v));
    }
    append(el, children);
    return el;
  }

  function append(el, children) {
    for (const c of children.flat(Infinity)) {
      if (c === null || c === undefined || c === false) continue;
      if (c instanceof Node) el.appendChild(c);
      else for (const n of textNodes(c)) el.appendChild(n);
    }
    return el;
  }

  function safeHref(v) {
    const s = String(v);
    return /^(#|\/(?!\/)|https?:\/\/)/i.test(s) ? s : '#';
  }

  const ar = (text, tag = 'span', cls = '') => h(tag, { class: ('ar ' + cls).trim(), dir: 'rtl', lang: 'ar' }, text ?? '');
  const bdi = (text) => h('bdi', {}, text ?? '');
  const clear = (el) => { while (el.firstChild) el.removeChild(el.firstChild); return el; };

  // Text with marks {start, end, kind, label}: event sentences become outer spans, the other marks (trigger,
  // actor, place, date, search) inner spans, split at every edge so overlapping marks nest.
  function markedText(text, marks, onMark) {
    const frag = document.createDocumentFragment();
    const valid = (marks || []).filter((m) => m.start < m.end && m.start >= 0 && m.end <= text.length);
    const cuts = new Set([0, text.length]);
    for (const m of valid) { cuts.add(m.start); cuts.add(m.end); }
    const points = [...cuts].sort((a, b) => a - b);
    let outer = null;
    let outerKey = '';
    for (let i = 0; i + 1 < points.length; i++) {
      const a = points[i];
      const b = points[i + 1];
      const cover = valid.filter((m) => m.start <= a && m.end >= b);
      const events = cover.filter((m) => m.kind === 'event');
      const inner = cover.filter((m) => m.kind !== 'event');
      const key = events.map((m) => m.event_id + ':' + m.start + ':' + m.end).join(',');
      if (key !== outerKey) {
        outerKey = key;
        outer = null;
        if (events.length) {
          outer = h('span', { class: 'mk mk-event', title: events.map((m) => 'event: ' + m.label).join('\n'),
            'data-event': String(events[0].event_id) });
          if (onMark) outer.addEventListener('click', () => onMark(events));
          frag.appendChild(outer);
        }
      }
      const piece = text.slice(a, b);
      const node = inner.length
        ? h('span', { class: inner.map((m) => 'mk mk-' + m.kind).join(' '), title: inner.map((m) => m.kind + ': ' + m.label).join('\n') }, piece)
        : piece;
      append(outer || frag, [node]);
    }
    return frag;
  }

  // ---- API ----------------------------------------------------------------------------------------
  async function api(path, params) {
    const qs = params ? '?' + new URLSearchParams(clean(params)).toString() : '';
    const res = await fetch(path + qs, { headers: { Accept: 'application/json' } });
    const body = await res.json().catch(() => ({}));
    if (!res.ok) {
      const err = (body && body.error) || { code: 'http_' + res.status, message: res.statusText };
      throw new Error(err.code + ': ' + err.message);
    }
    return body;
  }

  function clean(params) {
    const out = {};
    for (const [k, v] of Object.entries(params || {})) if (v !== '' && v !== null && v !== undefined) out[k] = v;
    return out;
  }

  async function facets() {
    if (!facetsCache) facetsCache = (await api('/api/summary')).facets;
    return facetsCache;
  }

  // ---- shared pieces -----------------------------------------------------------------------------
  function typeTag(type) {
    return h('span', { class: 'tag ' + (COOP.has(type) ? 'coop' : 'conflict'), title: COOP.has(type) ? 'cooperation' : 'conflict' }, type);
  }

  function actorLinks(list) {
    if (!list || !list.length) return h('span', { class: 'muted' }, '—');
    return list.map((a, i) => [i ? ', ' : '', h('a', { href: '#/actors/' + a.id }, bdi(a.name)),
      a.polity ? h('span', { class: 'muted' }, ' (', a.polity, ')') : null]);
  }

  function eventsTable(events, opts = {}) {
    if (!events.length) return h('p', { class: 'muted' }, 'No events match.');
    const rows = events.map((e) => h('tr', {
      class: 'clickable', 'data-event': e.id,
      onclick: (ev) => { if (!(ev.target instanceof HTMLAnchorElement)) location.hash = '#/events/' + e.id; },
    },
    h('td', { class: 'nowrap' }, e.date || h('span', { class: 'muted' }, 'undated')),
    h('td', {}, typeTag(e.event_type), e.mode ? h('div', { class: 'muted' }, e.mode) : null,
      e.aux ? h('span', { class: 'tag aux' }, e.aux) : null),
    h('td', {}, actorLinks(e.actor), ' → ', actorLinks(e.recipient)),
    opts.location === false ? null : h('td', {}, e.location ? bdi(e.location) : ''),
    h('td', {}, ar(truncate(e.evidence, opts.chars || 170), 'div', 'evidence')),
    h('td', { class: 'num' }, h('a', { href: '#/events/' + e.id, title: 'open the event and its reports' }, String(e.reports ?? ''))),
    ));
    return h('table', { class: 'events' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Date'), h('th', {}, 'Type'), h('th', {}, 'Actor → recipient'),
        opts.location === false ? null : h('th', {}, 'Location'), h('th', {}, 'Evidence (Arabic)'), h('th', { class: 'num' }, 'Reports'))),
      h('tbody', {}, rows));
  }

  function truncate(s, n) { s = s || ''; return s.length > n ? s.slice(0, n) + '…' : s; }

  function chartBox() { return h('div', { class: 'chart-box' }, h('canvas')); }

  function timelineChart(box, timeline, opts = {}) {
    if (!window.Chart) { append(box, [h('p', { class: 'error' }, 'chart.js did not load: run make install')]); return; }
    if (!timeline.months.length) { clear(box); append(box, [h('p', { class: 'muted' }, 'No dated events.')]); return; }
    const datasets = Object.entries(timeline.series).map(([type, counts]) => ({
      type: 'bar', label: type, data: counts, backgroundColor: TYPE_COLOURS[type] || '#888', stack: 'types', yAxisID: 'y',
    }));
    if (opts.balance) {
      datasets.push({ type: 'line', label: 'cooperation − conflict balance', data: timeline.balance, yAxisID: 'balance',
        borderColor: '#111', backgroundColor: '#111', spanGaps: false, tension: 0, pointRadius: 4 });
    }
    const scales = { x: { stacked: true }, y: { stacked: true, beginAtZero: true, title: { display: true, text: 'events' } } };
    if (opts.balance) scales.balance = { position: 'right', min: -1, max: 1, grid: { drawOnChartArea: false }, title: { display: true, text: 'balance' } };
    charts.push(new window.Chart(box.querySelector('canvas'), {
      data: { labels: timeline.months, datasets }, options: { responsive: true, maintainAspectRatio: false, animation: false, scales },
    }));
  }

  function exportButtons(params, formats) {
    return h('div', { class: 'exports' }, h('span', { class: 'muted' }, 'Export this selection:'),
      formats.map(([fmt, label]) => h('a', {
        class: 'button secondary', href: '/api/export?' + new URLSearchParams(clean({ ...params, format: fmt })).toString(),
        download: '', 'data-format': fmt,
      }, label)));
  }

  function showError(err) {
    clear(main);
    append(main, [h('p', { class: 'error', role: 'alert' }, String(err.message || err))]);
  }

  // ---- pages ---------------------------------------------------------------------------------------
  async function dashboard() {
    const [s, w] = await Promise.all([api('/api/summary'), api('/api/watches')]);
    facetsCache = s.facets;
    const c = s.counts;
    const chart = chartBox();
    append(clear(main), [
      h('h1', {}, 'Dashboard'),
      h('div', { class: 'cards' },
        [['documents', c.documents], ['events', c.events], ['actors', c.actors], ['duplicates', c.duplicates]]
          .map(([k, v]) => h('div', { class: 'card' }, h('div', { class: 'n' }, String(v)), h('div', { class: 'muted' }, k)))),
      h('div', { class: 'panel', id: 'watch-panel' }, h('h2', {}, 'Watches: ', h('span', { class: w.new ? 'tag conflict' : 'tag', id: 'watch-new-total' }, String(w.new)), ' new matches'),
        w.watches.length ? h('ul', { class: 'watch-list' }, w.watches.map((x) => h('li', { 'data-watch': x.id }, h('a', { href: '#/watches/' + x.id }, bdi(x.name)), ' · ',
          x.new ? h('span', { class: 'tag conflict' }, x.new + ' new') : h('span', { class: 'muted' }, 'nothing new'), ' · ', h('a', { href: x.feed }, 'Atom'))))
          : h('p', { class: 'muted' }, 'No watches yet: ', h('a', { href: '#/watches' }, 'save a filter'), ' to hear of new matches after each ingest.')),
      h('div', { class: 'panel' }, h('h2', {}, 'Events by type per month'), chart),
      h('div', { class: 'grid2' },
        h('div', { class: 'panel' }, h('h2', {}, 'Most active actors'), h('table', {},
          h('tbody', {}, s.top_actors.map((a) => h('tr', {},
            h('td', {}, h('a', { href: '#/actors/' + a.id }, bdi(a.name))), h('td', {}, a.name_ar ? ar(a.name_ar) : ''),
            h('td', {}, a.polity || ''), h('td', { class: 'num' }, String(a.events))))))),
        h('div', { class: 'panel' }, h('h2', {}, 'Most active dyads (polities)'), h('table', {},
          h('tbody', {}, s.top_dyads.map((d) => h('tr', {},
            h('td', {}, h('a', { href: '#/dyads/' + encodeURIComponent(d.source) + '/' + encodeURIComponent(d.target) },
              bdi(d.source_label || d.source), ' ↔ ', bdi(d.target_label || d.target))),
            h('td', { class: 'num' }, String(d.weight)),
            h('td', {}, h('span', { class: 'tag coop' }, String(d.cooperation)), ' ', h('span', { class: 'tag conflict' }, String(d.conflict))))))))),
      h('div', { class: 'panel' }, h('h2', {}, 'Latest events'), eventsTable(s.latest, { chars: 140 })),
    ]);
    timelineChart(chart, s.timeline);
  }

  const FILTERS = ['actor', 'polity', 'type', 'mode', 'context', 'aux', 'date_from', 'date_to', 'location', 'q'];

  function select(name, options, value, all = 'any') {
    return h('select', { name }, h('option', { value: '' }, all),
      options.map((o) => {
        const [v, label] = Array.isArray(o) ? o : [o, o];
        return h('option', { value: v, selected: v === value }, label);
      }));
  }

  async function eventsPage(params) {
    const f = await facets();
    const p = Object.fromEntries(params.entries());
    const limit = Number(p.limit || 50);
    const offset = Number(p.offset || 0);
    const data = await api('/api/events', { ...pick(p, FILTERS), limit, offset, sort: p.sort || '-date' });
    const input = (name, label, extra = {}) => h('label', {}, label, h('input', { name, value: p[name] || '', ...extra }));
    const form = h('form', { class: 'filters', id: 'event-filters' },
      input('actor', 'Actor (name in English or Arabic, or id)', { dir: 'auto', placeholder: 'Haftar / حفتر' }),
      h('label', {}, 'Polity', select('polity', f.polities.map((x) => [x.code, x.code + ' · ' + x.name]), p.polity)),
      h('label', {}, 'Event type', select('type', f.all_types, p.type)),
      h('label', {}, 'Mode', select('mode', f.modes, p.mode)),
      h('label', {}, 'Context', select('context', f.contexts, p.context)),
      h('label', {}, 'Aux', select('aux', f.aux, p.aux)),
      input('date_from', 'From (YYYY[-MM[-DD]])', { placeholder: '2019', pattern: '\\d{4}(-\\d{2}){0,2}' }),
      input('date_to', 'To', { placeholder: '2025-12', pattern: '\\d{4}(-\\d{2}){0,2}' }),
      input('location', 'Location'),
      input('q', 'Words in the evidence', { dir: 'auto', lang: 'ar' }),
      h('label', {}, 'Sort', select('sort', [['-date', 'newest first'], ['date', 'oldest first'], ['type', 'type'], ['confidence', 'confidence']], p.sort || '-date', 'default')),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Filter'),
        h('a', { class: 'button secondary', href: '#/events' }, 'Reset')));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const fd = new FormData(form);
      const next = new URLSearchParams();
      for (const [k, v] of fd.entries()) if (v) next.set(k, v);
      location.hash = '#/events?' + next.toString();
    });
    const filters = pick(p, FILTERS);
    const watchable = pick(p, ['actor', 'polity', 'type', 'location']);
    const watchStatus = h('span', { class: 'muted', id: 'watch-status' });
    append(clear(main), [
      h('h1', {}, 'Events'), form,
      exportButtons(filters, [['csv', 'CSV'], ['plover-jsonl', 'PLOVER JSONL'], ['graphml', 'GraphML']]),
      Object.keys(watchable).length ? h('div', { class: 'exports' }, h('button', { type: 'button', class: 'secondary', id: 'watch-filter',
        title: 'save actor, polity, type and location as a watch that every ingest checks',
        onclick: () => watchFilter(watchable, watchStatus) }, 'Watch this filter'), watchStatus) : null,
      pager({ route: 'events', params, offset, shown: data.events.length, total: data.total, size: limit }),
      eventsTable(data.events),
    ]);
  }

  function pick(obj, keys) {
    const out = {};
    for (const k of keys) if (obj[k]) out[k] = obj[k];
    return out;
  }

  async function eventPage(id) {
    const e = await api('/api/events/' + encodeURIComponent(id));
    const polities = (e.polities || '').split(',').filter(Boolean)
      .map((code) => [code, e.labels && e.labels.polities && e.labels.polities[code] ? ' (' + e.labels.polities[code] + ')' : '']);
    const firstPair = e.actor.length && e.recipient.length ? [e.actor[0].id, e.recipient[0].id] : null;
    append(clear(main), [
      h('p', {}, h('a', { href: '#/events' }, '← events')),
      h('h1', {}, typeTag(e.event_type), ' ', e.mode || '', ' ', e.aux ? h('span', { class: 'tag aux' }, e.aux) : null,
        h('span', { class: 'muted' }, ' event #' + e.id)),
      h('div', { class: 'grid2' },
        h('div', { class: 'panel' }, h('dl', { class: 'facts' },
          h('dt', {}, 'Actor'), h('dd', {}, actorLinks(e.actor)),
          h('dt', {}, 'Recipient'), h('dd', {}, actorLinks(e.recipient)),
          h('dt', {}, 'Date'), h('dd', {}, e.date || 'undated', e.date_text ? [' · ', ar(e.date_text)] : null),
          h('dt', {}, 'Location'), h('dd', {}, e.location ? bdi(e.location) : '—'),
          h('dt', {}, 'Context'), h('dd', {}, (e.context || []).join(', ') || '—'),
          h('dt', {}, 'CAMEO'), h('dd', {}, e.cameo || '—'),
          h('dt', {}, 'Trigger'), h('dd', {}, e.trigger ? ar(e.trigger) : '—', e.trigger_id ? h('span', { class: 'muted' }, ' (' + e.trigger_id + ')') : null),
          h('dt', {}, 'Polities'), h('dd', {}, polities.map(([c, n], i) => [i ? ', ' : '', c, n]) || '—'),
          h('dt', {}, 'Confidence'), h('dd', {}, e.confidence === null ? '—' : String(e.confidence)),
        )),
        h('div', { class: 'panel' },
          firstPair ? h('p', {}, h('a', { href: `#/dyads/${firstPair[0]}/${firstPair[1]}` }, 'The relation between these actors over time →')) : null,
          h('p', {}, h('a', { href: '#/network?' + new URLSearchParams(clean({ date_from: (e.date || '').slice(0, 4), date_to: (e.date || '').slice(0, 4) })) }, 'The network in this year →')),
          h('p', {}, h('a', { href: '#/claims?event=' + e.id }, 'Claims about this event →')),
          legend())),
      outletsPanel(e),
      h('h2', {}, `Reports (${e.reports.length})`),
      e.reports.map((r) => h('div', { class: 'report', 'data-report': r.id },
        h('div', {}, h('a', { href: `#/documents/${r.document_id}?event=${e.id}` }, r.title ? ar(r.title) : bdi(r.doc_key)),
          h('span', { class: 'muted' }, ' · ', bdi(r.doc_key), r.source ? [' · ', bdi(r.source)] : null,
            e.first_report && e.first_report.report_id === r.id ? ' · first report' : null)),
        h('p', { class: 'ar evidence', dir: 'rtl', lang: 'ar' }, markedText(r.sentence, r.marks)),
        gloss(r.sentence, r.marks))),
    ]);
  }

  // One happening, many outlets: who carried it, which merges made it one event and why, where the reports differ.
  function outletsPanel(e) {
    const outlets = e.outlets || [];
    if (outlets.length < 2 && !(e.merges || []).length) return null;
    const docName = (id) => {
      const o = outlets.find((x) => x.document_id === id);
      return o ? (o.source ? bdi(o.source) : bdi(o.doc_key)) : '#' + id;
    };
    const fields = { date: 'Date', location: 'Place', numbers: 'Numbers' };
    return h('div', { class: 'panel outlets' },
      h('h2', {}, `Outlets (${outlets.length})`),
      h('ol', {}, outlets.map((o) => h('li', { 'data-document': o.document_id },
        h('a', { href: `#/documents/${o.document_id}?event=${e.id}` }, o.source ? bdi(o.source) : bdi(o.doc_key)),
        h('span', { class: 'muted' }, ' · ', o.published || 'undated', ' · ', o.title ? ar(o.title) : bdi(o.doc_key))))),
      (e.merges || []).length ? h('div', {}, h('h3', {}, 'Why these reports are one event'),
        h('ul', { class: 'merges' }, e.merges.map((m) => h('li', { 'data-merge': m.id },
          docName(m.document_id), ': ', m.why, ` (rule ${m.rule}; reports ${m.reports.map((r) => '#' + r).join(', ') || '—'})`,
          m.undone ? h('span', { class: 'tag aux' }, 'split again') : null)))) : null,
      Object.keys(e.disagreements || {}).length ? h('div', {}, h('h3', {}, 'Where the reports disagree'),
        h('dl', { class: 'facts disagreements' }, Object.entries(e.disagreements).map(([field, values]) => [
          h('dt', {}, fields[field] || field),
          h('dd', {}, values.map((v, i) => [i ? '; ' : '', bdi(v.value), h('span', { class: 'muted' }, ' (',
            v.documents.map((d, j) => [j ? ', ' : '', docName(d)]), ')')]))]))) : null);
  }

  function legend(toggle) {
    const kinds = [['trigger', 'event trigger'], ['actor', 'actor'], ['place', 'place'], ['date', 'date'], ['event', 'event sentence']];
    return h('div', { class: 'legend' }, kinds.map(([k, label]) => h('label', {},
      toggle ? h('input', { type: 'checkbox', checked: true, 'data-kind': k, onchange: (ev) => toggle(k, ev.target.checked) }) : null,
      h('span', { class: 'swatch ' + k }), label)));
  }

  // English labels beside the Arabic: one line per mark in a sentence.
  function gloss(text, marks) {
    const useful = (marks || []).filter((m) => m.kind !== 'event');
    if (!useful.length) return null;
    return h('ul', { class: 'gloss' }, useful.map((m) => h('li', {},
      h('span', { class: 'swatch ' + m.kind }), ' ', ar(text.slice(m.start, m.end)), ' → ', m.kind, ': ', bdi(m.label),
      m.polity ? h('span', { class: 'muted' }, ' (' + m.polity + ')') : null)));
  }

  const ACTORS_PAGE = 50;

  async function actorsPage(params) {
    const p = Object.fromEntries(params.entries());
    const f = await facets();
    const offset = Math.max(0, Number(p.offset || 0));
    const data = await api('/api/actors', { q: p.q, polity: p.polity, limit: ACTORS_PAGE, offset });
    const form = h('form', { class: 'filters', id: 'actor-filters' },
      h('label', {}, 'Name (English or Arabic)', h('input', { name: 'q', value: p.q || '', dir: 'auto', placeholder: 'Haftar / حفتر' })),
      h('label', {}, 'Polity', select('polity', f.polities.map((x) => [x.code, x.code + ' · ' + x.name]), p.polity)),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Find'),
        h('a', { class: 'button secondary', href: '#/actors' }, 'Reset')));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      location.hash = '#/actors?' + new URLSearchParams(clean(Object.fromEntries(new FormData(form).entries())));
    });
    append(clear(main), [h('h1', {}, 'Actors'), form,
      pager({ route: 'actors', params, offset, shown: data.actors.length, total: data.total, size: ACTORS_PAGE }),
      h('table', { id: 'actor-table' }, h('thead', {}, h('tr', {}, ['Name', 'Arabic', 'Polity', 'Kind', 'Events'].map((t) => h('th', {}, t)))),
        h('tbody', {}, data.actors.map((a) => h('tr', { class: 'clickable', 'data-actor': a.id, onclick: () => { location.hash = '#/actors/' + a.id; } },
          h('td', {}, h('a', { href: '#/actors/' + a.id }, bdi(a.name))), h('td', {}, a.name_ar ? ar(a.name_ar) : ''),
          h('td', {}, a.polity || ''), h('td', {}, a.kind || ''), h('td', { class: 'num' }, String(a.events)))))),
      data.total > ACTORS_PAGE ? pager({ route: 'actors', params, offset, shown: data.actors.length, total: data.total,
        size: ACTORS_PAGE, where: 'bottom' }) : null]);
  }

  // "51–100 of 131 actors", with links to the page before and after (the offset lives in the address).
  function pager({ route, noun = route, params, offset, shown, total, size, where = 'top' }) {
    const page = (delta) => {
      const next = new URLSearchParams(params);
      next.set('offset', String(Math.max(0, offset + delta)));
      return `#/${route}?` + next.toString();
    };
    return h('div', { class: 'pager', 'data-where': where },
      h('span', { class: 'count', id: where === 'top' ? noun.replace(/s$/, '') + '-count' : null },
        total ? `${offset + 1}–${offset + shown} of ${total} ${noun}` : `0 ${noun}`),
      offset > 0 ? h('a', { href: page(-size), rel: 'prev' }, '← previous') : null,
      offset + shown < total ? h('a', { href: page(size), rel: 'next' }, 'next →') : null);
  }

  async function actorPage(id) {
    const a = await api('/api/actors/' + encodeURIComponent(id));
    const chart = chartBox();
    append(clear(main), [
      h('p', {}, h('a', { href: '#/actors' }, '← actors')),
      h('h1', {}, bdi(a.name_en || a.name), a.names_ar.length ? [' ', ar(a.names_ar[0])] : null),
      h('div', { class: 'grid2' },
        h('div', { class: 'panel' }, h('dl', { class: 'facts' },
          h('dt', {}, 'Polity'), h('dd', {}, a.polity || '—', a.polity_name ? ' · ' + a.polity_name : ''),
          h('dt', {}, 'Kind'), h('dd', {}, a.kind || '—'),
          h('dt', {}, 'Arabic names'), h('dd', {}, a.names_ar.length ? a.names_ar.map((n, i) => [i ? '، ' : '', ar(n)]) : '—'),
          h('dt', {}, 'Knowledge base'), h('dd', {}, a.kb_id || 'not in the knowledge base'),
          h('dt', {}, 'Events'), h('dd', {}, String(a.events), ' (', h('span', { class: 'tag coop' }, a.cooperation + ' cooperation'), ' ',
            h('span', { class: 'tag conflict' }, a.conflict + ' conflict'), ') ',
            h('a', { href: '#/events?actor=' + a.id }, 'list them →')),
          a.note ? [h('dt', {}, 'Note'), h('dd', {}, a.note)] : null)),
        h('div', { class: 'panel' }, h('h2', {}, 'Roles over time'), a.roles.length ? h('table', {}, h('tbody', {},
          a.roles.map((r) => h('tr', {}, h('td', {}, r.title_en || r.title, r.title_ar ? [' ', ar(r.title_ar)] : null),
            h('td', {}, r.polity, r.polity_name ? ' · ' + r.polity_name : ''),
            h('td', {}, `${r.start ?? '?'} – ${r.end ?? 'now'}`))))) : h('p', { class: 'muted' }, 'No roles recorded.'))),
      h('div', { class: 'panel' }, h('h2', {}, 'Timeline of events by type'), chart),
      h('div', { class: 'grid2' },
        h('div', { class: 'panel' }, h('h2', {}, 'Events by type'), h('table', {},
          h('thead', {}, h('tr', {}, h('th', {}, 'Type'), h('th', { class: 'num' }, 'as actor'), h('th', { class: 'num' }, 'as recipient'))),
          h('tbody', {}, Object.entries(a.by_type).map(([t, n]) => h('tr', {}, h('td', {}, typeTag(t)),
            h('td', { class: 'num' }, String(n.actor)), h('td', { class: 'num' }, String(n.recipient))))))),
        h('div', { class: 'panel' }, h('h2', {}, 'Top partners'), a.partners.length ? h('table', {}, h('tbody', {},
          a.partners.map((p) => h('tr', {}, h('td', {}, h('a', { href: '#/actors/' + p.id }, bdi(p.name))),
            h('td', {}, p.polity || ''), h('td', { class: 'num' }, String(p.events)),
            h('td', {}, h('a', { href: `#/dyads/${a.id}/${p.id}` }, 'dyad →')))))) : h('p', { class: 'muted' }, 'No partners.'))),
      h('p', { class: 'ledger-links' }, h('a', { href: '#/visits?actor=' + encodeURIComponent(a.id) }, 'Visits made by ' + (a.name_en || a.name) + ' →'), ' · ',
        h('a', { href: '#/visits?host=' + encodeURIComponent(a.id) }, 'Visits received →'),
        a.polity ? [' · ', h('a', { href: '#/balance?state=' + encodeURIComponent(a.polity) }, 'Camp balance of ' + a.polity + ' →')] : null),
      h('h2', {}, 'Recent events'), eventsTable(a.recent),
    ]);
    timelineChart(chart, a.timeline);
  }

  // ---- network ------------------------------------------------------------------------------------
  function hue(text) {
    let x = 0;
    for (const ch of String(text)) x = (x * 31 + ch.codePointAt(0)) % 360;
    return `hsl(${x}, 55%, 48%)`;
  }

  async function networkPage(params) {
    const f = await facets();
    const p = Object.fromEntries(params.entries());
    const level = p.level || 'polity';
    const colour = p.colour || 'camp';
    const chosen = new Set((p.type || '').split(',').filter(Boolean));
    const form = h('form', { class: 'filters', id: 'network-filters' },
      h('label', {}, 'Level', select('level', [['polity', 'polities'], ['person', 'people & bodies']], level, 'polities')),
      h('label', {}, 'From', h('input', { name: 'date_from', value: p.date_from || '', placeholder: '2019' })),
      h('label', {}, 'To', h('input', { name: 'date_to', value: p.date_to || '', placeholder: '2025' })),
      h('label', {}, 'Colour by', select('colour', [['camp', 'camp (east / west Libya)'], ['polity', 'polity']], colour, 'camp')),
      h('label', {}, 'Min. events per edge', h('input', { name: 'min_weight', type: 'number', min: 1, value: p.min_weight || 1 })),
      h('label', {}, 'Max. nodes', h('input', { name: 'max_nodes', type: 'number', min: 5, value: p.max_nodes || 80 })),
      h('div', { class: 'types' }, f.all_types.map((t) => h('label', {},
        h('input', { type: 'checkbox', name: 'type', value: t, checked: chosen.has(t) }), typeTag(t)))),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Draw'), h('a', { class: 'button secondary', href: '#/network' }, 'Reset')));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const fd = new FormData(form);
      const next = new URLSearchParams();
      const types = fd.getAll('type');
      for (const [k, v] of fd.entries()) if (v && k !== 'type') next.set(k, v);
      if (types.length) next.set('type', types.join(','));
      location.hash = '#/network?' + next.toString();
    });
    const query = clean({ level, date_from: p.date_from, date_to: p.date_to, type: p.type, min_weight: p.min_weight, max_nodes: p.max_nodes || 80 });
    const net = await api('/api/network', query);
    const side = h('div', { class: 'panel side', id: 'network-side' }, h('h2', {}, 'Ties'),
      h('p', { class: 'muted' }, 'Click an edge (or a row below) to list the events behind it; click a node for its profile. Scroll to zoom, drag to move.'),
      h('table', { id: 'edge-table' }, h('tbody', {}, net.edges.slice(0, 40).map((e) => h('tr', {
        class: 'clickable', 'data-edge': e.id, onclick: () => showEdge(e, net, query, side),
      }, h('td', {}, bdi(label(net, e.source)), ' ↔ ', bdi(label(net, e.target))), h('td', { class: 'num' }, String(e.weight)))))));
    const box = h('div', { id: 'cy', role: 'img', 'aria-label': `network of ${net.nodes.length} nodes and ${net.edges.length} edges` });
    append(clear(main), [h('h1', {}, 'Network'), form,
      exportButtons({ date_from: p.date_from, date_to: p.date_to, type: p.type, level }, [['graphml', 'GraphML'], ['gexf', 'GEXF']]),
      h('p', { class: 'muted', id: 'network-count' }, `${net.nodes.length} nodes, ${net.edges.length} edges` +
        (net.truncated ? ` (strongest of ${net.total_nodes} nodes)` : '')),
      colourLegend(net, colour),
      h('div', { class: 'network-wrap' }, box, side)]);
    if (!window.cytoscape) { append(box, [h('p', { class: 'error' }, 'cytoscape did not load: run make install')]); return; }
    const maxW = Math.max(1, ...net.edges.map((e) => e.weight));
    const maxN = Math.max(1, ...net.nodes.map((n) => n.events));
    if (cy) cy.destroy();
    // the layout starts from a spiral, the most connected nodes in the middle: the same data draws the same picture
    const order = [...net.nodes].sort((a, b) => (b.strength - a.strength) || (b.events - a.events));
    const start = new Map(order.map((n, i) => [n.id, { x: 40 * Math.sqrt(i) * Math.cos(i * 2.4), y: 40 * Math.sqrt(i) * Math.sin(i * 2.4) }]));
    cy = window.cytoscape({
      container: box,
      elements: [
        ...net.nodes.map((n) => ({ position: start.get(n.id), data: { id: n.id, label: n.label, z: 0, colour: colour === 'camp' ? CAMP_COLOURS[n.camp] || '#999' : hue(n.polity || n.id),
          size: 18 + 42 * Math.sqrt(n.events / maxN), raw: n } })),
        ...net.edges.map((e) => ({ data: { id: e.id, source: e.source, target: e.target, weight: e.weight,
          width: 1 + 9 * (e.weight / maxW), colour: e.cooperation >= e.conflict ? '#52a47a' : '#d0584a', raw: e } })),
      ],
      style: [
        { selector: 'node', style: { 'background-color': 'data(colour)', label: 'data(label)', width: 'data(size)', height: 'data(size)',
          'font-size': LABEL_PX, 'text-valign': 'bottom', 'text-margin-y': 3, color: '#1d232a', 'text-wrap': 'ellipsis',
          'text-max-width': LABEL_WIDTH, 'text-background-color': '#fff', 'text-background-opacity': 0.85,
          'text-background-padding': 1, 'text-background-shape': 'roundrectangle', 'z-index': 'data(z)' } },
        // where placeLabels puts a label; one that would cover a more important one shows on hover or selection only
        { selector: 'node.label-top', style: { 'text-valign': 'top', 'text-margin-y': -3 } },
        { selector: 'node.label-right', style: { 'text-valign': 'center', 'text-halign': 'right', 'text-margin-x': 3, 'text-margin-y': 0 } },
        { selector: 'node.label-left', style: { 'text-valign': 'center', 'text-halign': 'left', 'text-margin-x': -3, 'text-margin-y': 0 } },
        { selector: 'node.label-bottom-right', style: { 'text-halign': 'right' } },
        { selector: 'node.label-bottom-left', style: { 'text-halign': 'left' } },
        { selector: 'node.label-top-right', style: { 'text-valign': 'top', 'text-halign': 'right', 'text-margin-y': -3 } },
        { selector: 'node.label-top-left', style: { 'text-valign': 'top', 'text-halign': 'left', 'text-margin-y': -3 } },
        // a line further out, for a label whose node is crowded by more connected ones (margins set with the font size)
        { selector: 'node.label-bottom-far', style: { 'text-valign': 'bottom' } },
        { selector: 'node.label-top-far', style: { 'text-valign': 'top' } },
        { selector: 'node.quiet', style: { label: '' } },
        { selector: 'node.hover, node:selected', style: { label: 'data(label)', 'z-index': 100000, 'text-background-opacity': 1,
          'font-weight': 'bold' } },
        { selector: 'edge', style: { width: 'data(width)', 'line-color': 'data(colour)', opacity: 0.7, 'curve-style': 'bezier' } },
        { selector: 'edge:selected', style: { 'line-color': '#f1c40f', opacity: 1 } },
        { selector: 'node:selected', style: { 'border-width': 3, 'border-color': '#f1c40f' } },
      ],
      layout: { name: 'cose', animate: false, randomize: false, nodeDimensionsIncludeLabels: true,
        nodeRepulsion: () => 20000, idealEdgeLength: () => 80, nodeOverlap: 20, gravity: 0.5, padding: 24,
        boundingBox: { x1: 0, y1: 0, w: box.clientWidth || 800, h: box.clientHeight || 600 } },
    });
    window.marsadCy = cy;  // for the browser tests and the console
    // the layout is fitted to the box: labels get the size that reads as LABEL_PX there, and grow when zoomed in.
    // Fitting the labels drawn beside the outermost nodes zooms out a little, so the size is set again once.
    for (let round = 0; round < 2; round++) {
      const scale = 1 / Math.min(1, cy.zoom());
      cy.style().selector('node').style({ 'font-size': LABEL_PX * scale, 'text-max-width': LABEL_WIDTH * scale })
        .selector('node.hover, node:selected').style({ 'text-max-width': 2 * LABEL_WIDTH * scale })
        .selector('node.label-bottom-far').style({ 'text-margin-y': 3 + FAR * LABEL_PX * scale })
        .selector('node.label-top-far').style({ 'text-margin-y': -3 - FAR * LABEL_PX * scale }).update();
      placeLabels(cy);
      cy.fit(cy.elements(), 24);
    }
    cy.on('dragfree', 'node', () => placeLabels(cy));
    cy.on('mouseover', 'node', (ev) => ev.target.addClass('hover'));
    cy.on('mouseout', 'node', (ev) => ev.target.removeClass('hover'));
    cy.on('tap', 'edge', (ev) => showEdge(ev.target.data('raw'), net, query, side));
    cy.on('tap', 'node', (ev) => showNode(ev.target.data('raw'), level, side));
  }

  const LABEL_PX = 12;
  const LABEL_WIDTH = 140;  // pixels: a longer name ends in an ellipsis until hovered
  const FAR = 1.6;  // label heights (in font sizes) between a node and a label placed a line further out

  // Labels that can be read: the most connected nodes are labelled first, each below, above, right or left of its
  // node (or a line further below or above, where bigger nodes crowd it), wherever its label covers no label already
  // placed and no node more connected than it; a label with no
  // such place shows on hover or selection (class 'quiet'). Boxes are in model coordinates, so zooming keeps them
  // apart; moving a node places them again.
  const LABEL_SIDES = ['bottom', 'top', 'right', 'left', 'bottom-right', 'bottom-left', 'top-right', 'top-left',
    'bottom-far', 'top-far'];

  function placeLabels(graph) {
    const pad = 2;
    const apart = (a, b) => a.x2 + pad < b.x1 || b.x2 + pad < a.x1 || a.y2 + pad < b.y1 || b.y2 + pad < a.y1;
    graph.batch(() => graph.nodes().removeClass(['quiet', ...LABEL_SIDES.map((side) => 'label-' + side)]));
    const nodes = graph.nodes().sort((a, b) => (b.data('raw').strength - a.data('raw').strength) ||
      (b.data('raw').events - a.data('raw').events));
    const bodies = nodes.map((n) => n.boundingBox({ includeLabels: false }));
    const placed = [];
    const sides = [];
    nodes.forEach((n, i) => {
      const text = n.boundingBox({ includeNodes: false, includeEdges: false, includeLabels: true });
      const [w, h] = [text.x2 - text.x1, text.y2 - text.y1];
      const body = bodies[i];
      const [cx, cy] = [(body.x1 + body.x2) / 2, (body.y1 + body.y2) / 2];
      const [below, above] = [{ y1: text.y1, y2: text.y2 }, { y1: body.y1 - 3 - h, y2: body.y1 - 3 }];
      const [after, before] = [{ x1: body.x2, x2: body.x2 + w }, { x1: body.x1 - w, x2: body.x1 }];
      const boxes = {
        bottom: text,
        top: { x1: cx - w / 2, x2: cx + w / 2, ...above },
        right: { x1: body.x2 + 3, x2: body.x2 + 3 + w, y1: cy - h / 2, y2: cy + h / 2 },
        left: { x1: body.x1 - 3 - w, x2: body.x1 - 3, y1: cy - h / 2, y2: cy + h / 2 },
        'bottom-right': { ...after, ...below }, 'bottom-left': { ...before, ...below },
        'top-right': { ...after, ...above }, 'top-left': { ...before, ...above },
        'bottom-far': { x1: text.x1, x2: text.x2, y1: text.y1 + h, y2: text.y2 + h },
        'top-far': { x1: cx - w / 2, x2: cx + w / 2, y1: above.y1 - h, y2: above.y2 - h },
      };
      const side = LABEL_SIDES.find((name) => placed.every((box) => apart(boxes[name], box)) &&
        bodies.every((other, j) => j >= i || apart(boxes[name], other)));
      if (side) placed.push(boxes[side]);
      sides.push(side || 'quiet');
    });
    // a node is drawn over the ones less connected than it, so their bodies never hide its label
    graph.batch(() => nodes.forEach((n, i) => {
      n.addClass(sides[i] === 'quiet' ? 'quiet' : 'label-' + sides[i]);
      n.data('z', nodes.length - i);
    }));
    // the boxes above are estimates beside the node: where a label as drawn touches one drawn before, the other
    // sides are tried as drawn, and with none free it goes quiet
    const drawn = [];
    const labelBox = (n) => n.boundingBox({ includeNodes: false, includeEdges: false, includeLabels: true });
    const free = (n, i) => drawn.every((other) => apart(labelBox(n), other)) &&
      bodies.every((other, j) => j >= i || apart(labelBox(n), other));
    nodes.forEach((n, i) => {
      if (sides[i] === 'quiet') return;
      if (!drawn.every((other) => apart(labelBox(n), other))) {
        n.removeClass('label-' + sides[i]);
        const side = LABEL_SIDES.find((name) => {
          n.addClass('label-' + name);
          if (free(n, i)) return true;
          n.removeClass('label-' + name);
          return false;
        });
        if (!side) {
          n.addClass('quiet');
          return;
        }
      }
      drawn.push(labelBox(n));
    });
  }

  function label(net, id) {
    const n = net.nodes.find((x) => x.id === id);
    return n ? n.label : id;
  }

  function colourLegend(net, colour) {
    if (colour === 'camp') {
      return h('div', { class: 'legend' }, Object.entries(CAMP_COLOURS).map(([k, c]) => {
        const dot = h('span', { class: 'legend-dot' });
        dot.style.background = c;
        return h('span', {}, dot, ' ', { east: 'eastern camp (LBY-E) and its partners', west: 'western camp (LBY-W) and its partners', both: 'deals with both camps', none: 'neither' }[k]);
      }), h('span', { class: 'muted' }, ' · edge green = mostly cooperation, red = mostly conflict; width = events'));
    }
    const polities = [...new Set(net.nodes.map((n) => n.polity).filter(Boolean))].slice(0, 20);
    return h('div', { class: 'legend' }, polities.map((code) => {
      const dot = h('span', { class: 'legend-dot' });
      dot.style.background = hue(code);
      return h('span', {}, dot, ' ', code);
    }));
  }

  async function showEdge(edge, net, query, side) {
    clear(side);
    append(side, [h('h2', { id: 'edge-title' }, bdi(label(net, edge.source)), ' ↔ ', bdi(label(net, edge.target))),
      h('p', {}, `${edge.weight} events: `, h('span', { class: 'tag coop' }, edge.cooperation + ' cooperation'), ' ',
        h('span', { class: 'tag conflict' }, edge.conflict + ' conflict')),
      h('p', {}, h('a', { href: `#/dyads/${encodeURIComponent(edge.source)}/${encodeURIComponent(edge.target)}` }, 'Dyad over time →')),
      h('p', { class: 'muted' }, 'Loading events…')]);
    try {
      const d = await api(`/api/dyads/${encodeURIComponent(edge.source)}/${encodeURIComponent(edge.target)}`,
        { date_from: query.date_from, date_to: query.date_to, type: query.type, limit: 100 });
      side.removeChild(side.lastChild);
      append(side, [h('ul', { class: 'edge-events' }, d.events.map((e) => h('li', { 'data-event': e.id },
        h('a', { href: '#/events/' + e.id }, h('span', { class: 'nowrap' }, e.date || 'undated'), ' ', e.event_type), ' ',
        ar(truncate(e.evidence, 120), 'div', 'evidence'))))]);
    } catch (err) {
      append(side, [h('p', { class: 'error' }, String(err.message))]);
    }
  }

  function showNode(node, level, side) {
    clear(side);
    append(side, [h('h2', {}, bdi(node.label)),
      h('p', {}, `${node.events} events · polity ${node.polity || '—'} · camp ${node.camp}`),
      level === 'person'
        ? h('p', {}, h('a', { href: '#/actors/' + node.id }, 'Actor profile →'))
        : h('p', {}, h('a', { href: '#/events?polity=' + encodeURIComponent(node.id) }, 'Events of this polity →'))]);
  }

  // ---- dyads --------------------------------------------------------------------------------------
  async function dyadPage(a, b, params) {
    const p = Object.fromEntries(params.entries());
    const form = h('form', { class: 'filters', id: 'dyad-form' },
      h('label', {}, 'Side A (actor id, kb id or polity code)', h('input', { name: 'a', value: a || '', placeholder: 'RUS' })),
      h('label', {}, 'Side B', h('input', { name: 'b', value: b || '', placeholder: 'LBY-E' })),
      h('label', {}, 'From', h('input', { name: 'date_from', value: p.date_from || '' })),
      h('label', {}, 'To', h('input', { name: 'date_to', value: p.date_to || '' })),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Compare')));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const fd = new FormData(form);
      const rest = new URLSearchParams(clean({ date_from: fd.get('date_from'), date_to: fd.get('date_to') }));
      location.hash = `#/dyads/${encodeURIComponent(fd.get('a'))}/${encodeURIComponent(fd.get('b'))}` + (rest.toString() ? '?' + rest : '');
    });
    append(clear(main), [h('h1', {}, 'Dyad'), form]);
    if (!a || !b) {
      append(main, [h('p', { class: 'muted' }, 'Pick two sides: an actor (its id from the Actors page or its knowledge-base id) or a polity code such as RUS, TUR, LBY-E, LBY-W.')]);
      return;
    }
    const d = await api(`/api/dyads/${encodeURIComponent(a)}/${encodeURIComponent(b)}`, { date_from: p.date_from, date_to: p.date_to, limit: 100 });
    const chart = chartBox();
    append(main, [
      h('h2', {}, bdi(d.a.label), ' ↔ ', bdi(d.b.label)),
      h('div', { class: 'cards' },
        h('div', { class: 'card' }, h('div', { class: 'n' }, String(d.total)), h('div', { class: 'muted' }, 'events')),
        h('div', { class: 'card' }, h('div', { class: 'n' }, String(d.cooperation)), h('div', { class: 'muted' }, 'cooperation')),
        h('div', { class: 'card' }, h('div', { class: 'n' }, String(d.conflict)), h('div', { class: 'muted' }, 'conflict')),
        h('div', { class: 'card' }, h('div', { class: 'n', id: 'dyad-balance' }, d.balance === null ? '—' : String(d.balance)),
          h('div', { class: 'muted' }, 'balance (−1 conflict … +1 cooperation)')),
        h('div', { class: 'card' }, h('div', { class: 'n' }, `${d.direction.a_to_b} / ${d.direction.b_to_a}`), h('div', { class: 'muted' }, 'A→B / B→A'))),
      h('div', { class: 'panel' }, h('h2', {}, 'Events per month by type, with the cooperation–conflict balance'), chart),
      h('p', { class: 'ledger-links' }, 'Visit ledger: ',
        h('a', { href: '#/visits?' + new URLSearchParams(clean({ actor: a, host: b, from: p.date_from, to: p.date_to })) }, bdi(d.a.label), ' → ', bdi(d.b.label)), ' · ',
        h('a', { href: '#/visits?' + new URLSearchParams(clean({ actor: b, host: a, from: p.date_from, to: p.date_to })) }, bdi(d.b.label), ' → ', bdi(d.a.label))),
      h('h2', {}, 'Events'), eventsTable(d.events),
    ]);
    timelineChart(chart, d.timeline, { balance: true });
  }

  // ---- documents ----------------------------------------------------------------------------------
  async function documentsPage(params) {
    const offset = Number(params.get('offset') || 0);
    const data = await api('/api/documents', { limit: 100, offset });
    append(clear(main), [h('h1', {}, 'Documents'), h('p', { class: 'muted' }, `${data.total} documents`),
      h('table', {}, h('thead', {}, h('tr', {}, ['Published', 'Title', 'Source', 'Events'].map((t) => h('th', {}, t)))),
        h('tbody', {}, data.documents.map((d) => h('tr', { class: 'clickable', onclick: () => { location.hash = '#/documents/' + d.id; } },
          h('td', { class: 'nowrap' }, d.published || ''), h('td', {}, h('a', { href: '#/documents/' + d.id }, d.title ? ar(d.title) : bdi(d.doc_key))),
          h('td', {}, d.source ? bdi(d.source) : ''), h('td', { class: 'num' }, String(d.events))))))]);
  }

  async function documentPage(id, params) {
    const d = await api('/api/documents/' + encodeURIComponent(id));
    const focus = params.get('event');
    const text = h('div', { class: 'ar doc-text', dir: 'rtl', lang: 'ar', id: 'doc-text' },
      markedText(d.text, d.marks, (cover) => {
        const ev = cover.find((m) => m.event_id);
        if (ev) location.hash = '#/events/' + ev.event_id;
      }));
    append(clear(main), [
      h('p', {}, h('a', { href: '#/documents' }, '← documents')),
      h('h1', {}, d.title ? ar(d.title) : bdi(d.doc_key)),
      h('p', { class: 'muted' }, [d.published || 'undated', d.source ? ' · ' : '', d.source ? bdi(d.source) : '', ' · ', bdi(d.doc_key)],
        d.url && /^https?:\/\//.test(d.url) ? [' · ', h('a', { href: d.url, rel: 'noopener noreferrer' }, 'original')] : null),
      d.warnings.length ? h('p', { class: 'error' }, d.warnings.join('; ')) : null,
      legend((kind, on) => text.classList.toggle('hide-' + kind, !on)),
      text,
      h('p', {}, h('a', { href: '#/claims?document=' + d.id }, 'Claims this article makes →')),
      h('h2', {}, `Events in this document (${d.events.length})`), eventsTable(d.events, { chars: 120 }),
    ]);
    if (focus) {
      const spans = text.querySelectorAll(`[data-event="${CSS.escape(focus)}"]`);
      spans.forEach((s) => s.classList.add('focus'));
      if (spans.length) spans[0].scrollIntoView({ block: 'center' });
    }
  }

  const SEARCH_PAGE = 20;
  const ARABIC = /[\u0600-\u06ff]/;

  // Events told by one sentence are shown under it once, side by side.
  function sameSentence(hits) {
    const groups = new Map();
    for (const hit of hits) {
      const key = hit.kind + '\u0000' + hit.snippet.text;
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(hit);
    }
    return [...groups.values()];
  }

  // Search results: the matching articles, best first, each with the sentences of its events that match.
  async function searchPage(params) {
    const q = params.get('q') || '';
    const offset = Math.max(0, Number(params.get('offset') || 0));
    const box = document.getElementById('search-box');
    if (box) box.value = q;
    append(clear(main), [h('h1', {}, 'Search ', q ? (ARABIC.test(q) ? ar(q) : bdi(q)) : '')]);
    if (!q) { append(main, [h('p', { class: 'muted' }, 'Type words in the search box.')]); return; }
    const r = await api('/api/search', { q, group: 'document', limit: SEARCH_PAGE, offset });
    const snippet = (hit) => h('p', { class: 'ar evidence', dir: 'rtl', lang: 'ar' }, hit.snippet.before ? '… ' : '',
      markedText(hit.snippet.text, hit.snippet.marks.map(([a, b]) => ({ start: a, end: b, kind: 'search', label: 'match' }))),
      hit.snippet.after ? ' …' : '');
    append(main, [
      h('p', { class: 'muted', id: 'search-count' }, `${r.total} ${r.total === 1 ? 'article' : 'articles'} match, best first`,
        r.normalized !== q ? [' (searched for ', ar(r.normalized.replace(/\|/g, ' | ')), ')'] : null,
        '; diacritics, hamza forms and ة/ه are ignored'),
      r.total > SEARCH_PAGE ? pager({ route: 'search', noun: 'articles', params, offset, shown: r.documents.length, total: r.total,
        size: SEARCH_PAGE, where: 'results' }) : null,
      h('ol', { class: 'hits', start: String(offset + 1) }, r.documents.map((d) => h('li', { class: 'hit-document', 'data-document': d.document_id },
        h('div', { class: 'hit-head' },
          h('a', { href: '#/documents/' + d.document_id }, d.title ? ar(d.title) : bdi(d.document_key || '')),
          h('span', { class: 'muted' }, ' · ', h('span', { class: 'nowrap' }, d.published || 'undated'), ' · ',
            `${d.matches} ${d.matches === 1 ? 'match' : 'matches'}`)),
        sameSentence(d.hits).map((hits) => h('div', { class: 'report', 'data-kind': hits[0].kind },
          hits[0].kind === 'event'
            ? h('div', {}, hits.map((hit, i) => [i ? ' · ' : '', h('a', { href: '#/events/' + hit.id },
              typeTag(hit.event_type), ' ', h('span', { class: 'nowrap' }, hit.date || 'undated'))]))
            : h('div', { class: 'muted' }, 'in the article'),
          snippet(hits[0]))),
        d.matches > d.hits.length ? h('p', { class: 'muted' }, h('a', { href: '#/documents/' + d.document_id }, `${d.matches - d.hits.length} more in the article →`)) : null))),
    ]);
  }

  // ---- the analyst's questions: visit ledger, claims, camp balance, watches ------------------------
  async function send(method, path, body) {
    const res = await fetch(path, { method, headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body) });
    const data = res.status === 204 ? {} : await res.json().catch(() => ({}));
    if (!res.ok) {
      const err = (data && data.error) || { code: 'http_' + res.status, message: res.statusText };
      throw new Error(err.code + ': ' + err.message);
    }
    return data;
  }

  function csvButton(path, params, label = 'CSV') {
    return h('a', { class: 'button secondary', href: path + '?' + new URLSearchParams(clean({ ...params, format: 'csv' })),
      download: '', 'data-format': 'csv' }, label);
  }

  // A chart as a PNG file: the canvas drawn on white, saved through a blob: URL made here.
  function pngButton(getCanvas, name) {
    return h('button', { type: 'button', class: 'secondary', 'data-format': 'png', onclick: () => {
      const src = getCanvas();
      if (!src) return;
      const out = document.createElement('canvas');
      out.width = src.width;
      out.height = src.height;
      const ctx = out.getContext('2d');
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, out.width, out.height);
      ctx.drawImage(src, 0, 0);
      out.toBlob((blob) => {
        const a = document.createElement('a');
        a.href = URL.createObjectURL(blob);
        a.download = name;
        document.body.appendChild(a);
        a.click();
        setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
      }, 'image/png');
    } }, 'PNG');
  }

  function names(list) { return (list || []).map((p) => p.name).join(', ') || '—'; }

  function reportItem(r) {
    return h('li', { class: 'report', 'data-report-event': r.event_id },
      h('div', {}, h('a', { href: `#/events/${r.event_id}`, class: 'open-event' }, 'event #' + r.event_id), ' · ',
        h('a', { href: `#/documents/${r.document_id}?event=${r.event_id}` }, r.title ? ar(r.title) : bdi(r.doc_key)),
        h('span', { class: 'muted' }, ' · ', bdi(r.outlet), r.published ? ' · ' + r.published : '')),
      ar(r.sentence, 'p', 'evidence'));
  }

  async function visitsPage(params) {
    const p = Object.fromEntries(params.entries());
    const form = h('form', { class: 'filters', id: 'visit-form' },
      h('label', {}, 'Visitor (actor, kb id, name or polity)', h('input', { name: 'actor', value: p.actor || '', placeholder: 'Yevkurov', dir: 'auto' })),
      h('label', {}, 'Host (actor, polity or place)', h('input', { name: 'host', value: p.host || '', placeholder: 'Benghazi', dir: 'auto' })),
      h('label', {}, 'From', h('input', { name: 'from', value: p.from || '', placeholder: '2023-08' })),
      h('label', {}, 'To', h('input', { name: 'to', value: p.to || '', placeholder: '2024-11' })),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Show visits'), h('a', { class: 'button secondary', href: '#/visits' }, 'Reset')));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      location.hash = '#/visits?' + new URLSearchParams(clean(Object.fromEntries(new FormData(form).entries())));
    });
    const query = clean({ actor: p.actor, host: p.host, from: p.from, to: p.to });
    const d = await api('/api/visits', query);
    const who = [d.actor ? d.actor.label : 'every visitor', d.host ? d.host.label : 'anywhere'];
    const rows = d.visits.map((v) => {
      const detail = h('tr', { class: 'visit-reports', hidden: true, 'data-visit-reports': v.id },
        h('td', { colspan: 6 }, h('ul', { class: 'reports' }, v.reports.map(reportItem))));
      const row = h('tr', { class: 'clickable visit', 'data-visit': v.id, title: 'show the reports of this visit',
        onclick: (ev) => { if (!(ev.target instanceof HTMLAnchorElement)) detail.hidden = !detail.hidden; } },
      h('td', { class: 'nowrap' }, v.date || h('span', { class: 'muted' }, 'undated'), v.date_end ? ' … ' + v.date_end : '',
        v.precision && v.precision !== 'day' ? h('div', { class: 'muted' }, 'by ' + v.precision) : null),
      h('td', {}, v.places.map((x, i) => [i ? ', ' : '', bdi(x)])),
      h('td', {}, actorLinks(v.visitors), ' → ', actorLinks(v.hosts)),
      h('td', { class: 'num' }, h('span', { class: 'tag' }, v.reports.length + ' reports'), h('div', { class: 'muted' }, v.documents + ' articles')),
      h('td', {}, v.sources.map((s, i) => [i ? '; ' : '', bdi(s)])),
      h('td', {}, ar(truncate(v.reports.length ? v.reports[0].sentence : v.events[0].evidence, 150), 'div', 'evidence')));
      return [row, detail];
    });
    append(clear(main), [h('h1', {}, 'Visit ledger'), form,
      h('div', { class: 'cards' },
        h('div', { class: 'card' }, h('div', { class: 'n', id: 'visit-count' }, String(d.count)), h('div', { class: 'muted' }, 'visits: ', bdi(who[0]), ' → ', bdi(who[1]))),
        h('div', { class: 'card' }, h('div', { class: 'n' }, String(d.reports)), h('div', { class: 'muted' }, 'reports merged into them')),
        h('div', { class: 'card' }, h('div', { class: 'n' }, String(d.unplaced.length)), h('div', { class: 'muted' }, 'reports dated by month or year that could be any of several visits (not counted)'))),
      Object.keys(d.by_year).length ? h('p', { class: 'muted', id: 'visit-years' }, 'Per year: ',
        Object.entries(d.by_year).map(([y, n], i) => [i ? ' · ' : '', h('a', { href: '#/visits?' + new URLSearchParams(clean({ ...query, from: y === 'undated' ? '' : y, to: y === 'undated' ? '' : y })) }, y), ' ' + n])) : null,
      h('div', { class: 'exports' }, h('span', { class: 'muted' }, 'Export this ledger:'), csvButton('/api/visits', query)),
      h('p', { class: 'muted' }, 'A visit reported by several outlets is one row; click it for each report, its sentence and its article.'),
      d.visits.length ? h('table', { class: 'events visits' },
        h('thead', {}, h('tr', {}, ['Date', 'Place', 'Visitors → hosts', 'Reports', 'Outlets', 'Evidence (Arabic)'].map((t) => h('th', {}, t)))),
        h('tbody', {}, rows)) : h('p', { class: 'muted' }, 'No visits match.'),
      d.unplaced.length ? [h('h2', {}, 'Reports that could be any of several visits'), h('ul', {}, d.unplaced.map((u) => h('li', {},
        h('a', { href: '#/events/' + u.event.id }, u.event.date || 'undated'), ' ', ar(truncate(u.event.evidence, 120)),
        h('span', { class: 'muted' }, ' · could be visit ', u.could_be.join(' or ')))))] : null,
    ]);
  }

  const STATUS_CLASS = { contradicted: 'conflict', supported: 'coop', unverifiable: '' };

  function claimSentence(c) {
    return h('p', { class: 'ar evidence', dir: 'rtl', lang: 'ar' },
      markedText(c.evidence, [{ start: c.start - c.sentence_start, end: c.end - c.sentence_start, kind: 'claim', label: c.kind + ' claim' }]));
  }

  function claimBasis(c) {
    const b = c.basis || {};
    const parts = [];
    if (b.coverage) {
      parts.push(h('p', { class: 'muted coverage' }, `The store has articles from ${b.coverage.covered} of the ${b.coverage.months} months from ${b.coverage.from} to ${b.coverage.to} (${Math.round(100 * b.coverage.share)}%).`));
    }
    if ((b.visits || []).length) {
      parts.push(h('div', {}, h('strong', {}, (c.kind === 'first' ? 'Earlier visits' : 'Visits counted') + ` (${b.visit_count}` +
        (b.visit_count > b.visits.length ? `, the first ${b.visits.length} shown; the CSV has them all` : '') + '):'),
        h('ul', { class: 'basis' }, b.visits.map((v) => h('li', { 'data-basis-visit': v.id },
          h('a', { href: '#/events/' + v.events[0], class: 'open-event' }, v.date || 'undated', v.date_end ? ' … ' + v.date_end : ''),
          v.place ? [' · ', bdi(v.place)] : '', ' · ', v.readings + (v.readings === 1 ? ' reading · ' : ' readings · '),
          v.preview ? ar(v.preview) : '')))));
    }
    if ((b.events || []).length) {
      parts.push(h('div', {}, h('strong', {}, 'Events behind this verdict:'), h('ul', { class: 'basis' }, b.events.map((e) => h('li', { 'data-basis-event': e.id },
        h('a', { href: '#/events/' + e.id, class: 'open-event' }, e.date || 'undated', ' ', e.event_type), ' · ', bdi(e.doc_title || e.doc_key), ' · ',
        ar(truncate(e.evidence, 110)))))));
    }
    if ((b.claims || []).length) {
      parts.push(h('div', {}, h('strong', {}, 'Other reports:'), h('ul', { class: 'basis' }, b.claims.map((o) => h('li', { 'data-basis-claim': o.id },
        h('a', { href: `#/documents/${o.document_id}` + (o.event_id ? `?event=${o.event_id}` : '') }, bdi(o.outlet)), ' says ', ar(o.cue),
        o.published ? h('span', { class: 'muted' }, ' · ' + o.published) : null)))));
    }
    return parts;
  }

  async function claimsPage(params) {
    const p = Object.fromEntries(params.entries());
    const query = clean({ status: p.status, kind: p.kind, document: p.document, event: p.event, limit: 200 });
    const d = await api('/api/claims', query);
    const form = h('form', { class: 'filters', id: 'claim-form' },
      h('label', {}, 'Verdict', select('status', ['contradicted', 'unverifiable', 'supported'], p.status)),
      h('label', {}, 'Kind', select('kind', [['count', 'counts (N times, the Nth)'], ['first', 'firsts'], ['quantity', 'figures']], p.kind)),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Show'), h('a', { class: 'button secondary', href: '#/claims' }, 'Reset')));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      location.hash = '#/claims?' + new URLSearchParams(clean(Object.fromEntries(new FormData(form).entries())));
    });
    const pending = d.documents - d.scanned;
    const scope = p.event ? h('a', { href: '#/events/' + p.event }, 'event #' + p.event)
      : p.document ? h('a', { href: '#/documents/' + p.document }, 'document #' + p.document) : null;
    append(clear(main), [h('h1', {}, 'Claims'), form,
      scope ? h('p', { id: 'claim-scope' }, 'Claims about ', scope, ' · ', h('a', { href: '#/claims' }, 'all claims')) : null,
      h('div', { class: 'cards' }, ['contradicted', 'unverifiable', 'supported'].map((s) => h('a', { class: 'card plain', href: '#/claims?status=' + s },
        h('div', { class: 'n', 'data-status-count': s }, String(d.by_status[s] || 0)), h('div', { class: 'muted' }, s)))),
      pending > 0 ? h('p', { class: 'muted' }, `${pending} documents are not yet read for claims: the next ingest reads them, or run marsad claims --scan.`) : null,
      h('div', { class: 'exports' }, h('span', { class: 'muted' }, 'Export these claims:'), csvButton('/api/claims', query)),
      h('p', { class: 'muted' }, 'What articles claim about events (how many times, a first, a figure), checked against the store. Contradictions come first.'),
      d.claims.length ? h('ol', { class: 'claims' }, d.claims.map((c) => h('li', { class: 'claim report', 'data-claim': c.id, 'data-status': c.status || 'unchecked' },
        h('div', {}, h('span', { class: 'tag ' + (STATUS_CLASS[c.status] || '') }, c.status || 'unchecked'), ' ',
          h('span', { class: 'tag' }, c.kind), ' ', ar(c.cue, 'strong'),
          c.unit && c.kind === 'quantity' ? h('span', { class: 'muted' }, ' (' + c.unit + ')') : null,
          c.window_from || c.window_to ? h('span', { class: 'muted' }, ` · window ${c.window_from || '…'} – ${c.window_to || '…'}`) : null),
        claimSentence(c),
        h('div', { class: 'muted' }, h('a', { href: `#/documents/${c.document_id}` + (c.event_id ? `?event=${c.event_id}` : ''), class: 'open-document' }, bdi(c.outlet)),
          c.published ? ' · ' + c.published : '', ' · ',
          c.event ? h('a', { href: '#/events/' + c.event.id, class: 'claim-event' }, 'about event #' + c.event.id + ' (' + c.event.event_type + ', ' + (c.event.date || 'undated') + ')')
            : 'no event found in its sentence'),
        h('p', { class: 'verdict' }, c.reason || ''),
        claimBasis(c)))) : h('p', { class: 'muted' }, 'No claims match.'),
    ]);
  }

  const EAST = '#c0392b';
  const WEST = '#2471a3';

  async function balancePage(params) {
    const p = Object.fromEntries(params.entries());
    const window_ = clean({ from: p.from, to: p.to });
    const all = await api('/api/balance', window_);
    const form = h('form', { class: 'filters', id: 'balance-form' },
      h('label', {}, 'State', select('state', all.states.map((s) => [s.state, s.state + ' · ' + s.name]), p.state, 'most moved')),
      h('label', {}, 'From', h('input', { name: 'from', value: p.from || '', placeholder: '2019' })),
      h('label', {}, 'To', h('input', { name: 'to', value: p.to || '', placeholder: '2025' })),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Draw')));
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      location.hash = '#/balance?' + new URLSearchParams(clean(Object.fromEntries(new FormData(form).entries())));
    });
    const chosen = all.states.find((s) => s.state === p.state) || all.states[0];
    const num = (x) => (x === null || x === undefined ? '—' : (x > 0 ? '+' : '') + x.toFixed(2));
    const ranking = h('table', { id: 'balance-ranking' },
      h('thead', {}, h('tr', {}, ['#', 'State', 'Events', 'Coop. east', 'Coop. west', 'Balance', 'First', 'Last', 'Moved', 'Trend/yr'].map((t) => h('th', {}, t)))),
      h('tbody', {}, all.states.map((s) => h('tr', { class: 'clickable' + (chosen && s.state === chosen.state ? ' chosen' : ''), 'data-state': s.state,
        onclick: () => { location.hash = '#/balance?' + new URLSearchParams(clean({ ...window_, state: s.state })); } },
      h('td', {}, String(s.rank)), h('td', {}, h('a', { href: '#/balance?' + new URLSearchParams(clean({ ...window_, state: s.state })) }, s.state), ' ', bdi(s.name)),
      h('td', { class: 'num' }, String(s.events)), h('td', { class: 'num' }, String(s.east_cooperation)), h('td', { class: 'num' }, String(s.west_cooperation)),
      h('td', { class: 'num' }, num(s.balance)),
      h('td', {}, s.first ? s.first.quarter + ' ' + num(s.first.balance) : '—'), h('td', {}, s.last ? s.last.quarter + ' ' + num(s.last.balance) : '—'),
      h('td', { class: 'num' }, num(s.moved)), h('td', { class: 'num' }, num(s.trend))))));
    const chart = chartBox();
    chart.id = 'balance-chart';
    const side = h('div', { class: 'panel', id: 'balance-events' }, h('p', { class: 'muted' }, 'Click a bar or a point of the chart to list the events of that quarter.'));
    append(clear(main), [h('h1', {}, 'Camp balance'), form,
      h('p', { class: 'muted' }, 'Which Libyan camp each third state courts. ', all.definition, '. Ranked by how far the balance moved.'),
      chosen ? [
        h('h2', { id: 'balance-title' }, bdi(chosen.name), ` (${chosen.state}): cooperation with the east (LBY-E, up) and the west (LBY-W, down), and the balance`),
        h('div', { class: 'exports' }, h('span', { class: 'muted' }, 'Export:'),
          csvButton('/api/balance', { ...window_, state: chosen.state }, 'CSV (this state)'), csvButton('/api/balance', window_, 'CSV (all states)'),
          pngButton(() => chart.querySelector('canvas'), `marsad-balance-${chosen.state}.png`)),
        h('div', { class: 'panel' }, chart), side] : h('p', { class: 'muted' }, 'No state deals with either camp in this window.'),
      h('h2', {}, 'States ranked by how far they moved'), ranking,
      h('div', { class: 'exports' }, csvButton('/api/balance', window_, 'Export the ranking (CSV)')),
    ]);
    if (!chosen) return;
    if (!window.Chart) { append(chart, [h('p', { class: 'error' }, 'chart.js did not load: run make install')]); return; }
    const qs = chosen.quarters;
    const open = async (index) => {
      const q = qs[index];
      clear(side);
      append(side, [h('h2', { id: 'quarter-title' }, `${chosen.name} and the two camps, ${q.quarter}`),
        h('p', {}, `balance ${num(q.balance)} · east ${q.east_cooperation} cooperative of ${q.east_total} · west ${q.west_cooperation} cooperative of ${q.west_total}`),
        h('p', { class: 'muted' }, 'Loading events…')]);
      try {
        const [east, west] = await Promise.all(['LBY-E', 'LBY-W'].map((camp) =>
          api(`/api/dyads/${encodeURIComponent(chosen.state)}/${camp}`, { date_from: q.from, date_to: q.to, limit: 100 })));
        side.removeChild(side.lastChild);
        for (const [camp, d, href] of [['East (LBY-E)', east, 'LBY-E'], ['West (LBY-W)', west, 'LBY-W']]) {
          append(side, [h('h3', {}, camp, ' · ', h('a', { href: `#/dyads/${encodeURIComponent(chosen.state)}/${href}?date_from=${q.from}&date_to=${q.to}` }, `${d.total} events →`)),
            eventsTable(d.events, { chars: 110, location: false })]);
        }
      } catch (err) {
        append(side, [h('p', { class: 'error' }, String(err.message))]);
      }
    };
    const most = Math.max(1, ...qs.map((q) => Math.max(q.east_cooperation, q.west_cooperation)));  // both zeros mid-height
    const chartObj = new window.Chart(chart.querySelector('canvas'), {
      data: {
        labels: qs.map((q) => q.quarter),
        datasets: [
          { type: 'bar', label: 'cooperation with LBY-E (east)', data: qs.map((q) => q.east_cooperation), backgroundColor: EAST, stack: 's', yAxisID: 'y', order: 1 },
          { type: 'bar', label: 'cooperation with LBY-W (west)', data: qs.map((q) => -q.west_cooperation), backgroundColor: WEST, stack: 's', yAxisID: 'y', order: 1 },
          { type: 'line', label: 'balance (+1 east … −1 west)', data: qs.map((q) => q.balance), yAxisID: 'balance', borderColor: '#111',
            backgroundColor: '#111', spanGaps: true, tension: 0, pointRadius: 5, pointHoverRadius: 7, order: 0 },
        ],
      },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        scales: { x: { stacked: true }, y: { stacked: true, min: -most, max: most, title: { display: true, text: 'cooperative events (east up, west down)' }, ticks: { callback: (v) => Math.abs(v) } },
          balance: { position: 'right', min: -1, max: 1, grid: { drawOnChartArea: false }, title: { display: true, text: 'balance' } } },
        onClick: (_ev, elements) => { if (elements.length) open(elements[0].index); },
      },
    });
    charts.push(chartObj);
    window.marsadChart = chartObj;  // for the browser tests and the console
  }

  async function watchesPage() {
    const f = await facets();
    const d = await api('/api/watches');
    const form = h('form', { class: 'filters', id: 'watch-form' },
      h('label', {}, 'Name', h('input', { name: 'name', placeholder: 'Russian military in Benghazi', dir: 'auto' })),
      h('label', {}, 'Actor', h('input', { name: 'actor', dir: 'auto' })),
      h('label', {}, 'Polity', select('polity', f.polities.map((x) => [x.code, x.code + ' · ' + x.name]), '')),
      h('label', {}, 'Event type', select('type', f.all_types, '')),
      h('label', {}, 'Location', h('input', { name: 'location', placeholder: 'Benghazi' })),
      h('label', {}, 'Claim verdict', select('claim_status', ['contradicted', 'unverifiable', 'supported'], '', 'none (watch events)')),
      h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Save watch')));
    const status = h('p', { class: 'muted', id: 'watch-status' });
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      try {
        const w = await send('POST', '/api/watches', clean(Object.fromEntries(new FormData(form).entries())));
        location.hash = '#/watches/' + w.id;
      } catch (err) { status.textContent = String(err.message); status.className = 'error'; }
    });
    append(clear(main), [h('h1', {}, 'Watches'),
      h('p', { class: 'muted' }, 'A watch is a saved filter that every ingest checks. New matches are counted on the dashboard, and each watch has an Atom feed for a feed reader.'),
      d.watches.length ? h('table', { id: 'watch-table' }, h('thead', {}, h('tr', {}, ['Watch', 'Filters', 'Matches', 'New', 'Feed', ''].map((t) => h('th', {}, t)))),
        h('tbody', {}, d.watches.map((w) => h('tr', { 'data-watch': w.id },
          h('td', {}, h('a', { href: '#/watches/' + w.id }, bdi(w.name))),
          h('td', {}, Object.entries(w.filters).map(([k, v], i) => [i ? ', ' : '', k + ' ', bdi(v)])),
          h('td', { class: 'num' }, String(w.matches)), h('td', { class: 'num' }, w.new ? h('span', { class: 'tag conflict' }, String(w.new)) : '0'),
          h('td', {}, h('a', { href: w.feed }, 'Atom')),
          h('td', {}, h('button', { type: 'button', class: 'secondary', onclick: async () => { await send('DELETE', '/api/watches/' + w.id); route(); } }, 'Remove')))))) : h('p', { class: 'muted' }, 'No watches yet.'),
      h('h2', {}, 'New watch'), form, status]);
  }

  async function watchPage(id) {
    const w = await api('/api/watches/' + encodeURIComponent(id));
    const events = w.latest.filter((m) => m.event && !m.claim).map((m) => ({ ...m.event, _new: m.new }));
    const claimsFound = w.latest.filter((m) => m.claim);
    append(clear(main), [h('p', {}, h('a', { href: '#/watches' }, '← watches')),
      h('h1', {}, 'Watch: ', bdi(w.name)),
      h('p', {}, Object.entries(w.filters).map(([k, v], i) => [i ? ' · ' : '', k + ' ', bdi(v)]), ' · ',
        h('a', { href: w.feed }, 'Atom feed'), ' · ', `${w.matches} matches, `, h('strong', { id: 'watch-new' }, String(w.new)), ' new ',
        w.new ? h('button', { type: 'button', class: 'secondary', id: 'watch-seen', onclick: async () => { await send('POST', `/api/watches/${w.id}/seen`, {}); route(); } }, 'Mark seen') : null),
      events.length ? [h('h2', {}, 'Latest events'), eventsTable(events)] : null,
      claimsFound.length ? [h('h2', {}, 'Latest claims'), h('ul', {}, claimsFound.map((m) => h('li', { class: 'report' },
        h('span', { class: 'tag ' + (STATUS_CLASS[m.claim.status] || '') }, m.claim.status), ' ', ar(m.claim.cue, 'strong'), ' · ',
        h('a', { href: '#/documents/' + m.claim.document_id }, bdi(m.claim.source || m.claim.title || m.claim.doc_key)),
        h('p', { class: 'verdict' }, m.claim.reason || ''))))] : null,
      !w.latest.length ? h('p', { class: 'muted' }, 'Nothing matched yet.') : null]);
  }

  async function watchFilter(filters, status) {
    try {
      const w = await send('POST', '/api/watches', filters);
      location.hash = '#/watches/' + w.id;
    } catch (err) { status.textContent = String(err.message); status.className = 'error'; }
  }

  // ---- router -------------------------------------------------------------------------------------
  let routeSeq = 0;  // a newer route supersedes one still loading: only the newest may say it is drawn
  async function route() {
    const seq = ++routeSeq;
    charts.splice(0).forEach((c) => c.destroy());
    if (cy && !location.hash.startsWith('#/network')) { cy.destroy(); cy = null; window.marsadCy = null; }
    const raw = location.hash.replace(/^#/, '') || '/';
    const [path, query] = raw.split('?');
    const params = new URLSearchParams(query || '');
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    const page = parts[0] || 'dashboard';
    for (const a of document.querySelectorAll('#nav a')) a.classList.toggle('active', a.dataset.page === page);
    document.body.dataset.page = page;
    document.body.dataset.ready = 'no';
    try {
      if (page === 'dashboard') await dashboard();
      else if (page === 'events' && parts[1]) await eventPage(parts[1]);
      else if (page === 'events') await eventsPage(params);
      else if (page === 'actors' && parts[1]) await actorPage(parts[1]);
      else if (page === 'actors') await actorsPage(params);
      else if (page === 'network') await networkPage(params);
      else if (page === 'dyads') await dyadPage(parts[1], parts[2], params);
      else if (page === 'documents' && parts[1]) await documentPage(parts[1], params);
      else if (page === 'documents') await documentsPage(params);
      else if (page === 'search') await searchPage(params);
      else if (page === 'visits') await visitsPage(params);
      else if (page === 'claims') await claimsPage(params);
      else if (page === 'balance') await balancePage(params);
      else if (page === 'watches' && parts[1]) await watchPage(parts[1]);
      else if (page === 'watches') await watchesPage(params);
      else showError(new Error('no such page: ' + path));
    } catch (err) {
      showError(err);
    }
    if (seq !== routeSeq) return;
    document.body.dataset.rendered = raw;  // which page is drawn: tests and scripts wait for the one they asked for
    document.body.dataset.ready = 'yes';
  }

  document.getElementById('search-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const q = document.getElementById('search-box').value.trim();
    location.hash = '#/search?' + new URLSearchParams({ q }).toString();
  });
  window.addEventListener('hashchange', route);
  route();
})();
