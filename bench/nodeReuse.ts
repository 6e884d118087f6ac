/**
 * The node-state figure after an edit: model B is model A with one Service's endpoints changed
 * (scaled down by one) and every other object kept, as the incremental loader keeps them, so
 * B's node state reuses A's kube-proxy fragments and writes only that Service again.
 */
import { nodeState } from '../src/model/node/nodeState.js'
import type { Model, ModelService } from '../src/model/model.js'
import { notePredecessor } from '../src/model/node/lineage.js'

function ms(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e6
}

function withOneServiceScaledDown(a: Model, svc: ModelService): Model {
  const changed: ModelService = { ...svc, ports: svc.ports.map((p) => ({ ...p, endpoints: p.endpoints.slice(1) })) }
  const b = { ...a, services: a.services.map((s) => (s === svc ? changed : s)) }
  // As the incremental loader does: B's node state starts from A's per-model work.
  notePredecessor(b, a)
  return b
}

const median = (xs: number[]): number => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!

/** Median over `runs` edits (a different Service each) of the node state, and of its whole iptables-save text. */
export function nodeStateAfterOneServiceChange(a: Model, node: string, runs = 11): { state: number; save: number } {
  const gc = (globalThis as { gc?: () => void }).gc
  const candidates = a.services.filter((s) => !s.addon && typeof s.clusterIP === 'number' && s.ports[0]?.endpoints.length)
  const state: number[] = []
  const save: number[] = []
  for (let i = 0; i < runs; i++) {
    const b = withOneServiceScaledDown(a, candidates[Math.floor(((i + 0.5) * candidates.length) / runs)]!)
    gc?.()
    const t0 = process.hrtime.bigint()
    const s = nodeState(b, node)!
    state.push(ms(t0))
    const t1 = process.hrtime.bigint()
    // The whole text: a SavedText lays nothing out until something reads it.
    void s.iptablesSave().text.length
    save.push(ms(t1))
  }
  return { state: median(state), save: median(save) }
}
