import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, copyFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { addAnnotation, anchorSidecar, checkSpan, deleteAnnotation, retargetSidecar, updateAnnotation } from '../../src/core/annotations/edit';
import { mergeSidecars, NOTE_CONFLICT_SEPARATOR } from '../../src/core/annotations/merge';
import { emptySidecar, newAnnotationId, sidecarPathFor, type Sidecar } from '../../src/core/annotations/model';
import { nodeFileSystem } from '../../src/core/annotations/node-fs';
import { parseSidecar, renderSidecar, setRenderVerification } from '../../src/core/annotations/sidecar';
import fc from 'fast-check';
import { loadSidecar, readSettled, saveSidecar, writeFileAtomic, type FileSystem } from '../../src/core/annotations/store';

const FIXTURES = resolve(__dirname, '../../../test/fixtures/sidecars');
const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');
const fixedClock = { now: () => new Date('2026-03-04T05:06:07.000Z') };

function parsed(text: string): Sidecar {
	const result = parseSidecar(text, 'test.yaml');
	if (!result.ok) assert.fail(`expected a valid sidecar: ${JSON.stringify(result.problems)}`);
	return result.sidecar;
}

function tempDir(): string {
	return mkdtempSync(join(tmpdir(), 'corroborate-sidecar-'));
}

// Every render in these tests is checked against yaml's own full render.
before(() => setRenderVerification(true));
after(() => setRenderVerification(false));

describe('sidecar parsing', () => {
	it('reads the documented fields of a hand-written sidecar', () => {
		const sidecar = parsed(fixture('press release.txt.annotations.yaml'));
		assert.equal(sidecar.document, 'press release.txt');
		assert.deepEqual(sidecar.metadata, { title: 'Ministers meet in Geneva', outlet: 'Example Wire', published: '2015-09-30' });
		assert.deepEqual(sidecar.annotations.map((a) => [a.id, a.kind, a.target.position.start, a.target.quote.exact]), [
			['a-venue', 'entity', 54, 'Geneva'],
			['a-sorties', 'claim', 111, '46 combat sorties'],
		]);
		assert.equal(sidecar.annotations[0].note, 'Confirmed by the **agenda**.\n');
		assert.deepEqual(sidecar.annotations[1].tags, ['figures', 'military']);
		assert.equal(sidecar.annotations[1].verdict, 'unverified');
	});

	it('reports a syntax error with file, line and column instead of throwing', () => {
		const result = parseSidecar(fixture('broken-syntax.annotations.yaml'), 'broken-syntax.annotations.yaml');
		assert.equal(result.ok, false);
		if (result.ok) return;
		assert.equal(result.problems[0].file, 'broken-syntax.annotations.yaml');
		assert.ok(result.problems[0].line >= 6, `line ${result.problems[0].line}`);
		assert.ok(result.problems[0].column >= 1);
		assert.ok(!result.problems[0].message.includes('\n'));
	});

	it('reports each schema violation at the offending value', () => {
		const result = parseSidecar(fixture('broken-schema.annotations.yaml'), 'schema.yaml');
		assert.equal(result.ok, false);
		if (result.ok) return;
		const byLine = result.problems.map((p) => `${p.line}:${p.column} ${p.message.split(' ')[0]}`);
		assert.deepEqual(byLine.sort(), ['5:11 kind', '8:34 target.position.end', '9:14 verdict'].sort());
	});

	it('refuses custom tags, alias bombs, duplicate ids and unknown versions', () => {
		for (const [name, cause] of [
			['custom-tag.annotations.yaml', /tag/i],
			['alias-bomb.annotations.yaml', /alias/i],
			['duplicate-id.annotations.yaml', /duplicate annotation id a-1/],
			['wrong-version.annotations.yaml', /version must be 1/],
		] as const) {
			const result = parseSidecar(fixture(name), name);
			assert.equal(result.ok, false, name);
			if (!result.ok) assert.match(result.problems.map((p) => p.message).join(' | '), cause, name);
		}
	});

	it('parses the duplicate-id fixture problem at the second id', () => {
		const result = parseSidecar(fixture('duplicate-id.annotations.yaml'), 'd.yaml');
		assert.ok(!result.ok && result.problems[0].line === 9);
	});
});

