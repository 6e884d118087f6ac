/**
 * The API server's name rules as rules.ts checks them without splitting: a DNS-1123 subdomain
 * is dot-separated non-empty DNS-1123 labels (apimachinery's IsDNS1123Subdomain) and a
 * qualified name is an optional subdomain prefix, one `/`, then a name (IsQualifiedName). Both
 * are compared on seeded random strings with those definitions written the direct way.
 */
import { describe, expect, it } from 'vitest'
import { seeded } from '../../../../src/engine/trace/trace.js'
import { dns1123Label, dns1123Subdomain, qualifiedName } from '../../../../src/model/load/validate/rules.js'

const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/

/** IsDNS1123Subdomain as written upstream: at most 253 characters, each dot-separated part a label. */
const subdomainByParts = (v: string): boolean => v.length <= 253 && v.split('.').every((l) => l !== '' && dns1123Label(l) === null)

/** IsQualifiedName as written upstream: split at `/`, at most two parts, the prefix a subdomain. */
function qualifiedByParts(v: string): boolean {
  const parts = v.split('/')
  if (parts.length > 2) return false
  if (parts.length === 2 && (parts[0] === '' || !subdomainByParts(parts[0]!))) return false
  const name = parts[parts.length - 1]!
  return name !== '' && name.length <= 63 && QUALIFIED_NAME_PART.test(name)
}

describe('name rules', () => {
  it('agree with the rules written by parts on random strings of the characters that matter', () => {
    const r = seeded(1123)
    const chars = 'ab9-._/AZ \n'
    let valid = 0
    for (let i = 0; i < 20_000; i++) {
      let s = ''
      for (let n = Math.floor(r() * 12); n > 0; n--) s += chars[Math.floor(r() * chars.length)]
      expect(dns1123Subdomain(s) === null, JSON.stringify(s)).toBe(subdomainByParts(s))
      expect(qualifiedName(s) === null, JSON.stringify(s)).toBe(qualifiedByParts(s))
      if (qualifiedName(s) === null) valid++
    }
    // Both outcomes are exercised.
    expect(valid).toBeGreaterThan(100)
  })

  it('words a bad prefix and an extra slash as the API server does', () => {
    expect(qualifiedName('/app')).toBe('prefix part must be non-empty')
    expect(qualifiedName('Example.com/app')).toMatch(/^prefix part a lowercase RFC 1123 subdomain/)
    expect(qualifiedName('a/b/c')).toMatch(/with an optional DNS subdomain prefix and '\/'$/)
    expect(qualifiedName('example.com/')).toBe('name part must be non-empty')
    expect(dns1123Subdomain('a..b')).toMatch(/^a lowercase RFC 1123 subdomain/)
    expect(dns1123Subdomain('')).toMatch(/^a lowercase RFC 1123 subdomain/)
  })
})
