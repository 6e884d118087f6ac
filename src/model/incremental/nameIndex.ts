/**
 * The loader's pieces by the name of their object, so a what-if finds its target's piece
 * (edit/findPiece.ts) by a lookup instead of searching a 28 MB dump for the name (an indexOf
 * over the whole text, ~5–15 ms on every what-if, and one of the reasons the text is read
 * whole). Built once per lineage of loads, from the first model a what-if is asked of, and
 * told each later load's new pieces; a piece an edit replaced stays in it and is skipped
 * because it is no longer among the model's pieces. It only grows, so every load it was handed
 * to is covered; once it holds twice the pieces of the model it is told of, the reloader drops
 * it and the next what-if makes a new one from that model's pieces (a long editing session
 * would otherwise keep every replaced piece alive through it).
 */
import { lowerBound } from '../sortedSearch.js'
import type { PieceSpans } from './textEdit.js'
import type { Unit } from './units.js'

/** `metadata.name` as findPiece reads it: the value as a string, '' when missing. */
export function nameOf(data: Record<string, unknown>): string {
  const meta = data['metadata']
  const name = meta !== null && typeof meta === 'object' && !Array.isArray(meta) ? (meta as Record<string, unknown>)['name'] : undefined
  return String(name ?? '')
}

export class NameIndex {
  private readonly byName = new Map<string, Unit[]>()
  /** Pieces the loader found no object in: always candidates (a few empty documents and List heads). */
  private readonly unnamed: Unit[] = []

  /** Pieces it was given, replaced ones included. */
  size = 0

  constructor(units: readonly Unit[]) {
    this.add(units)
  }

  add(units: readonly Unit[]): void {
    this.size += units.length
    for (const u of units) {
      if (u.docs.length === 0) {
        this.unnamed.push(u)
        continue
      }
      let last = ''
      for (let k = 0; k < u.docs.length; k++) {
        // An item whose data was dropped after reading (units.ts) noted its name then.
        const name = u.itemName ?? nameOf(u.docs[k]!.data)
        // A List document holds many: each name once per piece.
        if (k > 0 && name === last) continue
        last = name
        const list = this.byName.get(name)
        if (!list) this.byName.set(name, [u])
        else if (list[list.length - 1] !== u) list.push(u)
      }
    }
  }

  /**
   * The spans of `spans` (pieces of `units`) whose piece holds an object named `name` or no
   * object at all, ascending. Every piece an object named `name` is read from is among them.
   */
  spansNamed(name: string, units: readonly Unit[], spans: PieceSpans): number[] {
    const candidates = [...(this.byName.get(name) ?? []), ...this.unnamed]
    // Where each candidate is now: indexOf for a few, one map of every piece for many.
    let at: ((u: Unit) => number) | null = null
    if (candidates.length > 32) {
      const where = new Map<Unit, number>()
      units.forEach((u, i) => where.set(u, i))
      at = (u) => where.get(u) ?? -1
    } else at = (u) => units.indexOf(u)
    const out: number[] = []
    for (const u of candidates) {
      const i = at(u)
      if (i < 0) continue
      const span = spanOfUnit(spans.unit, i)
      if (span >= 0) out.push(span)
    }
    out.sort((a, b) => a - b)
    return out.filter((s, k) => k === 0 || out[k - 1] !== s)
  }
}

/** The span of unit `u` (spans list their units in ascending order; a List's head has none), or -1. */
function spanOfUnit(unit: Int32Array, u: number): number {
  const i = lowerBound(unit, u)
  return i < unit.length && unit[i] === u ? i : -1
}
