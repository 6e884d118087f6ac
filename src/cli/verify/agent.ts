/**
 * The small program `verify` runs inside the namespaces it builds (`ip netns exec … node
 * --import tsx agent.ts …`):
 *   serve <label> <tcp ports> <udp ports> [<topology file> <dns ports> [<http proxy ports>]]
 *       echo servers that answer each connection or datagram with `OK <label> <peer ip>:<port>`;
 *       on the DNS ports, a DNS server answering from the model's records (CoreDNS's answers);
 *       on the HTTP proxy ports, the ingress controller: it reads the request, picks the backend
 *       by the model's Ingress rules, connects to one of its endpoints and relays the answer;
 *       with a 7th argument `gateway`, a Gateway's proxy instead (gatewayProxy.ts)
 *   connect <ip> <port> tcp|udp <count> <timeout ms> [<http path> <http host>]
 *       `count` connections in a row (sending an HTTP GET when a path is given); prints one
 *       JSON line per attempt
 *   dns <server ip> <timeout ms> <name>/<type> …
 *       the queries in order over UDP; prints one JSON line per query
 * Every wait is bounded; servers exit when stdin closes (the parent went away).
 */
import dgram from 'node:dgram'
import net from 'node:net'
import { decodeQuery, decodeResponse, encodeQuery, encodeResponse } from './dnsWire.js'

type Answerer = (name: string, type: string) => { rcode: string; answer: string[]; authority: string[] }
type Router = (host: string, path: string) => { ip: string; port: number } | null

async function ingressRouter(topologyFile: string): Promise<Router> {
  const { backendEndpoints, routeIngress } = await import('../../engine/ingress/route.js')
  const { formatIpv4 } = await import('../../model/addr/ipv4.js')
  const model = await loadTopology(topologyFile)
  return (host, path) => {
    const route = routeIngress(model, host, path)
    if (!route.backend) return null
    const eps = backendEndpoints(model, route.backend)
    const e = eps[Math.floor(Math.random() * eps.length)]
    return e ? { ip: formatIpv4(e.ip), port: e.port } : null
  }
}

