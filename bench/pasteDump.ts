/**
 * Page-side helpers for the browser bench and test/ui/worker.test.ts, passed to
 * `page.evaluate` as text (tsx would wrap named inner functions in a helper the page lacks):
 * a Long Tasks API recorder, and pasting a big text into the YAML editor as a person does —
 * a `paste` event carrying the text (fetched from the server first, so getting megabytes into
 * the page is not measured as the page's own work).
 */

/** Starts recording long tasks (`window.__longTasks`: [start, duration] in ms) and `window.__marks`. */
export const RECORD_LONG_TASKS = `(() => {
  window.__longTasks = []
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push([e.startTime, e.duration]) }).observe({ type: 'longtask' })
})()`

/** Longest long task (ms) that started since `from` (and by `to`, when given; performance.now() times), or 0. */
export const longestSince = (from: number, to = Infinity): string => `Math.max(0, ...window.__longTasks.filter(([s]) => s >= ${from} && s <= ${to}).map(([, d]) => d))`

/**
 * Fetches `url` and pastes its text over the whole editor (which must be open and focused with
 * everything selected); resolves to the performance.now() of the paste.
 */
export const pasteFrom = (url: string): string => `(async () => {
  const text = await (await fetch(${JSON.stringify(url)})).text()
  const data = new DataTransfer()
  data.setData('text/plain', text)
  const at = performance.now()
  document.querySelector('.cm-content').dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
  return at
})()`

/**
 * Objects appended to a generated dump so every kind of what-if has a target: a Deployment and
 * its NodePort Service (scale, externalTrafficPolicy) and bare pods (deleting a pod no
 * controller brings back).
 */
export const WHAT_IF_OBJECTS = `
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: default }
spec:
  replicas: 3
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: web, image: "nginx:1.25", ports: [{ containerPort: 80 }] }] }
---
apiVersion: v1
kind: Service
metadata: { name: web, namespace: default }
spec:
  type: NodePort
  selector: { app: web }
  ports: [{ port: 80, targetPort: 80 }]
${[1, 2, 3].map((i) => `---
apiVersion: v1
kind: Pod
metadata: { name: debug-${i}, namespace: default, labels: { app: debug } }
spec: { containers: [{ name: shell, image: busybox }] }
`).join('')}`

/** What-ifs the benchmarks apply to such a dump, by kind: [kind, target, value]. */
export const DUMP_WHAT_IFS: readonly (readonly [string, string, number])[] = [
  ['scale', 'default/web', 4], ['drain', 'worker-0003', 0], ['etp', 'default/web', 0], ['delete', 'default/debug-1', 0],
  ['scale', 'default/web', 2], ['drain', 'worker-0005', 0], ['etp', 'default/web', 0], ['delete', 'default/debug-2', 0],
  ['scale', 'default/web', 3], ['drain', 'worker-0007', 0], ['etp', 'default/web', 0], ['delete', 'default/debug-3', 0],
]

/**
 * Applies a what-if through the page's form (the target set directly: reading a dump's targets
 * parses the whole text) and resolves when the page is no longer busy — the re-traced result is
 * on the page then — to [ms from the click, ms until the stage shows it too, the click's
 * performance.now(), whether the page went busy (the what-if ran), the result shown].
 */
export const whatIfOnPage = (kind: string, target: string, value: number): string => `(async () => {
  const form = (id) => document.getElementById(id)
  form('wi-kind').value = ${JSON.stringify(kind)}
  const o = document.createElement('option')
  o.value = o.textContent = ${JSON.stringify(target)}
  form('wi-target').replaceChildren(o)
  form('wi-value').value = ${JSON.stringify(String(value))}
  const idle = () => new Promise((resolve) => {
    if (!document.body.dataset.busy) { resolve(performance.now()); return }
    const m = new MutationObserver(() => { if (!document.body.dataset.busy) { m.disconnect(); resolve(performance.now()) } })
    m.observe(document.body, { attributes: true, attributeFilter: ['data-busy'] })
  })
  const drawn = () => new Promise((resolve) => {
    const poll = () => (document.querySelector('canvas[data-layout]') ? setTimeout(poll, 5) : resolve(performance.now()))
    poll()
  })
  await idle()
  const at = performance.now()
  form('wi-apply').click()
  const busy = Boolean(document.body.dataset.busy)
  const done = await idle()
  const staged = await drawn()
  return [done - at, staged - at, at, busy, document.getElementById('result').dataset.result ?? '']
})()`
