/**
 * Opening a share link safely. A link's cluster opens as its own scenario, "from a link",
 * held in memory only: it never replaces the user's saved edits, and nothing is written to
 * storage until the user keeps it (a button, shown once the cluster has loaded). Problems stay
 * on screen in a message until dismissed. Kept links become scenarios of their own.
 */
import type { Scenario } from './scenarios.js'
import type { ShareProblem } from './share.js'
import { currentLang } from './i18n.js'

export const LINK_SCENARIO = 'from-a-link'
const KEPT_STORE = 'kube-netlab.kept.'

type Text = 'fromLink' | 'keep' | 'kept' | 'dismiss' | 'damaged' | 'too-large' | 'too-large-unpacked' | 'invalid' | 'crashed'
const TEXTS: Record<'en' | 'ko', Record<Text, string>> = {
  en: {
    fromLink: 'From a link', keep: 'Keep this cluster', kept: 'Kept link', dismiss: 'Dismiss',
    damaged: 'The shared cluster in this link is damaged; the lab shows the default scenario instead. Nothing was saved.',
    'too-large': 'This link is too large to open (over 1 MB); the lab shows the default scenario instead. Nothing was saved.',
    'too-large-unpacked': 'The cluster in this link unpacks to more than 5 MB, the file limit; the lab shows the default scenario instead. Nothing was saved.',
    invalid: 'The cluster in this link has errors (listed under the cluster); the default scenario is shown. Nothing was saved.',
    crashed: 'The cluster in this link could not be shown; the lab shows the default scenario instead. Nothing was saved.',
  },
  ko: {
    fromLink: '링크에서 연 시나리오', keep: '이 클러스터 보관', kept: '보관한 링크', dismiss: '닫기',
    damaged: '이 링크의 클러스터가 손상되었습니다. 기본 시나리오를 표시합니다. 아무것도 저장하지 않았습니다.',
    'too-large': '이 링크는 너무 커서(1 MB 초과) 열 수 없습니다. 기본 시나리오를 표시합니다. 아무것도 저장하지 않았습니다.',
    'too-large-unpacked': '이 링크의 클러스터는 풀면 파일 한도인 5 MB를 넘습니다. 기본 시나리오를 표시합니다. 아무것도 저장하지 않았습니다.',
    invalid: '이 링크의 클러스터에 오류가 있습니다(클러스터 아래 목록). 기본 시나리오를 표시합니다. 아무것도 저장하지 않았습니다.',
    crashed: '이 링크의 클러스터를 표시할 수 없습니다. 기본 시나리오를 표시합니다. 아무것도 저장하지 않았습니다.',
  },
}

export const linkText = (k: Text): string => TEXTS[currentLang()][k]
export const problemText = (p: ShareProblem): string => linkText(p)

/** A message at the top of the page that stays until the user dismisses it. */
export function showLinkMessage(message: string): void {
  let box = document.getElementById('link-message')
  if (!box) {
    box = document.createElement('div')
    box.id = 'link-message'
    box.setAttribute('role', 'alert')
    box.style.cssText = 'padding:8px 12px;background:#fff3cd;color:#5c4400;border-bottom:1px solid #e0c36c;display:flex;gap:12px;align-items:center'
    document.body.prepend(box)
  }
  const text = document.createElement('span')
  text.textContent = message
  const close = document.createElement('button')
  close.textContent = linkText('dismiss')
  close.id = 'link-message-dismiss'
  close.addEventListener('click', () => box!.remove())
  box.replaceChildren(text, close)
}

/** The "Keep this cluster" button, beside the scenario picker. */
export function showKeepButton(onKeep: () => void): void {
  document.getElementById('keep-link')?.remove()
  const b = document.createElement('button')
  b.id = 'keep-link'
  b.textContent = linkText('keep')
  b.addEventListener('click', () => { b.remove(); onKeep() })
  document.getElementById('scenario')?.closest('label')?.after(b)
}

export const hideKeepButton = (): void => document.getElementById('keep-link')?.remove()

/** Links the user kept, as scenarios (their text is theirs; edits to them are saved as usual). */
export function keptScenarios(): Scenario[] {
  const out: Scenario[] = []
  try {
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i)
      if (!key?.startsWith(KEPT_STORE)) continue
      const v = JSON.parse(localStorage.getItem(key) ?? 'null') as { title?: unknown; text?: unknown } | null
      if (v && typeof v.title === 'string' && typeof v.text === 'string') out.push({ id: key.slice(KEPT_STORE.length), title: v.title, text: v.text })
    }
  } catch { /* storage unavailable or damaged: no kept links */ }
  return out.sort((a, b) => (a.id < b.id ? -1 : 1))
}

/** Saves a link's cluster as a scenario of its own; null when storage refuses. */
export function keepLink(text: string, baseTitle: string): Scenario | null {
  const id = `kept-${Date.now().toString(36)}`
  const title = `${linkText('kept')}: ${baseTitle} (${new Date().toISOString().slice(0, 16).replace('T', ' ')})`
  try {
    localStorage.setItem(KEPT_STORE + id, JSON.stringify({ title, text }))
  } catch {
    return null
  }
  return { id, title, text }
}
