/** Worker-thread entry: analyses batches of documents and posts their records back. */
import { getHeapStatistics } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import { buildSummary, compactSummary, encodeSummary } from './record';
import { jobText, type WorkerReply, type WorkerRequest } from './workerPool';

parentPort?.on('message', (request: WorkerRequest) => {
	const reply: WorkerReply = { id: request.id, summaries: [] };
	try {
		// Only summaries travel back: full records (every mention) would cost memory and copying for nothing.
		for (const job of request.jobs) reply.summaries.push(compactSummary(encodeSummary(buildSummary(jobText(job), undefined, job.hash, job.published, job.registry))));
	} catch (error) {
		reply.error = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
	}
	reply.heapUsed = getHeapStatistics().used_heap_size;
	parentPort?.postMessage(reply);
});
