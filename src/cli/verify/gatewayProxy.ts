/**
 * A Gateway's proxy in the kernel lab (run by agent.ts in the proxy pod's namespace): it parses
 * each HTTP request, routes it with the model's computed routing table exactly as the engine does
 * (engine/gateway: listener, precedence, filters, weights), and for a backend opens its own
 * connection to a ready endpoint and relays the answer; otherwise it answers 404/500/503 or the
 * redirect itself. On a TCP listener it forwards the bytes to an endpoint of the TCPRoute's
 * backend instead. The backend therefore sees this pod's address, as with Envoy.
 */
import net from 'node:net'
import { readFileSync } from 'node:fs'
import { loadModel } from '../../model/derive/buildModel.js'
import { OWNING_GATEWAY_NAME, OWNING_GATEWAY_NAMESPACE, containerPortFor } from '../../model/derive/gatewayAddon.js'
import { formatIpv4, isIpv4 } from '../../model/addr/ipv4.js'
import { finishWith, gatewayOf, refEndpoints, routeHttp } from '../../engine/gateway/route.js'
import { routeL4 } from '../../engine/gateway/l4.js'
import { queryText, splitTarget, type HttpRequest } from '../../engine/gateway/request.js'

const REASONS: Record<number, string> = { 301: 'Moved Permanently', 302: 'Found', 303: 'See Other', 307: 'Temporary Redirect', 308: 'Permanent Redirect', 404: 'Not Found', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable' }

export type Handler = (sock: net.Socket) => void

export function gatewayHandler(topologyFile: string, podKey: string): Handler {
  const r = loadModel(topologyFile, readFileSync(topologyFile, 'utf8'))
  if (!r.ok) throw new Error(`cannot load ${topologyFile}`)
  const model = r.model
  const pod = model.pods.find((p) => `${p.namespace}/${p.name}` === podKey)
  const gw = pod && gatewayOf(model, `${pod.labels[OWNING_GATEWAY_NAMESPACE]}/${pod.labels[OWNING_GATEWAY_NAME]}`)
  if (!gw) throw new Error(`${podKey} is not a Gateway proxy pod`)
  const answer = (sock: net.Socket, status: number, extra = '', body = ''): void => {
    sock.end(`HTTP/1.1 ${status} ${REASONS[status] ?? ''}\r\n${extra}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`)
  }
  const listenerPortOf = (local: number | undefined): number => gw.listeners.map((l) => l.listener.port).find((p) => containerPortFor(p) === local) ?? local ?? 80
  return (sock) => {
    const l4 = routeL4(model, gw, listenerPortOf(sock.localPort), 'tcp')
    if (l4) {
      let x = Math.random()
      const live = l4.backends.filter((b) => b.probability > 0)
      const chosen = l4.refused ? undefined : live.find((b) => (x -= b.probability) < 0) ?? live[live.length - 1]
      const eps = chosen && !chosen.problem ? refEndpoints(model, chosen.ref) : []
      const ep = eps[Math.floor(Math.random() * eps.length)]
      if (!ep) { sock.destroy(); return }
      const up = net.connect({ host: formatIpv4(ep.ip), port: ep.port })
      sock.pipe(up).pipe(sock)
      up.on('error', () => sock.destroy())
      sock.on('error', () => up.destroy())
      return
    }
    let head = ''
    sock.on('data', (d) => {
      head += d.toString()
      if (!head.includes('\r\n\r\n')) return
      const [line = '', ...rest] = head.split('\r\n\r\n')[0]!.split('\r\n')
      const [method = 'GET', target = '/'] = line.split(' ')
      const headers = rest.map((h): [string, string] => [h.slice(0, h.indexOf(':')).trim(), h.slice(h.indexOf(':') + 1).trim()]).filter(([k]) => k)
      const hostHeader = headers.find(([k]) => k.toLowerCase() === 'host')?.[1] ?? ''
      const { path, query } = splitTarget(target)
      // A Host that is an address (the client dialed the Gateway's IP) matches no hostname.
      const host = hostHeader === '' || isIpv4(hostHeader.replace(/:\d+$/, '')) ? null : hostHeader
      const req: HttpRequest = { scheme: 'http', method, host, path, query, headers: headers.filter(([k]) => !['host', 'connection'].includes(k.toLowerCase())) }
      const listenerPort = listenerPortOf(sock.localPort)
      const routing = routeHttp(model, gw, listenerPort, req)
      if (routing.status !== null) { answer(sock, routing.status, routing.location ? `Location: ${routing.location}\r\n` : ''); return }
      let x = Math.random()
      const live = routing.backends.filter((b) => b.probability > 0)
      const chosen = live.find((b) => (x -= b.probability) < 0) ?? live[live.length - 1]!
      const fin = finishWith(model, routing, chosen)
      if (fin.status !== 200) { answer(sock, fin.status); return }
      const ep = fin.endpoints[Math.floor(Math.random() * fin.endpoints.length)]!
      const br = routing.backendRequest!
      const up = net.connect({ host: formatIpv4(ep.ip), port: ep.port })
      let body = ''
      up.setTimeout(3000, () => up.destroy())
      up.on('connect', () => up.write(`${br.method} ${br.path}${queryText(br.query)} HTTP/1.1\r\nHost: ${br.host ?? hostHeader}\r\n${br.headers.map(([k, v]) => `${k}: ${v}\r\n`).join('')}Connection: close\r\n\r\n`))
      up.on('data', (b) => { body += b.toString() })
      up.on('end', () => answer(sock, 200, '', body))
      up.on('error', () => answer(sock, 502))
    })
    sock.on('error', () => sock.destroy())
  }
}
