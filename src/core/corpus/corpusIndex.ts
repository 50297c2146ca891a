/**
 * The corpus index: documents by path with their records (analysis cached by content hash), kept up to date
 * incrementally, and the cross-document queries the editor and the CLI need: quantity groups, conflicts,
 * other documents' figures for a claim, an entity's mentions across the corpus, and tree data.
 *
 * Plain data only; file access, caching and worker threads come in through small interfaces.
 */
import { judgeGroup, relate, type Conflict, type ConflictOptions, type Relation } from '../conflicts';
import { applyCorrections, quantityKey, splitBucket, type ClaimRef, type GroupCorrections, type QuantityGroup } from '../quantities';
import { unifyCanonicals } from '../entities/corpus';
import type { Registry } from '../registry';
import { checkDocumentBytes, decodeDocument } from '../text';
import type { EntityMention, EntityType } from '../types';
import type { CorpusFiles } from './files';
import type { CacheSnapshot, FileStamp, SnapshotCache } from './cache';
import { analysisKey, buildRecord, buildSummary, contentHash, contentHashOfBytes, registryStamp, decodeSummary, encodeSummary, summarize, unpackEntities, type Analyzer, type DocumentRecord, type DocumentSummary, type EncodedSummary, type EntityCount } from './record';
import { jobText, type AnalysisJob, type AnalysisRunner } from './workerPool';

/** VS Code's CancellationToken satisfies this. */
export interface CancellationSignal {
	readonly isCancellationRequested: boolean;
}

/** Progress of a bulk index. */
export interface IndexProgress {
	done: number;
	total: number;
	/** Documents whose records came from the cache. */
	fromCache: number;
}

/** Options of one bulk index. */
export interface IndexRunOptions {
	onProgress?: (progress: IndexProgress) => void;
	token?: CancellationSignal;
	/** Documents per worker batch. */
	batchSize?: number;
}

/** A file that could not be indexed, and why. */
export interface IndexProblem {
	path: string;
	message: string;
}

/** Outcome of a bulk index. */
export interface IndexReport {
	indexed: number;
	fromCache: number;
	analysed: number;
	problems: IndexProblem[];
	cancelled: boolean;
	elapsedMs: number;
}

/** How the index is built. */
export interface CorpusIndexOptions {
	/** In-thread analysis (open editors, small corpora, and the fallback when workers fail). */
	analyzer?: Analyzer;
	/** Worker pool for bulk indexing; without one everything runs on the calling thread. */
	runner?: AnalysisRunner | null;
	/** Persisted record cache. */
	cache?: SnapshotCache | null;
	corrections?: GroupCorrections;
	conflictOptions?: ConflictOptions;
	/** Publication date from sidecar metadata, which wins over the inferred one. */
	publishedOf?: (path: string) => string | null | undefined;
	/** The entity registry (analysts' corrections) every analysis applies; see also `setRegistry`. */
	registry?: Registry;
	/** Bulk runs with fewer new documents than this stay on the calling thread (workers cost a start-up). */
	workerThreshold?: number;
}

/** Another document's figure for a claim's quantity, and how it relates to the claim. */
export interface RelatedFigure {
	ref: ClaimRef;
	relation: Relation;
}

/** One document's mentions of an entity: the count and first mention always, every mention when loaded. */
export interface EntityDocumentMentions {
	document: string;
	count: number;
	first: { start: number; end: number };
	/** Every mention, when the document's full analysis is at hand (see `entityMentionsIn`). */
	mentions?: { start: number; end: number; text: string }[];
}

/** An entity across the corpus: for hover cards and the Entities view. */
export interface EntitySummary {
	canonical: string;
	type: EntityType;
	/** Surface forms seen, most frequent first. */
	aliases: string[];
	total: number;
	documents: EntityDocumentMentions[];
}

/** The Claims view: quantity → claims, with a conflict badge. */
export interface ClaimTreeGroup {
	id: string;
	quantity: string;
	verdict: 'conflict' | 'time-shifted' | 'consistent';
	members: { id: string; document: string; line: number; ref: ClaimRef; relation: 'conflict' | 'time-shifted' | null }[];
}

