/**
 * A fast scan for places that may hold a number: digit runs, vulgar fractions and number words.
 * Words are matched through a letter trie without allocating, so the scan runs at memory speed.
 */
import { TRIGGER_WORDS } from './lexicon';

const children: number[] = [];
const terminal: boolean[] = [];

function newNode(): number {
	const id = terminal.length;
	terminal.push(false);
	for (let x = 0; x < 26; x++) children.push(-1);
	return id;
}

newNode();
for (const word of TRIGGER_WORDS) {
	let node = 0;
	for (let k = 0; k < word.length; k++) {
		const slot = node * 26 + word.charCodeAt(k) - 97;
		if (children[slot] < 0) children[slot] = newNode();
		node = children[slot];
	}
	terminal[node] = true;
}
const CHILD = Int32Array.from(children);
const TERMINAL = Uint8Array.from(terminal, (b) => (b ? 1 : 0));

const isVulgar = (c: number): boolean => (c >= 0xbc && c <= 0xbe) || (c >= 0x2150 && c <= 0x215e);

/**
 * Each digit run, vulgar fraction and number word in text order, as start and end offsets one after another
 * ([start0, end0, start1, end1, ...]). A list rather than a callback: the caller's callback would be a new
 * closure on every call, and optimised code that inlined the last one is thrown away for the next.
 */
export function scanTriggers(text: string): number[] {
	const spans: number[] = [];
	const n = text.length;
	let i = 0;
	// Range checks are one unsigned comparison each ("(c - 48) >>> 0 < 10" for a digit, "((c | 32) - 97) >>> 0 < 26"
	// for an ASCII letter); once the trie has no path, the rest of the word is skipped without look-ups.
	while (i < n) {
		const c = text.charCodeAt(i);
		if ((c - 48) >>> 0 < 10) {
			let j = i + 1;
			while (j < n && (text.charCodeAt(j) - 48) >>> 0 < 10) j++;
			spans.push(i, j);
			i = j;
			continue;
		}
		const letter = (c | 32) - 97;
		if (letter >>> 0 < 26) {
			let node = CHILD[letter];
			let j = i + 1;
			while (node >= 0 && j < n) {
				const d = (text.charCodeAt(j) | 32) - 97;
				if (d >>> 0 >= 26) break;
				node = CHILD[node * 26 + d];
				j++;
			}
			if (node < 0) {
				while (j < n && ((text.charCodeAt(j) | 32) - 97) >>> 0 < 26) j++;
			} else if (TERMINAL[node] === 1) {
				// A word glued to non-ASCII letters ("éone") is not a number word; harmless either way.
				spans.push(i, j);
			}
			i = j;
			continue;
		}
		if (c > 127 && isVulgar(c)) spans.push(i, i + 1);
		i++;
	}
	return spans;
}
