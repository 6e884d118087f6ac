/** The stage exported as a picture: the drawn scene under a band of caption lines. */
import type { Theme } from './theme.js'

/** `scene` with `caption` written in a band above it, in the theme's colours, as a PNG data URL. */
export function captioned(scene: HTMLCanvasElement, caption: readonly string[], theme: Theme | null): string {
  const band = caption.length ? 24 + caption.length * 34 : 0
  const out = document.createElement('canvas')
  out.width = scene.width
  out.height = scene.height + band
  const ctx = out.getContext('2d')!
  ctx.fillStyle = theme?.background ?? '#0f172a'
  ctx.fillRect(0, 0, out.width, out.height)
  ctx.fillStyle = theme?.name === 'light' ? '#0f172a' : '#f1f5f9'
  ctx.font = `28px ${'DejaVu Sans, system-ui, sans-serif'}`
  caption.forEach((line, i) => ctx.fillText(line, 24, 40 + i * 34, out.width - 48))
  ctx.drawImage(scene, 0, band)
  return out.toDataURL('image/png')
}
