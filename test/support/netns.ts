/**
 * Isolated network namespaces for kernel tests. Safety rules (DEVELOPERS.md): one unique name
 * prefix per run, nothing attached to the root namespace, every command bounded in time, and
 * everything removed even when a test fails.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'

export const NS_PREFIX = `knl${randomBytes(3).toString('hex')}-`

export function kernelToolsMissing(tools: readonly string[]): string | null {
  if (process.getuid?.() !== 0) return 'not root: kernel tests need CAP_NET_ADMIN to create network namespaces'
  for (const t of tools) {
    const r = spawnSync('sh', ['-c', `command -v ${t}`], { encoding: 'utf8' })
    if (r.status !== 0) return `${t} is not installed (apt-get install iproute2 iptables nfacct)`
  }
  return null
}

export class NetnsPool {
  private readonly created: string[] = []

  create(suffix: string): string {
    const name = `${NS_PREFIX}${suffix}`
    execFileSync('ip', ['netns', 'add', name], { timeout: 10_000 })
    this.created.push(name)
    return name
  }

  exec(ns: string, argv: readonly string[], input?: string): { status: number; stdout: string; stderr: string } {
    const r = spawnSync('ip', ['netns', 'exec', ns, ...argv], { input, encoding: 'utf8', timeout: 30_000 })
    return { status: r.status ?? -1, stdout: r.stdout ?? '', stderr: r.stderr ?? (r.error ? String(r.error) : '') }
  }

  /** Deletes every namespace this pool made; safe to call more than once. */
  cleanup(): void {
    while (this.created.length) {
      const ns = this.created.pop()!
      spawnSync('ip', ['netns', 'del', ns], { timeout: 10_000 })
    }
  }
}

export function leftoverNamespaces(): string[] {
  const r = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8', timeout: 10_000 })
  return (r.stdout ?? '').split('\n').map((l) => l.split(' ')[0] ?? '').filter((n) => n.startsWith(NS_PREFIX))
}
