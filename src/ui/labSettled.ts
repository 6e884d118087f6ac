/**
 * When the lab is next at rest (neither loading nor tracing, as `atRest` says). Checked a task
 * from now, so an event sent in a task queued before has been taken first: the editor hands a
 * big paste to the lab in a task of its own, then asks when the lab has loaded and traced it.
 */
export interface Watched<S> {
  getSnapshot(): S
  subscribe(f: (s: S) => void): { unsubscribe(): void }
}

export function labSettled<S>(lab: Watched<S>, atRest: (s: S) => boolean): Promise<void> {
  return new Promise((resolve) => {
    setTimeout(() => {
      if (atRest(lab.getSnapshot())) { resolve(); return }
      const sub = lab.subscribe((s) => { if (atRest(s)) { sub.unsubscribe(); resolve() } })
    }, 0)
  })
}
