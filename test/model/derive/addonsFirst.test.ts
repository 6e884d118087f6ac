/**
 * Placement's order (src/model/derive/pods.ts addonsFirst): the add-ons' drafts first, then the
 * rest. A list that is an earlier one with one stretch replaced is taken as it is only when that
 * stretch holds no add-on and lies after the earlier list's add-ons.
 */
import { describe, expect, it } from 'vitest'
import { addonsFirst, type PodDraft } from '../../../src/model/derive/pods.js'

/** Drafts that are only what addonsFirst reads: an add-on role or none. */
const drafts = (roles: string): PodDraft[] => [...roles].map((r, i) => ({ key: `d${i}`, addon: r === 'a' ? 'coredns' : null }) as unknown as PodDraft)
const roles = (ds: readonly PodDraft[]): string => ds.map((d) => (d.addon ? 'a' : '-')).join('')

describe('addonsFirst', () => {
  it('keeps a list whose add-ons come first, and reorders one whose do not', () => {
    const first = drafts('aa---')
    expect(addonsFirst(first)).toBe(first)
    const mixed = drafts('a-a--')
    expect(roles(addonsFirst(mixed))).toBe('aa---')
  })

  it('takes a spliced list as it is only when the new stretch holds no add-on and comes after the add-ons', () => {
    const last = drafts('aa----')
    expect(addonsFirst(last)).toBe(last)
    // Two plain drafts in place of one at 3: still add-ons first.
    const plainSplice = [...last.slice(0, 3), ...drafts('--'), ...last.slice(4)]
    expect(addonsFirst(plainSplice, { last, splice: { at: 3, added: 2 } })).toBe(plainSplice)
    // An add-on's draft spliced in after the add-ons: the list is reordered.
    const addonSplice = [...last.slice(0, 3), ...drafts('a'), ...last.slice(4)]
    const ordered = addonsFirst(addonSplice, { last, splice: { at: 3, added: 1 } })
    expect(ordered).not.toBe(addonSplice)
    expect(roles(ordered)).toBe('aaa---')
    // A splice inside the add-ons (an add-on removed): looked at whole, and still add-ons first.
    const shorter = [last[0]!, ...last.slice(2)]
    expect(addonsFirst(shorter, { last, splice: { at: 1, added: 0 } })).toBe(shorter)
  })
})
