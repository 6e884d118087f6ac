/**
 * Golden files for the control-plane CLI: `apply` of the seed nginx Service and Deployment to the
 * default topology (events, --why, --diff), a scale to 0, a rollout and a FailedScheduling.
 * Regenerate with UPDATE_GOLDEN=1 after an intended change and review the diff.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/runCli.js'
import { fakeIo } from '../support/fakeIo.js'

const update = process.env['UPDATE_GOLDEN'] === '1'
const dir = new URL('./files/controlplane/', import.meta.url)
const fixture = (n: string): string => fileURLToPath(new URL(`../fixtures/controlplane/${n}`, import.meta.url))

function golden(name: string, text: string): void {
  const file = new URL(name, dir)
  if (update || !existsSync(file)) {
    if (!update && process.env['CI']) throw new Error(`missing golden file ${file.pathname}; run UPDATE_GOLDEN=1 npm test locally`)
    mkdirSync(dir, { recursive: true })
    writeFileSync(file, text)
  }
  expect(text).toBe(readFileSync(file, 'utf8'))
}

function cli(args: string[]): string {
  const f = fakeIo()
  runCli(args, f.io)
  // Fixture paths are absolute; print them as the repository-relative path.
  return (f.stdout() + f.stderr()).split(fixture('')).join('test/fixtures/controlplane/')
}

describe('control-plane CLI output', () => {
  const T = 'two-node-flannel-vxlan'
  it('apply the nginx Service and Deployment, with --why and --diff', () => {
    golden('apply-nginx.txt', cli(['apply', T, fixture('nginx-service.yaml'), '--then', `apply ${fixture('nginx-deployment.yaml')}`, '--why', '--diff']))
  })
  it('scale web to 0', () => {
    golden('scale-web-0.txt', cli(['scale', T, 'deployment/web', '--replicas', '0', '--diff']))
  })
  it('roll web out to a new image', () => {
    golden('rollout-web.txt', cli(['rollout', T, 'deployment/web', 'nginx=nginx:1.28']))
  })
  it('taint and cordon, then scale: FailedScheduling', () => {
    golden('failed-scheduling.txt', cli(['taint', T, 'node2', 'dedicated=db:NoSchedule', '--then', 'cordon node1', '--then', 'scale deployment/web --replicas 3', '--lang', 'ko', '--why']))
  })
  it('exec', () => {
    golden('exec-client.txt', cli(['exec', T, 'pod/default/client', '--', 'wget', '-qO-', 'web']))
  })
})
