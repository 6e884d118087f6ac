/**
 * Texts loaded as the worker loads a newly opened file, with where the loader found their pieces
 * (knownPieces): for the tests that compare a what-if's lookup among the pieces with a search of
 * the text. Texts that do not load, or were loaded whole (no pieces), are left out.
 */
import type { KnownPieces } from '../../src/model/edit/findPiece.js'
import { knownPieces, reloadModel } from '../../src/model/incremental/reload.js'
import type { Model } from '../../src/model/model.js'

export function* loadedPieces(texts: readonly (readonly [string, string])[]): Generator<{ file: string; text: string; model: Model; known: KnownPieces | null }> {
  for (const [file, text] of texts) {
    const r = reloadModel(null, file, text, { limits: false })
    if (r.ok) yield { file, text, model: r.model, known: knownPieces(r.model) }
  }
}
