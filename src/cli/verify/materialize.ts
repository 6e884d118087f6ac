/**
 * Builds a topology in isolated network namespaces exactly as the model derives it: one netns
 * for the node network (a bridge standing for the switch), one per node, per pod and per
 * outside client; the devices, addresses, MACs, routes, permanent ARP and FDB entries and
 * sysctls of the model; the model's own iptables-save text loaded with iptables-restore.
 * Safety (DEVELOPERS.md): every namespace carries one unique prefix; links are created inside
 * namespaces (a veth's peer goes straight into its namespace), so nothing touches the root
 * namespace; every command is bounded in time; `destroy` removes everything.
 */
import { spawnSync } from 'node:child_process'
import type { NftNodeState } from '../../model/node/nftState.js'
import { randomBytes } from 'node:crypto'
import { formatCidr, formatIpv4, isIpv4, parseIpv4 } from '../../model/addr/ipv4.js'
import { externalMac, worldOf } from '../../engine/net/world.js'
import type { Model } from '../../model/model.js'
import { hostVethName } from '../../model/node/naming.js'
import { nodeState, podNetworkPods } from '../../model/node/nodeState.js'
import { podState } from '../../model/node/podState.js'
import type { NetDevice, RouteEntry } from '../../model/node/types.js'

export interface Lab {
  readonly prefix: string
  readonly underlay: string
  readonly nodes: ReadonlyMap<string, string>
  readonly pods: ReadonlyMap<string, string>
  readonly externals: ReadonlyMap<string, string>
  readonly created: string[]
}

export class CommandError extends Error {}

const TIMEOUT = 20_000

/**
 * kube-proxy's nftables table (nftables mode), loaded as kube-proxy hands it to `nft -f`; the
 * kernel's listing must be the lab's `nft` view, or the lab would be checking another ruleset.
 */
function loadNftables(ns: string, node: string, nft: NftNodeState): void {
  run(['ip', 'netns', 'exec', ns, 'nft', '-f', '-'], nft.dump)
  const listed = run(['ip', 'netns', 'exec', ns, 'nft', 'list', 'table', 'ip', 'kube-proxy'])
  if (listed !== nft.listed.text) throw new Error(`node ${node}: the kernel lists kube-proxy's nftables table differently from the nft view`)
}

export function run(argv: readonly string[], input?: string): string {
  const r = spawnSync(argv[0]!, argv.slice(1), { input, encoding: 'utf8', timeout: TIMEOUT })
  if (r.status !== 0) throw new CommandError(`${argv.join(' ')}: ${(r.stderr || r.stdout || String(r.error ?? '')).trim()}`)
  return r.stdout
}

/** `ip -n NS -batch -`: many commands in one process. */
function ipBatch(ns: string, lines: readonly string[]): void {
  if (lines.length) run(['ip', '-n', ns, '-batch', '-'], `${lines.join('\n')}\n`)
}

export function newPrefix(): string {
  return `knv${randomBytes(3).toString('hex')}-`
}

function routeLine(r: RouteEntry): string | null {
  if (r.proto === 'kernel') return null // the kernel adds these itself with the address
  const dst = r.dst ? formatCidr(r.dst) : 'default'
  return `route add ${dst}${r.via !== undefined ? ` via ${formatIpv4(r.via)}` : ''} dev ${r.dev}${r.onlink ? ' onlink' : ''}${r.src !== undefined ? ` src ${formatIpv4(r.src)}` : ''}`
}

function addrLines(d: NetDevice): string[] {
  return d.addresses.map((a) => `address add ${formatIpv4(a.ip)}/${a.prefixLength} dev ${d.name}`)
}

export function materialize(model: Model, prefix: string, log: (line: string) => void): Lab {
  const created: string[] = []
  try {
    return build(model, prefix, log, created)
  } catch (e) {
    // A step failed half way: remove what was made, since the caller never gets the Lab.
    while (created.length) spawnSync('ip', ['netns', 'del', created.pop()!], { timeout: 10_000 })
    throw e
  }
}

