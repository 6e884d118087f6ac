/** A plain mapping of parsed YAML or JSON (an object that is not an array). */
export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
