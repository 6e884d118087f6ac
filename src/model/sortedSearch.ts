/** Binary search over ascending numbers (positions, indexes), shared by the incremental paths. */

/** The first index of ascending `sorted` whose value is >= `v` (its length when none is). */
export function lowerBound(sorted: ArrayLike<number>, v: number): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (sorted[mid]! < v) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** Whether ascending `sorted` holds `v`. */
export function holds(sorted: ArrayLike<number>, v: number): boolean {
  const i = lowerBound(sorted, v)
  return i < sorted.length && sorted[i] === v
}