function build(model: Model, prefix: string, log: (line: string) => void, created: string[]): Lab {
  const add = (name: string): string => {
    run(['ip', 'netns', 'add', name])
    created.push(name)
    return name
  }
  const lab: Lab = { prefix, underlay: add(`${prefix}u`), nodes: new Map(), pods: new Map(), externals: new Map(), created }
  const nodes = lab.nodes as Map<string, string>
  const pods = lab.pods as Map<string, string>
  const externals = lab.externals as Map<string, string>
  ipBatch(lab.underlay, ['link set lo up', 'link add br0 type bridge', 'link set br0 up'])
  // Nothing in the node network's own netns filters or tracks what it switches.
  run(['ip', 'netns', 'exec', lab.underlay, 'sysctl', '-qw', 'net.bridge.bridge-nf-call-iptables=0'])

  const cable = (ns: string, port: string, mac: string, mtu: number): void => {
    ipBatch(ns, [`link add eth0 mtu ${mtu} type veth peer name ${port} netns ${lab.underlay}`, `link set eth0 address ${mac}`, 'link set lo up'])
    ipBatch(lab.underlay, [`link set ${port} master br0`, `link set ${port} up`])
  }

  model.nodes.forEach((node, i) => {
    const ns = add(`${prefix}n${i}`)
    nodes.set(node.name, ns)
    const st = nodeState(model, node.name)!
    const dev = (name: string): NetDevice | undefined => st.devices.find((d) => d.name === name)
    const eth0 = dev('eth0')!
    cable(ns, `n${i}`, eth0.mac, eth0.mtu)
    const lines: string[] = [...addrLines(eth0), 'link set eth0 up']
    const vxlan = st.devices.find((d) => d.kind === 'vxlan')
    if (vxlan?.vxlan) {
      lines.push(
        `link add ${vxlan.name} type vxlan id ${vxlan.vxlan.vni} local ${formatIpv4(vxlan.vxlan.local)} dev ${vxlan.vxlan.dev} dstport ${vxlan.vxlan.port} nolearning`,
        `link set ${vxlan.name} address ${vxlan.mac} mtu ${vxlan.mtu}`, ...addrLines(vxlan), `link set ${vxlan.name} up`,
      )
    }
    const bridge = st.devices.find((d) => d.kind === 'bridge')
    if (bridge) lines.push(`link add ${bridge.name} type bridge`, `link set ${bridge.name} address ${bridge.mac} mtu ${bridge.mtu}`, ...addrLines(bridge), `link set ${bridge.name} up`)
    // nodelocaldns is a dummy device left DOWN; this kernel may lack `dummy`, and a DOWN veth
    // end behaves the same for its local addresses.
    const dummy = st.devices.find((d) => d.kind === 'dummy')
    if (dummy) lines.push(`link add ${dummy.name} type veth peer name nld-peer`, ...addrLines(dummy))
    ipBatch(ns, lines)

    for (const pod of podNetworkPods(model, node.name)) {
      const pns = add(`${prefix}p${pods.size}`)
      pods.set(`${pod.namespace}/${pod.name}`, pns)
      const ps = podState(model, pod)!
      const veth = st.devices.find((d) => d.name === hostVethName(pod))!
      const peth = ps.devices.find((d) => d.name === 'eth0')!
      ipBatch(ns, [
        `link add ${veth.name} mtu ${veth.mtu} type veth peer name eth0 netns ${pns}`,
        `link set ${veth.name} address ${veth.mac}`, `link set ${veth.name} master ${bridge!.name}`,
        `link set ${veth.name} type bridge_slave hairpin ${veth.hairpin ? 'on' : 'off'}`, `link set ${veth.name} up`,
      ])
      ipBatch(pns, ['link set lo up', `link set eth0 address ${peth.mac} mtu ${peth.mtu}`, ...addrLines(peth), 'link set eth0 up',
        ...ps.routes.map(routeLine).filter((l): l is string => l !== null)])
    }

    ipBatch(ns, [
      ...st.routes.map(routeLine).filter((l): l is string => l !== null),
      ...st.neighbors.filter((n) => n.state === 'PERMANENT').map((n) => `neigh add ${formatIpv4(n.ip)} lladdr ${n.lladdr} dev ${n.dev} nud permanent`),
    ])
    for (const f of st.fdb.filter((e) => e.dst !== undefined)) {
      run(['bridge', '-n', ns, 'fdb', 'append', f.mac, 'dev', f.dev, 'dst', formatIpv4(f.dst!), 'self', 'permanent'])
    }
    run(['ip', 'netns', 'exec', ns, 'sysctl', '-qw', ...st.sysctls.filter(([k]) => !k.includes('ip6tables')).map(([k, v]) => `${k}=${v}`)])
    for (const counter of ['ct_state_invalid_dropped_pkts', 'localhost_nps_accepted_pkts']) run(['ip', 'netns', 'exec', ns, 'nfacct', 'add', counter])
    run(['ip', 'netns', 'exec', ns, 'iptables-restore'], st.iptablesSave().text)
    if (st.nftables) loadNftables(ns, node.name, st.nftables)
    log(`node ${node.name}: ${ns} (${st.devices.length} devices, ${st.routes.length} routes, iptables${st.nftables ? ' and nftables' : ''} loaded)`)
  })

  model.cluster.externalClients.forEach((e, j) => {
    const ns = add(`${prefix}x${j}`)
    externals.set(e.name, ns)
    const u = model.cluster.underlay
    cable(ns, `x${j}`, externalMac(e.name), 1500)
    // LoadBalancer IPs: the announcing node answers ARP for them (MetalLB's L2 mode); the lab
    // has no speaker, so the outside host gets the answer as a permanent neighbour entry.
    const w = worldOf(model)
    const announced = model.services.flatMap((s) => s.obj.loadBalancerIngress.map((i) => i.ip)).filter(isIpv4).flatMap((text) => {
      const node = w.loadBalancerNode(parseIpv4(text))
      const mac = node ? nodeState(model, node.name)!.devices.find((d) => d.name === 'eth0')!.mac : null
      return mac ? [`neigh add ${text} lladdr ${mac} dev eth0 nud permanent`] : []
    })
    ipBatch(ns, [`address add ${formatIpv4(e.ip)}/${u.cidr.prefixLength} dev eth0`, 'link set eth0 up', `route add default via ${formatIpv4(u.gateway)} dev eth0`, ...announced])
    log(`external ${e.name}: ${ns}`)
  })
  return lab
}

/** Deletes every namespace the lab made; safe to call twice. */
export function destroy(lab: Lab): void {
  while (lab.created.length) {
    const ns = lab.created.pop()!
    spawnSync('ip', ['netns', 'del', ns], { timeout: 10_000 })
  }
}
