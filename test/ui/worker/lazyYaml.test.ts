/**
 * The model worker's lazily loaded yaml package (src/ui/worker/yamlLazy.ts, lazyCore.ts), in
 * node: here `yaml` is yamlLazy.ts for every module, as in the worker's production build. The
 * built-in clusters' first screen (load, what-if target lists, a trace, views) needs no package;
 * a first request that does need it (text the fast reader declines, a what-if's edit, an
 * embedded ConfigMap text the core reads inside a try) gives exactly what the same request
 * gives with the package loaded from the start.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { describe, expect, it, vi } from 'vitest'
import type * as Yaml from 'yaml'
import type { LoadInput } from '../../../src/ui/worker/labCore.js'
import type { WhatIfKind } from '../../../src/model/edit/whatIf.js'

const read = (rel: string): string => readFileSync(new URL(`../../../${rel}`, import.meta.url), 'utf8')
const TOPOLOGIES = readdirSync(new URL('../../../topologies/', import.meta.url)).filter((f) => f.endsWith('.yaml')).map((f) => [f, read(`topologies/${f}`)] as const)
const DECLINED = read('test/fixtures/lazy-yaml/anchors-and-flow.yaml')
const KINDS: readonly WhatIfKind[] = ['scale', 'drain', 'etp', 'deny', 'delete', 'apply', 'proxy-mode']

/** A fresh worker's modules: a new yamlLazy.ts (package not loaded) as every module's `yaml`, core and runner. */
async function freshWorker(preload: boolean) {
  vi.resetModules()
  vi.doMock('yaml', async () => await import('../../../src/ui/worker/yamlLazy.js'))
  const shim = await import('../../../src/ui/worker/yamlLazy.js')
  expect((await import('yaml')).parse).toBe(shim.parse)
  const { LabCore } = await import('../../../src/ui/worker/labCore.js')
  const { inCore } = await import('../../../src/ui/worker/lazyCore.js')
  const load = (): Promise<void> => shim.loadYaml(() => vi.importActual<typeof Yaml>('yaml'))
  if (preload) await load()
  const core = new LabCore()
  let loads = 0
  const counted = (): Promise<void> => { loads++; return load() }
  const run = <T>(op: (c: InstanceType<typeof LabCore>) => T): Promise<T> => inCore(core, () => op(core), counted)
  return { shim, core, run, loads: () => loads }
}

/** What a load answers, as comparable data (the model's locators are functions). */
async function summary(run: Awaited<ReturnType<typeof freshWorker>>['run'], input: LoadInput) {
  const r = await run((c) => c.load(input))
  const m = r.model
  return {
    text: r.text,
    diagnostics: r.diagnostics.map((d) => ({ ...d })),
    pods: m?.pods.map((p) => `${p.namespace}/${p.name} ${p.nodeName} ${p.ip}`) ?? null,
    services: m?.services.map((s) => `${s.namespace}/${s.name} ${s.clusterIP} ${s.obj.externalTrafficPolicy ?? ''}`) ?? null,
    cluster: await run((c) => c.view('cluster', '')),
    targets: Object.fromEntries(await Promise.all(KINDS.map(async (k) => [k, await run((c) => c.whatIfTargets(k, r.text))]))),
  }
}

