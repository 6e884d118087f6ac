/**
 * Where the fast YAML reader (fastYaml.ts) found each value, kept small: one number per value
 * (line and column packed) in an array per collection, plus the collection's map keys as the
 * YAML read them. The `yaml` package's tree keeps a Pair, a Scalar and a range array per value.
 */
import type { Path } from './readDocuments.js'

/** line × 2^22 + column (both 1-based): exact in a double for any file the lab reads. */
const LINE = 4194304
export const MAX_COL = LINE - 1

export const packPos = (line: number, col: number): number => line * LINE + col
export const unpackPos = (p: number): { line: number; col: number } => ({ line: Math.floor(p / LINE), col: p % LINE })

/** A block or flow collection: its own start, each value's start, the positions inside nested collections. */
export class PosNode {
  constructor(
    readonly at: number,
    /** The map's keys as YAML values (1 for `1:`, '1' for `"1":`); null for a sequence. */
    readonly keys: unknown[] | null,
    readonly vals: number[],
    /** Sparse: the nested collection at each index that holds one; null when none does. */
    readonly kids: (PosNode | undefined)[] | null,
  ) {}
}

/**
 * Line and column of the value at `path` under `root`, or of its nearest parent: what
 * readDocuments' locate() gives through `doc.getIn(path, true)`, whose lookups this mirrors
 * (YAMLMap's findPair compares a key's value with ===; YAMLSeq's asItemIndex takes integers and
 * numeric strings). So `['1']` does not find the key `1:` there, nor here.
 */
export function fastLocate(root: PosNode, path: Path): { line: number; col: number } {
  let node: PosNode | undefined = root
  let found = root.at
  for (const comp of path) {
    if (!node) break
    let i = -1
    if (node.keys) i = node.keys.indexOf(comp)
    else {
      let idx: unknown = comp
      if (idx && typeof idx === 'string') idx = Number(idx)
      if (typeof idx === 'number' && Number.isInteger(idx) && idx >= 0 && idx < node.vals.length) i = idx
    }
    if (i < 0) break
    found = node.vals[i]!
    node = node.kids?.[i]
  }
  return unpackPos(found)
}
