import { describe, expect, it } from 'vitest'
import { findChoices, matchesWords, queryWords, scanChoices, type Found } from '../../src/ui/choiceScan.js'

const sources = Array.from({ length: 40_000 }, (_, i) => `pod/team-${i % 100}/app-${i}`)

describe('choices of a big cluster are searched, not listed', () => {
  it('matches every word of the query, case-insensitively', () => {
    expect(queryWords('  Team-1  APP ')).toEqual(['team-1', 'app'])
    expect(matchesWords('pod/team-1/app-7', queryWords('APP team-1'))).toBe(true)
    expect(matchesWords('pod/team-2/app-7', queryWords('app team-1'))).toBe(false)
    expect(matchesWords('anything', [])).toBe(true)
  })

  it('finds the first matches and counts them all', () => {
    const { shown, total } = findChoices(sources, 'team-7/', 300)
    expect(total).toBe(400)
    expect(shown).toHaveLength(300)
    expect(shown[0]).toBe('pod/team-7/app-7')
    expect(shown.every((s) => s.includes('/team-7/'))).toBe(true)
    expect(findChoices(['a', 'b'], '')).toEqual({ shown: ['a', 'b'], total: 2 })
  })

  it('searches a long list a slice per task, counts duplicates once, and can be cancelled', async () => {
    const items = function* (): Generator<string> { for (let r = 0; r < 5; r++) yield* sources }
    let doneAtOnce = false
    const found = await new Promise<Found>((resolve) => {
      let returned = false
      scanChoices(items(), 'app-1999', 10, (f) => { doneAtOnce = !returned; resolve(f) })
      returned = true
    })
    // 200,000 entries take more than one slice: the answer comes in a later task.
    expect(doneAtOnce).toBe(false)
    // app-1999, app-19990 … app-19999: eleven distinct, the first ten shown.
    expect(found.total).toBe(11)
    expect(found.shown).toHaveLength(10)
    expect(found.shown[0]).toBe('pod/team-99/app-1999')
    let called = false
    const cancel = scanChoices(items(), '', 10, () => { called = true })
    cancel()
    await new Promise((r) => setTimeout(r, 50))
    expect(called).toBe(false)
    // A short list is searched at once.
    let now: Found | null = null
    scanChoices(['x', 'y'], 'y', 10, (f) => { now = f })
    expect(now).toEqual({ shown: ['y'], total: 1 })
  })
})
