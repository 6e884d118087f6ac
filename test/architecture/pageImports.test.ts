/**
 * What the page loads before anything is asked for: the modules src/ui/main.ts reaches through
 * static imports (dynamic `import()` and `import type` load nothing up front). The packages the
 * page must not pull in are the model worker's (the YAML parser, the CIDR parsers: `ip-cidr`
 * brings `ip-address`, `jsbn` and `sprintf-js`, ~15 KB gzipped) and the editor's: the
 * "≤ 400 KB before the editor" budget of `npm run bench` depends on it.
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = new URL('../../', import.meta.url).pathname
const ENTRY = join(root, 'src/ui/main.ts')
/** `import … from '…'`, `export … from '…'` and `import '…'`, not `import type` / `export type`. */
const STATIC = /^\s*(?:import|export)\s+(?!type\b)(?:[^'";]*?\sfrom\s+)?'([^']+)'/gms

/** Every file the entry reaches by static imports, and every package named on the way. */
function staticGraph(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>([entry])
  const packages = new Set<string>()
  const queue = [entry]
  while (queue.length) {
    const file = queue.pop()!
    for (const m of readFileSync(file, 'utf8').matchAll(STATIC)) {
      const spec = m[1]!
      if (!spec.startsWith('.')) { packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!); continue }
      const base = join(dirname(file), spec.replace(/\?raw$/, ''))
      const target = [base.replace(/\.js$/, '.ts'), base].find((p) => existsSync(p))
      if (!target || !target.endsWith('.ts') || files.has(target)) continue
      files.add(target)
      queue.push(target)
    }
  }
  return { files, packages }
}

describe('the page\'s own bundle', () => {
  const { files, packages } = staticGraph(ENTRY)
  it('reaches the stage, the panels and the worker client', () => {
    expect(files.size).toBeGreaterThan(50)
    for (const f of ['src/ui/stage.ts', 'src/ui/worker/client.ts', 'src/render/layout/stageLayout.ts']) expect(files.has(join(root, f)), f).toBe(true)
    expect(packages.has('pixi.js')).toBe(true)
    expect(packages.has('xstate')).toBe(true)
  })
  it.each(['yaml', 'ip-cidr', 'netmask', '@codemirror/view', '@codemirror/state'])('does not load %s up front', (pkg) => {
    const named = [...files].filter((f) => [...readFileSync(f, 'utf8').matchAll(STATIC)].some((m) => m[1] === pkg || m[1]!.startsWith(`${pkg}/`)))
    expect(named.map((f) => f.slice(root.length))).toEqual([])
  })
})
