/**
 * Size bound shared by the engine's memo tables (name keys, gazetteer look-ups, plural forms, day numbers).
 * Words and names repeat, so a few thousand entries catch nearly every repeat; a larger bound only grows
 * the heap of a long-lived indexing worker (measured: ~28 KB more per document with 50,000–100,000).
 */
export const MEMO_LIMIT = 4000;

/** V8 keeps a substring at least this long as a slice that points at its whole parent string. */
const SLICE_MIN_LENGTH = 13;

/**
 * A copy of `s` that does not keep the text it was cut from alive. V8 represents a substring of 13 or more
 * characters (from `slice`, `split`, a regular expression's match) as a slice of its parent, so a memo table
 * keyed by a name cut from a document keeps the whole document in memory for as long as the entry lives.
 * The concatenation is flattened into a new string of `s.length + 1` characters, the only thing the result
 * points at. (Measured before memo tables detached their strings: a worker's heap kept ~4.4 KB more per
 * document, and a 10,000-document index replaced both workers near its end, each costing a cold start.)
 */
export function detach(s: string): string {
	return s.length < SLICE_MIN_LENGTH ? s : (' ' + s).slice(1);
}

/**
 * A memo table for results computed from a string: at most `limit` entries (emptied when full, as words and
 * names recur), keyed by detached copies. A value that holds strings cut from the key must be detached by
 * the caller (`detach`).
 */
export class Memo<V> {
	private readonly table = new Map<string, V>();

	constructor(private readonly limit = MEMO_LIMIT) {}

	get(key: string): V | undefined {
		return this.table.get(key);
	}

	set(key: string, value: V): void {
		if (this.table.size >= this.limit) this.table.clear();
		this.table.set(detach(key), value);
	}

	get size(): number {
		return this.table.size;
	}
}
