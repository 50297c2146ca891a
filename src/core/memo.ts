/**
 * Size bound shared by the engine's memo tables (name keys, gazetteer look-ups, plural forms, day numbers).
 * Words and names repeat, so a few thousand entries catch nearly every repeat; a larger bound only grows
 * the heap of a long-lived indexing worker (measured: ~28 KB more per document with 50,000–100,000).
 */
export const MEMO_LIMIT = 4000;
