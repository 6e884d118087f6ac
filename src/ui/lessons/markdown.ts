/**
 * The little Markdown lessons use — paragraphs, `code` and **bold** — built as DOM nodes with
 * textContent only: lesson text may come from a shared link, so it is never parsed as HTML.
 */
export function renderMarkdown(text: string): HTMLElement {
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
      } else p.appendChild(document.createTextNode(part))
    }
    box.appendChild(p)
  }
  return box
}
