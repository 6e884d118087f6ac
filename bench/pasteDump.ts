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

/** Longest long task (ms) since `from` (a performance.now() time), or 0. */
export const longestSince = (from: number): string => `Math.max(0, ...window.__longTasks.filter(([s]) => s >= ${from}).map(([, d]) => d))`

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
