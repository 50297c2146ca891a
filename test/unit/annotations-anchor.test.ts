import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { followEdits, makeTarget, resolveAnchor, shiftSpans, type Anchor, type TextChange } from '../../src/core/annotations/anchor';

const SEEDS = resolve(__dirname, '../../../seeds');
const seedTexts = readdirSync(SEEDS).filter((f) => f.endsWith('.txt')).sort().map((f) => readFileSync(join(SEEDS, f), 'utf8').replace(/^\ufeff/, ''));

describe('anchoring: resolution order', () => {
	const text = 'The talks in Geneva ended on Tuesday. Officials in Geneva said the talks would resume.';

	it('is exact when the stored position still holds the quote', () => {
		const target = makeTarget(text, 13, 19);
		assert.deepEqual(resolveAnchor(text, target), { status: 'exact', start: 13, end: 19 });
	});

	it('follows the quote when text was inserted before it', () => {
		const target = makeTarget(text, 13, 19);
		const edited = 'Update: ' + text;
		assert.deepEqual(resolveAnchor(edited, target), { status: 'moved', start: 21, end: 27 });
	});

	it('picks the occurrence whose context matches, not merely the nearest one', () => {
		const second = text.indexOf('Geneva', 20);
		const target = makeTarget(text, second, second + 6);
		// Delete the first sentence's end so the first "Geneva" sits where the second was.
		const edited = 'Officials in Geneva said the talks would resume. The talks in Geneva ended on Tuesday.';
		const anchor = resolveAnchor(edited, target);
		assert.equal(anchor.status, 'moved');
		assert.equal(anchor.start, edited.indexOf('Officials in Geneva') + 13);
	});

	it('prefers the nearer occurrence when contexts tie', () => {
		const doc = 'x Geneva y. x Geneva y. x Geneva y.';
		const target = { quote: { exact: 'Geneva', prefix: '', suffix: '' }, position: { start: 27, end: 33 } };
		assert.deepEqual(resolveAnchor(doc, target), { status: 'moved', start: 26, end: 32 });
	});

	it('finds a lightly reworded passage by approximate match', () => {
		const passage = 'the foreign ministers agreed to meet again next month';
		const doc = `Intro. ${passage}. Outro.`;
		const target = makeTarget(doc, 7, 7 + passage.length);
		const edited = 'Intro. the foreign minister agreed to meet again next month. Outro.';
		const anchor = resolveAnchor(edited, target);
		assert.equal(anchor.status, 'fuzzy');
		assert.equal(edited.slice(anchor.start ?? 0, anchor.end ?? 0).startsWith('the foreign minister'), true);
	});

	it('orphans a quote that is gone rather than moving it onto other words', () => {
		const target = makeTarget(text, 13, 19);
		assert.deepEqual(resolveAnchor('Officials in Vienna said the talks would resume.', target), { status: 'orphan', start: null, end: null });
		// A short quote is never fuzzy-matched onto a similar word.
		assert.equal(resolveAnchor('The talks in Genoa ended.', target).status, 'orphan');
	});

	it('does not move a short quote onto the same word elsewhere once its surroundings are gone', () => {
		const doc = 'Putin met Assad in Moscow. Later, Putin flew home.';
		const second = doc.lastIndexOf('Putin');
		const target = makeTarget(doc, second, second + 5);
		assert.equal(resolveAnchor('Putin met Assad in Moscow. Later, the delegation flew home.', target).status, 'orphan');
		// With some of its context left, it still follows the text.
		assert.deepEqual(resolveAnchor('Putin met Assad in Moscow. Much later, Putin flew home.', target), { status: 'moved', start: 39, end: 44 });
	});

	it('does not fuzzy-match a short quote onto an identical or similar passage once its surroundings are gone', () => {
		const doc = 'At the summit on Monday, John Kerry said the deal was close. Reporters waited outside.';
		const at = doc.indexOf('John Kerry said');
		const target = makeTarget(doc, at, at + 'John Kerry said'.length);
		// Another person with a similar name, in an unrelated sentence: never re-attached there.
		assert.equal(resolveAnchor('Weeks later, a spokesman, John Kirby said little about the matter.', target).status, 'orphan');
		// The same words in a new sentence with none of the old surroundings: refused as moved, and as fuzzy too.
		const nineteen = makeTarget(doc, at, at + 19);
		assert.equal(nineteen.quote.exact, 'John Kerry said the');
		assert.equal(resolveAnchor('In a different story, John Kerry said the weather was fine.', nineteen).status, 'orphan');
		// With its surroundings intact, a lightly edited short quote is still found, on whole words.
		const edited = doc.replace('John Kerry said', 'John F. Kerry said');
		const anchor = resolveAnchor(edited, target);
		assert.equal(anchor.status, 'fuzzy');
		assert.equal(edited.slice(anchor.start ?? 0, anchor.end ?? 0), 'John F. Kerry said');
	});

	it('snaps a fuzzy match to whole words rather than ending mid-word', () => {
		const passage = 'the foreign ministers agreed to meet again next month';
		const doc = `Intro. ${passage}. Outro.`;
		const target = makeTarget(doc, 7, 7 + passage.length);
		const edited = 'Intro. the foreign minister agreed to meet again next months. Outro.';
		const anchor = resolveAnchor(edited, target);
		assert.equal(anchor.status, 'fuzzy');
		assert.equal(edited.slice(anchor.start ?? 0, anchor.end ?? 0), 'the foreign minister agreed to meet again next months');
	});

	it('never throws on odd targets', () => {
		for (const target of [
			{ quote: { exact: '', prefix: '', suffix: '' }, position: { start: 0, end: 0 } },
			{ quote: { exact: 'zz', prefix: 'a', suffix: 'b' }, position: { start: 999, end: 1001 } },
			{ quote: { exact: 'x'.repeat(5000), prefix: '', suffix: '' }, position: { start: 0, end: 5000 } },
		]) assert.equal(resolveAnchor('short text', target).status, 'orphan');
	});
});

