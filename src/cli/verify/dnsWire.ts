/**
 * The DNS wire format, as far as `verify` needs it: a query with one question, and an answer
 * with A, AAAA, CNAME, PTR, SRV, TXT and SOA records (names written uncompressed; compressed
 * names are read). Records travel as presentation lines (`owner TTL IN TYPE rdata`).
 */

const TYPES: Record<string, number> = { A: 1, NS: 2, CNAME: 5, SOA: 6, PTR: 12, MX: 15, TXT: 16, AAAA: 28, SRV: 33 }
const TYPE_NAMES = Object.fromEntries(Object.entries(TYPES).map(([k, v]) => [v, k])) as Record<number, string>
const RCODES = ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED']

function encodeName(name: string): number[] {
  const out: number[] = []
  for (const label of name.replace(/\.$/, '').split('.').filter(Boolean)) {
    const bytes = [...Buffer.from(label, 'utf8')]
    out.push(bytes.length, ...bytes)
  }
  out.push(0)
  return out
}

function readName(buf: Buffer, offset: number): { name: string; next: number } {
  const labels: string[] = []
  let pos = offset
  let next = -1
  for (let jumps = 0; jumps < 64; jumps++) {
    const len = buf[pos]!
    if (len === 0) { pos++; break }
    if ((len & 0xc0) === 0xc0) {
      if (next < 0) next = pos + 2
      pos = ((len & 0x3f) << 8) | buf[pos + 1]!
      continue
    }
    labels.push(buf.subarray(pos + 1, pos + 1 + len).toString('utf8'))
    pos += 1 + len
  }
  return { name: `${labels.join('.')}.`, next: next >= 0 ? next : pos }
}

const u16 = (n: number): number[] => [(n >> 8) & 255, n & 255]
const u32 = (n: number): number[] => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]

function ipv6Bytes(text: string): number[] {
  const [head = '', tail] = text.split('::')
  const h = head ? head.split(':') : []
  const t = tail !== undefined && tail !== '' ? tail.split(':') : []
  const groups = tail === undefined ? h : [...h, ...new Array<string>(8 - h.length - t.length).fill('0'), ...t]
  return groups.flatMap((g) => u16(parseInt(g, 16)))
}

function rdata(type: string, data: string): number[] {
  switch (type) {
    case 'A': return data.split('.').map(Number)
    case 'AAAA': return ipv6Bytes(data)
    case 'CNAME': case 'PTR': case 'NS': return encodeName(data)
    case 'SRV': {
      const [pri, w, port, target] = data.split(' ')
      return [...u16(Number(pri)), ...u16(Number(w)), ...u16(Number(port)), ...encodeName(target ?? '.')]
    }
    case 'TXT': {
      const bytes = [...Buffer.from(data.replace(/^"|"$/g, ''), 'utf8')]
      return [bytes.length, ...bytes]
    }
    case 'SOA': {
      const [m, r, ...nums] = data.split(' ')
      return [...encodeName(m ?? '.'), ...encodeName(r ?? '.'), ...nums.flatMap((n) => u32(Number(n)))]
    }
    default: return []
  }
}

function encodeRecord(line: string): number[] {
  const [name = '.', ttl = '0', , type = 'A', ...rest] = line.split(' ')
  const d = rdata(type, rest.join(' '))
  return [...encodeName(name), ...u16(TYPES[type] ?? 1), ...u16(1), ...u32(Number(ttl)), ...u16(d.length), ...d]
}

export function encodeQuery(id: number, name: string, type: string): Buffer {
  return Buffer.from([...u16(id), 0x01, 0x00, ...u16(1), 0, 0, 0, 0, 0, 0, ...encodeName(name), ...u16(TYPES[type] ?? 1), ...u16(1)])
}

export function decodeQuery(buf: Buffer): { id: number; name: string; type: string } {
  const q = readName(buf, 12)
  return { id: buf.readUInt16BE(0), name: q.name, type: TYPE_NAMES[buf.readUInt16BE(q.next)] ?? 'A' }
}

export function encodeResponse(id: number, name: string, type: string, rcode: string, answer: readonly string[], authority: readonly string[]): Buffer {
  const rc = Math.max(0, RCODES.indexOf(rcode))
  return Buffer.from([
    ...u16(id), 0x85, 0x80 | rc, ...u16(1), ...u16(answer.length), ...u16(authority.length), 0, 0,
    ...encodeName(name), ...u16(TYPES[type] ?? 1), ...u16(1),
    ...answer.flatMap(encodeRecord), ...authority.flatMap(encodeRecord),
  ])
}

function readRecord(buf: Buffer, offset: number): { line: string; next: number } {
  const n = readName(buf, offset)
  let p = n.next
  const type = TYPE_NAMES[buf.readUInt16BE(p)] ?? String(buf.readUInt16BE(p))
  const ttl = buf.readUInt32BE(p + 4)
  const len = buf.readUInt16BE(p + 8)
  p += 10
  let data: string
  switch (type) {
    case 'A': data = [...buf.subarray(p, p + 4)].join('.'); break
    case 'AAAA': data = Array.from({ length: 8 }, (_, i) => buf.readUInt16BE(p + i * 2).toString(16)).join(':'); break
    case 'CNAME': case 'PTR': case 'NS': data = readName(buf, p).name; break
    case 'SRV': data = `${buf.readUInt16BE(p)} ${buf.readUInt16BE(p + 2)} ${buf.readUInt16BE(p + 4)} ${readName(buf, p + 6).name}`; break
    case 'TXT': data = `"${buf.subarray(p + 1, p + 1 + buf[p]!).toString('utf8')}"`; break
    case 'SOA': {
      const m = readName(buf, p)
      const r = readName(buf, m.next)
      data = `${m.name} ${r.name} ${[0, 1, 2, 3, 4].map((i) => buf.readUInt32BE(r.next + i * 4)).join(' ')}`
      break
    }
    default: data = buf.subarray(p, p + len).toString('hex')
  }
  return { line: `${n.name} ${ttl} IN ${type} ${data}`, next: p + len }
}

export function decodeResponse(buf: Buffer): { id: number; rcode: string; answer: string[]; authority: string[] } {
  const an = buf.readUInt16BE(6)
  const ns = buf.readUInt16BE(8)
  let p = readName(buf, 12).next + 4
  const answer: string[] = []
  const authority: string[] = []
  for (let i = 0; i < an; i++) { const r = readRecord(buf, p); answer.push(r.line); p = r.next }
  for (let i = 0; i < ns; i++) { const r = readRecord(buf, p); authority.push(r.line); p = r.next }
  return { id: buf.readUInt16BE(0), rcode: RCODES[buf[3]! & 15] ?? 'SERVFAIL', answer, authority }
}
