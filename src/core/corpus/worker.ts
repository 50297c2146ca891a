/** Worker-thread entry: analyses batches of documents and posts their records back. */
import { parentPort } from 'node:worker_threads';
import { buildRecord } from './record';
import type { WorkerReply, WorkerRequest } from './workerPool';

parentPort?.on('message', (request: WorkerRequest) => {
	const reply: WorkerReply = { id: request.id, records: [] };
	try {
		for (const job of request.jobs) reply.records.push(buildRecord(job.text, undefined, job.hash, job.published));
	} catch (error) {
		reply.error = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
	}
	parentPort?.postMessage(reply);
});
