import { availableParallelism } from 'node:os';
import picomatch from 'picomatch';
import * as vscode from 'vscode';
import { buildStamp } from '../core/buildStamp';
import { type BytesStore, SnapshotCache } from '../core/corpus/cache';
import { CORRECTIONS_FILE, parseCorrectionsBytes } from '../core/corpus/corrections';
import { CorpusIndex, type IndexReport } from '../core/corpus/corpusIndex';
import type { CorpusFiles } from '../core/corpus/files';
import { contentHash, recordFromAnalysis } from '../core/corpus/record';
import { type AnalysisRunner, defaultWorkerScript, WorkerPool } from '../core/corpus/workerPool';
import { decodeDocument } from '../core/text';
import type { Analysis } from '../core/types';
import { WorkspaceFileSystem, describeProblem, problemDiagnostic, readSettled } from './annotationsFs';
import { isAnalysable } from './decorations';

/** A file that was not indexed, and why (shown in the log and the status-bar tooltip). */
export interface SkippedFile {
	uri: vscode.Uri;
	message: string;
}

/** Sidecars are never documents, whatever the include globs say. */
const SIDECAR_SUFFIX = '.annotations.yaml';

/** Quiet time before file-system and editor changes are applied as one batch. */
const BATCH_DELAY_MS = 250;

/**
 * Files read from disk are always analysed in worker threads: one long file analysed on the extension host
 * thread would freeze every extension for seconds. Only open editors are analysed in-thread (debounced).
 */
const WORKER_THRESHOLD = 1;

/** Idle worker threads are stopped after this long, so they hold no memory between bursts of changes. */
const WORKER_IDLE_MS = 30_000;

/** The record cache's bytes in the extension's storage, through `workspace.fs`. */
function storageStore(file: vscode.Uri): BytesStore {
	return {
		read: () => Promise.resolve(vscode.workspace.fs.readFile(file)).then((bytes) => bytes, () => null),
		write: async (bytes) => {
			await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(file, '..'));
			await vscode.workspace.fs.writeFile(file, bytes);
		},
	};
}

/** Where the index is kept between sessions, and the engine version it was made with. */
export interface CorpusStorage {
	folder: vscode.Uri | undefined;
	version: string;
}

/**
 * The workspace's documents in the engine's corpus index (src/core/corpus): files found with the configured
 * globs and read through `vscode.workspace.fs`; analysis in worker threads for large corpora, with records
 * cached by content hash in the extension's storage so a reopened workspace is indexed in a moment; open
 * editors feed their own (possibly unsaved) analysis. Updates arrive in batches from file-system events and
 * editor changes, and `onDidChange` fires once per batch. Index keys are URI strings.
 */
export class WorkspaceCorpus implements vscode.Disposable {
	readonly index: CorpusIndex;
	/** Worker threads, started for a bulk index and stopped after it so idle workers hold no memory. */
	private pool: WorkerPool | undefined;
	private idleTimer: ReturnType<typeof setTimeout> | undefined;
	/** Documents analysed in worker threads so far (for the log and tests). */
	workerDocuments = 0;
	/** The outcome of the last full index (how many came from the cache), for the log and tests. */
	lastReport: IndexReport | undefined;
	private readonly disposables: vscode.Disposable[] = [];
	private watchers: vscode.Disposable[] = [];
	private readonly dirty = new Set<string>();
	private batchTimer: ReturnType<typeof setTimeout> | undefined;
	private changeTimer: ReturnType<typeof setTimeout> | undefined;
	private indexing: Promise<void> | undefined;
	private generation = 0;
	private tokenSource: vscode.CancellationTokenSource | undefined;
	private excluded: (relativePath: string) => boolean = () => false;
	private readonly changed = new vscode.EventEmitter<void>();
	/** Fires once per batch of changes to the index. */
	readonly onDidChange = this.changed.event;

	/** The index's view of the file system: open documents win over the disk. */
	readonly files: CorpusFiles = {
		read: async (path) => {
			const open = this.openDocument(path);
			if (open) return new TextEncoder().encode(open.getText());
			return vscode.workspace.fs.readFile(vscode.Uri.parse(path));
		},
		stat: async (path) => {
			try {
				const stat = await vscode.workspace.fs.stat(vscode.Uri.parse(path));
				return { size: stat.size, mtime: stat.mtime };
			} catch {
				return null;
			}
		},
	};

