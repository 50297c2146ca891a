import * as assert from 'node:assert/strict';
import { parseCorrections, parseCorrectionsBytes, withMerge, withSeparated } from '../../src/core/corpus/corrections';

/** The analysts' grouping corrections file: problems are positioned, edits keep what the analyst wrote. */
describe('grouping corrections file', () => {
	const handWritten = [
		'# Our team\'s corrections, reviewed weekly.',
		'reviewer: dana            # who checked these',
		'groups:',
		'  # the war toll, all reports',
		'  - quantity: war dead',
		'    note: agreed in the 3 May meeting',
		'    members:',
		'      - {document: a.txt, text: "240,000 dead"}',
		'      - {document: b.txt, text: "100,000 dead"}',
		'separate:',
		'  - {document: c.txt, text: "18 people"}   # a different attack',
		'',
	].join('\n');

	it('reports a list at the root instead of taking it for an empty file', () => {
		const { corrections, problems } = parseCorrections('- {document: a.txt, text: "3 dead"}\n');
		assert.deepEqual(corrections, { groups: [], separate: [] });
		assert.equal(problems.length, 1);
		assert.match(problems[0].message, /mapping/);
		assert.deepEqual([problems[0].line, problems[0].column], [1, 1]);
	});

	it('reports groups written as a mapping, and separate as a text, at their lines', () => {
		const { problems } = parseCorrections('groups:\n  war dead:\n    - {document: a.txt, text: "3 dead"}\nseparate: none\n');
		assert.deepEqual(problems.map((p) => [p.line, p.column]), [[2, 3], [4, 11]]);
		assert.match(problems[0].message, /groups must be a list/);
		assert.match(problems[1].message, /separate must be a list/);
	});

	it('reports bad entries with line and column and keeps the good ones', () => {
		const text = 'separate:\n  - {document: a.txt}\n  - {document: a.txt, text: "3 dead", occurrence: zero}\n  - {document: a.txt, text: "4 dead"}\ngroups:\n  - quantity: x\n    members: []\n';
		const { corrections, problems } = parseCorrections(text);
		assert.deepEqual(corrections.separate, [{ document: 'a.txt', text: '4 dead' }]);
		assert.deepEqual(problems.map((p) => [p.line, p.column]).sort((a, b) => a[0] - b[0]), [[2, 5], [3, 51], [7, 14]]);
		assert.ok(problems.some((p) => /separate\[0\]: needs a document and a text/.test(p.message)));
		assert.ok(problems.some((p) => /separate\[1\].occurrence/.test(p.message)));
		assert.ok(problems.some((p) => /no members/.test(p.message)));
	});

	it('decodes bytes with a BOM and refuses bytes that are not UTF-8', () => {
		const withBom = parseCorrectionsBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('separate:\n  - {document: a.txt, text: "3 dead"}\n')]));
		assert.deepEqual(withBom.problems, []);
		assert.equal(withBom.corrections.separate.length, 1);
		const latin1 = parseCorrectionsBytes(new Uint8Array([...new TextEncoder().encode('separate:\n  - {document: caf'), 0xe9, ...new TextEncoder().encode('.txt, text: "3 dead"}\n')]));
		assert.equal(latin1.problems.length, 1);
		assert.equal(latin1.problems[0].line, 1);
	});

	it('separating a figure keeps comments, key order and unknown keys', () => {
		const edit = withSeparated(handWritten, { document: 'b.txt', text: '100,000 dead' });
		assert.ok(edit.ok);
		for (const kept of ['# Our team\'s corrections, reviewed weekly.', 'reviewer: dana', '# who checked these', '# the war toll, all reports', 'note: agreed in the 3 May meeting', '# a different attack']) {
			assert.ok(edit.text.includes(kept), `kept: ${kept}\n${edit.text}`);
		}
		assert.ok(edit.text.indexOf('reviewer:') < edit.text.indexOf('groups:') && edit.text.indexOf('groups:') < edit.text.indexOf('separate:'), 'key order kept');
		const { corrections, problems } = parseCorrections(edit.text);
		assert.deepEqual(problems, []);
		assert.deepEqual(corrections.groups, [{ quantity: 'war dead', members: [{ document: 'a.txt', text: '240,000 dead' }] }]);
		assert.deepEqual(corrections.separate, [{ document: 'c.txt', text: '18 people' }, { document: 'b.txt', text: '100,000 dead' }]);
		assert.ok(edit.text.includes('- {document: b.txt, text: 100,000 dead}') || edit.text.includes('- {document: b.txt, text: "100,000 dead"}'), edit.text);
	});

	it('merging keeps comments and unknown keys and moves the members out of other entries', () => {
		const edit = withMerge(handWritten, [{ document: 'a.txt', text: '240,000 dead' }, { document: 'c.txt', text: '18 people' }], 'all dead');
		assert.ok(edit.ok);
		assert.ok(edit.text.includes('reviewer: dana') && edit.text.includes('# Our team\'s corrections') && edit.text.includes('note: agreed'), edit.text);
		const { corrections, problems } = parseCorrections(edit.text);
		assert.deepEqual(problems, []);
		assert.deepEqual(corrections.groups, [
			{ quantity: 'war dead', members: [{ document: 'b.txt', text: '100,000 dead' }] },
			{ quantity: 'all dead', members: [{ document: 'a.txt', text: '240,000 dead' }, { document: 'c.txt', text: '18 people' }] },
		]);
		assert.deepEqual(corrections.separate, []);
	});

	it('starts a new file when there is none, and refuses to edit a broken one', () => {
		const fresh = withSeparated(undefined, { document: 'a.txt', text: '3 dead', occurrence: 2 });
		assert.ok(fresh.ok);
		assert.deepEqual(parseCorrections(fresh.text).corrections.separate, [{ document: 'a.txt', text: '3 dead', occurrence: 2 }]);
		for (const broken of ['- {document: a.txt, text: "3 dead"}\n', 'groups:\n  war dead: []\n', 'groups:\n  - members: [\n', 'separate:\n  - {document: a.txt}\n']) {
			const edit = withSeparated(broken, { document: 'b.txt', text: '4 dead' });
			assert.equal(edit.ok, false, broken);
			if (!edit.ok) assert.ok(edit.problems[0].line >= 1 && edit.problems[0].column >= 1);
			const merge = withMerge(broken, [{ document: 'b.txt', text: '4 dead' }]);
			assert.equal(merge.ok, false, broken);
		}
	});
});