/** The ingress controller: one HTTP request in, a new connection of its own to the backend. */
function proxy(sock: net.Socket, route: Router): void {
  let head = ''
  sock.on('data', (d) => {
    head += d.toString()
    if (!head.includes('\r\n\r\n')) return
    const [requestLine = ''] = head.split('\r\n')
    const path = requestLine.split(' ')[1] ?? '/'
    const host = /\r\nhost: *([^\r]+)/i.exec(head)?.[1]?.trim() ?? ''
    const target = route(host, path)
    if (!target) { sock.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n'); return }
    const up = net.connect({ host: target.ip, port: target.port })
    let body = ''
    up.setTimeout(3000, () => up.destroy())
    up.on('data', (b) => { body += b.toString() })
    up.on('end', () => sock.end(`HTTP/1.1 200 OK\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`))
    up.on('error', () => sock.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n'))
  })
  sock.on('error', () => sock.destroy())
}

/** The topology's model, loaded only by agents that answer from it (DNS, ingress). */
async function loadTopology(topologyFile: string) {
  const { readFileSync } = await import('node:fs')
  const { loadModel } = await import('../../model/derive/buildModel.js')
  const r = loadModel(topologyFile, readFileSync(topologyFile, 'utf8'))
  if (!r.ok) throw new Error(`agent cannot load ${topologyFile}`)
  return r.model
}

async function dnsAnswerer(topologyFile: string): Promise<Answerer> {
  const { coreDnsAnswer } = await import('../../engine/dns/servers.js')
  const { formatRecord } = await import('../../model/dns/types.js')
  const model = await loadTopology(topologyFile)
  return (name, type) => {
    const a = coreDnsAnswer(model, name, type as 'A')
    return { rcode: a.rcode, answer: a.answer.map(formatRecord), authority: a.authority.map(formatRecord) }
  }
}

const ports = (text: string | undefined): number[] => (text && text !== '-' ? text.split(',').map(Number) : [])

async function serve(label: string, tcp: number[], udp: number[], topologyFile: string | undefined, dnsPorts: number[], httpPorts: number[], gateway = false): Promise<void> {
  const answer = topologyFile && dnsPorts.length ? await dnsAnswerer(topologyFile) : null
  const route = topologyFile && httpPorts.length && !gateway ? await ingressRouter(topologyFile) : null
  const gatewayProxy = topologyFile && httpPorts.length && gateway ? (await import('./gatewayProxy.js')).gatewayHandler(topologyFile, label) : null
  const respond = (msg: Buffer): Buffer | null => {
    if (msg.length < 17) return null
    let q: ReturnType<typeof decodeQuery>
    try { q = decodeQuery(msg) } catch { return null }
    const a = answer!(q.name, q.type)
    return encodeResponse(q.id, q.name, q.type, a.rcode, a.answer, a.authority)
  }
  const listening: Promise<void>[] = []
  for (const port of tcp) {
    const server = net.createServer((sock) => {
      sock.setTimeout(5000, () => sock.destroy())
      if (gatewayProxy && httpPorts.includes(port)) gatewayProxy(sock)
      else if (route && httpPorts.includes(port)) proxy(sock, route)
      else if (answer && dnsPorts.includes(port)) {
        let buf = Buffer.alloc(0)
        sock.on('data', (d) => {
          buf = Buffer.concat([buf, d])
          if (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
            const out = respond(buf.subarray(2, 2 + buf.readUInt16BE(0))) ?? Buffer.alloc(0)
            const len = Buffer.alloc(2)
            len.writeUInt16BE(out.length)
            sock.end(Buffer.concat([len, out]))
          }
        })
      } else sock.end(`OK ${label} ${sock.remoteAddress?.replace(/^::ffff:/, '')}:${sock.remotePort}\n`)
      sock.on('error', () => sock.destroy())
    })
    listening.push(new Promise((resolve, reject) => { server.once('error', reject); server.listen(port, '0.0.0.0', () => resolve()) }))
  }
  for (const port of udp) {
    const sock = dgram.createSocket('udp4')
    sock.on('message', (msg, rinfo) => {
      // Not a DNS message (a plain probe): answer like any echo server.
      const out = (answer && dnsPorts.includes(port) ? respond(msg) : null) ?? Buffer.from(`OK ${label} ${rinfo.address}:${rinfo.port}\n`)
      sock.send(out, rinfo.port, rinfo.address)
    })
    listening.push(new Promise((resolve, reject) => { sock.once('error', reject); sock.bind(port, '0.0.0.0', () => resolve()) }))
  }
  await Promise.all(listening)
  process.stdout.write('READY\n')
  process.stdin.resume()
  process.stdin.on('end', () => process.exit(0))
  process.stdin.on('close', () => process.exit(0))
}

type Attempt = { result: 'delivered' | 'refused' | 'timeout' | 'no-route'; reply?: string; error?: string }

function connectOnce(ip: string, port: number, proto: string, timeoutMs: number, http?: { path: string; host: string }): Promise<Attempt> {
  return new Promise((resolve) => {
    let done = false
    const finish = (a: Attempt): void => { if (!done) { done = true; resolve(a) } }
    const classify = (e: NodeJS.ErrnoException): Attempt =>
      e.code === 'ECONNREFUSED' || e.code === 'ECONNRESET' ? { result: 'refused', error: e.code }
        : e.code === 'ENETUNREACH' || e.code === 'EHOSTUNREACH' ? { result: 'no-route', error: e.code }
          : { result: 'timeout', error: e.code ?? e.message }
    if (proto === 'udp') {
      const sock = dgram.createSocket('udp4')
      const timer = setTimeout(() => { sock.close(); finish({ result: 'timeout' }) }, timeoutMs)
      sock.on('message', (m) => { clearTimeout(timer); sock.close(); finish({ result: 'delivered', reply: m.toString().trim() }) })
      sock.on('error', (e) => { clearTimeout(timer); sock.close(); finish(classify(e)) })
      sock.connect(port, ip, () => sock.send('hello'))
      return
    }
    const sock = net.connect({ host: ip, port })
    if (http) sock.on('connect', () => sock.write(`GET ${http.path} HTTP/1.1\r\nHost: ${http.host}\r\nConnection: close\r\n\r\n`))
    let data = ''
    const timer = setTimeout(() => { sock.destroy(); finish({ result: 'timeout' }) }, timeoutMs)
    sock.on('data', (d) => { data += d.toString() })
    // Through a proxy the reply is an HTTP response whose body is the backend's echo line.
    sock.on('end', () => { clearTimeout(timer); finish({ result: 'delivered', reply: (http ? data.split('\r\n\r\n').slice(1).join('') : data).trim() }) })
    sock.on('error', (e) => { clearTimeout(timer); finish(classify(e)) })
  })
}

function dnsQuery(server: string, name: string, type: string, timeoutMs: number): Promise<object> {
  return new Promise((resolve) => {
    const sock = dgram.createSocket('udp4')
    const id = Math.floor(Math.random() * 65535)
    const timer = setTimeout(() => { sock.close(); resolve({ name, type, rcode: 'TIMEOUT', answer: [], authority: [] }) }, timeoutMs)
    sock.on('message', (m) => {
      clearTimeout(timer)
      sock.close()
      const r = decodeResponse(m)
      resolve({ name, type, rcode: r.rcode, answer: r.answer, authority: r.authority })
    })
    sock.on('error', (e) => { clearTimeout(timer); sock.close(); resolve({ name, type, rcode: 'ERROR', error: e.message, answer: [], authority: [] }) })
    sock.send(encodeQuery(id, name, type), 53, server)
  })
}

async function main(): Promise<void> {
  const [mode, ...a] = process.argv.slice(2)
  if (mode === 'serve') {
    await serve(a[0] ?? '?', ports(a[1]), ports(a[2]), a[3] && a[3] !== '-' ? a[3] : undefined, ports(a[4]), ports(a[5]), a[6] === 'gateway')
  } else if (mode === 'connect') {
    const [ip = '', port = '0', proto = 'tcp', count = '1', timeout = '1500', path, host] = a
    const http = path ? { path, host: host ?? ip } : undefined
    for (let i = 0; i < Math.min(64, Number(count)); i++) process.stdout.write(`${JSON.stringify(await connectOnce(ip, Number(port), proto, Number(timeout), http))}\n`)
  } else if (mode === 'dns') {
    const [server = '', timeout = '1500', ...questions] = a
    for (const q of questions) {
      const slash = q.lastIndexOf('/')
      process.stdout.write(`${JSON.stringify(await dnsQuery(server, q.slice(0, slash), q.slice(slash + 1), Number(timeout)))}\n`)
    }
  } else {
    process.stderr.write('usage: agent serve|connect|dns …\n')
    process.exit(2)
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`agent: ${e instanceof Error ? e.message : String(e)}\n`)
  process.exit(1)
})
