/** The Gateway API commands: show gateways (text and JSON), trace with --method/--header, convert-ingress. */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/runCli.js'
import { fakeIo } from '../support/fakeIo.js'

/** An Ingress backend naming a port (grpc) its Service does not have: convert-ingress warns. */
const PORT_NAME_MISSING = readFileSync(new URL('../fixtures/ingress/port-name-missing.yaml', import.meta.url), 'utf8')

describe('kube-netlab show <file> gateways', () => {
  it('prints classes, Gateways, listeners and routes with their status', () => {
    const f = fakeIo()
    expect(runCli(['show', 'gateway-api', 'gateways'], f.io)).toBe(0)
    expect(f.stdout()).toMatch(/GATEWAYS\nNAMESPACE\s+NAME\s+CLASS\s+ADDRESS\s+PROGRAMMED\ndefault\s+course-gateway\s+eg\s+192\.168\.10\.240\s+True/)
    expect(f.stdout()).toMatch(/default\s+HTTPRoute\s+course-route\s+\*\s+default\/course-gateway\s+True\s+True/)
  })
  it('--json gives the objects with their computed status as JSON objects', () => {
    const f = fakeIo()
    expect(runCli(['show', 'gateway-api', 'gateways', '--json'], f.io)).toBe(0)
    const out = JSON.parse(f.stdout()) as { data: { kind: string; status: { addresses?: unknown; parents?: { conditions: { type: string; status: string }[] }[] } }[] }
    const gw = out.data.find((o) => o.kind === 'Gateway')!
    expect(gw.status.addresses).toEqual([{ type: 'IPAddress', value: '192.168.10.240' }])
    const route = out.data.find((o) => o.kind === 'HTTPRoute')!
    expect(route.status.parents![0]!.conditions.map((c) => `${c.type}=${c.status}`)).toEqual(['Accepted=True', 'ResolvedRefs=True'])
  })
})

describe('kube-netlab trace through a Gateway', () => {
  it('takes --method and repeated --header and prints the proxy\'s decision', () => {
    const f = fakeIo()
    expect(runCli(['trace', 'gateway-api', '--from', 'external/student-pc', '--to', 'http://192.168.10.240/tagged', '--method', 'PUT', '--header', 'Host: course.example.com', '--header', 'X-Course: a'], f.io)).toBe(0)
    const out = f.stdout()
    expect(out).toContain('reads the HTTP request: PUT /tagged Host: course.example.com [X-Course: a]')
    expect(out).toContain('filter RequestHeaderModifier: set X-Course: gateway-api')
    expect(out).toContain('after:  PUT /tagged Host: course.example.com [X-Course: gateway-api]')
    expect(out).toContain('Result: DELIVERED')
  })
  it('--json carries http', () => {
    const f = fakeIo()
    expect(runCli(['trace', 'gateway-api', '--from', 'external/student-pc', '--to', 'http://192.168.10.240/another', '--json'], f.io)).toBe(0)
    const t = JSON.parse(f.stdout()) as { http: { status: number; backend: string } }
    expect(t.http).toMatchObject({ status: 200, backend: 'default/nginx-nodeport' })
  })
  it('--header without a value is a usage error', () => {
    const f = fakeIo()
    expect(runCli(['trace', 'gateway-api', '--from', 'external/student-pc', '--to', 'http://192.168.10.240/', '--header'], f.io)).toBe(2)
  })
})

describe('kube-netlab convert-ingress --lang ko', () => {
  it('prints its warnings in Korean through the diagnostics catalog', () => {
    const f = fakeIo({ 'ing.yaml': PORT_NAME_MISSING })
    expect(runCli(['convert-ingress', 'ing.yaml', '--lang', 'ko'], f.io)).toBe(0)
    expect(f.stderr()).toContain('경고: Ingress default/shop: 서비스 web의 포트 이름 "grpc"을(를) 번호로 바꿀 수 없어 백엔드를 뺍니다')
  })
})
