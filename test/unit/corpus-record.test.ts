import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildRecord, buildSummary, compactSummary, decodeSummary, encodeSummary, oneByte, summarize, unpackEntities } from '../../src/core/corpus/record';
import type { Analysis } from '../../src/core/types';

const seedsDir = join(__dirname, '..', '..', '..', 'seeds');
const seeds = readdirSync(seedsDir).filter((f) => f.endsWith('.txt')).sort().map((f) => readFileSync(join(seedsDir, f), 'utf8'));

describe('corpus records: summaries made straight from the analysis', () => {
	it('gives the same summary as summarising the full record, for real articles', () => {
		assert.ok(seeds.length >= 3);
		for (const text of seeds) {
			const expected = summarize(buildRecord(text));
			assert.deepEqual(buildSummary(text), expected);
			assert.ok(expected.claims.length > 0 && unpackEntities(expected.entities).some((e) => e.aliases.length > 1), 'the seed has matchable claims and an entity with several names');
		}
	});

	it('counts an entity\u2019s mentions, names in order of first use, and the earliest first use of a name as its first mention', () => {
		// Mentions out of text order: the first mention is the earliest first use of any of the entity's names.
		const analyzer = (): Analysis => ({
			claims: [], numbers: [], boilerplate: [], published: null,
			entities: [
				{ start: 50, end: 55, text: 'Assad', type: 'PERSON', canonical: 'Bashar al-Assad' },
				{ start: 10, end: 25, text: 'Bashar al-Assad', type: 'PERSON', canonical: 'Bashar al-Assad' },
				{ start: 5, end: 10, text: 'Assad', type: 'PERSON', canonical: 'Bashar al-Assad' },
				{ start: 30, end: 35, text: 'Syria', type: 'PLACE', canonical: 'Syria' },
			],
		});
		const text = 'x'.repeat(60);
		const summary = buildSummary(text, analyzer, 'h');
		assert.deepEqual(summary, summarize(buildRecord(text, analyzer, 'h')));
		assert.deepEqual(unpackEntities(summary.entities), [
			{ canonical: 'Bashar al-Assad', type: 'PERSON', count: 3, first: [10, 25], aliases: ['Assad', 'Bashar al-Assad'] },
			{ canonical: 'Syria', type: 'PLACE', count: 1, first: [30, 35], aliases: ['Syria'] },
		]);
		assert.equal(summary.mentionCount, 4);
	});

	it('keeps every value when strings are compacted for the trip from a worker', () => {
		for (const text of seeds) {
			const encoded = encodeSummary(buildSummary(text));
			assert.deepEqual(compactSummary(encoded), encoded);
			assert.deepEqual(decodeSummary(compactSummary(encoded)), decodeSummary(encoded));
		}
		assert.equal(oneByte('caf\u00e9 \u201cquoted\u201d'), 'caf\u00e9 \u201cquoted\u201d');
		assert.equal(oneByte('Kerry said \u2014'.slice(0, 10)), 'Kerry said');
		assert.equal(oneByte(''), '');
	});
});