	constructor(
		private readonly analysisOf: (document: vscode.TextDocument) => Analysis,
		private readonly log: vscode.LogOutputChannel,
		storage: CorpusStorage,
	) {
		const script = defaultWorkerScript();
		if (!script) log.warn('Corpus worker script not found: indexing runs on the extension host thread');
		const runner: AnalysisRunner | null = script ? {
			size: Math.max(1, availableParallelism()),
			run: (jobs) => {
				this.workerDocuments += jobs.length;
				if (this.idleTimer !== undefined) clearTimeout(this.idleTimer);
				this.idleTimer = undefined;
				this.pool ??= new WorkerPool(script);
				return this.pool.run(jobs);
			},
			dispose: () => this.stopWorkers(),
		} : null;
		const cache = storage.folder ? new SnapshotCache(storageStore(vscode.Uri.joinPath(storage.folder, 'corpus-cache.json')), buildStamp(storage.version, __filename)) : null;
		this.index = new CorpusIndex({ runner, cache, workerThreshold: WORKER_THRESHOLD });
		const fromIndex = this.index.onDidChange(() => this.scheduleChanged());
		this.disposables.push(
			this.changed,
			{ dispose: () => fromIndex.dispose() },
			vscode.workspace.onDidChangeTextDocument((event) => {
				if (event.contentChanges.length > 0 && this.has(event.document.uri)) this.markDirty(event.document.uri);
			}),
			// Opening keeps the full record (every mention) at hand; closing an unsaved document reverts to the disk.
			vscode.workspace.onDidOpenTextDocument((document) => {
				if (this.has(document.uri)) this.markDirty(document.uri);
			}),
			vscode.workspace.onDidCloseTextDocument((document) => {
				if (this.has(document.uri)) this.markDirty(document.uri);
			}),
			vscode.workspace.onDidChangeConfiguration((event) => {
				if (event.affectsConfiguration('corroborate.corpus')) void this.reindex();
			}),
			vscode.workspace.onDidChangeWorkspaceFolders(() => void this.reindex()),
		);
	}

	/** Whether a document is in the index. */
	has(uri: vscode.Uri): boolean {
		return this.index.summary(uri.toString()) !== undefined;
	}

	/** Indexed documents, in path order. */
	uris(): vscode.Uri[] {
		return this.index.paths().map((path) => vscode.Uri.parse(path));
	}

	/** Files that could not be indexed, with the reason. */
	skippedFiles(): SkippedFile[] {
		return this.index.indexProblems().map(({ path, message }) => ({ uri: vscode.Uri.parse(path), message }));
	}

	/** A document's text: the open editor's if open, else the file's (undefined when unreadable). */
	async readText(uri: vscode.Uri): Promise<string | undefined> {
		const open = this.openDocument(uri.toString());
		if (open) return open.getText();
		try {
			const decoded = decodeDocument(await vscode.workspace.fs.readFile(uri));
			return decoded.ok ? decoded.text : undefined;
		} catch {
			return undefined;
		}
	}

	/** Brings an open document's entry up to date with its current text (no work when unchanged). */
	syncOpen(document: vscode.TextDocument): void {
		const path = document.uri.toString();
		if (!this.has(document.uri) || !isAnalysable(document)) return;
		// The analysis object changes with the document's version and with the entity registry; the kept record
		// is dropped by the index when the disk version replaced it.
		const analysis = this.analysisOf(document);
		if (this.index.record(path) && this.synced.get(path) === analysis) return;
		// Keyed like the index's own analyses (content and registry), so a reindex does not redo open documents.
		const text = document.getText();
		this.index.setRecord(path, recordFromAnalysis(text, analysis, this.index.analysisKeyOf(path, contentHash(text))));
		this.synced.set(path, analysis);
	}

	private readonly synced = new Map<string, Analysis>();

	/** Resolves when the current indexing (cold or incremental) has finished. */
	async ready(): Promise<void> {
		// A macrotask wait each round: awaiting an already settled promise in a loop would starve the host.
		while (this.indexing || this.batchTimer !== undefined) {
			await this.indexing;
			await new Promise((resolve) => setTimeout(resolve, this.batchTimer !== undefined ? BATCH_DELAY_MS : 0));
		}
	}

