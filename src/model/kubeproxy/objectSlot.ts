/**
 * A private slot on objects made elsewhere: what a WeakMap keyed by the object would hold,
 * without a WeakMap entry. A first node meets 10,000 new service ports, and a WeakMap entry
 * costs far more to add than to read, and more again while the garbage collector's scavenges
 * treat each young key as a weak reference. The slot is a class's private field added to the
 * object (a base class whose constructor returns the object has the subclass define its fields
 * on that object): it is not an own property anyone can see, so spread, JSON, structured clone
 * and deep equality pass it by, and a copy of the object never carries it. An object that cannot
 * take a field (frozen, sealed) keeps its value in a WeakMap instead.
 */
class Adopt {
  constructor(o: object) {
    return o as Adopt
  }
}

export interface ObjectSlot<T> {
  get(o: object): T | undefined
  set(o: object, value: T): void
}

/** A new slot (a class of its own: each slot is a private name of its own). */
export function objectSlot<T>(): ObjectSlot<T> {
  const fallback = new WeakMap<object, T>()
  class Stamp extends Adopt {
    #value: T
    constructor(o: object, value: T) {
      super(o)
      this.#value = value
    }

    static get(o: object): T | undefined {
      return #value in o ? (o as Stamp).#value : fallback.get(o)
    }

    static set(o: object, value: T): void {
      if (#value in o) (o as Stamp).#value = value
      else if (Object.isExtensible(o)) new Stamp(o, value)
      else fallback.set(o, value)
    }
  }
  return { get: Stamp.get, set: Stamp.set }
}
