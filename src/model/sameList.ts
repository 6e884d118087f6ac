/** Whether two lists hold the same objects in the same order (identity, not equality): what an incremental step kept. */
export const sameList = <T>(a: readonly T[], b: readonly T[]): boolean => a.length === b.length && a.every((x, i) => x === b[i])
