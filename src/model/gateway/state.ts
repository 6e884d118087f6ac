/**
 * The controller's view of the Gateway API objects: each Gateway's and listener's conditions, which
 * listeners every route attached to (parentRef → sectionName/port → allowedRoutes → hostnames),
 * each backendRef resolved or not, and the route's per-parent status, with the spec's reasons
 * (apis/v1/shared_types.go RouteConditionReason, gateway_types.go). This is the routing table the
 * proxy is programmed with and what `kubectl get/describe` would show.
 */
import type { GatewayInfra } from '../derive/gatewayAddon.js'
import { matchesSelector } from '../derive/selectors.js'
import type { ModelService } from '../model.js'
import { condition, type Condition } from './conditions.js'
import { intersectHostname } from './hostnames.js'
import { judgeListeners, type ListenerVerdict } from './listeners.js'
import {
  GATEWAY_GROUP, type BackendRef, type GatewayClassObject, type GatewayObject, type GatewayApiObject, type ParentRef,
  type ReferenceGrantObject, type RouteObject, type RouteRule,
} from './objects.js'

export interface AttachedRoute {
  readonly route: RouteObject
  /** Hostnames the route serves on this listener (route ∩ listener); empty = any host. */
  readonly hostnames: readonly string[]
}

export interface ListenerState extends ListenerVerdict {
  readonly attachedRoutes: number
  readonly routes: readonly AttachedRoute[]
}

export interface GatewayState {
  readonly gateway: GatewayObject
  readonly key: string
  readonly controllerName: string | null
  readonly address: string | null
  /** `envoy-gateway-system/<name>` of the proxy Deployment and Service, when one runs. */
  readonly proxy: string | null
  readonly programmed: boolean
  readonly conditions: readonly Condition[]
  readonly listeners: readonly ListenerState[]
}

export interface BackendState {
  readonly ref: BackendRef
  /** null when the reference resolves. */
  readonly problem: { readonly reason: 'InvalidKind' | 'BackendNotFound' | 'RefNotPermitted'; readonly message: string } | null
}

export interface RuleState {
  readonly rule: RouteRule
  /** Why the lab drops the rule (RegularExpression matches are not simulated); null when served. */
  readonly unsupported: string | null
  readonly backends: readonly BackendState[]
}

export interface RouteParentState {
  readonly parentRef: ParentRef
  readonly controllerName: string | null
  readonly conditions: readonly Condition[]
  /** Listener names of the parent Gateway that took the route. */
  readonly listeners: readonly string[]
}

export interface RouteState {
  readonly route: RouteObject
  readonly rules: readonly RuleState[]
  readonly parents: readonly RouteParentState[]
}

export interface GatewayApiState {
  readonly classes: readonly { readonly gatewayClass: GatewayClassObject; readonly conditions: readonly Condition[] }[]
  readonly gateways: readonly GatewayState[]
  readonly routes: readonly RouteState[]
  readonly grants: readonly ReferenceGrantObject[]
}

export const EMPTY_GATEWAY_API: GatewayApiState = { classes: [], gateways: [], routes: [], grants: [] }

function unsupportedReason(rule: RouteRule): string | null {
  for (const m of rule.matches) {
    if (m.path.type === 'RegularExpression') return `path match RegularExpression ${JSON.stringify(m.path.value)} is implementation-specific and not simulated`
    const re = [...m.headers, ...m.queryParams].find((v) => v.type === 'RegularExpression')
    if (re) return `RegularExpression match on ${re.name} is implementation-specific and not simulated`
  }
  return null
}

/** Whether a ReferenceGrant in the target's namespace lets `from` reference it. */
export function grantAllows(grants: readonly ReferenceGrantObject[], from: { group: string; kind: string; namespace: string }, to: { group: string; kind: string; namespace: string; name: string }): boolean {
  if (from.namespace === to.namespace) return true
  return grants.some((g) => g.namespace === to.namespace
    && g.from.some((f) => f.group === from.group && f.kind === from.kind && f.namespace === from.namespace)
    && g.to.some((t) => t.group === to.group && t.kind === to.kind && (t.name === null || t.name === to.name)))
}

