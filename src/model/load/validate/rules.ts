/**
 * The API server's syntax rules (k8s.io/apimachinery/pkg/util/validation): each returns the
 * reason a value is invalid, worded as the API server words it, or null when it is valid.
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/
const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/

/** A string as the API server quotes it in messages, with control characters made visible. */
export function shown(v: string): string {
  const cut = v.length > 80 ? `${v.slice(0, 77)}...` : v
  return JSON.stringify(cut)
}

export function dns1123Label(v: string): string | null {
  if (v.length > 63) return 'must be no more than 63 characters'
  if (!DNS1123_LABEL.test(v)) return "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character"
  return null
}

export function dns1035Label(v: string): string | null {
  if (v.length > 63) return 'must be no more than 63 characters'
  if (!DNS1035_LABEL.test(v)) return "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character"
  return null
}

/**
 * Dot-separated DNS-1123 labels, each non-empty: apimachinery's dns1123SubdomainFmt. One test
 * where splitting at the dots made an array and a closure for every name of a dump.
 */
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/

export function dns1123Subdomain(v: string): string | null {
  if (v.length > 253) return 'must be no more than 253 characters'
  if (!DNS1123_SUBDOMAIN.test(v)) {
    return "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character"
  }
  return null
}

/** A label or annotation key: an optional DNS subdomain prefix and "/", then a name of at most 63 characters. */
export function qualifiedName(v: string): string | null {
  // The parts around a `/`, found without splitting (every label key of a dump comes here).
  const slash = v.indexOf('/')
  if (slash >= 0 && v.indexOf('/', slash + 1) >= 0) return "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character, with an optional DNS subdomain prefix and '/'"
  const name = slash < 0 ? v : v.slice(slash + 1)
  if (slash >= 0) {
    if (slash === 0) return 'prefix part must be non-empty'
    const p = dns1123Subdomain(v.slice(0, slash))
    if (p) return `prefix part ${p}`
  }
  if (name === '') return 'name part must be non-empty'
  if (name.length > 63) return 'name part must be no more than 63 characters'
  if (!QUALIFIED_NAME.test(name)) return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
  return null
}

export function labelValue(v: string): string | null {
  if (v.length > 63) return 'must be no more than 63 characters'
  if (!LABEL_VALUE.test(v)) return "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
  return null
}

/** A port name (IANA_SVC_NAME): at most 15 characters, lower case, at least one letter, no "--". */
export function portName(v: string): string | null {
  if (v.length > 15) return 'must be no more than 15 characters'
  if (!IANA_SVC_NAME.test(v)) return "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)"
  if (v.includes('--')) return 'must not contain consecutive hyphens'
  if (!/[a-z]/.test(v)) return 'must contain at least one letter (a-z)'
  return null
}

export function portNumber(v: unknown): string | null {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 65535) return 'must be between 1 and 65535, inclusive'
  return null
}

/** What to write instead: the value lower-cased, with invalid characters made "-", trimmed to `max`. */
export function suggestName(v: string, max = 63, startLetter = false): string {
  let s = v.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').replace(/^-+|-+$/g, '')
  if (startLetter && !/^[a-z]/.test(s)) s = `x-${s}`
  s = s.slice(0, max).replace(/-+$/, '')
  return s || 'name'
}
