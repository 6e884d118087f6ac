/** The state panel: the same views as `kube-netlab show`, for the cluster, a node or a pod. */
import { showText } from '../../i18n/diagnostics.js'
import type { Model } from '../../model/model.js'
import { NODE_VIEWS, POD_VIEWS, VIEW_COMMANDS, showCluster, showDns, showNode, showPod, type ViewResult } from '../../model/show/views.js'
import type { Selection } from '../../render/layout/types.js'
import { $, el } from '../dom.js'
import { currentLang, t } from '../i18n.js'

export interface ViewState { selection: Selection | null; view: string }

export function renderStateViews(model: Model | null, vs: ViewState): void {
  const box = $('views')
  box.replaceChildren()
  if (!model) return
  let names: readonly string[] = ['cluster', 'dns']
  let result: ViewResult
  const sel = vs.selection
  if (!sel) {
    $('selection').textContent = t('overview')
    result = vs.view === 'dns' ? showDns(model) : showCluster(model)
  } else if (sel.kind === 'node') {
    names = NODE_VIEWS
    if (!names.includes(vs.view)) vs.view = 'iptables'
    $('selection').textContent = `node/${sel.name} — ${VIEW_COMMANDS[vs.view as keyof typeof VIEW_COMMANDS]}`
    result = showNode(model, sel.name, vs.view)
  } else {
    names = POD_VIEWS
    if (!names.includes(vs.view)) vs.view = 'route'
    const [ns, name] = sel.key.split('/')
    $('selection').textContent = `pod/${sel.key} — ${VIEW_COMMANDS[vs.view as keyof typeof VIEW_COMMANDS]}`
    result = showPod(model, ns!, name!, vs.view)
  }
  for (const v of names) {
    const b = el('button', v)
    b.setAttribute('aria-pressed', String(v === vs.view))
    b.addEventListener('click', () => { vs.view = v; renderStateViews(model, vs) })
    box.appendChild(b)
  }
  $('view-text').textContent = result.ok ? result.text : `${showText(result.error, currentLang())}${result.hint ? `\n${showText(result.hint, currentLang())}` : ''}`
}
