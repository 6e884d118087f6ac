/**
 * Maps an upstream kube-proxy nftables vector onto the proxier's input, and upstream's canonical
 * sort of a knftables dump (helpers_test.go sortNFTablesTransaction), as the vectors describe it.
 */
import type { ProxyInput } from '../../src/model/kubeproxy/types.js'
import { vectorServicePorts, type VectorEndpoint, type VectorService } from './conformanceInput.js'

export interface NftVector {
  name: string; nodeIPs: string[]
  proxier: {
    nodeName: string; nodeIP: string; localDetector: { cidr: string } | null; masqueradeMark: string
    masqueradeAll: boolean; serviceCIDRs: string; nodePortAddresses: string[] | null
  }
  services: VectorService[]
  endpoints: VectorEndpoint[]
  expected?: string; expected_sorted?: string
  observed_nft_list_ruleset?: { ruleset: string; input?: string }
  flows?: { name: string; sourceIP: string; protocol: string; destIP: string; destPort: number; expected_output: string; expected_masq: boolean }[]
}

export function nftInputFromVector(v: NftVector): ProxyInput {
  const p = v.proxier
  return {
    config: {
      nodeName: p.nodeName, nodeIP: p.nodeIP, nodeIPs: v.nodeIPs, clusterCIDR: p.localDetector?.cidr ?? null,
      masqueradeMark: parseInt(p.masqueradeMark, 16), masqueradeAll: p.masqueradeAll, localhostNodePorts: false,
      nodePortAddresses: p.nodePortAddresses, hasRandomFully: true, conntrackTCPLiberal: false,
      nfacct: { ctStateInvalid: false, localhostNodePorts: false }, largeClusterEndpointsThreshold: 1000,
    },
    ...vectorServicePorts(v.services, v.endpoints),
  }
}

export const vectorServiceCIDRs = (v: NftVector): string[] => (v.proxier.serviceCIDRs ? v.proxier.serviceCIDRs.split(',') : [])

const TYPE_ORDER = ['table', 'chain', 'rule', 'set', 'map', 'element']

/** sortNFTablesTransaction: by object type, then object name, rules keep their order, else by line. */
export function canonicalNftSort(text: string): string {
  const lines = text.split('\n').filter((l) => l !== '' && !l.startsWith('#'))
  const keyed = lines.map((l, i) => { const w = l.split(' '); return { l, i, type: TYPE_ORDER.indexOf(w[1] ?? ''), name: w[4] ?? '' } })
  keyed.sort((a, b) => {
    if (a.type !== b.type) return a.type - b.type
    if (a.name !== b.name) return a.name < b.name ? -1 : 1
    if (TYPE_ORDER[a.type] === 'rule') return a.i - b.i
    return a.l < b.l ? -1 : a.l > b.l ? 1 : 0
  })
  return keyed.map((k) => k.l).join('\n')
}