interface DocumentEntry {
	summary: DocumentSummary;
	stamp?: FileStamp;
	/** Refs of the summary's claims, and their quantity keys (same order). */
	refs: ClaimRef[];
	keys: string[];
}

/** Full records kept for recently analysed documents (open editors), for mention lists and local claims. */
const FULL_RECORDS_KEPT = 64;

type ChangeListener = (paths: string[]) => void;

/** Documents read at once during a bulk index. */
const READ_CONCURRENCY = 32;

/** The corpus index. */
export class CorpusIndex {
	private readonly docs = new Map<string, DocumentEntry>();
	private readonly problems = new Map<string, string>();
	private readonly buckets = new Map<string, Set<ClaimRef>>();
	private readonly groupsByKey = new Map<string, QuantityGroup[]>();
	private readonly dirtyKeys = new Set<string>();
	private materialised: QuantityGroup[] | null = null;
	private groupIndex: Map<ClaimRef, QuantityGroup> | null = null;
	private conflictsCache: Conflict[] | null = null;
	private readonly judged = new WeakMap<QuantityGroup, Conflict | null>();
	/** canonical → document → counts; built on the first entity query, then kept up to date. */
	private entityIndex: Map<string, Map<string, EntityCount>> | null = null;
	/** Corpus-level names (see `aliases`); dropped when the set of canonical names changes. */
	private aliasMap: CorpusAliases | null = null;
	/** Per-document counts of unified entities with several names (see `unifiedEntity`). */
	private readonly mergedEntities = new Map<string, Map<string, EntityCount>>();
	private readonly fullRecords = new Map<string, DocumentRecord>();
	private readonly interned = new Map<string, string>();
	private readonly listeners = new Set<ChangeListener>();
	private snapshot: CacheSnapshot | null = null;
	private cacheDirty = false;
	private corrections: GroupCorrections;
	private readonly analyzer: Analyzer | undefined;
	private registry: Registry | undefined;
	private registryStamp: string;

	constructor(private readonly options: CorpusIndexOptions = {}) {
		this.corrections = options.corrections ?? { groups: [], separate: [] };
		this.analyzer = options.analyzer;
		this.registry = options.registry;
		this.registryStamp = registryStamp(options.registry);
	}

	/**
	 * Replaces the entity registry. Records made under another registry no longer match their documents' keys,
	 * so the next `indexFiles` (or `setText`) analyses them again, even though their files did not change.
	 */
	setRegistry(registry: Registry | undefined): void {
		this.registry = registry;
		this.registryStamp = registryStamp(registry);
	}

	/** The key a document's analysis is cached under, given its content hash (see `analysisKey`). */
	analysisKeyOf(path: string, hash: string): string {
		return analysisKey(hash, this.options.publishedOf?.(path), this.registryStamp);
	}

	// ---- contents -----------------------------------------------------------------------------------------

	/** Indexed document paths, sorted. */
	paths(): string[] {
		return [...this.docs.keys()].sort();
	}

	/** A document's summary (claims matchable across documents, entity counts), if indexed. */
	summary(path: string): DocumentSummary | undefined {
		return this.docs.get(path)?.summary;
	}

	/** A document's full record, if it was analysed recently in this session (open editors are). */
	record(path: string): DocumentRecord | undefined {
		const record = this.fullRecords.get(path);
		return record && record.hash === this.docs.get(path)?.summary.hash ? record : undefined;
	}

	private keepFull(path: string, record: DocumentRecord): void {
		this.fullRecords.delete(path);
		this.fullRecords.set(path, record);
		if (this.fullRecords.size > FULL_RECORDS_KEPT) this.fullRecords.delete(this.fullRecords.keys().next().value!);
	}

	/** Files that could not be indexed, and why. */
	indexProblems(): IndexProblem[] {
		return [...this.problems].map(([path, message]) => ({ path, message }));
	}

	/** Total claims and entity mentions in the corpus. */
	totals(): { documents: number; claims: number; mentions: number } {
		let claims = 0;
		let mentions = 0;
		for (const d of this.docs.values()) { claims += d.summary.claimCount; mentions += d.summary.mentionCount; }
		return { documents: this.docs.size, claims, mentions };
	}

