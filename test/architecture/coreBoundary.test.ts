/** The core (model, engine) imports nothing from render, ui, cli, pixi.js or Node built-ins. */
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f)
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : []
  })
}

const root = new URL('../../src/', import.meta.url).pathname
const core = ['model', 'engine'].flatMap((d) => { try { return files(join(root, d)) } catch { return [] } })
const FORBIDDEN = [/from '(\.\.\/)+(render|ui|cli)\//, /from 'pixi\.js'/, /from 'node:/, /\b(document|window)\./]

describe('core boundary', () => {
  it('has core files to check', () => expect(core.length).toBeGreaterThan(20))
  it.each(core.map((f) => [f.slice(root.length), f]))('%s stays pure', (_name, file) => {
    const text = readFileSync(file, 'utf8')
    for (const re of FORBIDDEN) expect(text, `${file} matches ${re}`).not.toMatch(re)
  })
})
