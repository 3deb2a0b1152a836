// RaceTEE devnet dashboard, browser side (D8, issue 9). Plain JS, no bundler, no dependencies:
// it listens to /api/events (Server-Sent Events, one `snapshot` per change) and redraws. Text
// goes in through textContent only, never as HTML, so a hostile RPC cannot inject markup.

const $ = (id) => document.getElementById(id)
const SVG = 'http://www.w3.org/2000/svg'

function el(tag, text, attributes = {}) {
  const node = document.createElement(tag)
  if (text !== undefined && text !== null) node.textContent = String(text)
  for (const [k, v] of Object.entries(attributes)) node.setAttribute(k, v)
  return node
}

function short(hex) {
  return typeof hex === 'string' && hex.length > 14
    ? `${hex.slice(0, 8)}…${hex.slice(-4)}`
    : String(hex ?? '–')
}

function who(executor, enclave) {
  return executor === null || executor === undefined ? `enclave ${short(enclave)}` : `executor ${executor}`
}

function row(cells, attributes = {}) {
  const tr = el('tr', null, attributes)
  for (const cell of cells) tr.append(cell instanceof Node ? cell : el('td', cell))
  return tr
}

function td(children, attributes = {}) {
  const cell = el('td', null, attributes)
  cell.append(...children)
  return cell
}

function statusClass(status) {
  return status === 'ok' ? 'status-ok' : 'status-bad'
}

function fill(id, rows) {
  $(id).replaceChildren(...rows)
}

function renderCommits(snapshot) {
  const k = snapshot.storageThreshold
  fill(
    'commits',
    snapshot.commits.map((c) => {
      const winner = el('span', `${who(c.winner.executor, c.winner.enclave)} · ${short(c.winner.enclave)}`, {
        class: 'winner',
        title: `beneficiary ${c.winner.beneficiary ?? 'unknown'}`,
      })
      const losers =
        c.losers.length === 0
          ? [el('span', 'uncontested', { class: 'uncontested' })]
          : c.losers.map((l, i) =>
              el(
                'span',
                `${i > 0 ? ', ' : ''}${who(l.executor, l.enclave)} (${l.evidence === 'reverted-commit' ? 'reverted commit' : l.evidence === 'health-report' ? 'lost, its health report' : 'lost, health counter'})`,
                { class: 'loser', 'data-testid': 'race-loser' },
              ),
            )
      const nodes = [...c.confirmations]
        .sort((x, y) => (x.node ?? Number.MAX_SAFE_INTEGER) - (y.node ?? Number.MAX_SAFE_INTEGER))
        .map((s) => (s.node === null ? short(s.signer) : `node ${s.node}`))
      const storage = `${nodes.join(', ') || 'none'} (${c.confirmations.length}${k === null ? '' : ` of k = ${k}`})`
      return row(
        [
          el('td', short(c.commitId), { class: 'mono', title: c.commitId }),
          el('td', c.block),
          // No prevCommit: the commit was not a direct `commit` call, so its body is unknown.
          el('td', c.prevCommit === null ? '?' : `${c.fromBlock}..${c.toBlock}`),
          el('td', c.fromSeq > c.toSeq ? 'none' : `${c.fromSeq}..${c.toSeq}`),
          td([winner], { 'data-testid': 'race-winner' }),
          td(losers, { 'data-testid': 'race-losers' }),
          el('td', storage, { 'data-testid': 'storage-confirmations' }),
        ],
        {
          'data-testid': 'commit-row',
          'data-commit-id': c.commitId,
          class: c.rolledBack ? 'rolled-back' : '',
        },
      )
    }),
  )
}

function renderServices(snapshot) {
  fill(
    'executors',
    snapshot.executors.map((e) =>
      row(
        [
          el('td', e.index),
          el('td', short(e.enclave), { class: 'mono', title: e.enclave }),
          el('td', `${e.status}${e.simulation ? ' (simulation)' : ''}`, { class: statusClass(e.status) }),
          el('td', e.wins),
          el('td', e.racesLost ?? '–'),
          el('td', e.headBlock ?? '–'),
        ],
        { 'data-testid': 'executor-row' },
      ),
    ),
  )
  fill(
    'storage',
    snapshot.storage.map((s) =>
      row(
        [
          el('td', s.index),
          el('td', short(s.signer), { class: 'mono', title: s.signer }),
          el('td', s.status, { class: statusClass(s.status) }),
          el('td', s.blobs ?? '–'),
          el('td', s.bytes ?? '–'),
          el('td', s.confirmations),
        ],
        { 'data-testid': 'storage-row' },
      ),
    ),
  )
}

