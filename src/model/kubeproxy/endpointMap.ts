/**
 * kube-proxy's endpoints per service port (ProxyInput.endpoints) after a what-if: the earlier
 * model's map with the changed ports' lists set or taken out, held as a layer over it instead of
 * a copy of 10,000 entries per what-if, with its size and its total count of endpoints carried
 * along (a sync asks the total once per map: the large-cluster threshold). Every 32 layers the
 * stack is flattened into one map again, so a lookup stays short. A full walk (iteration) makes
 * the flat map once and keeps it.
 */
import type { ProxyEndpoint } from './types.js'

type List = readonly ProxyEndpoint[]

/**
 * Layers before flattening: a lookup goes down them, but a sync looks up only the ports an edit
 * added (the rest come with the earlier entries), so a copy of 10,000 entries every 32 what-ifs.
 */
const MAX_DEPTH = 32

export class EndpointMap implements ReadonlyMap<string, List> {
  private flatMap: ReadonlyMap<string, List> | null = null

  private constructor(
    private readonly below: EndpointMap | ReadonlyMap<string, List>,
    /** Lists set in this layer, and (undefined) the keys it took out. */
    private readonly changed: ReadonlyMap<string, List | undefined>,
    readonly size: number,
    /** Endpoints in every list together. */
    readonly total: number,
    private readonly depth: number,
  ) {}

  /** Over a whole map (which nobody changes afterwards). */
  static of(map: ReadonlyMap<string, List>): EndpointMap {
    let total = 0
    for (const list of map.values()) total += list.length
    return new EndpointMap(map, new Map(), map.size, total, 0)
  }

  /** This map with each of `changes` set (a list) or taken out (undefined). */
  next(changes: ReadonlyMap<string, List | undefined>): EndpointMap {
    let size = this.size
    let total = this.total
    for (const [key, list] of changes) {
      const was = this.get(key)
      if (was) { size--; total -= was.length }
      if (list) { size++; total += list.length }
    }
    const layer = new EndpointMap(this, changes, size, total, this.depth + 1)
    // Deep enough: the new layer flattened (flat() applies the layers' changes over the nearest
    // map under them), kept only by the map made of it, which starts the next stack.
    return this.depth + 1 < MAX_DEPTH ? layer : new EndpointMap(layer.flat(), new Map(), size, total, 0)
  }

  get(key: string): List | undefined {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    let layer: EndpointMap | ReadonlyMap<string, List> = this
    while (layer instanceof EndpointMap) {
      if (layer.flatMap) return layer.flatMap.get(key)
      if (layer.changed.has(key)) return layer.changed.get(key)
      layer = layer.below
    }
    return layer.get(key)
  }

  has(key: string): boolean {
    return this.get(key) !== undefined
  }

  /** Every key and list, as one map (made on the first walk, kept by this layer only). */
  private flat(): ReadonlyMap<string, List> {
    if (this.flatMap) return this.flatMap
    // Down to the nearest layer with a flat map (or the base), then its layers' changes upwards.
    const layers: EndpointMap[] = []
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    let layer: EndpointMap | ReadonlyMap<string, List> = this
    while (layer instanceof EndpointMap && !layer.flatMap) {
      layers.push(layer)
      layer = layer.below
    }
    const under = layer instanceof EndpointMap ? layer.flatMap! : layer
    if (layers.length === 1 && this.changed.size === 0) return (this.flatMap = under)
    const map = new Map(under)
    for (let i = layers.length - 1; i >= 0; i--) {
      for (const [key, list] of layers[i]!.changed) {
        map.delete(key)
        if (list) map.set(key, list)
      }
    }
    return (this.flatMap = map)
  }

  forEach(fn: (value: List, key: string, map: ReadonlyMap<string, List>) => void): void {
    this.flat().forEach((v, k) => fn(v, k, this))
  }

  entries(): MapIterator<[string, List]> { return this.flat().entries() }
  keys(): MapIterator<string> { return this.flat().keys() }
  values(): MapIterator<List> { return this.flat().values() }
  [Symbol.iterator](): MapIterator<[string, List]> { return this.flat()[Symbol.iterator]() }
}
