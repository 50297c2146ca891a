import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SnapshotCache, fileStore, type BytesStore } from '../../src/core/corpus/cache';
import { parseCorrections, withMerge, withSeparated } from '../../src/core/corpus/corrections';
import { CorpusIndex } from '../../src/core/corpus/corpusIndex';
import { listDocuments, nodeFiles, type CorpusFiles } from '../../src/core/corpus/files';
import { WorkerPool } from '../../src/core/corpus/workerPool';
import type { Analysis, Claim } from '../../src/core/types';

/**
 * A tiny stand-in analyzer so these tests exercise the index, not the extraction stages: "N dead" is a war-toll
 * claim, "Published YYYY-MM-DD" the date, capitalised words after "in" places, and it counts its calls.
 */
function fakeAnalyzer() {
	const calls = { count: 0 };
	const analyzer = (text: string): Analysis => {
		calls.count++;
		const claims: Claim[] = [];
		for (const m of text.matchAll(/(\d[\d,]*) dead/g)) {
			const n = Number(m[1].replace(/,/g, ''));
			claims.push({ start: m.index, end: m.index + m[0].length, text: m[0], kind: 'count', value: { low: n, high: n, lowInclusive: true, highInclusive: true }, approx: false, counts: 'dead', source: null });
		}
		const entities = [...text.matchAll(/\bin ([A-Z][a-z]+)/g)].map((m) => ({ start: m.index + 3, end: m.index + 3 + m[1].length, text: m[1], type: 'PLACE' as const, canonical: m[1] }));
		const published = /Published (\d{4}-\d{2}-\d{2})/.exec(text)?.[1] ?? null;
		return { entities, claims, numbers: [], boilerplate: [], published };
	};
	return { analyzer, calls };
}

const doc = (date: string, toll: number) => `Published ${date}\nThe war in Syria has left ${toll.toLocaleString('en-US')} dead so far.\n`;

function memoryStore(): BytesStore & { bytes: Uint8Array | null } {
	const store = { bytes: null as Uint8Array | null, read: async () => store.bytes, write: async (b: Uint8Array) => { store.bytes = b; } };
	return store;
}