describe('sidecar rendering', () => {
	it('keeps comments, unknown fields and key order when an annotation changes', () => {
		const original = fixture('press release.txt.annotations.yaml');
		const sidecar = parsed(original);
		const changed = updateAnnotation(sidecar, 'a-sorties', { verdict: 'disputed', note: 'Ministry says 40.' }, fixedClock);
		const out = renderSidecar(changed, original);
		for (const kept of ['# Reviewed by the desk on Tuesday; keep this header.', 'reviewer: desk-7 # a field another tool added', '# The venue, checked against the agenda.', 'x-source: agenda-2015.pdf']) {
			assert.ok(out.includes(kept), `lost: ${kept}`);
		}
		// The untouched annotation is byte-identical; the changed one gains fields in schema order.
		const venue = original.slice(original.indexOf('  # The venue'), original.indexOf('  - id: a-sorties'));
		assert.ok(out.includes(venue));
		const sorties = out.slice(out.indexOf('  - id: a-sorties'));
		assert.ok(sorties.indexOf('note: Ministry says 40.') < sorties.indexOf('verdict: disputed'));
		assert.ok(sorties.indexOf('verdict: disputed') < sorties.indexOf('tags:'));
		assert.ok(sorties.indexOf('tags:') < sorties.indexOf('author: analyst-1'));
		assert.ok(sorties.includes('modified: 2026-03-04T05:06:07.000Z'));
		assert.deepEqual(parsed(out), changed);
	});

	it('re-renders an unchanged sidecar byte for byte', () => {
		const original = fixture('press release.txt.annotations.yaml');
		assert.equal(renderSidecar(parsed(original), original), original);
	});

	it('writes annotations in position order whatever the order of addition', () => {
		const text = 'alpha beta gamma delta epsilon';
		let sidecar = emptySidecar('doc.txt');
		for (const [start, end] of [[17, 22], [0, 5], [11, 16], [6, 10]]) sidecar = addAnnotation(sidecar, text, start, end).sidecar;
		const out = parsed(renderSidecar(sidecar));
		assert.deepEqual(out.annotations.map((a) => a.target.quote.exact), ['alpha', 'beta', 'gamma', 'delta']);
	});

	it('round-trips quotes and notes with CRLF, tabs, BOM-like and non-ASCII characters', () => {
		const text = 'Zoë\u00a0Šarić said:\r\n\t“Überfall — 東京 😀”  \r\nend';
		const { sidecar } = addAnnotation(emptySidecar('d.txt'), text, 0, text.length - 3, { note: 'line 1\r\nline 2\n  indented\n', label: ' spaced ', tags: ['ü', 'a: b'] });
		const back = parsed(renderSidecar(sidecar));
		assert.deepEqual(back, sidecar);
		assert.equal(back.annotations[0].target.quote.exact, text.slice(0, text.length - 3));
	});

	it('keeps the Windows line endings of a sidecar saved with them', () => {
		const original = fixture('press release.txt.annotations.yaml').replace(/\n/g, '\r\n');
		const changed = updateAnnotation(parsed(original), 'a-venue', { note: 'two\nlines' });
		const out = renderSidecar(changed, original);
		assert.equal(out.replace(/\r\n/g, '').includes('\n'), false);
		assert.deepEqual(parsed(out), changed);
		assert.equal(renderSidecar(changed, out), out);
	});

	it('deletes an annotation without touching the others or the comments', () => {
		const original = fixture('press release.txt.annotations.yaml');
		const out = renderSidecar(deleteAnnotation(parsed(original), 'a-venue'), original);
		assert.ok(!out.includes('a-venue'));
		assert.ok(out.includes('# Reviewed by the desk'));
		assert.deepEqual(parsed(out).annotations.map((a) => a.id), ['a-sorties']);
	});
});

