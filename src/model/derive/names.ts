/**
 * Deterministic stand-ins for the names controllers make at random. Documented rule:
 * - Deployment → ReplicaSet `<deploy>-<hash>`: hash = 10 characters of the controllers' "safe"
 *   alphabet (bcdfghjklmnpqrstvwxz2456789) taken from SHA-256 of `ns/deploy` + the pod template;
 * - ReplicaSet/DaemonSet pod `<owner>-<suffix>`: 5 safe characters from SHA-256 of
 *   `ns/owner/<index>` (for DaemonSets the index is the node name);
 * - StatefulSet pod `<sts>-<ordinal>`, as the controller does.
 */
import { sha256 } from '../hash/sha256.js'

const SAFE = 'bcdfghjklmnpqrstvwxz2456789'

export function safeEncode(key: string, length: number): string {
  const bytes = sha256(key)
  let out = ''
  for (let i = 0; i < length; i++) out += SAFE[bytes[i]! % SAFE.length]
  return out
}

export function podTemplateHash(namespace: string, deploy: string, templateJson: string): string {
  return safeEncode(`${namespace}/${deploy}\n${templateJson}`, 10)
}

export function podSuffix(namespace: string, owner: string, index: string | number): string {
  return safeEncode(`${namespace}/${owner}/${index}`, 5)
}
