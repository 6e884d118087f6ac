/**
 * CoreDNS's Services by name (serviceIndex.ts) after what-ifs: the index carried from the
 * earlier model must hold what a filter of the new model's Services gives, and the kubernetes
 * plugin must answer through it exactly as it answers from the plain lists (the view without
 * an index), for every Service's name, its SRV names and a headless Service's endpoint names.
 */
import { describe, expect, it } from 'vitest'
import { loadText, randomWhatIfs } from '../../support/randomWhatIfs.js'
import { clusterDns } from '../../../src/model/dns/clusterDns.js'
import { kubernetesAnswer } from '../../../src/model/dns/kubernetesPlugin.js'
import { built, serviceIndexCounters, servicesNamed } from '../../../src/model/dns/serviceIndex.js'
import type { DnsView, QType } from '../../../src/model/dns/types.js'
import type { WhatIfKind } from '../../../src/model/edit/whatIf.js'
import type { Model } from '../../../src/model/model.js'
import { generateCluster } from '../../../bench/generate.js'

const KINDS: readonly WhatIfKind[] = ['scale', 'drain', 'etp', 'delete']

const HEADLESS = `
---
apiVersion: v1
kind: Service
metadata: { name: db, namespace: default }
spec:
  clusterIP: None
  selector: { app: app1 }
  ports: [{ name: http, port: 80, targetPort: http }]
`

/** The same view with the lists only: the plugin filters them (as for the upstream vectors). */
function plain(view: DnsView): DnsView {
  return { namespaceExists: view.namespaceExists, services: view.services, slices: view.slices, pods: view.pods, serial: view.serial }
}

function checkModel(model: Model, where: string): void {
  const dns = clusterDns(model)
  const k = dns.kubernetes!
  const bare = plain(dns.view)
  const names: [string, QType][] = [['nothere.default.svc.cluster.local.', 'A'], ['APP1.Default.svc.cluster.local.', 'A']]
  for (const s of bare.services) {
    const name = `${s.name}.${s.namespace}.svc.cluster.local.`
    names.push([name, 'A'], [`_http._tcp.${name}`, 'SRV'])
  }
  for (const sl of bare.slices) for (const a of sl.addresses) names.push([`${a.ip.replace(/\./g, '-')}.${sl.service}.${sl.namespace}.svc.cluster.local.`, 'A'])
  for (const [name, type] of names) {
    expect(kubernetesAnswer(dns.view, k, name, type), `${where}: ${type} ${name}`).toEqual(kubernetesAnswer(bare, k, name, type))
  }
  // The index itself: one lookup per Service gives what a filter does.
  const fresh = built(model.services)
  for (const s of model.services) {
    const want = model.services.filter((t) => t.namespace.toLowerCase() === s.namespace.toLowerCase() && t.name.toLowerCase() === s.name.toLowerCase())
    expect(servicesNamed(model, s.namespace, s.name), `${where}: ${s.namespace}/${s.name}`).toEqual(want)
    expect(fresh.unique?.get(`${s.namespace}\u0000${s.name}`)).toBe(want[0])
  }
}

describe('CoreDNS\'s Service index after a what-if', () => {
  it('answers as the plain lists do, over random what-ifs (the index carried from the earlier model)', () => {
    const text = generateCluster(6, 30, { standalonePods: 4, nodePortEvery: 3 }) + HEADLESS
    const first = loadText(text)
    checkModel(first, 'first')
    const carried = serviceIndexCounters.carried
    let changed = 0
    for (const { step, kind, target, before, model } of randomWhatIfs(first, text, 5, 30, KINDS)) {
      if (model.services !== before.services) changed++
      checkModel(model, `step ${step} ${kind} ${target}`)
    }
    expect(changed).toBeGreaterThan(5)
    expect(serviceIndexCounters.carried - carried).toBeGreaterThan(5)
  })

  it('keeps every Service of a name when two share one (a model the API server would not give)', () => {
    const first = loadText(generateCluster(2, 3))
    const s = first.services.find((x) => x.name === 'app1')!
    const twice = [...first.services, { ...s }]
    const index = built(twice)
    expect(index.unique).toBeNull()
    expect(index.multi!.get('default\u0000app1')).toEqual([s, twice[twice.length - 1]])
  })
})
