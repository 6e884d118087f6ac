/** An in-memory CliIo: files from a map or the real built-in topologies, output captured. */
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { CliIo } from '../../src/cli/io.js'

export function fakeIo(files: Record<string, string> = {}) {
  const out: string[] = []
  const err: string[] = []
  const topologiesDir = fileURLToPath(new URL('../../topologies', import.meta.url))
  const io: CliIo = {
    readFile: (p) => files[p] ?? (() => { try { return readFileSync(p, 'utf8') } catch { return null } })(),
    fileSize: (p) => (p in files ? new TextEncoder().encode(files[p]).length : (() => { try { return statSync(p).isFile() ? statSync(p).size : null } catch { return null } })()),
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    topologiesDir,
    listDir: (p) => { try { return readdirSync(p) } catch { return null } },
    displayPath: (p) => (p.startsWith(topologiesDir) ? `topologies${p.slice(topologiesDir.length)}` : p),
  }
  return { io, stdout: () => out.join(''), stderr: () => err.join('') }
}