describe('sidecar rendering: random edit sessions', function () {
	this.timeout(120000);
	const text = 'The foreign ministers met in Geneva on Tuesday. Officials reported 46 combat sorties over the weekend.\r\nZürich — 東京 😀 end.';
	const words = [...text.matchAll(/\S+/g)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
	const content = fc.record(
		{
			note: fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('line\n', 'two\n\n', 'keep\n\n\n', '  lead', 'trail  ', '# not a comment', 'a: b', '- dash', '|+', "it's \"quoted\"")),
			label: fc.string({ maxLength: 10 }),
			verdict: fc.constantFrom('supported' as const, 'disputed' as const, 'false' as const, 'unverified' as const),
			tags: fc.array(fc.string({ maxLength: 6 }), { maxLength: 3 }),
		},
		{ requiredKeys: [] },
	);
	const step = fc.oneof(
		fc.record({ op: fc.constant('add' as const), word: fc.nat(words.length - 1), content }),
		fc.record({ op: fc.constant('update' as const), pick: fc.nat(), content }),
		fc.record({ op: fc.constant('delete' as const), pick: fc.nat() }),
		fc.record({ op: fc.constant('comment' as const), pick: fc.nat(), blank: fc.boolean() }),
	);

	it('renders like yaml itself and round-trips after any sequence of adds, edits, deletes and hand-added comments', () => {
		fc.assert(
			fc.property(fc.array(step, { minLength: 1, maxLength: 15 }), (steps) => {
				let sidecar = emptySidecar('d.txt');
				let yaml: string | undefined;
				for (const s of steps) {
					if (s.op === 'add') sidecar = addAnnotation(sidecar, text, words[s.word].start, words[s.word].end, s.content).sidecar;
					else if (sidecar.annotations.length === 0) continue;
					else if (s.op === 'update') sidecar = updateAnnotation(sidecar, sidecar.annotations[s.pick % sidecar.annotations.length].id, s.content);
					else if (s.op === 'delete') sidecar = deleteAnnotation(sidecar, sidecar.annotations[s.pick % sidecar.annotations.length].id);
					else if (yaml !== undefined) {
						// An analyst adds a comment (and maybe a blank line) above an annotation by hand.
						const id = sidecar.annotations[s.pick % sidecar.annotations.length].id;
						yaml = yaml.replace(`  - id: ${id}\n`, `${s.blank ? '\n' : ''}  # checked ${id}\n  - id: ${id}\n`);
						sidecar = parsed(yaml);
						continue;
					}
					yaml = renderSidecar(sidecar, yaml);
					assert.deepEqual(parsed(yaml), sidecar);
				}
			}),
			{ numRuns: 200, seed: 99 },
		);
	});
});

describe('annotation edits', () => {
	it('adds an annotation with a quote, context, timestamps and a fresh id', () => {
		const text = 'The ministry reported 46 combat sorties on Sunday.';
		const { sidecar, annotation } = addAnnotation(emptySidecar('d.txt'), text, 22, 39, { kind: 'claim', verdict: 'unverified' }, fixedClock);
		assert.equal(annotation.target.quote.exact, '46 combat sorties');
		assert.equal(annotation.target.quote.prefix, 'The ministry reported ');
		assert.equal(annotation.target.quote.suffix, ' on Sunday.');
		assert.equal(annotation.created, '2026-03-04T05:06:07.000Z');
		assert.match(annotation.id, /^a-[0-9a-z]{12}$/);
		assert.equal(sidecar.annotations.length, 1);
	});

	it('rejects empty, out-of-range and surrogate-splitting spans', () => {
		const text = 'ab😀cd';
		assert.match(checkSpan(text, 2, 2) ?? '', /greater/);
		assert.match(checkSpan(text, 0, 99) ?? '', /outside/);
		assert.match(checkSpan(text, 3, 5) ?? '', /surrogate/);
		assert.equal(checkSpan(text, 2, 4), null);
		assert.throws(() => addAnnotation(emptySidecar('d'), text, 3, 5), RangeError);
	});

	it('generates distinct ids', () => {
		const ids = new Set(Array.from({ length: 2000 }, () => newAnnotationId()));
		assert.equal(ids.size, 2000);
	});

	it('retargets moved annotations and leaves orphans as stored', () => {
		const before = 'One. The talks in Geneva ended. Two.';
		let sidecar = addAnnotation(emptySidecar('d'), before, 18, 24).sidecar;
		sidecar = addAnnotation(sidecar, before, 5, 14).sidecar;
		const after = 'Preface added. One. The meeting in Geneva ended. Two.';
		const anchored = anchorSidecar(after, sidecar);
		assert.deepEqual(anchored.map((a) => a.anchor.status), ['orphan', 'moved']);
		const next = retargetSidecar(after, sidecar, anchored.map((a) => a.anchor));
		const geneva = next.annotations.find((a) => a.target.quote.exact === 'Geneva');
		assert.equal(geneva?.target.position.start, after.indexOf('Geneva'));
		const orphan = next.annotations.find((a) => a.target.quote.exact === 'The talks');
		assert.deepEqual(orphan?.target, sidecar.annotations.find((a) => a.target.quote.exact === 'The talks')?.target);
	});
});

