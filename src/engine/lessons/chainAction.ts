/**
 * A lesson's controlPlane action: the what-if played through the control plane (the same
 * change the browser's "Play the control plane" sends), and the topology text after it for the
 * steps that follow. The chain's final cluster must be the one the lab derives from that text —
 * the same pods on the same nodes with the same addresses — or the lesson would teach two
 * different clusters; a mismatch is an error, never a silent choice.
 */
import { applyWhatIf } from '../../model/edit/whatIf.js'
import { formatIpv4 } from '../../model/addr/ipv4.js'
import { loadModel } from '../../model/derive/buildModel.js'
import type { Model } from '../../model/model.js'
import { changeFromWhatIf } from '../controlplane/fromWhatIf.js'
import { runChange } from '../controlplane/run.js'
import { loadControlPlane } from '../controlplane/state.js'
import type { ChainResult, Change } from '../controlplane/types.js'
import type { LessonAction } from './types.js'

export type ChainAction =
  | { ok: true; change: Change; result: ChainResult; text: string; model: Model }
  | { ok: false; message: string; hint?: string }

const placed = (m: Model): string[] => m.pods.map((p) => `${p.namespace}/${p.name} ${p.nodeName ?? 'Pending'} ${p.ip === null ? '-' : formatIpv4(p.ip)}`).sort()

export function playChainAction(a: Extract<LessonAction, { kind: 'controlPlane' }>, model: Model, text: string, label: string): ChainAction {
  const change = changeFromWhatIf(a.whatIf, a.target, a.value, model)
  if (!change) return { ok: false, message: `${a.whatIf} is not a change the control plane plays`, hint: 'use apply, scale, drain, deny or delete' }
  const loaded = loadControlPlane(label, text, { ok: true, model, diagnostics: [] })
  if (!loaded.ok) return { ok: false, message: `the control plane cannot load this cluster: ${loaded.diagnostics[0]?.message ?? ''}` }
  const result = runChange(loaded.state, change).result
  if (!result.ok) return { ok: false, message: `kube-apiserver rejects the change: ${result.error?.code ?? ''} ${result.error?.reason ?? ''}: ${result.error?.message ?? ''}` }
  const next = applyWhatIf(a.whatIf, a.target, a.value, text)
  const r = loadModel(`${label} after ${a.whatIf} ${a.target}`, next)
  if (!r.ok) return { ok: false, message: `after the change the topology does not load: ${r.diagnostics.find((d) => d.severity === 'error')?.message ?? ''}` }
  const chain = placed(result.after), derived = placed(r.model)
  if (chain.join('\n') !== derived.join('\n')) {
    const diff = [...chain.filter((x) => !derived.includes(x)).map((x) => `chain: ${x}`), ...derived.filter((x) => !chain.includes(x)).map((x) => `topology: ${x}`)]
    return { ok: false, message: `the chain's cluster differs from the topology after ${a.whatIf} ${a.target}`, hint: diff.slice(0, 4).join('; ') }
  }
  return { ok: true, change, result, text: next, model: r.model }
}
