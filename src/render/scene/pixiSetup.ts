/** Small pieces of the stage's life with pixi.js: which renderer to ask for, and taking a drawing down. */
import type { Container } from 'pixi.js'

/** Whether WebGL here is a software rasterizer (SwiftShader, llvmpipe) rather than a GPU. */
export function softwareWebGl(): boolean {
  try {
    const gl = document.createElement('canvas').getContext('webgl')
    if (!gl) return true
    const info = gl.getExtension('WEBGL_debug_renderer_info')
    const name = info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : ''
    gl.getExtension('WEBGL_lose_context')?.loseContext()
    return /swiftshader|llvmpipe|software/i.test(name)
  } catch {
    return true
  }
}

/**
 * Destroys a drawing taken off the stage a slice per task: a 1,000-node cluster's ~65,000 pixi
 * objects took one task of ~100 ms to destroy.
 */
export function destroySoon(items: Container[]): void {
  let i = 0
  const step = (): void => {
    const until = performance.now() + 8
    while (i < items.length) {
      items[i++]!.destroy({ children: true })
      if (performance.now() > until) { setTimeout(step, 0); return }
    }
  }
  if (items.length) step()
}
