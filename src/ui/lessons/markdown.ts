/**
 * The little Markdown lessons use — paragraphs, `code` and **bold** — built as DOM nodes with
 * textContent only: lesson text may come from a shared link, so it is never parsed as HTML.
 * Pods and nodes the narration names are buttons that select them on the stage.
 */
const REF = /((?:pod\/[a-z0-9.-]+\/[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?)|(?:node\/[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?))/

/** Plain text, with `pod/ns/name` and `node/name` as buttons that point the stage at them. */
function textWithRefs(p: HTMLElement, text: string, onRef?: (ref: string) => void): void {
  for (const piece of text.split(REF)) {
    if (!piece) continue
    if (onRef && REF.test(piece) && REF.exec(piece)![0] === piece) {
      const b = document.createElement('button')
      b.className = 'lesson-ref'
      b.textContent = piece
      b.addEventListener('click', () => onRef(piece))
      p.appendChild(b)
    } else p.appendChild(document.createTextNode(piece))
  }
}

export function renderMarkdown(text: string, onRef?: (ref: string) => void): HTMLElement {
  const box = document.createElement('div')
  box.className = 'md'
  for (const para of text.split(/\n\s*\n/)) {
    const p = document.createElement('p')
    // Within a paragraph a single newline is a space, as in Markdown.
    const line = para.replace(/\s*\n\s*/g, ' ').trim()
    for (const part of line.split(/(`[^`]+`|\*\*[^*]+\*\*)/)) {
      if (!part) continue
      if (part.startsWith('`') && part.endsWith('`') && part.length > 1) {
        const c = document.createElement('code')
        c.textContent = part.slice(1, -1)
        p.appendChild(c)
      } else if (part.startsWith('**') && part.endsWith('**') && part.length > 3) {
        const b = document.createElement('strong')
        b.textContent = part.slice(2, -2)
        p.appendChild(b)
      } else textWithRefs(p, part, onRef)
    }
    box.appendChild(p)
  }
  return box
}
