import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SnapshotCache, fileStore } from '../../src/core/corpus/cache';
import { buildSummary, encodeSummary, type EncodedSummary } from '../../src/core/corpus/record';

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
		assert.equal(Object.keys(loaded.summaries).length, new Set(stored.map((s) => s[0])).size);
		for (const s of stored) assert.deepEqual(loaded.summaries[s[0]], s);
		assert.deepEqual(readdirSync(join(dir, 'sub')), ['cache.json'], 'no temporary file is left');
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