describe('merge by id', () => {
	const text = 'alpha beta gamma delta epsilon zeta eta theta';
	const base = addAnnotation(addAnnotation(emptySidecar('d'), text, 0, 5, { note: 'first' }, { newId: () => 'a-1' }).sidecar, text, 11, 16, { note: 'second' }, { newId: () => 'a-2' }).sidecar;

	it('keeps additions from both sides, and edits to different annotations', () => {
		const disk = updateAnnotation(addAnnotation(base, text, 23, 30, { note: 'disk add' }, { newId: () => 'a-disk' }).sidecar, 'a-1', { label: 'from disk' });
		const memory = updateAnnotation(addAnnotation(base, text, 37, 40, { note: 'memory add' }, { newId: () => 'a-mem' }).sidecar, 'a-2', { verdict: 'false' });
		const { sidecar, conflicts } = mergeSidecars(base, disk, memory);
		assert.deepEqual(sidecar.annotations.map((a) => a.id), ['a-1', 'a-2', 'a-disk', 'a-mem']);
		assert.equal(sidecar.annotations[0].label, 'from disk');
		assert.equal(sidecar.annotations[1].verdict, 'false');
		assert.deepEqual(conflicts, []);
	});

	it('keeps both notes and all tags when both sides changed one annotation', () => {
		const disk = updateAnnotation(base, 'a-1', { note: 'disk note', tags: ['x'] }, { now: () => new Date('2026-01-01T00:00:01Z') });
		const memory = updateAnnotation(base, 'a-1', { note: 'memory note', tags: ['y'] }, { now: () => new Date('2026-01-01T00:00:02Z') });
		const { sidecar, conflicts } = mergeSidecars(base, disk, memory);
		const merged = sidecar.annotations.find((a) => a.id === 'a-1');
		assert.equal(merged?.note, 'memory note' + NOTE_CONFLICT_SEPARATOR + 'disk note');
		assert.deepEqual(merged?.tags, ['y', 'x']);
		assert.equal(merged?.modified, '2026-01-01T00:00:02.000Z');
		assert.deepEqual(conflicts.map((c) => c.field).sort(), ['note', 'tags']);
	});

	it('honours a deletion only when the other side did not edit the annotation', () => {
		const diskDeleted = deleteAnnotation(base, 'a-1');
		assert.deepEqual(mergeSidecars(base, diskDeleted, base).sidecar.annotations.map((a) => a.id), ['a-2']);
		const memoryEdited = updateAnnotation(base, 'a-1', { note: 'still needed' });
		assert.deepEqual(mergeSidecars(base, diskDeleted, memoryEdited).sidecar.annotations.map((a) => a.note), ['still needed', 'second']);
		const memoryDeleted = deleteAnnotation(base, 'a-2');
		const diskEdited = updateAnnotation(base, 'a-2', { note: 'edited on disk' });
		assert.deepEqual(mergeSidecars(base, diskEdited, memoryDeleted).sidecar.annotations.map((a) => a.note), ['first', 'edited on disk']);
	});

	it('keeps everything from both sides when there is no common base', () => {
		const disk = addAnnotation(emptySidecar('d'), text, 0, 5, {}, { newId: () => 'a-x' }).sidecar;
		const memory = addAnnotation(emptySidecar('d'), text, 6, 10, {}, { newId: () => 'a-y' }).sidecar;
		assert.deepEqual(mergeSidecars(undefined, disk, memory).sidecar.annotations.map((a) => a.id), ['a-x', 'a-y']);
	});
});

