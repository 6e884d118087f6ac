/**
 * Prototypes of objects that copy as plain objects do (their own enumerable keys are all there
 * is to them): units.ts's PieceDoc registers its own. plain.ts (the worker's copy for postMessage)
 * reads this without importing the loader, which the page's bundle must not load up front.
 */
export const plainLikePrototypes = new Set<object>()
