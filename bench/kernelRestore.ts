/**
 * How long the kernel's `iptables-restore` takes to load a node's `iptables-save` text into a
 * scratch network namespace of its own (created and deleted here, never connected to anything;
 * the two nfacct objects kube-proxy's rules name are made first). For bench/run.ts and
 * bench/firstNode.ts, beside the lab's time for the same text.
 */
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'

const canRestore = process.getuid?.() === 0 && spawnSync('sh', ['-c', 'command -v iptables-restore && command -v nfacct'], { stdio: 'ignore' }).status === 0

/** Milliseconds the restore took, or why it did not run or failed. */
export function restoreMs(text: string): { ms: number } | { error: string } {
  if (!canRestore) return { error: 'skipped (needs root, iptables-restore, nfacct)' }
  const ns = `knlbench${randomBytes(3).toString('hex')}`
  try {
    spawnSync('ip', ['netns', 'add', ns], { timeout: 10_000 })
    for (const c of ['ct_state_invalid_dropped_pkts', 'localhost_nps_accepted_pkts']) spawnSync('ip', ['netns', 'exec', ns, 'nfacct', 'add', c], { timeout: 10_000 })
    const t0 = process.hrtime.bigint()
    const r = spawnSync('ip', ['netns', 'exec', ns, 'iptables-restore'], { input: text, timeout: 300_000, encoding: 'utf8' })
    const ms = Number(process.hrtime.bigint() - t0) / 1e6
    return r.status === 0 ? { ms } : { error: `failed: ${(r.stderr ?? '').split('\n')[0]}` }
  } finally {
    spawnSync('ip', ['netns', 'del', ns], { timeout: 10_000 })
  }
}

/**
 * `runs` restores of the same text, each into a fresh namespace (the min of them beside the
 * lab's min of as many fresh loads: the same measurement on both sides), or why none ran.
 */
export function restoreRuns(text: string, runs: number): { ms: number[] } | { error: string } {
  const ms: number[] = []
  for (let i = 0; i < runs; i++) {
    const r = restoreMs(text)
    if ('error' in r) return r
    ms.push(r.ms)
  }
  return { ms }
}
