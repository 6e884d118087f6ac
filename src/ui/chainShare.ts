/**
 * A control-plane change in a share link. The link is untrusted text: what comes back is
 * checked field by field and becomes a Change only when every field has the type and the
 * bounds kubectl's own request would have (a kind the lab plays, names a Kubernetes name can
 * be, a replica count kubectl accepts); anything else is refused, never half-used.
 */
import type { Change, ObjectRef } from '../engine/controlplane/types.js'

type Json = Record<string, unknown>

const MAX_NAME = 253
const MAX_TEXT = 5 * 1024 * 1024
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
const str = (v: unknown, max = MAX_NAME): v is string => typeof v === 'string' && v.length <= max
const name = (v: unknown): v is string => str(v) && v.length > 0

function objectRef(v: unknown): ObjectRef | null {
  if (!isObj(v) || !name(v['kind']) || !str(v['namespace']) || !name(v['name'])) return null
  return { kind: v['kind'], namespace: v['namespace'], name: v['name'] }
}

/** The change a link carries, or null when it is not one the lab plays. */
export function changeFromJson(v: unknown): Change | null {
  if (!isObj(v)) return null
  switch (v['kind']) {
    case 'apply':
      return str(v['file']) && str(v['text'], MAX_TEXT) ? { kind: 'apply', file: v['file'], text: v['text'] } : null
    case 'delete': {
      const o = objectRef(v['object'])
      return o ? { kind: 'delete', object: o } : null
    }
    case 'scale': {
      const o = objectRef(v['object'])
      const r = v['replicas']
      // kubectl scale takes a non-negative int32.
      return o && typeof r === 'number' && Number.isInteger(r) && r >= 0 && r <= 2 ** 31 - 1 ? { kind: 'scale', object: o, replicas: r } : null
    }
    case 'cordon': case 'uncordon':
      return name(v['node']) ? { kind: v['kind'], node: v['node'] } : null
    case 'drain':
      return name(v['node']) && typeof v['force'] === 'boolean' && typeof v['ignoreDaemonSets'] === 'boolean'
        ? { kind: 'drain', node: v['node'], force: v['force'], ignoreDaemonSets: v['ignoreDaemonSets'] } : null
    case 'taint': {
      const e = v['effect']
      if (!name(v['node']) || !name(v['key']) || !str(v['value']) || typeof v['remove'] !== 'boolean') return null
      if (e !== 'NoSchedule' && e !== 'PreferNoSchedule' && e !== 'NoExecute') return null
      return { kind: 'taint', node: v['node'], key: v['key'], value: v['value'], effect: e, remove: v['remove'] }
    }
    case 'rollout': {
      const o = objectRef(v['object'])
      const c = v['container']
      if (!o || !name(v['image']) || !(c === null || name(c))) return null
      return { kind: 'rollout', object: o, container: c, image: v['image'] }
    }
    default:
      return null
  }
}
