/**
 * The lab page: pick a scenario, see the cluster, click a node or pod to see the same views the
 * CLI's `show` prints. Names from files are untrusted, so everything is set as text.
 */
import { formatCidr, formatIpv4 } from '../model/addr/ipv4.js'
import { loadModel } from '../model/derive/buildModel.js'
import { formatDiagnostic } from '../model/load/diagnostics.js'
import type { Model } from '../model/model.js'
import { NODE_VIEWS, POD_VIEWS, VIEW_COMMANDS, showCluster, showNode, showPod } from '../model/show/views.js'
import { ClusterScene, type Selection } from '../render/ClusterScene.js'
import { layoutCluster } from '../render/layout.js'
import { DEFAULT_SCENARIO, SCENARIOS } from './scenarios.js'

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T

let model: Model | null = null
let selection: Selection | null = null
let view = 'iptables'

function renderViews(): void {
  const box = $('views')
  box.replaceChildren()
  const text = $('view-text')
  if (!model) return
  let names: readonly string[] = []
  let result
  if (!selection) {
    $('selection').textContent = 'Cluster overview (click a node or a pod)'
    result = showCluster(model)
  } else if (selection.kind === 'node') {
    names = NODE_VIEWS
    if (!names.includes(view)) view = 'iptables'
    $('selection').textContent = `node/${selection.name} — ${VIEW_COMMANDS[view as keyof typeof VIEW_COMMANDS]}`
    result = showNode(model, selection.name, view)
  } else {
    names = POD_VIEWS
    if (!names.includes(view)) view = 'route'
    const [ns, name] = selection.key.split('/')
    $('selection').textContent = `pod/${selection.key} — ${VIEW_COMMANDS[view as keyof typeof VIEW_COMMANDS]}`
    result = showPod(model, ns!, name!, view)
  }
  for (const v of names) {
    const b = document.createElement('button')
    b.textContent = v
    b.setAttribute('aria-pressed', String(v === view))
    b.addEventListener('click', () => { view = v; renderViews() })
    box.appendChild(b)
  }
  text.textContent = result.ok ? result.text : `${result.error}${result.hint ? `\n${result.hint}` : ''}`
}

async function start(): Promise<void> {
  const scene = await ClusterScene.create($('canvas'))
  scene.onSelect = (s) => { selection = s; renderViews() }
  const picker = $<HTMLSelectElement>('scenario')
  for (const s of SCENARIOS) {
    const o = document.createElement('option')
    o.value = s.id
    o.textContent = s.title
    picker.appendChild(o)
  }
  const load = (id: string): void => {
    const s = SCENARIOS.find((x) => x.id === id) ?? DEFAULT_SCENARIO
    const r = loadModel(`topologies/${s.id}.yaml`, s.text)
    const diag = $('diagnostics')
    diag.replaceChildren(...r.diagnostics.map((d) => Object.assign(document.createElement('li'), { textContent: formatDiagnostic(d) })))
    if (!r.ok) return
    model = r.model
    selection = null
    $('summary').textContent = `${model.nodes.length} nodes · ${model.pods.length} pods · ${model.services.length} services · ${model.cluster.network.plugin}${model.cluster.network.backend ? ` ${model.cluster.network.backend}` : ''}`
    scene.draw(layoutCluster(model, formatIpv4), `node network ${formatCidr(model.cluster.underlay.cidr)}`)
    renderViews()
    document.body.dataset['ready'] = s.id
  }
  picker.addEventListener('change', () => load(picker.value))
  picker.value = DEFAULT_SCENARIO.id
  load(DEFAULT_SCENARIO.id)
}

void start()
