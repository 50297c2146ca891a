import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkerPool } from '../../src/core/corpus/workerPool';
import type { EncodedSummary } from '../../src/core/corpus/record';

describe('corpus worker pool: bounded memory', () => {
	let dir: string;
	beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'corroborate-workers-')); });
	afterEach(() => rmSync(dir, { recursive: true, force: true }));

	it('replaces a worker by a fresh one after a number of documents, so memo tables cannot grow without bound', async () => {
		// Each reply names the thread and how many documents it had seen, in the place of a summary's hash.
		const script = join(dir, 'counting-worker.js');
		writeFileSync(script, `const { parentPort, threadId } = require('node:worker_threads'); let seen = 0;
parentPort.on('message', (request) => {
	parentPort.postMessage({ id: request.id, summaries: request.jobs.map(() => [threadId + ':' + ++seen]) });
});`);
		const pool = new WorkerPool(script, 1, 64, 4, Infinity);
		try {
			const replies: string[] = [];
			for (let batch = 0; batch < 4; batch++) {
				const jobs = [0, 1].map((i) => ({ text: `${batch}.${i}`, hash: `${batch}.${i}` }));
				replies.push(...(await pool.run(jobs)).map((s: EncodedSummary) => s[0]));
			}
			const threads = [...new Set(replies.map((r) => r.split(':')[0]))];
			assert.equal(threads.length, 2, `one fresh worker after 4 documents: ${replies.join(' ')}`);
			assert.deepEqual(replies.map((r) => r.split(':')[1]), ['1', '2', '3', '4', '1', '2', '3', '4']);
		} finally {
			await pool.dispose();
		}
	});

	it('replaces a worker whose heap stays above the limit over several batches', async () => {
		const script = join(dir, 'heavy-worker.js');
		writeFileSync(script, `const { parentPort, threadId } = require('node:worker_threads');
parentPort.on('message', (request) => {
	parentPort.postMessage({ id: request.id, summaries: request.jobs.map(() => [String(threadId)]), heapUsed: request.jobs[0].text === 'big' ? 100 * 1048576 : 1048576 });
});`);
		const pool = new WorkerPool(script, 1, 64, Infinity, 40);
		try {
			const thread = async (text: string) => (await pool.run([{ text, hash: text }]))[0][0];
			const first = await thread('small');
			assert.equal(await thread('small'), first, 'a small heap keeps its worker');
			for (let i = 0; i < 3; i++) assert.equal(await thread('big'), first, 'one large heap may be garbage');
			assert.equal(await thread('small'), first, 'a small heap among the last batches keeps the worker');
			for (let i = 0; i < 4; i++) assert.equal(await thread('big'), first);
			assert.notEqual(await thread('small'), first, 'a fresh worker after four batches above 40 MB');
		} finally {
			await pool.dispose();
		}
	});
});
