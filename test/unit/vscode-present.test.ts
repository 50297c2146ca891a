import * as assert from 'node:assert/strict';
import type { Analysis, Claim, EntityMention } from '../../src/core/types';
import {
	aliasesOf, articleEntities, claimInWords, escapeMarkdown, formatDate, highlightSpans, HIGHLIGHT_KINDS, intervalInWords, lineStarts, mergeSpans,
	positionIn, snippetAround, targetAt,
} from '../../src/vscode/present';

function entity(text: string, start: number, type: EntityMention['type'], canonical = text): EntityMention {
	return { text, start, end: start + text.length, type, canonical };
}

function claim(text: string, start: number, value: Claim['value'], extra: Partial<Claim> = {}): Claim {
	return { text, start, end: start + text.length, kind: 'count', value, approx: false, counts: null, source: null, ...extra };
}

const point = (n: number) => ({ low: n, high: n, lowInclusive: true, highInclusive: true });

describe('editor presentation helpers', () => {
	describe('intervalInWords', () => {
		it('reads qualifiers the way an article states them', () => {
			assert.equal(intervalInWords({ low: 127, high: null, lowInclusive: true, highInclusive: false }), 'at least 127');
			assert.equal(intervalInWords({ low: 200000, high: null, lowInclusive: false, highInclusive: false }), 'more than 200,000');
			assert.equal(intervalInWords({ low: null, high: 10, lowInclusive: false, highInclusive: false }), 'fewer than 10');
			assert.equal(intervalInWords({ low: null, high: 10, lowInclusive: false, highInclusive: true }), 'at most 10');
			assert.equal(intervalInWords({ low: 20, high: 35, lowInclusive: true, highInclusive: true }), 'between 20 and 35');
			assert.equal(intervalInWords(point(240000)), '240,000');
			assert.equal(intervalInWords(point(240000), 'count', true), 'about 240,000');
		});

		it('formats percentages and dates', () => {
			assert.equal(intervalInWords(point(12), 'percent'), '12%');
			assert.equal(intervalInWords({ low: '2015-09-30', high: '2015-09-30', lowInclusive: true, highInclusive: true }, 'date'), 'on 30 September 2015');
			assert.equal(intervalInWords({ low: '2015-09-21', high: '2015-09-30', lowInclusive: true, highInclusive: true }, 'date'), 'between 21 September 2015 and 30 September 2015');
			assert.equal(intervalInWords({ low: null, high: '2011-10-01', lowInclusive: false, highInclusive: false }, 'date'), 'before 1 October 2011');
			assert.equal(formatDate('2015-09'), 'September 2015');
		});

		it('adds the counted noun to a figure but not to a date', () => {
			assert.equal(claimInWords({ value: { low: 127, high: null, lowInclusive: true, highInclusive: false }, kind: 'count', approx: false, counts: 'people' }), 'at least 127 people');
			assert.equal(claimInWords({ value: point(4), kind: 'duration', approx: false, counts: 'years' }), '4 years');
			assert.equal(claimInWords({ value: { low: '2011-03-01', high: '2011-03-31', lowInclusive: true, highInclusive: true }, kind: 'date', approx: false, counts: 'March' }), 'between 1 March 2011 and 31 March 2011');
		});
	});

	describe('highlightSpans', () => {
		const text = 'Home | News | Syria\nBashar al-Assad met Putin in Moscow; 240,000 people have died.\nSign up for Reuters';
		const analysis: Analysis = {
			entities: [entity('Syria', 13, 'PLACE'), entity('Bashar al-Assad', 20, 'PERSON'), entity('Putin', 40, 'PERSON'), entity('Moscow', 49, 'PLACE'), entity('Reuters', 95, 'ORG')],
			claims: [claim('240,000 people', 57, point(240000), { counts: 'people' })],
			numbers: [],
			boilerplate: [{ start: 0, end: 19 }, { start: 83, end: 102 }, { start: 90, end: 102 }],
			published: null,
		};

		it('highlights every kind outside page chrome and nothing inside it', () => {
			const spans = highlightSpans(analysis, new Set(HIGHLIGHT_KINDS));
			assert.deepEqual(spans.person.map((s) => text.slice(s.start, s.end)), ['Bashar al-Assad', 'Putin']);
			assert.deepEqual(spans.place.map((s) => text.slice(s.start, s.end)), ['Moscow']);
			assert.deepEqual(spans.organization, []);
			assert.deepEqual(spans.claim.map((s) => text.slice(s.start, s.end)), ['240,000 people']);
		});

		it('leaves out kinds that are turned off', () => {
			const spans = highlightSpans(analysis, new Set(['claim']));
			assert.deepEqual(spans.person, []);
			assert.deepEqual(spans.place, []);
			assert.equal(spans.claim.length, 1);
		});

		it('counts only article mentions', () => {
			assert.deepEqual(articleEntities(analysis).map((e) => e.text), ['Bashar al-Assad', 'Putin', 'Moscow']);
		});
	});

	it('merges nested and touching chrome ranges', () => {
		assert.deepEqual(mergeSpans([{ start: 10, end: 20 }, { start: 0, end: 5 }, { start: 12, end: 15 }, { start: 20, end: 25 }]), [{ start: 0, end: 5 }, { start: 10, end: 25 }]);
	});

	it('finds the innermost entity or claim under the cursor', () => {
		const analysis: Analysis = {
			entities: [entity('Syrian Observatory for Human Rights', 0, 'ORG'), entity('Syrian', 0, 'NORP')],
			claims: [claim('240,000 people', 50, point(240000))],
			numbers: [],
			boilerplate: [],
			published: null,
		};
		assert.equal(targetAt(analysis, 2)?.kind === 'entity' && (targetAt(analysis, 2) as { entity: EntityMention }).entity.text, 'Syrian');
		assert.equal((targetAt(analysis, 10) as { entity: EntityMention }).entity.text, 'Syrian Observatory for Human Rights');
		assert.equal(targetAt(analysis, 55)?.kind, 'claim');
		assert.equal(targetAt(analysis, 64), undefined, 'end is exclusive');
		assert.equal(targetAt(analysis, 40), undefined);
	});

	it('escapes only what would change inline Markdown in a name', () => {
		assert.equal(escapeMarkdown('Bashar al-Assad'), 'Bashar al-Assad');
		assert.equal(escapeMarkdown('U.S. *Army* [HQ] $(x)'), 'U.S. \\*Army\\* \\[HQ\\] \\$(x)');
	});

	it('lists aliases by frequency', () => {
		assert.deepEqual(aliasesOf([{ text: 'Assad' }, { text: 'Bashar al-Assad' }, { text: 'Assad' }, { text: 'Mr.\nAssad' }]), ['Assad', 'Bashar al-Assad', 'Mr. Assad']);
	});

	it('maps offsets to lines and characters, CRLF included', () => {
		const text = 'ab\r\ncd\nef';
		const starts = lineStarts(text);
		assert.deepEqual(positionIn(starts, 0), { line: 0, character: 0 });
		assert.deepEqual(positionIn(starts, 5), { line: 1, character: 1 });
		assert.deepEqual(positionIn(starts, 8), { line: 2, character: 1 });
	});

	it('shortens long lines around the span', () => {
		const text = `${'x'.repeat(200)} 240,000 people ${'y'.repeat(200)}\nnext`;
		const start = text.indexOf('240,000');
		const snippet = snippetAround(text, { start, end: start + 14 }, 40);
		assert.ok(snippet.includes('240,000 people'));
		assert.ok(snippet.startsWith('\u2026') && snippet.endsWith('\u2026'));
		assert.ok(snippet.length <= 44);
	});
});
