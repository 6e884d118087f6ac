/** Trace timing shared by the benchmarks (iptables mode in run.ts, both modes in nftables.ts). */
import { trace } from '../src/engine/trace/trace.js'
import { renderMessage } from '../src/i18n/render.js'
import { formatIpv4 } from '../src/model/addr/ipv4.js'
import type { Model } from '../src/model/model.js'

export const TRACES = 200

const ms = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e6

/**
 * Median and p95 of a pod → ClusterIP trace (the first packet, the reply, no DNS) over TRACES
 * runs after warm-up traces that derive the nodes' state, and how many rules the kernel
 * evaluates one by one for that packet.
 */
export function traceFigures(model: Model): { median: number; p95: number; rules: number } {
  const client = model.pods.find((p) => !p.addon && !p.hostNetwork && p.ip !== null)!
  const svc = model.services[Math.floor(model.services.length / 2)]!
  const req = { from: `pod/${client.namespace}/${client.name}`, to: `${formatIpv4(svc.clusterIP as number)}:${svc.ports[0]!.spec.port}` }
  const warm = trace(model, req)
  if (!warm.ok || warm.trace.result !== 'delivered') throw new Error(`bench trace failed: ${renderMessage(warm.ok ? warm.trace.summary : warm.error)}`)
  // Warm every backend's node too: deriving a node's state is a figure of its own.
  for (const e of svc.ports[0]!.endpoints) trace(model, { ...req, pick: formatIpv4(e.ip) })
  const times: number[] = []
  for (let i = 0; i < TRACES; i++) {
    const t = process.hrtime.bigint()
    trace(model, { ...req, seed: i + 1 })
    times.push(ms(t))
  }
  times.sort((a, b) => a - b)
  return { median: times[Math.floor(TRACES / 2)]!, p95: times[Math.floor(TRACES * 0.95)]!, rules: warm.trace.rulesWalked }
}
