/** Status conditions as the API shows them (metav1.Condition without times and generations). */
export interface Condition {
  readonly type: string
  readonly status: 'True' | 'False' | 'Unknown'
  readonly reason: string
  readonly message: string
}

export function condition(type: string, status: Condition['status'], reason: string, message: string): Condition {
  return { type, status, reason, message }
}

export function conditionOf(conds: readonly Condition[], type: string): Condition | undefined {
  return conds.find((c) => c.type === type)
}
