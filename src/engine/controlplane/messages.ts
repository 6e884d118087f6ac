/**
 * The control plane's messages as data: a code of the shared catalog
 * (src/engine/messages/catalog.ts, `ev.*` for the events upstream components record, `why.*`
 * for the lab's explanations) and its parameters. The shells render them with the other engine
 * messages (src/i18n/render.ts renderMessage; the texts are in src/i18n/controlplane.ts).
 */
import type { Message, MessageCode } from '../messages/catalog.js'

export type Msg = Message

export type MsgCode = Extract<MessageCode, `ev.${string}` | `why.${string}`>

/** A control-plane message; the catalog test checks each code's parameters against its texts. */
export const msg = (code: MsgCode, params: Record<string, string | number> = {}): Msg => ({ code, params })
