import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SnapshotCache, fileStore } from '../../src/core/corpus/cache';
import { buildSummary, encodeSummary, packEntities, unpackEntities, type EncodedSummary } from '../../src/core/corpus/record';

/** Encoded summaries of varied small documents, with non-ASCII names and quotes. */
function summaries(count: number): EncodedSummary[] {
	return Array.from({ length: count }, (_, i) => encodeSummary(buildSummary(
		`DAMASCUS, Syria \u2014 The war in Syria has killed ${200 + i},000 people since 2011, the S\u00e3o Paulo monitor said on Tuesday. \u201cIt is ${i}\u201d, Bashar al-Assad said.\n`,
	)));
}

describe('corpus cache file', () => {
	let dir: string;
	beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'corroborate-cache-')); });
	afterEach(() => rmSync(dir, { recursive: true, force: true }));

	it('writes a cache larger than one write and reads every summary back', async () => {
		const path = join(dir, 'sub', 'cache.json');
		const cache = new SnapshotCache(fileStore(path), 'test');
		const stored = summaries(1500);
		const files = { '/docs/a.txt': { size: 10, mtime: 5, hash: stored[0][0] } };
		await cache.save(files, stored);
		assert.ok(readFileSync(path).byteLength > 1 << 20, 'the file spans several writes');
		const loaded = await cache.load();
		assert.deepEqual(loaded.files, files);
		assert.equal(loaded.summaries.size, new Set(stored.map((s) => s[0])).size);
		for (const s of stored) assert.deepEqual(loaded.summaries.get(s[0]), s);
		assert.deepEqual(readdirSync(join(dir, 'sub')), ['cache.json'], 'no temporary file is left');
	});

	it('keeps names with the characters the file uses for separators', async () => {
		const path = join(dir, 'cache.json');
		const cache = new SnapshotCache(fileStore(path), 'test');
		const odd = ['A|B', 'tilde~name', '100%', '%7C literal', '%25%7E', 'S\u00e3o Paulo \u201cquoted\u201d'];
		const entities = packEntities(odd.map((name, i) => ({ canonical: name, type: 'ORG', count: i + 1, first: [i, i + 3], aliases: [name, `${name}|x~%`] })));
		const stored: EncodedSummary = ['k1', 100, null, 0, odd.length * 2, [], entities];
		await cache.save({}, [stored]);
		const loaded = (await cache.load()).summaries.get('k1');
		assert.deepEqual(loaded, stored);
		assert.deepEqual(unpackEntities(loaded![6]).map((e) => e.aliases), odd.map((name) => [name, `${name}|x~%`]));
	});

	it('loses only the summary of a damaged line, not the whole cache', async () => {
		const path = join(dir, 'cache.json');
		const cache = new SnapshotCache(fileStore(path), 'test');
		const stored = summaries(3);
		await cache.save({}, stored);
		const lines = readFileSync(path, 'latin1').split('\n');
		lines[2] = lines[2].slice(0, 60);
		writeFileSync(path, lines.join('\n'), 'latin1');
		const loaded = await cache.load();
		assert.deepEqual(loaded.summaries.get(stored[0][0]), stored[0]);
		assert.equal(loaded.summaries.get(stored[1][0]), undefined, 'the damaged line');
		assert.deepEqual(loaded.summaries.get(stored[2][0]), stored[2]);
	});

	it('keeps the previous cache when writing fails midway, and leaves no temporary file', async () => {
		const path = join(dir, 'cache.json');
		const cache = new SnapshotCache(fileStore(path), 'test');
		const stored = summaries(3);
		await cache.save({}, stored);
		const before = readFileSync(path);
		function* failing(): Generator<EncodedSummary> {
			for (let i = 0; i < 2000; i++) yield stored[i % 3];
			throw new Error('disk full');
		}
		await assert.rejects(cache.save({}, failing()), /disk full/);
		assert.deepEqual(readFileSync(path), before);
		assert.deepEqual(readdirSync(dir), ['cache.json']);
	});
});
