import * as assert from 'node:assert/strict';
import { findEntities } from '../../src/core/entities';
import { nameSkeleton, unifyCanonicals } from '../../src/core/entities/corpus';
import type { EntityMention } from '../../src/core/types';

/** Canonical names per document, for the mentions whose text is listed. */
function canonicals(docs: string[], surfaces: string[]): string[][] {
	const unified = unifyCanonicals(docs.map((d) => findEntities(d)));
	return unified.map((mentions) => mentions.filter((m) => surfaces.includes(m.text)).map((m) => m.canonical));
}

const person = (text: string, canonical = text): EntityMention => ({ start: 0, end: text.length, text, type: 'PERSON', canonical });

describe('unifyCanonicals', () => {
	it('gives a surname-only document the full name found in another document', () => {
		const [a, b] = canonicals(['President Bashar al-Assad spoke.', 'Mr. Assad left. Assad returned.'], ['Bashar al-Assad', 'Assad']);
		assert.deepEqual(a, ['Bashar al-Assad']);
		assert.deepEqual(b, ['Bashar al-Assad', 'Bashar al-Assad']);
	});

	it('unifies spellings of one name (particles, hyphens, middle initials, transliterations)', () => {
		const unified = unifyCanonicals([[person('Bashar al-Assad')], [person('Bashar Assad')], [person('Bashar al Assad')], [person('Sergei Lavrov')], [person('Sergey Lavrov')], [person('John F. Kerry')], [person('John Kerry')]]);
		const names = unified.map((d) => d[0].canonical);
		assert.equal(new Set(names.slice(0, 3)).size, 1);
		assert.equal(names[3], names[4]);
		assert.equal(names[5], names[6]);
	});

	it('keeps two people who share a surname apart', () => {
		const unified = unifyCanonicals([[person('Bashar al-Assad'), person('Assad', 'Bashar al-Assad')], [person('Bassel al-Assad')]]);
		assert.notEqual(unified[0][0].canonical, unified[1][0].canonical);
	});

	it('gives a nickname one article defines the full name in another article where it stands alone', () => {
		const [a, b] = canonicals(
			['President Joko Widodo, popularly known as Jokowi, visited the island. Jokowi promised aid.', 'Jokowi, who faces re-election in April, has visited the region.'],
			['Joko Widodo', 'Jokowi'],
		);
		assert.deepEqual(a, ['Joko Widodo', 'Joko Widodo', 'Joko Widodo']);
		assert.deepEqual(b, ['Joko Widodo']);
		// A nickname two articles give to two different people stays as it is.
		const unified = unifyCanonicals([[person('Joko Widodo'), person('Jokowi', 'Joko Widodo')], [person('Jokowi')], [person('Joko Santoso'), person('Jokowi', 'Joko Santoso')]]);
		assert.equal(unified[1][0].canonical, 'Jokowi');
		// A surname is not a nickname: "Widodo" alone is left to the surname rule, which needs no definition.
		assert.equal(unifyCanonicals([[person('Joko Widodo'), person('Widodo', 'Joko Widodo')], [person('Widodo')]])[1][0].canonical, 'Joko Widodo');
	});

	it('joins an acronym to the organisation whose initials it spells in another document', () => {
		const [a, b] = canonicals(['The official Syrian Arab News Agency reported it.', 'According to state news agency SANA, talks ended.'], ['Syrian Arab News Agency', 'SANA']);
		assert.deepEqual(b, a);
	});

	it('joins a shortened organisation name to its full name', () => {
		const [a, b] = canonicals(['the Syrian Observatory for Human Rights said', 'the Syrian Observatory said'], ['Syrian Observatory for Human Rights', 'Syrian Observatory']);
		assert.deepEqual(b, a);
	});

	it('joins an unqualified ministry to the one country ministry of that kind in the corpus, but keeps two countries apart', () => {
		const [a, b] = canonicals(['the Russian foreign ministry said', 'a foreign ministry spokeswoman said'], ['foreign ministry']);
		assert.deepEqual(b, a);
		const [c, d] = canonicals(['the Russian foreign ministry said', 'the Turkish foreign ministry said'], ['foreign ministry']);
		assert.notDeepEqual(c, d);
	});

	it('stays near-linear on a large corpus with many distinct names', function () {
		this.timeout(60000);
		const org = (text: string): EntityMention => ({ start: 0, end: text.length, text, type: 'ORG', canonical: text });
		const corpus = (n: number) => Array.from({ length: n }, (_, i) => [org(`Committee Number${i} of Region${i}`), org(`Committee Number${i}`), person(`Person${i} Surname${i}`), person(`Surname${i}`)]);
		// CPU time of this process (not wall-clock time), so a loaded machine does not make the test fail.
		const cpuMs = (docs: EntityMention[][]) => {
			const before = process.cpuUsage();
			const unified = unifyCanonicals(docs);
			const used = process.cpuUsage(before);
			return { unified, ms: (used.user + used.system) / 1000 };
		};
		cpuMs(corpus(400)); // warm-up
		const small = Math.min(cpuMs(corpus(400)).ms, cpuMs(corpus(400)).ms);
		const { unified, ms: large } = cpuMs(corpus(4000));
		// Ten times the names: a pairwise comparison would take about a hundred times as long.
		assert.ok(large < small * 40 + 500, `400 documents ${small.toFixed(0)} ms, 4,000 documents ${large.toFixed(0)} ms of CPU`);
		assert.equal(unified[7][1].canonical, 'Committee Number7 of Region7');
		assert.equal(unified[7][3].canonical, 'Person7 Surname7');
	});

	it('does not change the input lists', () => {
		const doc = [person('Assad')];
		unifyCanonicals([doc, [person('Bashar al-Assad')]]);
		assert.equal(doc[0].canonical, 'Assad');
	});
});

describe('nameSkeleton', () => {
	it('keeps transliterations of one name together and different names apart', () => {
		assert.equal(nameSkeleton('Sergei'), nameSkeleton('Sergey'));
		assert.equal(nameSkeleton('Mohammed'), nameSkeleton('Muhammad'));
		assert.notEqual(nameSkeleton('Bashar'), nameSkeleton('Bassel'));
	});
});
