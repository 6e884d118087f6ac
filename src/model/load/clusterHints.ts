/**
 * What a dump's ConfigMaps say about the cluster's ranges: kubeadm's `kubeadm-config`
 * (ClusterConfiguration networking.podSubnet/serviceSubnet/dnsDomain), kube-proxy's
 * `kube-proxy` (KubeProxyConfiguration clusterCIDR) and flannel's `kube-flannel-cfg`
 * (net-conf.json Network). Unreadable embedded text is a warning, never a crash.
 */
import { parse } from 'yaml'
import { fastParse } from './fastYaml.js'
import type { FieldReader } from './fieldReader.js'
import type { Path } from './readDocuments.js'
import { isRecord } from '../isRecord.js'

export interface ClusterHint {
  readonly value: string
  /** Where it came from, for the "inferred" line: `ConfigMap kube-system/kubeadm-config`. */
  readonly source: string
  readonly path: Path
  readonly reader: FieldReader
}

export interface ClusterHints {
  podCIDR?: ClusterHint
  serviceCIDR?: ClusterHint
  clusterDomain?: ClusterHint
  flannelBackend?: ClusterHint
}


function embedded(r: FieldReader, path: Path, json: boolean): Record<string, unknown> | null {
  const text = r.string(path, null)
  if (text === null) return null
  try {
    // The fast reader first: a dump's ConfigMaps then need no YAML package (the browser's model
    // worker loads it only for text the fast reader declines).
    const fast = json ? null : fastParse(text)
    const v: unknown = json ? JSON.parse(text) : fast && fast.length <= 1 ? fast[0]?.data ?? null : parse(text, { maxAliasCount: 10 })
    return isRecord(v) ? v : null
  } catch {
    r.warn(path, `${path.join('.')} cannot be read as ${json ? 'JSON' : 'YAML'}; its settings are ignored`, 'check the embedded text for damage')
    return null
  }
}

const firstV4 = (v: unknown): string | undefined =>
  typeof v === 'string' ? v.split(',').map((x) => x.trim()).find((x) => x !== '' && !x.includes(':')) : undefined

export function readConfigMap(r: FieldReader, namespace: string, name: string, hints: ClusterHints): void {
  const source = `ConfigMap ${namespace}/${name}`
  const set = (key: keyof ClusterHints, value: string | undefined, path: Path): void => {
    if (value && !hints[key]) hints[key] = { value, source, path, reader: r }
  }
  if (namespace === 'kube-system' && name === 'kubeadm-config') {
    const cc = embedded(r, ['data', 'ClusterConfiguration'], false)
    const net = cc && isRecord(cc['networking']) ? cc['networking'] : null
    if (net) {
      set('podCIDR', firstV4(net['podSubnet']), ['data', 'ClusterConfiguration'])
      set('serviceCIDR', firstV4(net['serviceSubnet']), ['data', 'ClusterConfiguration'])
      set('clusterDomain', typeof net['dnsDomain'] === 'string' ? net['dnsDomain'] : undefined, ['data', 'ClusterConfiguration'])
    }
  } else if (namespace === 'kube-system' && name === 'kube-proxy') {
    const conf = embedded(r, ['data', 'config.conf'], false)
    if (conf) set('podCIDR', firstV4(conf['clusterCIDR']), ['data', 'config.conf'])
  } else if (name === 'kube-flannel-cfg') {
    const conf = embedded(r, ['data', 'net-conf.json'], true)
    if (conf) {
      set('podCIDR', firstV4(conf['Network']), ['data', 'net-conf.json'])
      const backend = isRecord(conf['Backend']) ? conf['Backend']['Type'] : undefined
      set('flannelBackend', typeof backend === 'string' ? backend : undefined, ['data', 'net-conf.json'])
    }
  }
}