	/** Finds and indexes every matching file, with progress; unchanged files come from the cache. Restarts a running one. */
	reindex(): Promise<void> {
		const generation = ++this.generation;
		this.tokenSource?.cancel();
		const tokenSource = (this.tokenSource = new vscode.CancellationTokenSource());
		const previous = this.indexing;
		const run = vscode.window.withProgress(
			{ location: vscode.ProgressLocation.Window, title: 'Corroborate: indexing documents' },
			async (progress) => {
				await previous;
				if (generation !== this.generation) return;
				await this.reloadCorrections();
				const uris = await this.findFiles();
				if (generation !== this.generation) return;
				this.watch();
				const paths = uris.map((uri) => uri.toString());
				let reported = 0;
				const report = await this.index.indexFiles(paths, this.files, {
					token: tokenSource.token,
					onProgress: ({ done, total }) => {
						if (done - reported >= 100 || done === total) {
							progress.report({ message: `${done} of ${total}`, increment: ((done - reported) / Math.max(1, total)) * 100 });
							reported = done;
						}
					},
				});
				if (report.cancelled || generation !== this.generation) return;
				this.lastReport = report;
				this.index.retainOnly(paths);
				// Open documents are indexed with the editor's analysis of their current text.
				for (const document of vscode.workspace.textDocuments) this.syncOpen(document);
				for (const problem of report.problems) this.log.warn(`Skipped ${problem.path}: ${problem.message}`);
				this.log.info(`Indexed ${report.indexed} documents in ${Math.round(report.elapsedMs)} ms (${report.fromCache} from the cache, ${report.analysed} analysed${this.workerDocuments > 0 ? ' in worker threads' : ''}, ${report.problems.length} skipped)`);
				this.stopWorkersWhenIdle();
				await this.index.saveCache().catch((error: unknown) => this.log.warn(`Could not save the corpus cache: ${String(error)}`));
			},
		);
		const tracked: Promise<void> = Promise.resolve(run).then(
			() => { if (this.indexing === tracked) this.indexing = undefined; },
			(error: unknown) => {
				if (this.indexing === tracked) this.indexing = undefined;
				this.log.error('Indexing the workspace failed', error);
			},
		);
		this.indexing = tracked;
		return tracked;
	}

	/** Problems of the grouping corrections file, in the Problems panel. */
	private readonly correctionsDiagnostics = vscode.languages.createDiagnosticCollection('corroborate.groups');

	/** Reads the grouping corrections file again (after the Claims view's commands wrote it). */
	async reloadCorrections(): Promise<void> {
		const folder = vscode.workspace.workspaceFolders?.[0];
		if (!folder) return;
		const uri = vscode.Uri.joinPath(folder.uri, CORRECTIONS_FILE);
		let bytes: Uint8Array | undefined;
		try {
			bytes = await readSettled(() => new WorkspaceFileSystem(uri).readFile(uri.path));
		} catch (error) {
			// Unreadable (permissions, a folder in its place): say so where the analyst looks, apply no corrections.
			this.correctionsDiagnostics.set(uri, [problemDiagnostic({ file: CORRECTIONS_FILE, line: 1, column: 1, message: `cannot read ${CORRECTIONS_FILE}: ${error instanceof Error ? error.message : String(error)}` })]);
			this.index.setCorrections({ groups: [], separate: [] });
			return;
		}
		if (bytes === undefined) {
			this.correctionsDiagnostics.delete(uri);
			this.index.setCorrections({ groups: [], separate: [] });
			return;
		}
		const { corrections, problems } = parseCorrectionsBytes(bytes, CORRECTIONS_FILE);
		for (const problem of problems) this.log.warn(describeProblem(problem, CORRECTIONS_FILE));
		this.correctionsDiagnostics.set(uri, problems.map(problemDiagnostic));
		this.index.setCorrections(corrections);
	}

	private async findFiles(): Promise<vscode.Uri[]> {
		const config = vscode.workspace.getConfiguration('corroborate.corpus');
		const include = config.get<string[]>('include', ['**/*.txt', '**/*.md']);
		const exclude = config.get<string[]>('exclude', []);
		const maxFiles = config.get<number>('maxFiles', 20000);
		this.excluded = exclude.length > 0 ? picomatch(exclude, { dot: true }) : () => false;
		if (!vscode.workspace.workspaceFolders?.length || include.length === 0) return [];
		const excludeGlob = exclude.length === 0 ? undefined : exclude.length === 1 ? exclude[0] : `{${exclude.join(',')}}`;
		const found = new Map<string, vscode.Uri>();
		for (const pattern of include) {
			for (const uri of await vscode.workspace.findFiles(pattern, excludeGlob, maxFiles)) {
				if (!uri.path.endsWith(SIDECAR_SUFFIX)) found.set(uri.toString(), uri);
			}
		}
		const uris = [...found.values()];
		if (uris.length >= maxFiles) this.log.warn(`Indexing only the first ${maxFiles} files (setting corroborate.corpus.maxFiles)`);
		return uris.slice(0, maxFiles);
	}

