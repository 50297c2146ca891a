import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AnalyzeOptions } from '../../src/core/analyze';
import { SnapshotCache, type BytesStore } from '../../src/core/corpus/cache';
import { CorpusIndex } from '../../src/core/corpus/corpusIndex';
import { listDocuments, nodeFiles } from '../../src/core/corpus/files';
import { WorkerPool } from '../../src/core/corpus/workerPool';
import type { Registry } from '../../src/core/registry';
import type { Analysis } from '../../src/core/types';

/** A stand-in analyzer: each registry entity whose canonical name occurs in the text is a mention; counts calls. */
function registryAnalyzer() {
	const calls = { count: 0 };
	const analyzer = (text: string, options: AnalyzeOptions = {}): Analysis => {
		calls.count++;
		const entities = (options.registry?.entities ?? []).flatMap((e) => {
			const at = text.indexOf(e.canonical);
			return at < 0 ? [] : [{ start: at, end: at + e.canonical.length, text: e.canonical, type: e.type ?? 'ORG', canonical: e.canonical }];
		});
		return { entities, claims: [], numbers: [], boilerplate: [], published: options.published ?? null };
	};
	return { analyzer, calls };
}

function memoryStore(): BytesStore {
	const store = { bytes: null as Uint8Array | null, read: async () => store.bytes, write: async (b: Uint8Array) => { store.bytes = b; } };
	return store;
}

const monitor: Registry = { entities: [{ canonical: 'Frobnia Monitor', type: 'ORG', aliases: [] }], suppress: [] };

describe('corpus index: registry and sidecar dates are analysis inputs', () => {
	let dir: string;
	beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'corroborate-inputs-')); });
	afterEach(() => rmSync(dir, { recursive: true, force: true }));

	it('re-analyses unchanged files after a registry change, in the session and from the persisted cache', async () => {
		for (let i = 0; i < 3; i++) writeFileSync(join(dir, `d${i}.txt`), `The Frobnia Monitor counted ${i} events.\n`);
		const paths = await listDocuments(dir);
		const { analyzer, calls } = registryAnalyzer();
		const store = memoryStore();
		const index = new CorpusIndex({ analyzer, cache: new SnapshotCache(store, 'test') });
		await index.indexFiles(paths, nodeFiles);
		assert.equal(index.entity('Frobnia Monitor'), undefined, 'not an entity without the registry');
		assert.equal((await index.indexFiles(paths, nodeFiles)).analysed, 0, 'nothing changed: nothing analysed');

		index.setRegistry(monitor);
		const report = await index.indexFiles(paths, nodeFiles);
		assert.equal(report.analysed, 3);
		assert.equal(index.entity('Frobnia Monitor')?.documents.length, 3);
		await index.saveCache();

		// A new session with the same registry reuses the records; with another registry it analyses again.
		calls.count = 0;
		const same = new CorpusIndex({ analyzer, cache: new SnapshotCache(store, 'test'), registry: monitor });
		assert.equal((await same.indexFiles(paths, nodeFiles)).fromCache, 3);
		assert.equal(same.entity('Frobnia Monitor')?.documents.length, 3);
		const other = new CorpusIndex({ analyzer, cache: new SnapshotCache(store, 'test') });
		assert.equal((await other.indexFiles(paths, nodeFiles)).analysed, 3);
		assert.equal(other.entity('Frobnia Monitor'), undefined);
		assert.equal(calls.count, 3);
	});

	it('re-analyses a document when its sidecar publication date changes', async () => {
		writeFileSync(join(dir, 'a.txt'), 'The Frobnia Monitor counted 4 events.\n');
		const paths = await listDocuments(dir);
		const sidecar: { published?: string } = {};
		const { analyzer } = registryAnalyzer();
		const index = new CorpusIndex({ analyzer, publishedOf: () => sidecar.published });
		await index.indexFiles(paths, nodeFiles);
		assert.equal(index.summary(paths[0])?.published, null);
		sidecar.published = '2015-10-21';
		assert.equal((await index.indexFiles(paths, nodeFiles)).analysed, 1);
		assert.equal(index.summary(paths[0])?.published, '2015-10-21');
		assert.equal(index.setText('b.txt', 'text').published, '2015-10-21');
	});

	it('sends the registry to worker threads, which apply it with the real engine', async function () {
		this.timeout(60000);
		const text = (i: number) => `BEIRUT, September ${i + 1}, 2015 — The war in Syria has killed ${200 + i},000 people, the monitor said in Geneva.\n`;
		for (let i = 0; i < 6; i++) writeFileSync(join(dir, `w${i}.txt`), text(i));
		const paths = await listDocuments(dir);
		const pool = new WorkerPool(join(__dirname, '..', '..', 'src', 'core', 'corpus', 'worker.js'), 2);
		try {
			const index = new CorpusIndex({ runner: pool, workerThreshold: 1 });
			await index.indexFiles(paths, nodeFiles, { batchSize: 2 });
			assert.equal(index.entity('Geneva')?.documents.length, 6, 'the engine finds Geneva without the registry');
			index.setRegistry({ entities: [], suppress: [{ text: 'Geneva' }] });
			assert.equal((await index.indexFiles(paths, nodeFiles, { batchSize: 2 })).analysed, 6);
			assert.equal(index.entity('Geneva'), undefined, 'suppressed by the registry in the workers');
		} finally {
			await pool.dispose();
		}
	});
});

describe('corroborate conflicts (CLI): registry and sidecar dates', function () {
	this.timeout(60000);
	const CLI = resolve(__dirname, '../../../dist/cli.js');
	const cli = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
	let dir: string;
	beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'corroborate-conflicts-')); });
	afterEach(() => rmSync(dir, { recursive: true, force: true }));

	it('takes each document\u2019s date from its sidecar', () => {
		writeFileSync(join(dir, 'a.txt'), 'BEIRUT, September 18, 2015 — The war in Syria has killed 250,000 people, the Syrian Observatory for Human Rights said.\n');
		writeFileSync(join(dir, 'b.txt'), 'BEIRUT — The war in Syria has killed 100,000 people, the Syrian Observatory for Human Rights said on Friday.\n');
		writeFileSync(join(dir, 'b.txt.annotations.yaml'), 'version: 1\ndocument: b.txt\nmetadata:\n  published: 2015-09-19\nannotations: []\n');
		const result = cli(['conflicts', '--json', dir]);
		assert.equal(result.status, 0, result.stderr);
		const members = JSON.parse(result.stdout).conflicts.flatMap((c: { members: { document: string; published: string | null }[] }) => c.members);
		const b = members.find((m: { document: string }) => m.document.endsWith('b.txt'));
		assert.ok(b, 'the two tolls conflict');
		assert.equal(b.published, '2015-09-19');
	});

	it('refuses a malformed registry next to the documents with file, line and cause', () => {
		writeFileSync(join(dir, 'a.txt'), 'The war in Syria has killed 250,000 people.\n');
		writeFileSync(join(dir, 'corroborate.entities.yaml'), 'version: 1\nsuppress: [unclosed\n');
		const result = cli(['conflicts', dir]);
		assert.notEqual(result.status, 0);
		assert.match(result.stderr, /corroborate\.entities\.yaml:\d+:\d+: /);
		assert.equal(cli(['conflicts', '--no-registry', dir]).status, 0);
	});
});