	/** Calls the listener with the changed paths after each change (one call per bulk index). Returns a disposer. */
	onDidChange(listener: ChangeListener): { dispose(): void } {
		this.listeners.add(listener);
		return { dispose: () => this.listeners.delete(listener) };
	}

	private fire(paths: string[]): void {
		if (paths.length === 0) return;
		for (const l of [...this.listeners]) l(paths);
	}

	// ---- updates -------------------------------------------------------------------------------------------

	/** Sets a document's text (an open editor's, possibly unsaved); re-analyses only if the content changed. */
	setText(path: string, text: string): DocumentRecord {
		const published = this.options.publishedOf?.(path);
		const hash = analysisKey(contentHash(text), published, this.registryStamp);
		const kept = this.record(path);
		if (kept && kept.hash === hash) return kept;
		const record = buildRecord(text, this.analyzer, hash, published, this.registry);
		this.setRecord(path, record);
		return record;
	}

	/** Adds a full record made elsewhere (for example by the editor's own analysis of an open document). */
	setRecord(path: string, record: DocumentRecord): void {
		this.keepFull(path, record);
		if (this.docs.get(path)?.summary.hash !== record.hash) {
			this.put(path, summarize(record));
			this.fire([path]);
		}
	}

	/** Forgets a document. */
	remove(path: string): boolean {
		const had = this.take(path);
		this.problems.delete(path);
		if (had) this.fire([path]);
		return had;
	}

	/** Replaces the analysts' corrections (after the corrections file changed). */
	setCorrections(corrections: GroupCorrections): void {
		this.corrections = corrections;
		this.materialised = null;
		this.groupIndex = null;
		this.conflictsCache = null;
		this.fire(this.paths());
	}

	private cachedSummary(hash: string): DocumentSummary | undefined {
		const encoded = this.snapshot?.summaries.get(hash);
		return encoded ? decodeSummary(encoded, this.intern) : undefined;
	}

	/** Shares repeated strings (canonical names, places, heads) between documents. */
	private readonly intern = (s: string): string => {
		const known = this.interned.get(s);
		if (known !== undefined) return known;
		this.interned.set(s, s);
		return s;
	};

	private put(path: string, summary: DocumentSummary, stamp?: FileStamp): void {
		this.take(path);
		this.problems.delete(path);
		const refs: ClaimRef[] = summary.claims.map(({ index, claim, features }) => ({ document: path, index, claim, features, published: summary.published }));
		const keys: string[] = [];
		for (const ref of refs) {
			const { key } = quantityKey(ref);
			keys.push(key);
			let bucket = this.buckets.get(key);
			if (!bucket) this.buckets.set(key, (bucket = new Set()));
			bucket.add(ref);
			this.dirtyKeys.add(key);
		}
		this.docs.set(path, { summary, stamp, refs, keys });
		if (this.entityIndex) this.addEntities(this.entityIndex, path, summary);
		if (this.snapshot) {
			if (stamp) this.snapshot.files[path] = stamp;
			else delete this.snapshot.files[path];
			this.cacheDirty = true;
		}
		this.invalidate();
	}

	private take(path: string): boolean {
		const entry = this.docs.get(path);
		if (!entry) return false;
		entry.refs.forEach((ref, i) => {
			const key = entry.keys[i];
			const bucket = this.buckets.get(key);
			bucket?.delete(ref);
			if (bucket && bucket.size === 0) this.buckets.delete(key);
			this.dirtyKeys.add(key);
		});
		if (this.entityIndex) {
			this.mergedEntities.clear();
			for (const count of unpackEntities(entry.summary.entities)) {
				const byDoc = this.entityIndex.get(count.canonical);
				byDoc?.delete(path);
				if (byDoc && byDoc.size === 0) {
					this.entityIndex.delete(count.canonical);
					this.aliasMap = null;
				}
			}
		}
		this.docs.delete(path);
		if (this.snapshot && this.snapshot.files[path]) {
			delete this.snapshot.files[path];
			this.cacheDirty = true;
		}
		this.invalidate();
		return true;
	}

