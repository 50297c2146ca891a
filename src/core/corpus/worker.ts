/** Worker-thread entry: analyses batches of documents and posts their records back. */
import { getHeapStatistics } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import { buildRecord, encodeSummary, summarize } from './record';
import type { WorkerReply, WorkerRequest } from './workerPool';

parentPort?.on('message', (request: WorkerRequest) => {
	const reply: WorkerReply = { id: request.id, summaries: [] };
	try {
		// Only summaries travel back: full records (every mention) would cost memory and copying for nothing.
		for (const job of request.jobs) reply.summaries.push(encodeSummary(summarize(buildRecord(job.text, undefined, job.hash, job.published, job.registry))));
	} catch (error) {
		reply.error = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
	}
	reply.heapUsed = getHeapStatistics().used_heap_size;
	parentPort?.postMessage(reply);
});