describe('sidecar store', () => {
	it('creates the sidecar on the first annotation, next to a document whose name has spaces', async () => {
		const dir = tempDir();
		const doc = join(dir, 'my report 2015.txt');
		const text = '\ufeffCafé talks\r\nin Zürich';
		writeFileSync(doc, text);
		const loaded = await loadSidecar(nodeFileSystem, doc);
		assert.equal(loaded.status, 'missing');
		const nothing = await saveSidecar(nodeFileSystem, doc, loaded.sidecar, undefined);
		assert.ok(nothing.ok && !nothing.written);
		assert.equal(existsSync(sidecarPathFor(doc)), false);
		const body = text.slice(1);
		const { sidecar } = addAnnotation(loaded.sidecar, body, body.indexOf('Zürich'), body.indexOf('Zürich') + 6);
		const saved = await saveSidecar(nodeFileSystem, doc, sidecar, undefined);
		assert.ok(saved.ok && saved.written);
		const again = await loadSidecar(nodeFileSystem, doc);
		assert.equal(again.status, 'ok');
		if (again.status !== 'ok') return;
		assert.equal(again.sidecar.document, 'my report 2015.txt');
		assert.deepEqual(again.sidecar.annotations[0].target.position, { start: 15, end: 21 });
		assert.deepEqual(readdirSync(dir).sort(), ['my report 2015.txt', 'my report 2015.txt.annotations.yaml']);
	});

	it('never overwrites a malformed sidecar and reports where it is broken', async () => {
		const dir = tempDir();
		const doc = join(dir, 'x.txt');
		writeFileSync(doc, 'abc def');
		copyFileSync(join(FIXTURES, 'broken-syntax.annotations.yaml'), sidecarPathFor(doc));
		const before = readFileSync(sidecarPathFor(doc));
		const loaded = await loadSidecar(nodeFileSystem, doc);
		assert.equal(loaded.status, 'broken');
		const { sidecar } = addAnnotation(emptySidecar(doc), 'abc def', 0, 3);
		const saved = await saveSidecar(nodeFileSystem, doc, sidecar, undefined);
		assert.equal(saved.ok, false);
		if (!saved.ok) assert.equal(saved.problems[0].file, sidecarPathFor(doc));
		assert.deepEqual(readFileSync(sidecarPathFor(doc)), before);
	});

	it('refuses to overwrite a sidecar that broke on disk after it was loaded', async () => {
		const dir = tempDir();
		const doc = join(dir, 'x.txt');
		writeFileSync(doc, 'abc def');
		const first = await saveSidecar(nodeFileSystem, doc, addAnnotation(emptySidecar(doc), 'abc def', 0, 3).sidecar, undefined);
		assert.ok(first.ok);
		writeFileSync(sidecarPathFor(doc), first.text + 'annotations: [\n');
		const broken = readFileSync(sidecarPathFor(doc));
		const second = await saveSidecar(nodeFileSystem, doc, addAnnotation(first.sidecar, 'abc def', 4, 7).sidecar, first.text);
		assert.equal(second.ok, false);
		assert.deepEqual(readFileSync(sidecarPathFor(doc)), broken);
	});

	/** A document "one two three four five six" whose sidecar holds one saved note on "one". */
	const documentWithOneNote = async () => {
		const dir = tempDir();
		const doc = join(dir, 'x.txt');
		const text = 'one two three four five six';
		writeFileSync(doc, text);
		const first = await saveSidecar(nodeFileSystem, doc, addAnnotation(emptySidecar(doc), text, 0, 3, { note: 'one' }).sidecar, undefined);
		assert.ok(first.ok);
		return { dir, doc, text, first };
	};

	it('merges a sidecar changed on disk with unsaved changes; nothing from either side is lost', async () => {
		const { doc, text, first } = await documentWithOneNote();
		// Another tool edits the file: adds an annotation with a comment and edits the note of the first.
		const loaded = await loadSidecar(nodeFileSystem, doc);
		assert.ok(loaded.status === 'ok');
		const diskVersion = updateAnnotation(addAnnotation(loaded.sidecar, text, 8, 13, { note: 'three (disk)' }).sidecar, loaded.sidecar.annotations[0].id, { label: 'disk label' });
		writeFileSync(sidecarPathFor(doc), '# edited elsewhere\n' + renderSidecar(diskVersion, loaded.text));
		// Meanwhile, in memory: a new annotation and a verdict on the first.
		const memory = updateAnnotation(addAnnotation(first.sidecar, text, 19, 23, { note: 'five (memory)' }).sidecar, first.sidecar.annotations[0].id, { verdict: 'supported' });
		const saved = await saveSidecar(nodeFileSystem, doc, memory, first.text);
		assert.ok(saved.ok && saved.mergedWithDisk && saved.written);
		const onDisk = readFileSync(sidecarPathFor(doc), 'utf8');
		assert.ok(onDisk.startsWith('# edited elsewhere\n'));
		const final = parsed(onDisk);
		assert.deepEqual(final.annotations.map((a) => a.note), ['one', 'three (disk)', 'five (memory)']);
		assert.equal(final.annotations[0].label, 'disk label');
		assert.equal(final.annotations[0].verdict, 'supported');
	});

	it('keeps a change another writer makes between the save\'s read and its rename', async () => {
		const { dir, doc, text, first } = await documentWithOneNote();
		// The other writer (another window, a git pull) lands while our temporary file is being written.
		const theirs = addAnnotation(first.sidecar, text, 8, 13, { note: 'three (other writer)' }).sidecar;
		let raced = false;
		const racing: FileSystem = {
			...nodeFileSystem,
			async writeFile(path, data) {
				await nodeFileSystem.writeFile(path, data);
				if (!raced && path.endsWith('.tmp')) {
					raced = true;
					writeFileSync(sidecarPathFor(doc), renderSidecar(theirs, first.text));
				}
			},
		};
		const ours = addAnnotation(first.sidecar, text, 19, 23, { note: 'five (ours)' }).sidecar;
		const saved = await saveSidecar(racing, doc, ours, first.text);
		assert.ok(raced && saved.ok && saved.written && saved.mergedWithDisk);
		const final = parsed(readFileSync(sidecarPathFor(doc), 'utf8'));
		assert.deepEqual(final.annotations.map((a) => a.note), ['one', 'three (other writer)', 'five (ours)']);
		assert.deepEqual(saved.sidecar.annotations.map((a) => a.note), ['one', 'three (other writer)', 'five (ours)']);
		assert.deepEqual(readdirSync(dir).sort(), ['x.txt', 'x.txt.annotations.yaml']);
	});

	it('removes the temporary file when a write fails, leaving the old sidecar', async () => {
		const dir = tempDir();
		const target = join(dir, 'a.yaml');
		writeFileSync(target, 'old');
		const failing: FileSystem = { ...nodeFileSystem, rename: async () => { throw new Error('disk full'); } };
		await assert.rejects(writeFileAtomic(failing, target, new TextEncoder().encode('new')), /disk full/);
		assert.deepEqual(readdirSync(dir), ['a.yaml']);
		assert.equal(readFileSync(target, 'utf8'), 'old');
	});

	it('reads a sidecar again when a file event finds it briefly missing or empty (delete-then-rename, truncate-then-write)', async () => {
		const yaml = new TextEncoder().encode('version: 1\nannotations: []\n');
		const sequence = (...reads: (Uint8Array | undefined)[]): (() => Promise<Uint8Array | undefined>) => {
			let i = 0;
			return async () => reads[Math.min(i++, reads.length - 1)];
		};
		// Missing for a moment, then back: the second read wins, so nothing is taken as deleted.
		assert.deepEqual(await readSettled(sequence(undefined, yaml), 1), yaml);
		assert.deepEqual(await readSettled(sequence(new Uint8Array(0), yaml), 1), yaml);
		// Really gone: still reported missing after the retry.
		assert.equal(await readSettled(sequence(undefined, undefined), 1), undefined);
		// A normal read is not repeated.
		let reads = 0;
		await readSettled(async () => (reads++, yaml), 1);
		assert.equal(reads, 1);
	});

	it('reports a binary sidecar as a problem', async () => {
		const dir = tempDir();
		const doc = join(dir, 'x.txt');
		writeFileSync(sidecarPathFor(doc), Buffer.from([0, 1, 2, 255]));
		const loaded = await loadSidecar(nodeFileSystem, doc);
		assert.ok(loaded.status === 'broken' && /binary/.test(loaded.problems[0].message));
	});
});