	private addEntities(index: Map<string, Map<string, EntityCount>>, path: string, summary: DocumentSummary): void {
		this.mergedEntities.clear();
		for (const count of unpackEntities(summary.entities)) {
			let byDoc = index.get(count.canonical);
			if (!byDoc) {
				index.set(count.canonical, (byDoc = new Map()));
				this.aliasMap = null;
			}
			const same = byDoc.get(path);
			// One canonical name with two types in one document (rare) adds up under the more frequent type.
			byDoc.set(path, same ? { ...same, count: same.count + count.count, type: same.count >= count.count ? same.type : count.type, aliases: [...new Set([...same.aliases, ...count.aliases])] } : count);
		}
	}

	private entities(): Map<string, Map<string, EntityCount>> {
		if (!this.entityIndex) {
			const index = new Map<string, Map<string, EntityCount>>();
			for (const [path, entry] of this.docs) this.addEntities(index, path, entry.summary);
			this.entityIndex = index;
		}
		return this.entityIndex;
	}

	/**
	 * Unifies the documents' canonical names across the corpus ("Assad", "Bashar Assad" → "Bashar al-Assad"):
	 * `unifyCanonicals` runs on the distinct canonical names only — one node per name with its most frequent
	 * type, weighted by the documents that use it — so its cost follows the vocabulary, not the mention count.
	 */
	private aliases(): CorpusAliases {
		if (this.aliasMap) return this.aliasMap;
		const names: string[] = [];
		const nodes: EntityMention[][] = [];
		for (const [canonical, byDoc] of this.entities()) {
			const node: EntityMention = { start: 0, end: 0, text: canonical, type: dominantType(byDoc.values()), canonical };
			names.push(canonical);
			// One pseudo-document per name, its node repeated once per document: the weight picks the representative.
			const weight = new Array<EntityMention>(Math.min(byDoc.size, MAX_NAME_WEIGHT)).fill(node);
			// One-word names the documents used for it ("Jokowi" for "Joko Widodo") replace copies, keeping the weight,
			// so that a document using such a nickname alone joins this entity.
			let slot = 0;
			if (node.type === 'PERSON' && canonical.includes(' ')) {
				const seen = new Set<string>();
				for (const alias of [...byDoc.values()].flatMap((c) => c.aliases)) {
					if (alias === canonical || alias.includes(' ') || seen.has(alias)) continue;
					seen.add(alias);
					const mention = { ...node, text: alias };
					if (slot < weight.length) weight[slot++] = mention;
					else weight.push(mention);
				}
			}
			nodes.push(weight);
		}
		const unified = unifyCanonicals(nodes);
		const nameOf = new Map<string, string>();
		const members = new Map<string, string[]>();
		names.forEach((canonical, i) => {
			const name = unified[i][0]?.canonical ?? canonical;
			if (name !== canonical) nameOf.set(canonical, name);
			const list = members.get(name);
			if (list) list.push(canonical);
			else members.set(name, [canonical]);
		});
		this.aliasMap = { nameOf, members };
		return this.aliasMap;
	}

	/** The corpus-level canonical name of a document's canonical name (itself when no other name joins it). */
	corpusCanonical(canonical: string): string {
		return this.aliases().nameOf.get(canonical) ?? canonical;
	}

	/**
	 * Per document, the counts of every document-level name unified under one corpus-level name; kept until the
	 * entities change, since the Entities view and hovers ask for the same entities again and again.
	 */
	private unifiedEntity(name: string): Map<string, EntityCount> | undefined {
		const index = this.entities();
		const names = this.aliases().members.get(name);
		if (!names) return undefined;
		if (names.length === 1) return index.get(names[0]);
		const known = this.mergedEntities.get(name);
		if (known) return known;
		const merged = new Map<string, EntityCount & { seen: Set<string> }>();
		for (const n of names) {
			for (const [path, count] of index.get(n) ?? []) {
				const same = merged.get(path);
				if (!same) {
					merged.set(path, { ...count, canonical: name, seen: new Set(count.aliases) });
					continue;
				}
				if (count.count > same.count) same.type = count.type;
				same.count += count.count;
				if (count.first[0] < same.first[0]) same.first = count.first;
				for (const alias of count.aliases) same.seen.add(alias);
			}
		}
		const result = new Map<string, EntityCount>();
		for (const [path, { seen, ...count }] of merged) result.set(path, { ...count, aliases: [...seen] });
		this.mergedEntities.set(name, result);
		return result;
	}

