/**
 * The nftables side of `npm run bench`: one node's state in kube-proxy's nftables mode (the
 * `kube-proxy` table built and listed as the kernel prints it) at 10/100/1,000 nodes with
 * 100/1,000/10,000 services, how long `nft -f` takes to load that table into a scratch
 * namespace (root with nft), and the pod → ClusterIP trace median in both modes with the rules
 * and map lookups the kernel evaluates for the first packet. Prints figures; asserts nothing.
 */
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { loadModel } from '../src/model/derive/buildModel.js'
import { withKubeProxyMode } from '../src/model/kubeproxy-nft/switchMode.js'
import { nodeState } from '../src/model/node/nodeState.js'
import { generateCluster } from './generate.js'
import { traceFigures } from './traceTimes.js'

const SIZES: [number, number][] = [[10, 100], [100, 1000], [1000, 10000]]
const canLoad = process.getuid?.() === 0 && spawnSync('sh', ['-c', 'command -v nft'], { stdio: 'ignore' }).status === 0
const ms = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1e6
const gc = (): void => (globalThis as { gc?: () => void }).gc?.()

function nftLoad(text: string): string {
  if (!canLoad) return 'skipped (needs root and nft)'
  const ns = `knlbench${randomBytes(3).toString('hex')}`
  try {
    spawnSync('ip', ['netns', 'add', ns], { timeout: 10_000 })
    const t0 = process.hrtime.bigint()
    const r = spawnSync('ip', ['netns', 'exec', ns, 'nft', '-f', '-'], { input: text, timeout: 300_000, encoding: 'utf8' })
    const t = ms(t0)
    return r.status === 0 ? `${t.toFixed(0)} ms` : `failed: ${(r.stderr ?? '').split('\n')[0]}`
  } finally {
    spawnSync('ip', ['netns', 'del', ns], { timeout: 10_000 })
  }
}


export function nftablesBench(): void {
  console.log('\nkube-proxy nftables mode (same generated clusters)\n')
  console.log('nodes  services  | first node ms  next node ms  nft list lines  nft -f lines  | kernel nft -f  | trace median ms nft / iptables  rules walked nft / iptables')
  for (const [nodes, services] of SIZES) {
    const r = loadModel(`bench-${nodes}x${services}.yaml`, generateCluster(nodes, services), { limits: false })
    if (!r.ok) throw new Error('bench cluster does not load')
    const model = withKubeProxyMode(r.model, 'nftables')
    const pick = (k: number) => model.nodes[(Math.floor(nodes / 2) + k) % nodes]!.name
    gc()
    const t1 = process.hrtime.bigint()
    const nft = nodeState(model, pick(0))!.nftables!
    const listed = nft.listed.text
    const first = ms(t1)
    gc()
    const t2 = process.hrtime.bigint()
    void nodeState(model, pick(1))!.nftables!.listed.text
    const next = ms(t2)
    const dump = nft.dump
    const tn = traceFigures(model)
    const ti = traceFigures(r.model)
    console.log(
      `${String(nodes).padStart(5)}  ${String(services).padStart(8)}  | ${first.toFixed(0).padStart(13)}  ${next.toFixed(0).padStart(12)}  ${String(listed.split('\n').length - 1).padStart(14)}  ${String(dump.split('\n').length - 1).padStart(12)}  | ${nftLoad(dump).padStart(13)}  | ${`${tn.median.toFixed(3)} / ${ti.median.toFixed(3)}`.padStart(31)}  ${`${tn.rules} / ${ti.rules}`.padStart(28)}`,
    )
  }
}

if (process.argv[1]?.endsWith('nftables.ts')) nftablesBench()
