import { describe, expect, it } from 'vitest'
import { revealSome, type LabelLayer } from '../../src/render/scene/labelReveal.js'

const layer = (n: number): LabelLayer & { children: { visible: boolean }[] } => ({ children: Array.from({ length: n }, () => ({ visible: true })) })
const visible = (l: LabelLayer): boolean[] => l.children.map((c) => c.visible)

describe('revealSome: a node\'s labels a few per frame', () => {
  it('hides the rest of a layer on its first frame and shows its first labels', () => {
    const l = layer(5)
    expect(revealSome(l, undefined, 2)).toBe(2)
    expect(visible(l)).toEqual([true, true, false, false, false])
  })

  it('goes on from where the last frame stopped until the layer is whole', () => {
    const l = layer(5)
    let shown = revealSome(l, undefined, 2)
    shown = revealSome(l, shown, 2)
    expect(shown).toBe(4)
    expect(visible(l)).toEqual([true, true, true, true, false])
    shown = revealSome(l, shown, 2)
    expect(shown).toBe(5)
    expect(visible(l)).toEqual([true, true, true, true, true])
  })

  it('shows a small layer whole in one frame, and none with no budget left', () => {
    const small = layer(3)
    expect(revealSome(small, undefined, 24)).toBe(3)
    expect(visible(small)).toEqual([true, true, true])
    const waiting = layer(3)
    expect(revealSome(waiting, undefined, 0)).toBe(0)
    expect(visible(waiting)).toEqual([false, false, false])
  })
})