	private watch(): void {
		for (const watcher of this.watchers.splice(0)) watcher.dispose();
		const include = vscode.workspace.getConfiguration('corroborate.corpus').get<string[]>('include', []);
		for (const pattern of include) {
			const watcher = vscode.workspace.createFileSystemWatcher(pattern);
			watcher.onDidCreate((uri) => this.markDirty(uri));
			watcher.onDidChange((uri) => this.markDirty(uri));
			watcher.onDidDelete((uri) => this.markDirty(uri));
			this.watchers.push(watcher);
		}
		// A deleted folder is reported as one event for the folder, not one per file inside it.
		const deletions = vscode.workspace.createFileSystemWatcher('**/*', true, true, false);
		deletions.onDidDelete((uri) => {
			const prefix = uri.toString() + '/';
			for (const path of this.index.paths()) if (path.startsWith(prefix)) this.markDirty(vscode.Uri.parse(path));
		});
		this.watchers.push(deletions);
		const corrections = vscode.workspace.createFileSystemWatcher(`**/${CORRECTIONS_FILE}`);
		const reload = () => void this.reloadCorrections();
		corrections.onDidCreate(reload);
		corrections.onDidChange(reload);
		corrections.onDidDelete(reload);
		this.watchers.push(corrections);
	}

	private markDirty(uri: vscode.Uri): void {
		if (uri.path.endsWith(SIDECAR_SUFFIX) || this.excluded(vscode.workspace.asRelativePath(uri, false))) return;
		this.dirty.add(uri.toString());
		if (this.batchTimer !== undefined) clearTimeout(this.batchTimer);
		this.batchTimer = setTimeout(() => {
			this.batchTimer = undefined;
			void this.flush();
		}, BATCH_DELAY_MS);
	}

	/** Applies a batch: open documents from the editor, the rest from disk, deleted files removed. */
	private async flush(): Promise<void> {
		await this.indexing;
		const paths = [...this.dirty];
		this.dirty.clear();
		if (paths.length === 0) return;
		const update = async () => {
			const fromDisk: string[] = [];
			for (const path of paths) {
				const open = this.openDocument(path);
				const exists = (await this.files.stat!(path)) !== null;
				if (open && (open.isDirty || exists) && isAnalysable(open)) {
					if (!this.has(open.uri)) fromDisk.push(path); // new file: index first, then use the editor's analysis
					else this.syncOpen(open);
				} else if (!exists) {
					this.index.remove(path);
					this.synced.delete(path);
				} else {
					fromDisk.push(path);
				}
			}
			if (fromDisk.length > 0) {
				const report = await this.index.indexFiles(fromDisk, this.files);
				this.stopWorkersWhenIdle();
				for (const problem of report.problems) this.log.warn(`Skipped ${problem.path}: ${problem.message}`);
				for (const path of fromDisk) {
					const open = this.openDocument(path);
					if (open) this.syncOpen(open);
				}
			}
			await this.index.saveCache().catch(() => undefined);
		};
		const tracked: Promise<void> = update().then(
			() => { if (this.indexing === tracked) this.indexing = undefined; },
			(error: unknown) => {
				if (this.indexing === tracked) this.indexing = undefined;
				this.log.error('Updating the index failed', error);
			},
		);
		this.indexing = tracked;
		await tracked;
	}

	private stopWorkersWhenIdle(): void {
		if (this.idleTimer !== undefined) clearTimeout(this.idleTimer);
		this.idleTimer = setTimeout(() => {
			this.idleTimer = undefined;
			void this.stopWorkers();
		}, WORKER_IDLE_MS);
	}

	private async stopWorkers(): Promise<void> {
		if (this.idleTimer !== undefined) clearTimeout(this.idleTimer);
		this.idleTimer = undefined;
		const pool = this.pool;
		this.pool = undefined;
		await pool?.dispose();
	}

	private scheduleChanged(): void {
		if (this.changeTimer !== undefined) return;
		this.changeTimer = setTimeout(() => {
			this.changeTimer = undefined;
			this.changed.fire();
		}, 30);
	}

	private openDocument(path: string): vscode.TextDocument | undefined {
		return vscode.workspace.textDocuments.find((document) => document.uri.toString() === path && !document.isClosed);
	}

	dispose(): void {
		this.generation++;
		this.tokenSource?.cancel();
		if (this.batchTimer !== undefined) clearTimeout(this.batchTimer);
		if (this.changeTimer !== undefined) clearTimeout(this.changeTimer);
		for (const watcher of this.watchers.splice(0)) watcher.dispose();
		for (const disposable of this.disposables.splice(0)) disposable.dispose();
		this.correctionsDiagnostics.dispose();
		void this.stopWorkers();
	}
}