	private invalidate(): void {
		this.materialised = null;
		this.groupIndex = null;
		this.conflictsCache = null;
	}

	// ---- bulk indexing ----------------------------------------------------------------------------------------

	/** Loads the persisted cache (once); later indexing reuses its records for unchanged content. */
	async openCache(): Promise<void> {
		if (this.snapshot || !this.options.cache) return;
		this.snapshot = await this.options.cache.load();
	}

	/** Writes the persisted cache if anything changed, keeping only records of indexed documents. */
	async saveCache(): Promise<void> {
		if (!this.options.cache || !this.snapshot || !this.cacheDirty) return;
		const files: Record<string, FileStamp> = {};
		for (const [path, entry] of this.docs) if (entry.stamp) files[path] = entry.stamp;
		this.snapshot.files = files;
		const docs = this.docs;
		// Encoded one at a time while writing, never all at once; a content shared by two paths is stored once.
		function* encoded(): Generator<EncodedSummary> {
			const seen = new Set<string>();
			for (const entry of docs.values()) {
				if (seen.has(entry.summary.hash)) continue;
				seen.add(entry.summary.hash);
				yield encodeSummary(entry.summary);
			}
		}
		// Clean from here: a change made while the file is being written marks it dirty again.
		this.cacheDirty = false;
		try {
			await this.options.cache.save(files, encoded());
		} catch (error) {
			this.cacheDirty = true;
			throw error;
		}
	}

