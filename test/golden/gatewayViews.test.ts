/** Golden files for `show <topology> gateways` (text and --json data) of every built-in topology with Gateway API objects. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { formatGatewayView, gatewayApiJson } from '../../src/model/show/gatewayView.js'
import { BUILTIN_TOPOLOGIES, loadBuiltin } from '../support/topologies.js'

const update = process.env['UPDATE_GOLDEN'] === '1'

function golden(topology: string, name: string, text: string): void {
  const dir = new URL(`./files/${topology}/`, import.meta.url)
  const file = new URL(name, dir)
  if (update || !existsSync(file)) {
    if (!update && process.env['CI']) throw new Error(`missing golden file ${file.pathname}; run UPDATE_GOLDEN=1 npm test locally`)
    mkdirSync(dir, { recursive: true })
    writeFileSync(file, text)
  }
  expect(text).toBe(readFileSync(file, 'utf8'))
}

const withGateways = BUILTIN_TOPOLOGIES.filter((t) => loadBuiltin(t).gatewayApi.gateways.length > 0)

describe('show gateways', () => {
  it('some built-in topology has Gateways', () => expect(withGateways).toContain('gateway-api'))
  it.each(withGateways)('%s', (topology) => {
    const model = loadBuiltin(topology)
    golden(topology, 'gateways.txt', formatGatewayView(model))
    golden(topology, 'gateways.json', `${JSON.stringify(gatewayApiJson(model.gatewayApi), null, 2)}\n`)
  })
})
