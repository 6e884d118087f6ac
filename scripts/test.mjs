#!/usr/bin/env node
// The README's test command. Installs the Debian tools the kernel and browser tests need when run as root,
// typechecks (the core with an ES-only lib, so it cannot touch the DOM or Node), runs every
// vitest suite, and ends with one "N passed, N failed, N skipped" line.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const DEBIAN_TOOLS = { ip: 'iproute2', 'iptables-restore': 'iptables', nft: 'nftables', nfacct: 'nfacct', conntrack: 'conntrack', sysctl: 'procps', '/usr/bin/chromium': 'chromium' }

function has(cmd) {
  if (cmd.startsWith('/')) return existsSync(cmd)
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0
}

function ensureDebianTools() {
  const missing = [...new Set(Object.entries(DEBIAN_TOOLS).filter(([cmd]) => !has(cmd)).map(([, pkg]) => pkg))]
  if (missing.length === 0) return
  const root = process.getuid?.() === 0
  if (root && has('apt-get')) {
    console.log(`installing Debian packages for the kernel and browser tests: ${missing.join(' ')}`)
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env })
    const r = spawnSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'inherit', env })
    if (r.status !== 0) console.warn('apt-get install failed; kernel or browser tests will be skipped')
  } else {
    console.warn(`kernel and browser tests need: sudo apt-get install ${missing.join(' ')} (kernel tests also need root); the tests that lack them will be skipped`)
  }
}

function run(cmd, args) {
  console.log(`$ ${cmd} ${args.join(' ')}`)
  return spawnSync(cmd, args, { stdio: 'inherit', env: process.env }).status ?? 1
}

ensureDebianTools()
const bin = (name) => join('node_modules', '.bin', name)
let failed = 0
for (const project of ['tsconfig.json', 'tsconfig.core.json']) {
  if (run(bin('tsc'), ['-p', project, '--noEmit']) !== 0) failed++
}
const dir = mkdtempSync(join(tmpdir(), 'kube-netlab-test-'))
const report = join(dir, 'vitest.json')
const status = run(bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)])
let passed = 0, failedTests = 0, skipped = 0
try {
  const r = JSON.parse(readFileSync(report, 'utf8'))
  passed = r.numPassedTests
  failedTests = r.numFailedTests
  skipped = r.numPendingTests + r.numTodoTests
} catch {
  failedTests = Math.max(1, failedTests)
}
rmSync(dir, { recursive: true, force: true })
if (failed) console.log(`typecheck failed in ${failed} project(s)`)
console.log(`\ntests: ${passed} passed, ${failedTests + failed} failed, ${skipped} skipped`)
process.exitCode = status !== 0 || failed || failedTests ? 1 : 0