	/**
	 * Indexes files: unchanged ones (same size and time, or same content hash) come from the cache, the rest
	 * are analysed — in worker batches as soon as a batch is read, so texts are never all in memory at once.
	 * Documents not in `paths` are left as they are (see `retainOnly`).
	 */
	async indexFiles(paths: string[], files: CorpusFiles, run: IndexRunOptions = {}): Promise<IndexReport> {
		const started = performance.now();
		await this.openCache();
		const report: IndexReport = { indexed: 0, fromCache: 0, analysed: 0, problems: [], cancelled: false, elapsedMs: 0 };
		const total = paths.length;
		const changed: string[] = [];
		let done = 0;
		const progress = () => run.onProgress?.({ done, total, fromCache: report.fromCache });
		const cancelled = () => run.token?.isCancellationRequested === true;
		const fail = (path: string, message: string) => {
			this.problems.set(path, message);
			report.problems.push({ path, message });
			done++;
			progress();
		};
		const finish = (path: string, summary: DocumentSummary, stamp: FileStamp | undefined, fromCache: boolean) => {
			if (this.docs.get(path)?.summary !== summary) {
				this.put(path, summary, stamp);
				changed.push(path);
			} else if (stamp) this.docs.get(path)!.stamp = stamp;
			if (fromCache) report.fromCache++;
			else report.analysed++;
			done++;
			progress();
		};

		type Job = { path: string; job: AnalysisJob; stamp?: FileStamp };
		const runner = this.options.runner ?? null;
		const batchSize = run.batchSize ?? 16;
		const maxInFlight = (runner?.size ?? 2) * 2;
		const pending: Job[] = [];
		const inFlight = new Set<Promise<void>>();
		let usedRunner = false;
		const analyseHere = (batch: Job[]) => {
			for (const { path, job, stamp } of batch) {
				try {
					finish(path, buildSummary(jobText(job), this.analyzer, job.hash, job.published, job.registry), stamp, false);
				} catch (error) {
					fail(path, `analysis failed: ${error instanceof Error ? error.message : String(error)}`);
				}
			}
		};
		// Texts read ahead of the workers wait in memory: while every worker has its batches, readers wait before
		// reading. Without this, each of the readers could hold a full batch of texts waiting for a worker — hundreds
		// of documents that live long enough to reach the old generation and grow the heap.
		const room = async () => {
			while (runner && inFlight.size >= maxInFlight) await Promise.race(inFlight);
		};
		const dispatch = async (batch: Job[]) => {
			usedRunner = true;
			await room();
			const work = (async () => {
				let summaries: DocumentSummary[];
				try {
					summaries = (await runner!.run(batch.map((b) => b.job))).map((e) => decodeSummary(e, this.intern));
				} catch {
					// A failed worker must not lose the batch: analyse it here instead.
					analyseHere(batch);
					return;
				}
				batch.forEach((b, i) => finish(b.path, summaries[i], b.stamp, false));
			})();
			const tracked = work.finally(() => inFlight.delete(tracked));
			inFlight.add(tracked);
		};

		let next = 0;
		const reader = async () => {
			while (next < paths.length && !cancelled()) {
				const path = paths[next++];
				try {
					const stat = files.stat ? await files.stat(path) : null;
					const known = this.snapshot?.files[path];
					const current = this.docs.get(path)?.summary;
					const published = this.options.publishedOf?.(path) ?? null;
					// File stamps hold the content hash; records are keyed by it and the other inputs.
					if (stat && known && known.size === stat.size && known.mtime === stat.mtime) {
						const key = analysisKey(known.hash, published, this.registryStamp);
						const summary = current?.hash === key ? current : this.cachedSummary(key);
						if (summary) { finish(path, summary, known, true); continue; }
					}
					await room();
					if (cancelled()) break;
					const bytes = await files.read(path, stat?.size);
					if (cancelled()) break;
					// The bytes are checked and hashed here; only the thread that analyses them decodes them.
					const checked = checkDocumentBytes(bytes);
					if (!checked.ok) { fail(path, checked.message); continue; }
					const hash = contentHashOfBytes(bytes, checked.bomBytes);
					const stamp = stat ? { size: stat.size, mtime: stat.mtime, hash } : undefined;
					const key = analysisKey(hash, published, this.registryStamp);
					const summary = current?.hash === key ? current : this.cachedSummary(key);
					if (summary) { finish(path, summary, stamp, true); continue; }
					if (!runner) { analyseHere([{ path, job: { bytes, hash: key, published, registry: this.registry }, stamp }]); continue; }
					// Workers get the bytes: no text of theirs waits in this thread's heap.
					const job = { path, job: { bytes: ownBytes(bytes), hash: key, published, registry: this.registry }, stamp };
					pending.push(job);
					if (pending.length >= batchSize) await dispatch(pending.splice(0, batchSize));
				} catch (error) {
					fail(path, error instanceof Error ? error.message : String(error));
				}
			}
		};
		await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, Math.max(1, paths.length)) }, reader));
		// The last partial batch: to the workers if they are in use, else here (a few documents are not worth a message).
		if (pending.length > 0 && !cancelled()) {
			if (usedRunner || pending.length >= (this.options.workerThreshold ?? 16)) await dispatch(pending.splice(0));
			else analyseHere(pending.splice(0));
		}
		await Promise.all(inFlight);
		report.cancelled = cancelled();
		report.indexed = report.fromCache + report.analysed;
		// The loaded cache has served: drop its copy of the summaries (they are re-encoded when saved).
		this.snapshot?.summaries.clear();
		report.elapsedMs = performance.now() - started;
		this.fire(changed);
		return report;
	}

	/** Removes every indexed document not in `paths` (after a rescan). */
	retainOnly(paths: Iterable<string>): string[] {
		const keep = new Set(paths);
		const removed = this.paths().filter((p) => !keep.has(p));
		for (const p of removed) this.take(p);
		this.fire(removed);
		return removed;
	}

	// ---- quantities and conflicts ------------------------------------------------------------------------------

	/** All quantity groups (corrections applied), single-claim groups included. */
	groups(): QuantityGroup[] {
		if (this.materialised) return this.materialised;
		for (const key of this.dirtyKeys) {
			const bucket = this.buckets.get(key);
			if (bucket && bucket.size > 0) this.groupsByKey.set(key, splitBucket(key, [...bucket]));
			else this.groupsByKey.delete(key);
		}
		this.dirtyKeys.clear();
		const all: QuantityGroup[] = [];
		for (const groups of this.groupsByKey.values()) all.push(...groups);
		this.materialised = applyCorrections(all, this.corrections);
		return this.materialised;
	}

	/** Groups with members from at least two documents: the ones conflicts can come from. */
	crossDocumentGroups(): QuantityGroup[] {
		return this.groups().filter((g) => g.members.length > 1 && g.members.some((m) => m.document !== g.members[0].document));
	}

	/** Groups whose figures disagree across documents (conflicts first, then time-shifted). */
	conflicts(): Conflict[] {
		if (this.conflictsCache) return this.conflictsCache;
		const found: Conflict[] = [];
		for (const group of this.groups()) {
			if (group.members.length < 2) continue;
			let verdict = this.judged.get(group);
			if (verdict === undefined) {
				verdict = judgeGroup(group, this.options.conflictOptions);
				this.judged.set(group, verdict);
			}
			if (verdict) found.push(verdict);
		}
		this.conflictsCache = found.sort((a, b) => (a.verdict === b.verdict ? a.quantity.localeCompare(b.quantity) : a.verdict === 'conflict' ? -1 : 1));
		return this.conflictsCache;
	}

	/** The ref of a document's claim by its index among the document's claims (only matchable claims have one). */
	private refAt(path: string, claimIndex: number): ClaimRef | undefined {
		return this.docs.get(path)?.refs.find((r) => r.index === claimIndex);
	}

	/** The group of a document's claim (by index in the document's claims). */
	groupOf(path: string, claimIndex: number): QuantityGroup | undefined {
		const ref = this.refAt(path, claimIndex);
		if (!ref) return undefined;
		if (!this.groupIndex) {
			this.groupIndex = new Map();
			for (const g of this.groups()) for (const m of g.members) this.groupIndex.set(m, g);
		}
		return this.groupIndex.get(ref);
	}

	/** For a hover card: the other documents' figures for this claim's quantity, and whether each agrees. */
	relatedFigures(path: string, claimIndex: number): { group: QuantityGroup; figures: RelatedFigure[] } | undefined {
		const ref = this.refAt(path, claimIndex);
		const group = this.groupOf(path, claimIndex);
		if (!ref || !group) return undefined;
		const figures = group.members
			.filter((m) => m.document !== path)
			.map((m) => ({ ref: m, relation: relate(ref, m, this.options.conflictOptions) }));
		return { group, figures };
	}

	/** The Claims view: cross-document groups first (conflicting ones at the top), each member with its line. */
	claimTree(includeSingleDocument = false): ClaimTreeGroup[] {
		const verdictOf = new Map<string, Conflict>();
		for (const c of this.conflicts()) verdictOf.set(c.groupId, c);
		const groups = includeSingleDocument ? this.groups() : this.crossDocumentGroups();
		const rank = (v: ClaimTreeGroup['verdict']) => (v === 'conflict' ? 0 : v === 'time-shifted' ? 1 : 2);
		return groups.map((g) => {
			const conflict = verdictOf.get(g.id);
			const roles = new Map<ClaimRef, 'conflict' | 'time-shifted'>();
			if (conflict) {
				for (const p of conflict.pairs) for (const i of [p.a, p.b]) if (roles.get(conflict.members[i]) !== 'conflict') roles.set(conflict.members[i], p.relation);
			}
			return {
				id: g.id,
				quantity: g.quantity,
				verdict: conflict?.verdict ?? 'consistent',
				members: g.members.map((m) => ({ id: `${g.id}/${m.document}#${m.claim.start}`, document: m.document, line: m.features.line, ref: m, relation: roles.get(m) ?? null })),
			} satisfies ClaimTreeGroup;
		}).sort((a, b) => rank(a.verdict) - rank(b.verdict) || a.quantity.localeCompare(b.quantity));
	}

	// ---- entities ----------------------------------------------------------------------------------------------

	/** An entity across the corpus by canonical name: aliases, counts, and each document's first mention. */
	entity(canonical: string): EntitySummary | undefined {
		const name = this.corpusCanonical(canonical);
		const byDoc = this.unifiedEntity(name);
		if (!byDoc) return undefined;
		const aliasCounts = new Map<string, number>();
		const typeCounts = new Map<EntityType, number>();
		const documents: EntityDocumentMentions[] = [];
		let total = 0;
		for (const [document, count] of [...byDoc].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
			for (const alias of count.aliases) aliasCounts.set(alias, (aliasCounts.get(alias) ?? 0) + 1);
			typeCounts.set(count.type, (typeCounts.get(count.type) ?? 0) + count.count);
			total += count.count;
			const full = this.record(document);
			const mentions = full?.entities.filter((r) => this.corpusCanonical(r.canonical) === name)
				.flatMap((r) => Array.from({ length: r.spans.length / 2 }, (_, i) => ({ start: r.spans[2 * i], end: r.spans[2 * i + 1], text: r.text })))
				.sort((a, b) => a.start - b.start);
			documents.push({ document, count: count.count, first: { start: count.first[0], end: count.first[1] }, ...(mentions ? { mentions } : {}) });
		}
		const byCount = <K>(m: Map<K, number>) => [...m].sort((a, b) => b[1] - a[1]).map(([k]) => k);
		return { canonical: name, type: byCount(typeCounts)[0], aliases: byCount(aliasCounts), total, documents };
	}

	/** Every mention of an entity in one document: from the kept full record, else by reading and analysing it. */
	async entityMentionsIn(canonical: string, path: string, files: CorpusFiles): Promise<{ start: number; end: number; text: string }[]> {
		let record = this.record(path);
		if (!record) {
			const decoded = decodeDocument(await files.read(path));
			if (!decoded.ok) return [];
			const published = this.options.publishedOf?.(path);
			record = buildRecord(decoded.text, this.analyzer, analysisKey(contentHash(decoded.text), published, this.registryStamp), published, this.registry);
			this.keepFull(path, record);
		}
		const name = this.corpusCanonical(canonical);
		return record.entities.filter((r) => this.corpusCanonical(r.canonical) === name)
			.flatMap((r) => Array.from({ length: r.spans.length / 2 }, (_, i) => ({ start: r.spans[2 * i], end: r.spans[2 * i + 1], text: r.text })))
			.sort((a, b) => a.start - b.start);
	}

	/** The Entities view: type → entities (canonical, mention and document counts), most mentioned first. */
	entityTree(): { type: EntityType; entities: { canonical: string; total: number; documentCount: number }[] }[] {
		const byType = new Map<EntityType, { canonical: string; total: number; documentCount: number }[]>();
		for (const canonical of this.aliases().members.keys()) {
			const byDoc = this.unifiedEntity(canonical)!;
			let total = 0;
			for (const c of byDoc.values()) total += c.count;
			const type = dominantType(byDoc.values());
			let list = byType.get(type);
			if (!list) byType.set(type, (list = []));
			list.push({ canonical, total, documentCount: byDoc.size });
		}
		const order: EntityType[] = ['PERSON', 'ORG', 'PLACE', 'NORP'];
		return order.filter((t) => byType.has(t)).map((type) => ({
			type,
			entities: byType.get(type)!.sort((a, b) => b.total - a.total || a.canonical.localeCompare(b.canonical)),
		}));
	}
}

/**
 * The bytes in a buffer of their own: a small file's bytes can be a slice of a shared pool, and posting a slice
 * to a worker copies its whole buffer.
 */
function ownBytes(bytes: Uint8Array): Uint8Array {
	return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : new Uint8Array(bytes);
}

/** Corpus-level names: document-level name → unified name (only those that differ), and unified name → its names. */
interface CorpusAliases {
	nameOf: Map<string, string>;
	members: Map<string, string[]>;
}

/** Cap on a name's weight in unification, which bounds its work; names used in that many documents rarely compete. */
const MAX_NAME_WEIGHT = 1000;

/** The type with the most mentions among one entity's per-document counts (ties: the first type met). */
function dominantType(counts: Iterable<EntityCount>): EntityType {
	// Called for every name of the corpus: a four-slot tally, not a map per call.
	const types: EntityType[] = [];
	const totals: number[] = [];
	for (const c of counts) {
		const at = types.indexOf(c.type);
		if (at < 0) { types.push(c.type); totals.push(c.count); } else totals[at] += c.count;
	}
	let best = 0;
	for (let i = 1; i < totals.length; i++) if (totals[i] > totals[best]) best = i;
	return types[best] ?? 'PERSON';
}