function renderRequests(snapshot) {
  fill(
    'requests',
    snapshot.requests.map((r) =>
      row(
        [
          el('td', r.seq),
          el('td', r.kind),
          el('td', r.program ? short(r.program) : '–', { class: 'mono', title: r.program ?? '' }),
          el('td', r.block),
          el('td', r.ciphertextBytes === null ? '–' : `${r.ciphertextBytes} B`),
          el('td', r.commitId ? `${short(r.commitId)} (+${r.latencyBlocks} blocks)` : 'pending', {
            class: 'mono',
          }),
        ],
        { 'data-testid': 'request-row' },
      ),
    ),
  )
  fill(
    'blocks',
    snapshot.blocks.map((b) =>
      row(
        [
          el('td', b.number),
          el('td', new Date(b.time * 1000).toLocaleTimeString()),
          el('td', b.txCount),
          el('td', b.mcTxCount),
        ],
        { 'data-testid': 'block-row' },
      ),
    ),
  )
}

function svg(tag, attributes = {}, text) {
  const node = document.createElementNS(SVG, tag)
  for (const [k, v] of Object.entries(attributes)) node.setAttribute(k, String(v))
  if (text !== undefined) node.textContent = text
  return node
}

// Bars: blocks from request to commit; line: the same in seconds of block time.
function renderLatency(snapshot) {
  const points = snapshot.requests
    .filter((r) => r.latencyBlocks !== undefined)
    .slice(0, 60)
    .reverse()
  const W = 560
  const H = 200
  const pad = { left: 34, right: 34, top: 12, bottom: 24 }
  const chart = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'data-points': points.length })
  chart.append(
    svg('title', {}, 'Latency per request: blocks (bars) and seconds (line) from request to commit'),
  )
  // Headroom above the tallest point, so a steady one-block latency does not fill the chart.
  const maxBlocks = Math.max(2, ...points.map((p) => p.latencyBlocks + 1))
  const maxSeconds = Math.max(2, ...points.map((p) => p.latencySeconds + 1))
  const innerW = W - pad.left - pad.right
  const innerH = H - pad.top - pad.bottom
  const y = (v, max) => pad.top + innerH - (v / max) * innerH
  chart.append(
    svg('line', { class: 'axis', x1: pad.left, x2: W - pad.right, y1: H - pad.bottom, y2: H - pad.bottom }),
  )
  chart.append(svg('text', { x: 2, y: pad.top + 8 }, `${maxBlocks} bl`))
  chart.append(svg('text', { x: 2, y: H - pad.bottom }, '0'))
  chart.append(svg('text', { x: W - pad.right + 2, y: pad.top + 8 }, `${maxSeconds} s`))
  chart.append(svg('text', { x: W / 2 - 90, y: H - 6 }, 'bars: blocks · line: seconds'))
  if (points.length === 0) {
    chart.append(svg('text', { x: W / 2 - 60, y: H / 2 }, 'no committed requests yet'))
    $('latency').replaceChildren(chart)
    return
  }
  const step = innerW / points.length
  const line = []
  points.forEach((p, i) => {
    const x = pad.left + i * step
    const top = y(p.latencyBlocks, maxBlocks)
    const bar = svg('rect', {
      class: 'blocks',
      x: x + 1,
      y: top,
      width: Math.max(1, step - 2),
      height: H - pad.bottom - top,
    })
    bar.append(svg('title', {}, `seq ${p.seq}: ${p.latencyBlocks} blocks, ${p.latencySeconds} s`))
    chart.append(bar)
    line.push(`${x + step / 2},${y(p.latencySeconds, maxSeconds)}`)
  })
  chart.append(svg('polyline', { class: 'seconds', points: line.join(' '), 'stroke-width': 2 }))
  chart.append(svg('text', { x: pad.left, y: H - 6 }, `seq ${points[0].seq}`))
  chart.append(svg('text', { x: W - pad.right - 50, y: H - 6 }, `seq ${points[points.length - 1].seq}`))
  $('latency').replaceChildren(chart)
}

function render(snapshot) {
  $('simulation').hidden = !snapshot.simulation
  $('chain-id').textContent = snapshot.chainId ?? '…'
  $('mc').textContent = short(snapshot.mc)
  $('mc').title = snapshot.mc
  $('head').textContent = snapshot.head ?? '…'
  $('threshold').textContent = snapshot.storageThreshold ?? '…'
  $('pending').textContent = snapshot.pendingRequests
  $('feed-status').textContent = snapshot.lastError ? `retrying (${snapshot.lastError})` : 'live'
  renderCommits(snapshot)
  renderServices(snapshot)
  renderRequests(snapshot)
  renderLatency(snapshot)
}

function connect() {
  const events = new EventSource('/api/events')
  events.addEventListener('snapshot', (event) => render(JSON.parse(event.data)))
  events.addEventListener('error', () => {
    $('feed-status').textContent = 'reconnecting'
  })
}

fetch('/api/snapshot')
  .then((res) => res.json())
  .then(render)
  .catch(() => {})
connect()
