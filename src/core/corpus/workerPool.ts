/** A pool of worker threads that analyse documents off the calling thread, sized to the machine's cores. */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Registry } from '../registry';
import { decodeDocument } from '../text';
import type { EncodedSummary } from './record';

/**
 * One document to analyse: its text, or its file's bytes for the worker to decode. Bytes keep the calling thread's
 * heap small: a text read ahead waits there long enough to be promoted to the old generation, and 10,000 of them
 * grow that heap by far more than the index itself; bytes live outside the heap and are freed on the next collection.
 */
export interface AnalysisJob {
	text?: string;
	/** The document's bytes, already checked by `checkDocumentBytes` (used when `text` is not given). */
	bytes?: Uint8Array;
	/** The key the analysis is cached under (see `analysisKey`). */
	hash: string;
	published?: string | null;
	/** The entity registry to apply (the same object for every job of a batch, so it is copied once per message). */
	registry?: Registry;
}

/** The text of a job, decoding its bytes when it came as bytes. */
export function jobText(job: AnalysisJob): string {
	if (job.text !== undefined) return job.text;
	const decoded = decodeDocument(job.bytes ?? new Uint8Array(0));
	if (!decoded.ok) throw new Error(decoded.message);
	return decoded.text;
}

/** Message to a worker. */
export interface WorkerRequest {
	id: number;
	jobs: AnalysisJob[];
}

/** Message from a worker: encoded summaries in job order (arrays clone faster and decode smaller), or the error. */
export interface WorkerReply {
	id: number;
	summaries: EncodedSummary[];
	error?: string;
	/** The worker's V8 heap in use after the batch, in bytes (for recycling). */
	heapUsed?: number;
}

/** Something that analyses batches of documents; the index falls back to the calling thread without one. */
export interface AnalysisRunner {
	/** Number of parallel workers, if known. */
	readonly size?: number;
	run(jobs: AnalysisJob[]): Promise<EncodedSummary[]>;
	dispose(): Promise<void>;
}

/** Where the worker script is: the bundled `corpusWorker.js` beside the bundle, or `worker.js` beside this module. */
export function defaultWorkerScript(): string | null {
	for (const candidate of [join(__dirname, 'corpusWorker.js'), join(__dirname, 'worker.js')]) {
		if (existsSync(candidate)) return candidate;
	}
	return null;
}

/**
 * Heap in use (MB) that a worker's last batches all stay above before it is replaced. A worker keeps about 24 MB
 * (the engine and its bounded memo tables, whose strings are detached from the documents: `detach` in memo.ts);
 * heap in use after a batch also counts garbage not yet collected, and with a 16 MB young generation it swings
 * between about 30 and 45 MB (10,000 generated documents). At 48 MB a healthy worker was sometimes replaced,
 * which costs a start-up and a cold JIT.
 */
const DEFAULT_RECYCLE_HEAP_MB = 60;

/**
 * Each worker's young generation, where analysis garbage dies. Measured on 10,000 generated documents (two
 * workers): 8 MB peaks at ~330 MB for the process, 16 MB at ~355 MB, 32 MB at ~385 MB; from 8 to 16 MB, the
 * scavenger's pauses in a worker fall by a third and its CPU time by several per cent (the cap of 400 MB for
 * the whole process leaves no room for 32 MB).
 */
const YOUNG_GENERATION_MB = 16;

/** Batches whose heap sizes are compared: the lowest of a few is close to what the worker retains. */
const HEAP_SAMPLES = 4;

interface Pending {
	request: WorkerRequest;
	resolve: (records: EncodedSummary[]) => void;
	reject: (error: Error) => void;
}

/** Worker-thread pool: batches go to whichever worker is idle. */
export class WorkerPool implements AnalysisRunner {
	private readonly idle: Worker[] = [];
	private readonly all: Worker[] = [];
	private readonly queue: Pending[] = [];
	private readonly inFlight = new Map<Worker, Pending>();
	/** Documents each worker has analysed, and its heap in use after its last few batches, for recycling. */
	private readonly served = new Map<Worker, number>();
	private readonly heaps = new Map<Worker, number[]>();
	private nextId = 1;
	private disposed = false;