describe('anchoring: live edits', () => {
	it('shifts spans after an edit before them, keeps spans before it, flags spans it touches', () => {
		const spans = [{ start: 0, end: 4 }, { start: 10, end: 14 }, { start: 20, end: 24 }];
		const out = shiftSpans(spans, [{ offset: 6, length: 2, text: 'abcde' }, { offset: 24, length: 1, text: '' }]);
		assert.deepEqual(out, [
			{ start: 0, end: 4, touched: false },
			{ start: 13, end: 17, touched: false },
			{ start: 23, end: 26, touched: true },
		]);
	});

	it('treats insertions at a span boundary as outside the span', () => {
		const out = shiftSpans([{ start: 5, end: 9 }], [{ offset: 5, length: 0, text: 'xx' }, { offset: 11, length: 0, text: 'yy' }]);
		assert.deepEqual(out, [{ start: 7, end: 11, touched: false }]);
	});

	it('follows edits without searching and re-resolves only what an edit touched', () => {
		const before = 'alpha beta gamma delta';
		const targets = [makeTarget(before, 6, 10), makeTarget(before, 11, 16)];
		const tracked = targets.map((target) => ({ target, anchor: resolveAnchor(before, target) }));
		const changes: TextChange[] = [{ offset: 0, length: 0, text: 'NEW ' }, { offset: 17, length: 1, text: 'GGG' }];
		const after = 'NEW alpha beta gGGGmma delta';
		const anchors = followEdits(after, tracked, changes);
		assert.deepEqual(anchors[0], { status: 'exact', start: 10, end: 14 });
		assert.equal(anchors[1].status, 'orphan');
		// An undo brings the word back: the orphan is found again.
		assert.deepEqual(followEdits('NEW alpha beta gamma delta', targets.map((target, i) => ({ target, anchor: anchors[i] })), [{ offset: 16, length: 3, text: 'a' }])[1], { status: 'moved', start: 15, end: 20 });
	});
});