describe('corpus index', () => {
	let dir: string;
	beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'corroborate-corpus-')); });
	afterEach(() => rmSync(dir, { recursive: true, force: true }));

	it('lists plain-text and Markdown documents, never sidecars or other files', async () => {
		mkdirSync(join(dir, 'sub'));
		for (const name of ['a.txt', 'b.md', 'a.txt.annotations.yaml', 'c.json', 'sub/d.txt']) writeFileSync(join(dir, name), 'x');
		const found = (await listDocuments(dir)).map((p) => p.slice(dir.length + 1).replace(/\\/g, '/'));
		assert.deepEqual(found, ['a.txt', 'b.md', 'sub/d.txt']);
	});

	it('finds a conflict across files, then updates incrementally when a document changes or goes away', async () => {
		writeFileSync(join(dir, 'a.txt'), doc('2015-09-18', 240000));
		writeFileSync(join(dir, 'b.txt'), doc('2015-09-20', 110000));
		const { analyzer } = fakeAnalyzer();
		const index = new CorpusIndex({ analyzer });
		const changes: string[][] = [];
		index.onDidChange((paths) => changes.push(paths));
		const report = await index.indexFiles(await listDocuments(dir), nodeFiles);
		assert.equal(report.analysed, 2);
		assert.equal(changes.length, 1, 'one change event per bulk index');
		assert.equal(index.conflicts().length, 1);
		assert.equal(index.conflicts()[0].verdict, 'conflict');

		// The analyst corrects b in the editor: the figures agree now.
		index.setText(join(dir, 'b.txt'), doc('2015-09-20', 240000));
		assert.deepEqual(index.conflicts(), []);
		index.setText(join(dir, 'b.txt'), doc('2015-09-20', 90000));
		assert.equal(index.conflicts().length, 1);
		index.remove(join(dir, 'b.txt'));
		assert.deepEqual(index.conflicts(), []);
		assert.deepEqual(index.paths(), [join(dir, 'a.txt')]);
	});

	it('does not re-analyse a document whose content did not change', () => {
		const { analyzer, calls } = fakeAnalyzer();
		const index = new CorpusIndex({ analyzer });
		index.setText('a.txt', doc('2015-09-18', 240000));
		index.setText('a.txt', doc('2015-09-18', 240000));
		assert.equal(calls.count, 1);
		index.setText('a.txt', doc('2015-09-18', 250000));
		assert.equal(calls.count, 2);
	});

	it('answers hover queries: other documents\u2019 figures with agreement, and an entity\u2019s mentions across the corpus', () => {
		const { analyzer } = fakeAnalyzer();
		const index = new CorpusIndex({ analyzer });
		index.setText('a.txt', doc('2015-09-18', 240000));
		index.setText('b.txt', doc('2015-09-19', 240000));
		index.setText('c.txt', doc('2015-09-20', 100000));
		const related = index.relatedFigures('a.txt', 0)!;
		assert.deepEqual(related.figures.map((f) => [f.ref.document, f.relation]), [['b.txt', 'agree'], ['c.txt', 'conflict']]);
		const syria = index.entity('Syria')!;
		assert.equal(syria.total, 3);
		assert.deepEqual(syria.documents.map((d) => d.document), ['a.txt', 'b.txt', 'c.txt']);
		assert.equal(index.entityTree()[0].entities[0].documentCount, 3);
		const tree = index.claimTree();
		assert.equal(tree[0].verdict, 'conflict');
		assert.deepEqual(tree[0].members.map((m) => [m.document, m.line, m.relation]), [['a.txt', 2, 'conflict'], ['b.txt', 2, 'conflict'], ['c.txt', 2, 'conflict']]);
	});

	it('reopens warm from the persisted cache without analysing anything, and re-analyses only changed files', async () => {
		for (let i = 0; i < 5; i++) writeFileSync(join(dir, `d${i}.txt`), doc('2015-09-18', 1000 * (i + 1)));
		const paths = await listDocuments(dir);
		const store = memoryStore();
		const first = fakeAnalyzer();
		const cold = new CorpusIndex({ analyzer: first.analyzer, cache: new SnapshotCache(store, 'test') });
		await cold.indexFiles(paths, nodeFiles);
		await cold.saveCache();
		assert.equal(first.calls.count, 5);

		const second = fakeAnalyzer();
		const reads: string[] = [];
		const countingFiles: CorpusFiles = { read: (p) => { reads.push(p); return nodeFiles.read(p); }, stat: nodeFiles.stat };
		const warm = new CorpusIndex({ analyzer: second.analyzer, cache: new SnapshotCache(store, 'test') });
		const report = await warm.indexFiles(paths, countingFiles);
		assert.equal(second.calls.count, 0);
		assert.equal(report.fromCache, 5);
		assert.deepEqual(reads, [], 'unchanged size and time: not even read');
		assert.deepEqual(warm.summary(paths[2])!.claims.map((c) => c.claim.text), ['3,000 dead']);

		// One file edited, one only touched: the touched one is read and matched by hash, the edited one analysed.
		writeFileSync(paths[0], doc('2015-09-18', 7));
		utimesSync(paths[1], new Date(), new Date(Date.now() + 5000));
		const again = await warm.indexFiles(paths, countingFiles);
		assert.equal(again.analysed, 1);
		assert.equal(second.calls.count, 1);
		assert.deepEqual(reads.sort(), [paths[0], paths[1]].sort());

		// A different engine build ignores the old cache.
		const third = fakeAnalyzer();
		await new CorpusIndex({ analyzer: third.analyzer, cache: new SnapshotCache(store, 'other build') }).indexFiles(paths, nodeFiles);
		assert.equal(third.calls.count, 5);
	});

	it('treats a corrupt cache file as empty', async () => {
		const path = join(dir, 'cache', 'corpus-cache.json');
		const cache = new SnapshotCache(fileStore(path), 'test');
		await fileStore(path).write(Buffer.from('{not json'));
		assert.equal((await cache.load()).summaries.size, 0);
	});

	it('reports progress, skips unreadable and binary files with a reason, and stops when cancelled', async () => {
		for (let i = 0; i < 10; i++) writeFileSync(join(dir, `d${i}.txt`), doc('2015-09-18', i + 1));
		writeFileSync(join(dir, 'e.txt'), Buffer.from([0, 1, 2, 3]));
		const paths = [...(await listDocuments(dir)), join(dir, 'missing.txt')];
		const seen: number[] = [];
		const index = new CorpusIndex({ analyzer: fakeAnalyzer().analyzer });
		const report = await index.indexFiles(paths, nodeFiles, { onProgress: (p) => seen.push(p.done) });
		assert.equal(seen.at(-1), paths.length);
		assert.deepEqual(report.problems.map((p) => p.path).sort(), [join(dir, 'e.txt'), join(dir, 'missing.txt')]);
		assert.match(report.problems.find((p) => p.path.endsWith('e.txt'))!.message, /binary/);

		const token = { isCancellationRequested: false };
		const cancelling = new CorpusIndex({ analyzer: fakeAnalyzer().analyzer });
		const partial = await cancelling.indexFiles(paths, nodeFiles, { token, onProgress: (p) => { if (p.done >= 3) token.isCancellationRequested = true; } });
		assert.equal(partial.cancelled, true);
		assert.ok(cancelling.paths().length < 10);
	});

	it('indexes in worker threads with the real engine and gets the same records as in-thread analysis', async function () {
		this.timeout(60000);
		const texts = Array.from({ length: 20 }, (_, i) => `BEIRUT, September ${i + 1}, 2015 — The war in Syria has killed ${200 + i},000 people, the monitor said.\n`);
		texts.forEach((t, i) => writeFileSync(join(dir, `w${i}.txt`), t));
		const paths = await listDocuments(dir);
		const pool = new WorkerPool(join(__dirname, '..', '..', 'src', 'core', 'corpus', 'worker.js'), 2);
		try {
			const pooled = new CorpusIndex({ runner: pool, workerThreshold: 1 });
			const report = await pooled.indexFiles(paths, nodeFiles, { batchSize: 3 });
			assert.equal(report.analysed, 20);
			const local = new CorpusIndex();
			await local.indexFiles(paths, nodeFiles);
			for (const p of paths) assert.deepEqual(pooled.summary(p), local.summary(p));
			assert.ok(paths.some((p) => pooled.summary(p)!.claims.length > 0), 'the engine found war-toll claims to compare');
		} finally {
			await pool.dispose();
		}
	});

	it('replaces a worker that dies, failing only the batch it was working on', async () => {
		const flag = join(dir, 'crashed');
		const script = join(dir, 'crashy-worker.js');
		writeFileSync(script, `const { parentPort } = require('node:worker_threads'); const fs = require('node:fs');
parentPort.on('message', (request) => {
	if (!fs.existsSync(${JSON.stringify(flag)})) { fs.writeFileSync(${JSON.stringify(flag)}, 'x'); throw new Error('worker crashed'); }
	parentPort.postMessage({ id: request.id, summaries: [] });
});`);
		const pool = new WorkerPool(script, 1);
		try {
			await assert.rejects(pool.run([{ text: 'a', hash: 'a' }]), /worker crashed/);
			assert.deepEqual(await pool.run([{ text: 'b', hash: 'b' }]), []);
		} finally {
			await pool.dispose();
		}
	});

	it('applies analysts\u2019 corrections from YAML and writes them back', () => {
		const { analyzer } = fakeAnalyzer();
		const index = new CorpusIndex({ analyzer });
		index.setText('dir/a.txt', doc('2015-09-18', 240000));
		index.setText('dir/b.txt', doc('2015-09-19', 100000));
		assert.equal(index.conflicts().length, 1);
		const split = withSeparated(undefined, { document: 'b.txt', text: '100,000 dead' });
		assert.ok(split.ok);
		const { corrections, problems } = parseCorrections(split.text);
		assert.deepEqual(problems, []);
		index.setCorrections(corrections);
		assert.deepEqual(index.conflicts(), [], 'the analyst split the figure out of the group');
		const mergedEdit = withMerge(split.text, [{ document: 'a.txt', text: '240,000 dead' }, { document: 'b.txt', text: '100,000 dead' }], 'war dead');
		assert.ok(mergedEdit.ok);
		const merged = parseCorrections(mergedEdit.text).corrections;
		assert.deepEqual(merged.separate, []);
		index.setCorrections(merged);
		assert.equal(index.conflicts()[0].quantity, 'war dead');
	});

	it('reports a broken corrections file with its line instead of failing', () => {
		const { corrections, problems } = parseCorrections('groups:\n  - members: [\n');
		assert.deepEqual(corrections, { groups: [], separate: [] });
		assert.ok(problems.length > 0 && problems[0].line !== undefined);
		const partial = parseCorrections('separate:\n  - {document: a.txt}\n  - {document: a.txt, text: "3 dead"}\n');
		assert.equal(partial.corrections.separate.length, 1);
		assert.match(partial.problems[0].message, /separate\[0\]/);
	});
});
