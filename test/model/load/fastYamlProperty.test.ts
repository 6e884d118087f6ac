/**
 * Property test of the fast YAML reader: seeded random documents (fastYamlRandom.ts) printed
 * by the yaml package's stringify under random options and by hand. For every text the fast
 * reader declines or agrees with the package exactly (fastYamlCompare.ts).
 */
import { describe, expect, it } from 'vitest'
import { stringify } from 'yaml'
import { seeded } from '../../../src/engine/trace/trace.js'
import { compareWithLibrary } from './fastYamlCompare.js'
import { WORDS, handDocument, listDocument, mutate, pick, value } from './fastYamlRandom.js'

describe('fast YAML reader on seeded random documents', () => {
  it('agrees with the package or declines on 1,500 hand-printed documents (most taken)', () => {
    const r = seeded(16)
    let fast = 0
    // Some with Windows line ends, as a file saved on Windows has them.
    for (let i = 0; i < 1500; i++) if (compareWithLibrary(r() < 0.2 ? handDocument(r).replace(/\n/g, '\r\n') : handDocument(r), `hand #${i}`) === 'fast') fast++
    console.log(`hand-printed: ${fast} of 1500 taken by the fast reader`)
    expect(fast).toBeGreaterThan(300)
  })

  it('agrees with the package or declines on 1,500 documents printed by stringify', () => {
    const r = seeded(1016)
    let fast = 0
    for (let i = 0; i < 1500; i++) {
      const docs = Array.from({ length: 1 + Math.floor(r() * 2) }, () => {
        const v = r() < 0.8 ? Object.fromEntries(Array.from({ length: 1 + Math.floor(r() * 5) }, () => [pick(r, WORDS), value(r, 1)])) : value(r, 0)
        return stringify(v, {
          indent: 1 + Math.floor(r() * 4), indentSeq: r() < 0.5, lineWidth: r() < 0.8 ? 0 : 20 + Math.floor(r() * 40),
          defaultStringType: pick(r, ['PLAIN', 'PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_LITERAL'] as const), defaultKeyType: r() < 0.8 ? null : 'QUOTE_DOUBLE',
          collectionStyle: pick(r, ['any', 'any', 'block', 'flow'] as const), flowCollectionPadding: r() < 0.5,
        })
      })
      if (compareWithLibrary(docs.join('---\n'), `stringify #${i}`) === 'fast') fast++
    }
    console.log(`stringify: ${fast} of 1500 taken by the fast reader`)
    expect(fast).toBeGreaterThan(500)
  })

  it('agrees with the package or declines on 3,000 hand-printed documents with small random edits', () => {
    const r = seeded(2016)
    let fast = 0
    for (let i = 0; i < 3000; i++) if (compareWithLibrary(mutate(r, handDocument(r)), `edited #${i}`) === 'fast') fast++
    console.log(`edited: ${fast} of 3000 taken by the fast reader`)
    expect(fast).toBeGreaterThan(300)
  })

  it('agrees with the package or declines on 1,000 kubectl-style Lists (items located one by one)', () => {
    const r = seeded(3016)
    let fast = 0
    for (let i = 0; i < 1000; i++) if (compareWithLibrary(listDocument(r), `list #${i}`) === 'fast') fast++
    console.log(`lists: ${fast} of 1000 taken by the fast reader`)
    expect(fast).toBeGreaterThan(200)
  })
})
