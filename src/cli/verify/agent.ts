/**
 * The small program `verify` runs inside the namespaces it builds (`ip netns exec … node
 * --import tsx agent.ts …`):
 *   serve <label> <tcp ports> <udp ports> [<topology file> <dns ports>]
 *       echo servers that answer each connection or datagram with `OK <label> <peer ip>:<port>`;
 *       on the DNS ports, a DNS server answering from the model's records (CoreDNS's answers)
 *   connect <ip> <port> tcp|udp <count> <timeout ms>
 *       `count` connections in a row; prints one JSON line per attempt
 *   dns <server ip> <timeout ms> <name>/<type> …
 *       the queries in order over UDP; prints one JSON line per query
 * Every wait is bounded; servers exit when stdin closes (the parent went away).
 */
import dgram from 'node:dgram'
import net from 'node:net'
import { decodeQuery, decodeResponse, encodeQuery, encodeResponse } from './dnsWire.js'

type Answerer = (name: string, type: string) => { rcode: string; answer: string[]; authority: string[] }

async function dnsAnswerer(topologyFile: string): Promise<Answerer> {
  const { readFileSync } = await import('node:fs')
  const { loadModel } = await import('../../model/derive/buildModel.js')
  const { coreDnsAnswer } = await import('../../engine/dns/servers.js')
  const { formatRecord } = await import('../../model/dns/types.js')
  const r = loadModel(topologyFile, readFileSync(topologyFile, 'utf8'))
  if (!r.ok) throw new Error(`agent cannot load ${topologyFile}`)
  const model = r.model
  return (name, type) => {
    const a = coreDnsAnswer(model, name, type as 'A')
    return { rcode: a.rcode, answer: a.answer.map(formatRecord), authority: a.authority.map(formatRecord) }
  }
}

const ports = (text: string | undefined): number[] => (text && text !== '-' ? text.split(',').map(Number) : [])

async function serve(label: string, tcp: number[], udp: number[], topologyFile: string | undefined, dnsPorts: number[]): Promise<void> {
  const answer = topologyFile ? await dnsAnswerer(topologyFile) : null
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
      if (answer && dnsPorts.includes(port)) {
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

function connectOnce(ip: string, port: number, proto: string, timeoutMs: number): Promise<Attempt> {
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
    let data = ''
    const timer = setTimeout(() => { sock.destroy(); finish({ result: 'timeout' }) }, timeoutMs)
    sock.on('data', (d) => { data += d.toString() })
    sock.on('end', () => { clearTimeout(timer); finish({ result: 'delivered', reply: data.trim() }) })
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
    await serve(a[0] ?? '?', ports(a[1]), ports(a[2]), a[3] && a[3] !== '-' ? a[3] : undefined, ports(a[4]))
  } else if (mode === 'connect') {
    const [ip = '', port = '0', proto = 'tcp', count = '1', timeout = '1500'] = a
    for (let i = 0; i < Math.min(64, Number(count)); i++) process.stdout.write(`${JSON.stringify(await connectOnce(ip, Number(port), proto, Number(timeout)))}\n`)
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
