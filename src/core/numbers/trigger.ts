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

/** Calls `found(start, end)` for each digit run, vulgar fraction and number word in text order. */
export function scanTriggers(text: string, found: (start: number, end: number) => void): void {
	const n = text.length;
	let i = 0;
	while (i < n) {
		const c = text.charCodeAt(i);
		if (c >= 48 && c <= 57) {
			let j = i + 1;
			while (j < n && ((text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57))) j++;
			found(i, j);
			i = j;
			continue;
		}
		const lower = c | 32;
		if (lower >= 97 && lower <= 122) {
			let node = 0;
			let j = i;
			while (j < n) {
				const d = text.charCodeAt(j) | 32;
				if (d < 97 || d > 122) break;
				if (node >= 0) node = CHILD[node * 26 + d - 97];
				j++;
			}
			// A word glued to non-ASCII letters ("éone") is not a number word; harmless either way.
			if (node >= 0 && TERMINAL[node] === 1) found(i, j);
			i = j;
			continue;
		}
		if (c > 127 && isVulgar(c)) found(i, i + 1);
		i++;
	}
}
