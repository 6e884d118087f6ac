/** `kube-netlab convert-ingress <file>`: ingress2gateway's output for the file's Ingresses, as YAML (or --json). */
import { stringify } from 'yaml'
import { convertIngresses } from '../model/gateway/convertIngress.js'
import type { Model } from '../model/model.js'
import type { CliIo } from './io.js'
import { diagnosticText } from '../i18n/diagnostics.js'
import type { Lang } from '../i18n/render.js'

export function runConvertIngress(model: Model, json: boolean, io: CliIo, lang: Lang = 'en'): number {
  if (model.ingresses.length === 0) {
    io.stderr('error: the topology has no Ingress to convert\n')
    return 1
  }
  const r = convertIngresses(model)
  if (r.warnings.length) io.stderr(r.warnings.map((w) => `${lang === 'ko' ? '경고' : 'warning'}: ${diagnosticText(w, lang)}\n`).join(''))
  io.stdout(json ? `${JSON.stringify({ items: r.objects, warnings: r.warnings }, null, 2)}\n` : r.objects.map((o) => stringify(o)).join('---\n'))
  return 0
}