/** Word-aligned spans of `text`: [start, end) of runs of 1..6 words. */
function wordStarts(text: string): number[] {
	const starts: number[] = [];
	const re = /[\p{L}\p{N}][\p{L}\p{N}'’.,%-]*/gu;
	for (let m = re.exec(text); m; m = re.exec(text)) starts.push(m.index, m.index + m[0].length);
	return starts;
}

interface Edit {
	at: number;
	remove: number;
	insert: string;
}

/** Applies edits to text while tracking, for every character, its offset in the original (-1 if inserted). */
function applyTracked(text: string, edits: readonly Edit[]): { text: string; origin: number[]; changes: TextChange[] } {
	let current = text;
	let origin = Array.from({ length: text.length }, (_, i) => i);
	const changes: TextChange[] = [];
	for (const edit of edits) {
		const offset = Math.min(Math.floor(edit.at * (current.length + 1)), current.length);
		const length = Math.min(edit.remove, current.length - offset);
		current = current.slice(0, offset) + edit.insert + current.slice(offset + length);
		origin = [...origin.slice(0, offset), ...Array.from({ length: edit.insert.length }, () => -1), ...origin.slice(offset + length)];
		changes.push({ offset, length, text: edit.insert });
	}
	return { text: current, origin, changes };
}

/** Where the original span [start, end) now is, if every character of it survived and stayed together. */
function survivor(origin: readonly number[], start: number, end: number): number | null {
	const at = origin.indexOf(start);
	if (at === -1) return null;
	for (let i = 1; i < end - start; i++) if (origin[at + i] !== start + i) return null;
	return at;
}

describe('anchoring: property tests on the seeds', function () {
	this.timeout(120000);

	const editArb = (text: string): fc.Arbitrary<Edit> =>
		fc.record({
			at: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
			remove: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 13, max: 400 })),
			insert: fc.oneof(
				fc.constant(''),
				fc.string({ maxLength: 20 }),
				fc.array(fc.constantFrom('the', 'Geneva', 'talks', ' ', '\n', '\r\n', 'said', 'Zürich', '😀', 'officials'), { maxLength: 12 }).map((w) => w.join(' ')),
				// Pasted copies of the document's own sentences make quotes ambiguous, as real edits do.
				fc.tuple(fc.nat(text.length), fc.integer({ min: 5, max: 200 })).map(([from, n]) => text.slice(from, from + n)),
			),
		});

	const caseArb = fc.nat(seedTexts.length - 1).chain((seed) => {
		const text = seedTexts[seed];
		const bounds = wordStarts(text);
		const wordCount = bounds.length / 2;
		const span = fc.tuple(fc.nat(wordCount - 1), fc.integer({ min: 1, max: 6 })).map(([w, n]) => ({ start: bounds[2 * w], end: bounds[2 * Math.min(wordCount - 1, w + n - 1) + 1] }));
		return fc.record({ seed: fc.constant(seed), spans: fc.array(span, { minLength: 1, maxLength: 25 }), edits: fc.array(editArb(text), { minLength: 1, maxLength: 8 }) });
	});

	it('re-anchors ≥ 99.5% of annotations whose text survived exactly onto it; the rest are orphan or fuzzy or on an identical quote', () => {
		let survived = 0;
		let exactlyFound = 0;
		let gone = 0;
		let goneStatus = { orphan: 0, fuzzy: 0, sameQuoteElsewhere: 0 };
		fc.assert(
			fc.property(caseArb, ({ seed, spans, edits }) => {
				const original = seedTexts[seed];
				const { text, origin } = applyTracked(original, edits);
				for (const { start, end } of spans) {
					const target = makeTarget(original, start, end);
					const anchor: Anchor = resolveAnchor(text, target);
					const at = survivor(origin, start, end);
					if (at !== null) {
						survived++;
						if (anchor.start === at && anchor.end === at + (end - start)) exactlyFound++;
						else if (process.env.SHOW_MISSES) console.log('MISS', JSON.stringify({ quote: target.quote.exact, at, anchor, ctxNow: text.slice(at - 40, at + end - start + 40), ctxFound: anchor.start === null ? null : text.slice(anchor.start - 40, anchor.end + 40), prefix: target.quote.prefix, suffix: target.quote.suffix }));
						continue;
					}
					gone++;
					if (anchor.status === 'orphan') goneStatus.orphan++;
					else if (anchor.status === 'fuzzy') goneStatus.fuzzy++;
					else {
						// 'exact'/'moved' for lost text is only acceptable on an identical copy of the quote.
						assert.equal(text.slice(anchor.start, anchor.end), target.quote.exact);
						goneStatus.sameQuoteElsewhere++;
					}
				}
			}),
			{ numRuns: 400, seed: 20261121 },
		);
		const ratio = exactlyFound / survived;
		console.log(`      property: ${exactlyFound}/${survived} surviving annotations re-anchored exactly (${(ratio * 100).toFixed(2)}%); ${gone} lost: ${JSON.stringify(goneStatus)}`);
		assert.ok(survived > 1000, `too few surviving annotations to measure (${survived})`);
		assert.ok(ratio >= 0.995, `ratio ${ratio}`);
		goneStatus = { orphan: 0, fuzzy: 0, sameQuoteElsewhere: 0 };
	});

	it('live tracking finds an orphan again exactly when a whole-text resolution would (searching only near the edits)', () => {
		let orphans = 0;
		let found = 0;
		fc.assert(
			fc.property(caseArb, fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 25, maxLength: 25 }), ({ seed, spans, edits }, putBack) => {
				const original = seedTexts[seed];
				// Orphans: the middle of each annotated passage is cut out, so its head and tail stay in the text.
				const kept = [...spans].sort((a, b) => a.start - b.start).filter((span, i, all) => i === 0 || span.start >= all[i - 1].end);
				const cuts = kept.map(({ start, end }) => {
					const k = end - start >= 3 ? Math.floor((end - start) / 3) : 0;
					return { start, end, from: start + k, to: end - k };
				});
				let cutText = '';
				let last = 0;
				const at: number[] = []; // where each cut is in the cut text
				for (const cut of cuts) {
					cutText += original.slice(last, cut.from);
					at.push(cutText.length);
					last = cut.to;
				}
				cutText += original.slice(last);
				const tracked = cuts.map(({ start, end }) => makeTarget(original, start, end)).map((target) => ({ target, anchor: resolveAnchor(cutText, target) }));
				// Edits: some middles pasted back where they were (as cut, or with a typo; later ones first, so the
				// offsets hold), so the found passage reaches beyond the edit; then the random edits.
				const puts: TextChange[] = [];
				for (let i = cuts.length - 1; i >= 0; i--) {
					const middle = original.slice(cuts[i].from, cuts[i].to);
					if (putBack[i] === 0 || middle.length === 0) continue;
					puts.push({ offset: at[i], length: 0, text: putBack[i] === 1 ? middle : middle.slice(0, -1) + (middle.endsWith('x') ? 'y' : 'x') });
				}
				let pastedText = cutText;
				for (const put of puts) pastedText = pastedText.slice(0, put.offset) + put.text + pastedText.slice(put.offset);
				const { text, changes } = applyTracked(pastedText, edits);
				const anchors = followEdits(text, tracked, [...puts, ...changes]);
				tracked.forEach(({ target, anchor }, i) => {
					if (anchor.status !== 'orphan') return;
					orphans++;
					const whole = resolveAnchor(text, target);
					assert.deepEqual(anchors[i], whole, `orphan ${JSON.stringify(target.quote.exact)}`);
					if (whole.status !== 'orphan') found++;
				});
			}),
			{ numRuns: 300, seed: 20261122 },
		);
		console.log(`      orphans: ${found}/${orphans} found again by the edits`);
		assert.ok(orphans > 500 && found > 200, `too few cases to measure (${orphans} orphans, ${found} found again)`);
	});

	it('live tracking keeps every untouched annotation exactly on its text', () => {
		let survived = 0;
		let exactlyFound = 0;
		fc.assert(
			fc.property(caseArb, ({ seed, spans, edits }) => {
				const original = seedTexts[seed];
				const { text, origin, changes } = applyTracked(original, edits);
				const tracked = spans.map(({ start, end }) => {
					const target = makeTarget(original, start, end);
					return { target, anchor: resolveAnchor(original, target) };
				});
				const anchors = followEdits(text, tracked, changes);
				spans.forEach(({ start, end }, i) => {
					const at = survivor(origin, start, end);
					const anchor = anchors[i];
					if (anchor.status !== 'orphan' && anchor.status !== 'fuzzy') assert.equal(text.slice(anchor.start, anchor.end), tracked[i].target.quote.exact);
					if (at === null) return;
					survived++;
					if (anchor.start === at && anchor.end === at + (end - start)) exactlyFound++;
				});
			}),
			{ numRuns: 400, seed: 7 },
		);
		console.log(`      live: ${exactlyFound}/${survived} surviving annotations tracked exactly`);
		assert.ok(exactlyFound / survived >= 0.995);
	});
});
