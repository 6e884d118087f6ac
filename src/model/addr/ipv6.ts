/** IPv6 text: parsing and the canonical compressed form (RFC 5952, as Go's net.IP prints it). */

/** Eight 16-bit groups, or null when `text` is not an IPv6 address. */
export function parseIpv6(text: string): number[] | null {
  if (!/^[0-9a-fA-F:.]+$/.test(text) || !text.includes(':')) return null
  const halves = text.split('::')
  if (halves.length > 2) return null
  const part = (s: string): number[] | null => {
    if (s === '') return []
    const groups: number[] = []
    const pieces = s.split(':')
    for (let i = 0; i < pieces.length; i++) {
      const p = pieces[i]!
      if (i === pieces.length - 1 && p.includes('.')) {
        const v4 = p.split('.')
        if (v4.length !== 4 || v4.some((o) => !/^\d{1,3}$/.test(o) || Number(o) > 255)) return null
        groups.push((Number(v4[0]) << 8) | Number(v4[1]), (Number(v4[2]) << 8) | Number(v4[3]))
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(p)) return null
        groups.push(parseInt(p, 16))
      }
    }
    return groups
  }
  const head = part(halves[0]!)
  const tail = halves.length === 2 ? part(halves[1]!) : []
  if (!head || !tail) return null
  if (halves.length === 1) return head.length === 8 ? head : null
  const fill = 8 - head.length - tail.length
  if (fill < 1) return null
  return [...head, ...new Array<number>(fill).fill(0), ...tail]
}

export function formatIpv6(groups: readonly number[]): string {
  // The longest run of two or more zero groups becomes "::" (the first one on a tie).
  let bestStart = -1
  let bestLen = 1
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) { i++; continue }
    let j = i
    while (j < 8 && groups[j] === 0) j++
    if (j - i > bestLen) { bestStart = i; bestLen = j - i }
    i = j
  }
  const hex = groups.map((g) => g.toString(16))
  if (bestStart < 0) return hex.join(':')
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`
}