	/**
	 * Starts `size` workers (default: one per core) running `script`. Each worker's heap is capped (`heapMb`):
	 * analysis makes much short-lived garbage, and an uncapped heap grows far beyond what it keeps (the engine
	 * itself needs about 25 MB). A worker that runs out fails its batch, which the index then analyses itself.
	 * A worker is replaced by a fresh one once its heap in use stays above `recycleHeapMb` after several batches
	 * in a row (the lowest of them approximates what it retains, garbage aside), or after `recycleAfter`
	 * documents. Both are safeguards: the engine's memo tables are bounded and keep no document alive, so a
	 * healthy worker's heap stays flat; but a heap near its cap spends its time collecting or dies. A fresh
	 * worker costs a start-up (about 0.4 s of CPU) and a cold JIT, so replacing one often costs more CPU than it
	 * saves memory.
	 */
	constructor(script: string, readonly size = Math.max(1, availableParallelism()), heapMb = 96, private readonly recycleAfter = Infinity, private readonly recycleHeapMb = DEFAULT_RECYCLE_HEAP_MB) {
		this.spawn = () => {
			const worker = new Worker(script, { resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
			worker.unref();
			worker.on('message', (reply: WorkerReply) => this.finished(worker, reply));
			worker.on('error', (error) => this.failed(worker, error));
			this.all.push(worker);
			this.idle.push(worker);
		};
		for (let i = 0; i < size; i++) this.spawn();
	}

	private readonly spawn: () => void;

	/** Analyses the jobs in one batch on one worker. */
	run(jobs: AnalysisJob[]): Promise<EncodedSummary[]> {
		if (this.disposed) return Promise.reject(new Error('worker pool is disposed'));
		return new Promise((resolve, reject) => {
			this.queue.push({ request: { id: this.nextId++, jobs }, resolve, reject });
			this.pump();
		});
	}

	private pump(): void {
		while (this.idle.length > 0 && this.queue.length > 0) {
			const worker = this.idle.pop()!;
			const pending = this.queue.shift()!;
			this.inFlight.set(worker, pending);
			worker.ref();
			worker.postMessage(pending.request);
		}
	}

	private finished(worker: Worker, reply: WorkerReply): void {
		const pending = this.inFlight.get(worker);
		this.inFlight.delete(worker);
		worker.unref();
		const served = (this.served.get(worker) ?? 0) + (pending?.request.jobs.length ?? 0);
		const heaps = this.heaps.get(worker) ?? [];
		if (reply.heapUsed !== undefined) heaps.push(reply.heapUsed);
		if (heaps.length > HEAP_SAMPLES) heaps.shift();
		this.heaps.set(worker, heaps);
		const heapFull = heaps.length === HEAP_SAMPLES && Math.min(...heaps) > this.recycleHeapMb * 1048576;
		if ((served >= this.recycleAfter || heapFull) && !this.disposed) {
			this.retire(worker);
			void worker.terminate();
			this.spawn();
		} else {
			this.served.set(worker, served);
			this.idle.push(worker);
		}
		if (pending) {
			if (reply.error) pending.reject(new Error(`analysis failed in a worker: ${reply.error}`));
			else pending.resolve(reply.summaries);
		}
		this.pump();
	}

	/** A worker died (out of memory, a crash): its batch fails, and a fresh worker takes its place. */
	private failed(worker: Worker, error: Error): void {
		const pending = this.inFlight.get(worker);
		this.inFlight.delete(worker);
		this.retire(worker);
		pending?.reject(error);
		if (!this.disposed) {
			this.spawn();
			this.pump();
		}
	}

	/** Forgets a worker that is being replaced. */
	private retire(worker: Worker): void {
		this.served.delete(worker);
		this.heaps.delete(worker);
		const at = this.all.indexOf(worker);
		if (at >= 0) this.all.splice(at, 1);
		const idle = this.idle.indexOf(worker);
		if (idle >= 0) this.idle.splice(idle, 1);
	}

	/** Stops the workers; queued batches are rejected. */
	async dispose(): Promise<void> {
		if (this.disposed) return;
		this.disposed = true;
		for (const pending of this.queue.splice(0)) pending.reject(new Error('worker pool is disposed'));
		await Promise.all(this.all.map((w) => w.terminate()));
	}
}
