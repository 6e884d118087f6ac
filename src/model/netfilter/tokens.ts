/** Splitting and joining iptables-restore argument lines (double quotes, backslash escapes). */

export type TokenizeResult = { ok: true; tokens: string[] } | { ok: false; reason: string }

export function tokenizeRuleLine(line: string): TokenizeResult {
  const tokens: string[] = []
  let i = 0
  while (i < line.length) {
    while (line[i] === ' ' || line[i] === '\t') i++
    if (i >= line.length) break
    let token = ''
    while (i < line.length && line[i] !== ' ' && line[i] !== '\t') {
      if (line[i] === '"') {
        i++
        while (i < line.length && line[i] !== '"') {
          if (line[i] === '\\' && i + 1 < line.length) i++
          token += line[i]
          i++
        }
        if (i >= line.length) return { ok: false, reason: 'unterminated double quote' }
        i++
      } else {
        token += line[i]
        i++
      }
    }
    tokens.push(token)
  }
  return { ok: true, tokens }
}

/**
 * Joins arguments the way kube-proxy writes its restore input: single spaces, and a value
 * that holds a space wrapped in double quotes (kube-proxy quotes such comments itself).
 */
export function joinRuleTokens(tokens: readonly string[]): string {
  return tokens.map((t) => (t.includes(' ') ? `"${t}"` : t)).join(' ')
}
