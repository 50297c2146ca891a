import * as assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { analyze } from '../../src/core/analyze';
import { Memo, detach } from '../../src/core/memo';

setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

/** The heap in use after a full collection, in bytes. */
function heapAfterCollection(): number {
	collect();
	collect();
	return process.memoryUsage().heapUsed;
}

/** A pseudo-random capitalised word of 13+ letters, so that V8 would keep it as a slice of its document. */
function longName(seed: number): string {
	const letters = 'bcdfghklmnprstvz';
	const vowels = 'aeiou';
	let s = 'K';
	for (let i = 0, x = seed * 7919 + 17; i < 8; i++, x = (x * 1103515245 + 12345) >>> 0) s += letters[x % letters.length] + vowels[(x >>> 8) % vowels.length];
	return s;
}

/** A large document (~200 KB, two-byte characters) that names a different organisation and person each time. */
function bigDocument(i: number): string {
	const name = longName(i);
	const head = `The ${name} Foundation said on Tuesday that at least ${100 + i} civilians were killed.\n${name}berger, a spokesman, said “the figure will rise”.\n`;
	return head + 'Filler text about nothing in particular, with no names at all — only words.\n'.repeat(2600);
}

describe('memo tables', () => {
	it('keep at most their limit of entries and return what was stored', () => {
		const memo = new Memo<number>(3);
		for (let i = 0; i < 10; i++) {
			memo.set(`key${i}`, i);
			assert.ok(memo.size <= 3, `size ${memo.size} after ${i + 1} entries`);
			assert.equal(memo.get(`key${i}`), i);
		}
		assert.equal(memo.get('missing'), undefined);
	});

	it('detach copies a string equal to the original', () => {
		const text = 'Foreign Minister Sergei Lavrov met Secretary of State John Kerry in Geneva.';
		for (const [start, end] of [[0, 5], [17, 30], [0, text.length], [40, 75]]) assert.equal(detach(text.slice(start, end)), text.slice(start, end));
		assert.equal(detach(''), '');
	});

	it('a key cut from a large text does not keep that text in memory', () => {
		const memo = new Memo<boolean>(1000);
		const pinning = new Map<string, boolean>();
		const before = heapAfterCollection();
		for (let i = 0; i < 40; i++) {
			const text = bigDocument(i);
			memo.set(text.slice(4, 4 + 20), true);
		}
		const withMemo = heapAfterCollection() - before;
		// The same keys in a plain map keep each ~400 KB document alive: the measurement can tell the difference.
		for (let i = 0; i < 40; i++) {
			const text = bigDocument(i + 100);
			pinning.set(text.slice(4, 4 + 20), true);
		}
		const withMap = heapAfterCollection() - before - withMemo;
		assert.ok(withMap > 10 * 1048576, `a plain map kept only ${(withMap / 1048576).toFixed(1)} MB`);
		assert.ok(withMemo < 2 * 1048576, `the memo kept ${(withMemo / 1048576).toFixed(1)} MB`);
		assert.equal(memo.size, 40);
		assert.equal(pinning.size, 40);
	});

	it('analysing many documents keeps none of their texts in the engine’s memo tables', () => {
		analyze(bigDocument(1000));
		const before = heapAfterCollection();
		let entities = 0;
		for (let i = 0; i < 40; i++) entities += analyze(bigDocument(2000 + i)).entities.length;
		const grown = heapAfterCollection() - before;
		// Forty documents of ~400 KB each: kept alive by any memo entry, they would add ~16 MB.
		assert.ok(entities >= 80, `only ${entities} entities recognised: the documents do not exercise the memo tables`);
		assert.ok(grown < 4 * 1048576, `the heap grew by ${(grown / 1048576).toFixed(1)} MB after analysing 40 documents`);
	});
});
