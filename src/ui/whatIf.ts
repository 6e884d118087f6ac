/** The what-ifs are pure YAML edits; lessons apply them in the core, so they live in src/model/edit. */
export { applyWhatIf, whatIfTargets, type WhatIfKind } from '../model/edit/whatIf.js'