function resolveBackend(route: RouteObject, ref: BackendRef, services: ReadonlyMap<string, ModelService>, grants: readonly ReferenceGrantObject[]): BackendState {
  const label = `${ref.namespace}/${ref.name}`
  if (ref.group !== '' || ref.kind !== 'Service') return { ref, problem: { reason: 'InvalidKind', message: `backendRef ${ref.group || 'core'}/${ref.kind} ${label} is not a Service` } }
  if (!grantAllows(grants, { group: GATEWAY_GROUP, kind: route.kind, namespace: route.namespace }, { group: '', kind: 'Service', namespace: ref.namespace, name: ref.name })) {
    return { ref, problem: { reason: 'RefNotPermitted', message: `backendRef Service ${label} is in another namespace and no ReferenceGrant in ${ref.namespace} allows ${route.kind}s from ${route.namespace}` } }
  }
  const svc = services.get(label)
  if (!svc) return { ref, problem: { reason: 'BackendNotFound', message: `Service ${label} not found` } }
  if (ref.port !== null && !svc.ports.some((p) => p.spec.port === ref.port)) return { ref, problem: { reason: 'BackendNotFound', message: `Service ${label} has no port ${ref.port}` } }
  return { ref, problem: null }
}

export function gatewayApiState(
  objects: readonly GatewayApiObject[], infra: readonly GatewayInfra[], namespaceLabels: ReadonlyMap<string, Readonly<Record<string, string>>>,
  serviceList: readonly ModelService[],
): GatewayApiState {
  const classes = objects.filter((o): o is GatewayClassObject => o.kind === 'GatewayClass')
  const gateways = objects.filter((o): o is GatewayObject => o.kind === 'Gateway')
  const grants = objects.filter((o): o is ReferenceGrantObject => o.kind === 'ReferenceGrant')
  const routes = objects.filter((o): o is RouteObject => o.kind !== 'GatewayClass' && o.kind !== 'Gateway' && o.kind !== 'ReferenceGrant')
  // Indexed only when a route names a backend (most clusters have no routes).
  const services = routes.length ? new Map(serviceList.map((s) => [`${s.namespace}/${s.name}`, s])) : new Map<string, ModelService>()
  const labelsOf = (ns: string): Readonly<Record<string, string>> => ({ ...(namespaceLabels.get(ns) ?? {}), 'kubernetes.io/metadata.name': ns })
  const verdicts = new Map(gateways.map((g) => [`${g.namespace}/${g.name}`, judgeListeners(g)]))
  const attached = new Map<string, AttachedRoute[]>() // `gw key/listener name` → routes

  const routeStates: RouteState[] = routes.map((route) => {
    const rules: RuleState[] = route.rules.map((rule) => ({
      rule, unsupported: unsupportedReason(rule), backends: rule.backendRefs.map((b) => resolveBackend(route, b, services, grants)),
    }))
    const bad = rules.flatMap((r) => r.backends).find((b) => b.problem)?.problem
    const resolved = bad ? condition('ResolvedRefs', 'False', bad.reason, bad.message) : condition('ResolvedRefs', 'True', 'ResolvedRefs', 'resolved all the object references for the route')
    const dropped = rules.filter((r) => r.unsupported)
    const parents = route.parentRefs.map((ref): RouteParentState => {
      const gwKey = `${ref.namespace}/${ref.name}`
      const gw = ref.group === GATEWAY_GROUP && ref.kind === 'Gateway' ? gateways.find((g) => `${g.namespace}/${g.name}` === gwKey) : undefined
      const inf = infra.find((i) => i.key === gwKey)
      const controllerName = inf?.controllerName ?? null
      const notOurs = (msg: string): RouteParentState => ({ parentRef: ref, controllerName, listeners: [], conditions: [condition('Accepted', 'Unknown', 'Pending', msg)] })
      if (!gw) return notOurs(`${ref.kind} ${gwKey} is not in the file: no controller reports on this parent`)
      if (!controllerName) return notOurs(`GatewayClass ${gw.gatewayClassName} is not in the file: no controller reports on this parent`)
      const reject = (reason: string, msg: string): RouteParentState => ({ parentRef: ref, controllerName, listeners: [], conditions: [condition('Accepted', 'False', reason, msg), resolved] })
      const byRef = verdicts.get(gwKey)!.filter((v) => (ref.sectionName === null || v.listener.name === ref.sectionName) && (ref.port === null || v.listener.port === ref.port))
      if (byRef.length === 0) return reject('NoMatchingParent', `no listener of Gateway ${gwKey} matches${ref.sectionName !== null ? ` sectionName ${ref.sectionName}` : ''}${ref.port !== null ? ` port ${ref.port}` : ''}`)
      const allowed = byRef.filter((v) => v.valid && v.supportedKinds.some((k) => k.kind === route.kind) && (
        v.listener.allowedRoutes.from === 'All'
        || (v.listener.allowedRoutes.from === 'Same' && route.namespace === gw.namespace)
        || (v.listener.allowedRoutes.from === 'Selector' && v.listener.allowedRoutes.selector !== null && matchesSelector(v.listener.allowedRoutes.selector, labelsOf(route.namespace)))))
      if (allowed.length === 0) return reject('NotAllowedByListeners', `no listener of Gateway ${gwKey} admits ${route.kind}s from namespace ${route.namespace} (allowedRoutes: ${byRef.map((v) => `${v.listener.name} from ${v.listener.allowedRoutes.from}, kinds ${v.supportedKinds.map((k) => k.kind).join('/') || 'none'}`).join('; ')})`)
      const takes = allowed.flatMap((v) => {
        if (route.hostnames.length === 0) return [{ v, hostnames: v.listener.hostname ? [v.listener.hostname] : [] }]
        const hs = [...new Set(route.hostnames.flatMap((h) => intersectHostname(h, v.listener.hostname) ?? []))]
        return hs.length ? [{ v, hostnames: hs }] : []
      })
      if (takes.length === 0) return reject('NoMatchingListenerHostname', `route hostnames ${route.hostnames.join(', ')} intersect no listener hostname (${allowed.map((v) => v.listener.hostname ?? '*').join(', ')})`)
      const all = dropped.length === rules.length && rules.length > 0
      if (all) return reject('UnsupportedValue', `every rule is unsupported: ${dropped[0]!.unsupported}`)
      for (const t of takes) {
        const k = `${gwKey}/${t.v.listener.name}`
        const list = attached.get(k) ?? []
        if (!list.some((a) => a.route === route)) list.push({ route, hostnames: t.hostnames })
        attached.set(k, list)
      }
      return {
        parentRef: ref, controllerName, listeners: takes.map((t) => t.v.listener.name),
        conditions: [
          condition('Accepted', 'True', 'Accepted', `route is accepted by listener${takes.length > 1 ? 's' : ''} ${takes.map((t) => t.v.listener.name).join(', ')}`), resolved,
          ...(dropped.length ? [condition('PartiallyInvalid', 'True', 'UnsupportedValue', `rule${dropped.length > 1 ? 's' : ''} ${dropped.map((d) => rules.indexOf(d)).join(', ')} dropped: ${dropped[0]!.unsupported}`)] : []),
        ],
      }
    })
    return { route, rules, parents }
  })

  const gatewayStates: GatewayState[] = gateways.map((gw) => {
    const key = `${gw.namespace}/${gw.name}`
    const inf = infra.find((i) => i.key === key)!
    const listeners: ListenerState[] = verdicts.get(key)!.map((v) => {
      const rs = attached.get(`${key}/${v.listener.name}`) ?? []
      return { ...v, attachedRoutes: rs.length, routes: rs }
    })
    const valid = listeners.filter((l) => l.valid).length
    const conditions: Condition[] = !inf.controllerName
      ? [condition('Accepted', 'Unknown', 'Pending', inf.problem?.message ?? 'waiting for controller'), condition('Programmed', 'Unknown', 'Pending', inf.problem?.message ?? 'waiting for controller')]
      : [
          valid === listeners.length ? condition('Accepted', 'True', 'Accepted', 'the Gateway has been scheduled by the controller')
            : condition('Accepted', valid ? 'True' : 'False', 'ListenersNotValid', `${listeners.length - valid} of ${listeners.length} listeners are not valid`),
          inf.address ? condition('Programmed', 'True', 'Programmed', `address assigned; proxy ${inf.proxy} is running`)
            : condition('Programmed', 'False', inf.problem?.reason ?? 'Invalid', inf.problem?.message ?? 'not programmed'),
        ]
    return { gateway: gw, key, controllerName: inf.controllerName, address: inf.address, proxy: inf.proxy, programmed: inf.address !== null, conditions, listeners }
  })

  return {
    classes: classes.map((c) => ({ gatewayClass: c, conditions: [condition('Accepted', 'True', 'Accepted', `the lab plays controller ${c.controllerName}`)] })),
    gateways: gatewayStates, routes: routeStates, grants,
  }
}
