/**
 * The `show` views, shared by the CLI and the browser: each returns the exact text of the real
 * tool plus structured data for --json. The one place that knows which views exist.
 */
import { clusterDns, zoneRecords } from '../dns/clusterDns.js'
import { formatRecord } from '../dns/types.js'
import type { Model } from '../model.js'
import { nodeState } from '../node/nodeState.js'
import { podState } from '../node/podState.js'
import { clusterView, formatClusterView } from './clusterView.js'
import { formatBridgeFdb, formatIpBrAddr, formatIpNeigh, formatIpRoute, formatSysctl } from './iproute2.js'

import { NODE_VIEWS, POD_VIEWS, VIEW_COMMANDS, type NodeView, type PodView } from './viewNames.js'

export { NODE_VIEWS, POD_VIEWS, VIEW_COMMANDS, type NodeView, type PodView }

export type ViewResult = { ok: true; text: string; data: unknown } | { ok: false; error: string; hint?: string }

export function showCluster(model: Model): ViewResult {
  const v = clusterView(model)
  return { ok: true, text: formatClusterView(v), data: v }
}

/** The records CoreDNS's kubernetes plugin answers, as zone-file lines (`dig`'s answer form). */
export function showDns(model: Model): ViewResult {
  const dns = clusterDns(model)
  if (!dns.kubernetes) {
    return { ok: false, error: 'the Corefile loads no kubernetes plugin, so CoreDNS answers no cluster names', hint: 'add "kubernetes cluster.local in-addr.arpa ip6.arpa" to the coredns ConfigMap' }
  }
  const records = zoneRecords(model)
  const k = dns.kubernetes
  const head = `; CoreDNS kubernetes plugin: zones ${k.zones.join(' ')}; pods ${k.pods}; ttl ${k.ttl}${k.namespaces.length ? `; namespaces ${k.namespaces.join(' ')}` : ''}\n`
  return { ok: true, text: head + records.map((r) => `${formatRecord(r)}\n`).join(''), data: { plugin: k, records } }
}

export function showNode(model: Model, nodeName: string, view: string): ViewResult {
  const s = nodeState(model, nodeName)
  if (!s) return { ok: false, error: `no node named "${nodeName}"`, hint: `nodes are: ${model.nodes.map((n) => n.name).join(', ')}` }
  switch (view as NodeView) {
    case 'addr': return { ok: true, text: formatIpBrAddr(s.devices), data: s.devices }
    case 'route': return { ok: true, text: formatIpRoute(s.routes), data: s.routes }
    case 'neigh': return { ok: true, text: formatIpNeigh(s.neighbors), data: s.neighbors }
    case 'fdb': return { ok: true, text: formatBridgeFdb(s.fdb), data: s.fdb }
    case 'sysctl': return { ok: true, text: formatSysctl(s.sysctls), data: Object.fromEntries(s.sysctls) }
    case 'iptables': {
      const saved = s.iptablesSave()
      return { ok: true, text: saved.text, data: Object.fromEntries([...s.ruleset].map(([t, table]) => [t, Object.fromEntries([...table.chains].map(([c, chain]) => [c, { policy: chain.policy, rules: chain.rules }]))])) }
    }
    case 'nft':
    case 'nft-dump': {
      if (!s.nftables) return { ok: false, error: 'kube-proxy runs in iptables mode here: it writes no nftables table', hint: `use node/${nodeName} iptables, or set kubeProxy: { mode: nftables } in the Cluster document` }
      const t = s.nftables
      return { ok: true, text: view === 'nft' ? t.listed.text : t.dump, data: { family: t.table.family, name: t.table.name, sets: [...t.table.sets.values()], chains: [...t.table.chains.values()] } }
    }
    default:
      return { ok: false, error: `unknown node view "${view}"`, hint: `node views are: ${NODE_VIEWS.join(', ')}` }
  }
}

export function showPod(model: Model, namespace: string, name: string, view: string): ViewResult {
  const pod = model.pods.find((p) => p.namespace === namespace && p.name === name)
  if (!pod) {
    const near = model.pods.filter((p) => p.name.startsWith(name.split('-')[0] ?? name)).map((p) => `pod/${p.namespace}/${p.name}`)
    return { ok: false, error: `no pod ${namespace}/${name}`, hint: near.length ? `did you mean ${near.slice(0, 3).join(', ')}?` : 'list pods with: show <file> cluster' }
  }
  const s = podState(model, pod)
  if (!s) return { ok: false, error: `pod ${namespace}/${name} is Pending: it has no node and no network namespace` }
  if (pod.hostNetwork && view !== 'resolv.conf') {
    return { ok: false, error: `pod ${namespace}/${name} uses hostNetwork: it shares node ${pod.nodeName}'s network namespace`, hint: `use node/${pod.nodeName} ${view}` }
  }
  switch (view as PodView) {
    case 'addr': return { ok: true, text: formatIpBrAddr(s.devices), data: s.devices }
    case 'route': return { ok: true, text: formatIpRoute(s.routes), data: s.routes }
    case 'resolv.conf': return { ok: true, text: s.resolvConf, data: { text: s.resolvConf } }
    default:
      return { ok: false, error: `unknown pod view "${view}"`, hint: `pod views are: ${POD_VIEWS.join(', ')}` }
  }
}
