import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { analyze } from '../../src/core/analyze';
import type { Conflict } from '../../src/core/conflicts';
import { CorpusIndex } from '../../src/core/corpus/corpusIndex';
import { listDocuments, nodeFiles } from '../../src/core/corpus/files';
import type { Analysis, Claim, EntityMention, EntityType, Interval } from '../../src/core/types';

const FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'conflicts');

interface MemberLabel { document: string; text: string }
interface Labels {
	published: Record<string, string>;
	claims: (MemberLabel & { kind: Claim['kind']; value: string; approx?: boolean; counts?: string })[];
	entities: (MemberLabel & { type: EntityType; canonical?: string })[];
	expected: { verdict: 'conflict' | 'time-shifted' | 'consistent'; note: string; members: MemberLabel[] }[];
}

function interval(notation: string): Interval {
	const m = /^([[(])([^,]*),([^,]*)([\])])$/.exec(notation)!;
	const bound = (v: string) => (v === '' ? null : /^\d{4}-/.test(v) ? v : Number(v));
	return { low: bound(m[2]), high: bound(m[3]), lowInclusive: m[1] === '[', highInclusive: m[4] === ']' };
}

const wordAt = (text: string, i: number) => /[\p{L}\p{N}]/u.test(text[i] ?? '');

/** An analyzer that returns the hand labels of a fixture document (recognised by its text). */
function labelledAnalyzer(dir: string, labels: Labels): (text: string) => Analysis {
	const byText = new Map<string, string>();
	for (const name of Object.keys(labels.published)) byText.set(readFileSync(join(dir, name), 'utf8'), name);
	return (text) => {
		const name = byText.get(text);
		assert.ok(name, 'fixture text not recognised');
		const claims: Claim[] = labels.claims.filter((c) => c.document === name).map((c) => {
			const start = text.indexOf(c.text);
			assert.ok(start >= 0, `${name}: claim text not found: ${c.text}`);
			return { start, end: start + c.text.length, text: c.text, kind: c.kind, value: interval(c.value), approx: c.approx ?? false, counts: c.counts ?? null, source: null };
		});
		const entities: EntityMention[] = [];
		for (const e of labels.entities.filter((x) => x.document === name)) {
			for (let at = text.indexOf(e.text); at >= 0; at = text.indexOf(e.text, at + 1)) {
				if (!wordAt(text, at - 1) && !wordAt(text, at + e.text.length)) entities.push({ start: at, end: at + e.text.length, text: e.text, type: e.type, canonical: e.canonical ?? e.text });
			}
		}
		return { entities, claims, numbers: [], boilerplate: [], published: labels.published[name] };
	};
}

const isMember = (m: { document: string; claim: { text: string } }, label: MemberLabel) => m.document.endsWith('/' + label.document) && m.claim.text === label.text;

/** The relation the conflicts report between two labelled figures, or null when they are never paired. */
function reportedRelation(conflicts: Conflict[], a: MemberLabel, b: MemberLabel): string | null {
	for (const c of conflicts) {
		for (const p of c.pairs) {
			const x = c.members[p.a];
			const y = c.members[p.b];
			if ((isMember(x, a) && isMember(y, b)) || (isMember(x, b) && isMember(y, a))) return p.relation;
		}
	}
	return null;
}

async function indexFixture(name: string, analyzer?: (text: string) => Analysis) {
	const dir = join(FIXTURES, name);
	const labels = parse(readFileSync(join(dir, 'labels.yaml'), 'utf8')) as Labels;
	const index = new CorpusIndex({ analyzer: analyzer ?? labelledAnalyzer(dir, labels) });
	await index.indexFiles(await listDocuments(dir), nodeFiles);
	return { index, labels };
}

describe('conflicts on fixture corpora with planted disagreements (hand-labelled extraction)', () => {
	it('finds every planted conflict and marks the ten-months-later toll time-shifted', async () => {
		const { index, labels } = await indexFixture('planted');
		const conflicts = index.conflicts();
		for (const e of labels.expected) {
			const [a, b] = e.members;
			const relation = reportedRelation(conflicts, a, b);
			if (e.verdict === 'consistent') assert.equal(relation, null, `${e.note}: reported as ${relation}`);
			else assert.equal(relation, e.verdict, `${e.note}`);
		}
	});

	it('does not pair figures of different quantities (another city, another day) in the planted corpus', async () => {
		const { index } = await indexFixture('planted');
		for (const c of index.conflicts()) {
			for (const p of c.pairs) {
				const texts = [c.members[p.a].claim.text, c.members[p.b].claim.text];
				assert.ok(!texts.includes('killed 7 people') && !texts.includes('killed 21 civilians'), `unexpected pair ${texts.join(' / ')}`);
			}
		}
	});

	it('reports nothing on a corpus whose figures all agree, and still groups the agreeing figures', async () => {
		const { index, labels } = await indexFixture('consistent');
		assert.deepEqual(index.conflicts().map((c) => c.quantity), []);
		for (const e of labels.expected) {
			const groups = index.groups().filter((g) => e.members.every((label) => g.members.some((m) => isMember(m, label))));
			assert.equal(groups.length, 1, `${e.note}: not grouped together`);
		}
	});
});

describe('conflicts on fixture corpora through the real extraction pipeline', () => {
	async function realOrSkip(context: Mocha.Context, name: string) {
		const result = await indexFixture(name, analyze);
		const dir = join(FIXTURES, name);
		const found = result.labels.claims.filter((c) => analyze(readFileSync(join(dir, c.document), 'utf8')).claims.some((x) => x.text.includes(c.text) || c.text.includes(x.text)));
		// While the extraction stages are still stubs there is nothing to judge; say so instead of passing silently.
		if (found.length < result.labels.claims.length / 2) context.skip();
		return result;
	}

	it('finds the planted war-toll conflict and no pair between agreeing figures', async function () {
		const { index, labels } = await realOrSkip(this, 'planted');
		const conflicts = index.conflicts();
		const first = labels.expected[0];
		assert.equal(reportedRelation(conflicts, first.members[0], first.members[1]), 'conflict');
		for (const e of labels.expected.filter((x) => x.verdict === 'consistent')) assert.equal(reportedRelation(conflicts, e.members[0], e.members[1]), null, e.note);
	});

	it('reports no conflict on the consistent corpus', async function () {
		const { index } = await realOrSkip(this, 'consistent');
		assert.deepEqual(index.conflicts().filter((c) => c.verdict === 'conflict').map((c) => `${c.quantity}: ${c.members.map((m) => m.claim.text).join(' / ')}`), []);
	});
});
