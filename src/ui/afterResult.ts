/**
 * The page's work after a big cluster's what-if or trace that is not the result itself: the
 * trace builder's lists (33,000 sources searched), the state panel, the editor's splice of the
 * edited text, the cordoned node's form. Done in the same task as the result they made it wait
 * ~50 ms on a 1,000-node cluster (a long task, and the result later by as much); here each runs
 * in a task of its own, in the order given, right after the result is on the page.
 */

/** Pods above which the page shows the result first and the rest in tasks of their own. */
export const BIG_PAGE_PODS = 2000

const queue: (() => void)[] = []
let scheduled = false

function runNext(): void {
  scheduled = false
  const job = queue.shift()
  if (queue.length) schedule()
  job?.()
}

function schedule(): void {
  if (scheduled) return
  scheduled = true
  setTimeout(runNext, 0)
}

/** Runs `job` now when `big` is false; otherwise in a later task, after every job queued before it. */
export function afterResult(big: boolean, job: () => void): void {
  if (!big && queue.length === 0) { job(); return }
  queue.push(job)
  schedule()
}