describe('the model worker without the yaml package until a text needs it', () => {
  it('opens every built-in topology, lists what-if targets, traces and shows views without the package', async () => {
    const w = await freshWorker(false)
    const ref = await freshWorker(true)
    for (const [file, text] of TOPOLOGIES) {
      const input = { fileName: file, text, keepAddresses: false }
      const got = await summary(w.run, input)
      expect(got, file).toEqual(await summary(ref.run, input))
      const model = w.core.model!
      const pod = model.pods.find((p) => !p.hostNetwork && !p.addon)!
      const svc = model.services.find((s) => s.clusterIP !== null)
      if (svc) {
        const outcome = await w.run((c) => c.trace({ from: `pod/${pod.namespace}/${pod.name}`, to: `${svc.name}.${svc.namespace}:${svc.ports[0]?.spec.port ?? 80}` }))
        expect(outcome, file).toEqual(await ref.run((c) => c.trace({ from: `pod/${pod.namespace}/${pod.name}`, to: `${svc.name}.${svc.namespace}:${svc.ports[0]?.spec.port ?? 80}` })))
      }
      await w.run((c) => c.view(`node/${model.nodes[0]!.name}`, 'iptables'))
    }
    expect(w.loads()).toBe(0)
    expect(w.shim.yamlLoaded()).toBe(false)
  })

  it('a first text the fast reader declines (an anchor, multi-line flow mappings) loads as with the package', async () => {
    const w = await freshWorker(false)
    const ref = await freshWorker(true)
    const input = { fileName: 'lazy.yaml', text: DECLINED, keepAddresses: false }
    const got = await summary(w.run, input)
    expect(w.loads()).toBe(1)
    expect(got.diagnostics).toEqual([])
    expect(got.pods).toContain('shop/client minikube 183762951')
    expect(got.targets['etp']).toEqual([['shop/web', 'Service shop/web (Cluster)']])
    expect(got).toEqual(await summary(ref.run, input))
    // Asked first, the target lists wait for the package the same way.
    const lists = await freshWorker(false)
    expect(await lists.run((c) => c.whatIfTargets('scale', DECLINED))).toEqual([['shop/web', 'Deployment shop/web']])
    expect(lists.loads()).toBe(1)
  })

  it('a first what-if after a fast-read cluster edits and reloads as with the package, keeping the models before it', async () => {
    const text = TOPOLOGIES.find(([f]) => f === 'two-node-flannel-vxlan.yaml')![1]
    const w = await freshWorker(false)
    const ref = await freshWorker(true)
    const open = { fileName: 'x.yaml', text, keepAddresses: false }
    await w.run((c) => c.load(open))
    await ref.run((c) => c.load(open))
    const first = w.core.model
    expect(w.loads()).toBe(0)
    const edit = { fileName: 'x.yaml', text, keepAddresses: true, edit: { kind: 'scale' as const, target: 'default/web', value: 4 } }
    const got = await summary(w.run, edit)
    expect(w.loads()).toBe(1)
    expect(got.text).toContain('replicas: 4')
    expect(got).toEqual(await summary(ref.run, edit))
    // The dropped attempt left the core's models as they were: the one before is the first.
    expect(w.core.previous).toBe(first)
  })

  it('a ConfigMap text the core reads inside a try (kubeadm-config with an anchor) is not turned into a warning', async () => {
    const dump = `apiVersion: v1
kind: ConfigMap
metadata: { name: kubeadm-config, namespace: kube-system }
data:
  ClusterConfiguration: |
    apiVersion: kubeadm.k8s.io/v1beta3
    kind: ClusterConfiguration
    networking: &net { dnsDomain: corp.local, podSubnet: 10.32.0.0/12, serviceSubnet: 10.112.0.0/12 }
    copy: *net
---
apiVersion: v1
kind: Node
metadata: { name: cp, labels: { kubernetes.io/hostname: cp } }
spec: { podCIDR: 10.32.0.0/24, podCIDRs: [10.32.0.0/24] }
status: { addresses: [{ type: InternalIP, address: 192.168.1.10 }, { type: Hostname, address: cp }] }
---
apiVersion: v1
kind: Service
metadata: { name: kubernetes, namespace: default }
spec: { clusterIP: 10.112.0.1, clusterIPs: [10.112.0.1], ports: [{ name: https, port: 443, protocol: TCP }] }
`
    const w = await freshWorker(false)
    const ref = await freshWorker(true)
    const input = { fileName: 'dump.yaml', text: dump, keepAddresses: false }
    const got = await summary(w.run, input)
    expect(w.loads()).toBe(1)
    expect(got.diagnostics.map((d) => d.message).join('\n')).toContain('ConfigMap kube-system/kubeadm-config')
    expect(got.diagnostics.map((d) => d.message).join('\n')).not.toContain('cannot be read')
    expect(got).toEqual(await summary(ref.run, input))
    // The dropped attempt had finished with a model (the warning one): it is not kept as the one before.
    expect(w.core.previous).toBeNull()
  })

  it('an error that is not about the package still fails the request, once', async () => {
    const w = await freshWorker(false)
    await expect(w.run((c) => c.trace({ from: 'pod/default/x', to: '10.0.0.1:80' }))).rejects.toThrow('no cluster loaded')
    expect(w.loads()).toBe(0)
  })
})
