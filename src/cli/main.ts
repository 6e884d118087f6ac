/** CLI entry: wires real files and streams into runCli. */
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runCli } from './runCli.js'

const topologiesDir = fileURLToPath(new URL('../../topologies', import.meta.url))

void Promise.resolve(runCli(process.argv.slice(2), {
  readFile: (p) => { try { return readFileSync(p, 'utf8') } catch { return null } },
  fileSize: (p) => { try { const s = statSync(p); return s.isFile() ? s.size : null } catch { return null } },
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  topologiesDir,
  listDir: (p) => { try { return readdirSync(p) } catch { return null } },
  displayPath: (p) => (p.startsWith('/') ? relative(process.cwd(), p) || p : p),
  env: process.env,
})).then((code) => {
  process.exitCode = code
})
