/**
 * A node's labels shown a few at a time (stillLayer.ts revealTexts): each label's first frame
 * on screen is when Chromium rasterizes it, so how many appear in one frame is how long that
 * frame's task is. No pixi import: a text layer needs only what this reads.
 */

/** A text layer: pixi's Container has these. */
export interface LabelLayer {
  readonly children: readonly { visible: boolean }[]
}

/**
 * Shows the next labels of `layer`, at most `budget`, after the `shown` first ones (undefined:
 * none yet, and every label is hidden first so the rest wait for their frame). Returns how many
 * of its labels are shown now; equal to its label count once it is whole.
 */
export function revealSome(layer: LabelLayer, shown: number | undefined, budget: number): number {
  const labels = layer.children
  if (shown === undefined) {
    for (const label of labels) label.visible = false
    shown = 0
  }
  const upTo = Math.min(labels.length, shown + Math.max(0, budget))
  for (let i = shown; i < upTo; i++) labels[i]!.visible = true
  return upTo
}
