import * as vscode from 'vscode';
import { analyze } from '../core/analyze';
import { decodeDocument } from '../core/text';
import type { Analysis, EntityMention } from '../core/types';
import { isAnalysable } from './decorations';
import { articleEntities } from './present';

/** One indexed document: its text (open editor's if open) and analysis. */
export interface CorpusDocument {
	uri: vscode.Uri;
	text: string;
	analysis: Analysis;
}

/** A file that was not indexed, and why (shown in the log and the status-bar tooltip). */
export interface SkippedFile {
	uri: vscode.Uri;
	message: string;
}

/** Sidecars are never documents, whatever the include globs say. */
const SIDECAR_SUFFIX = '.annotations.yaml';

/** Files read at once during a cold index: enough to hide latency, few enough not to flood the host. */
const READ_CONCURRENCY = 16;

/** Quiet time before file-system and editor changes are applied as one batch. */
const BATCH_DELAY_MS = 250;

/**
 * The workspace's documents and their analyses. Files are found with the configured globs, read through
 * `vscode.workspace.fs` (the open, possibly unsaved, document wins), and kept up to date from file-system
 * events and editor changes in batches, so that many changes cause one `onDidChange`.
 */
export class WorkspaceCorpus implements vscode.Disposable {
	private readonly documents = new Map<string, CorpusDocument>();
	private readonly skipped = new Map<string, SkippedFile>();
	private readonly disposables: vscode.Disposable[] = [];
	private watchers: vscode.Disposable[] = [];
	private readonly dirty = new Set<string>();
	private batchTimer: ReturnType<typeof setTimeout> | undefined;
	private indexing: Promise<void> | undefined;
	private generation = 0;
	private entities: Map<string, { document: CorpusDocument; mentions: EntityMention[] }[]> | undefined;
	private readonly changed = new vscode.EventEmitter<void>();
	/** Fires once per batch of changes to the indexed documents. */
	readonly onDidChange = this.changed.event;

	private fireChanged(): void {
		this.entities = undefined;
		this.changed.fire();
	}

	constructor(
		private readonly analysisOfOpen: (document: vscode.TextDocument) => Analysis,
		private readonly log: vscode.LogOutputChannel,
	) {
		this.disposables.push(
			this.changed,
			vscode.workspace.onDidChangeTextDocument((event) => {
				if (event.contentChanges.length > 0 && this.documents.has(event.document.uri.toString())) this.markDirty(event.document.uri);
			}),
			// Closing an unsaved document reverts the corpus to what is on disk.
			vscode.workspace.onDidCloseTextDocument((document) => {
				if (this.documents.has(document.uri.toString())) this.markDirty(document.uri);
			}),
			vscode.workspace.onDidChangeConfiguration((event) => {
				if (event.affectsConfiguration('corroborate.corpus')) void this.reindex();
			}),
			vscode.workspace.onDidChangeWorkspaceFolders(() => void this.reindex()),
		);
	}

	/** Every indexed document, in path order. */
	all(): CorpusDocument[] {
		return [...this.documents.values()].sort((a, b) => a.uri.toString().localeCompare(b.uri.toString()));
	}

	/** The indexed document for a URI, if any. */
	get(uri: vscode.Uri): CorpusDocument | undefined {
		return this.documents.get(uri.toString());
	}

	/** Every document's mentions of one entity (outside page chrome), by canonical name. */
	mentionsOf(canonical: string): { document: CorpusDocument; mentions: EntityMention[] }[] {
		return this.entityIndex().get(canonical) ?? [];
	}

	/** Canonical name → documents and their mentions; rebuilt lazily after each batch of changes. */
	entityIndex(): Map<string, { document: CorpusDocument; mentions: EntityMention[] }[]> {
		if (this.entities) return this.entities;
		const index = new Map<string, { document: CorpusDocument; mentions: EntityMention[] }[]>();
		for (const document of this.all()) {
			const byCanonical = new Map<string, EntityMention[]>();
			for (const mention of articleEntities(document.analysis)) {
				const list = byCanonical.get(mention.canonical);
				if (list) list.push(mention);
				else byCanonical.set(mention.canonical, [mention]);
			}
			for (const [canonical, mentions] of byCanonical) {
				const entries = index.get(canonical);
				if (entries) entries.push({ document, mentions });
				else index.set(canonical, [{ document, mentions }]);
			}
		}
		this.entities = index;
		return index;
	}

	/** Files that could not be indexed, with the reason. */
	skippedFiles(): SkippedFile[] {
		return [...this.skipped.values()];
	}

	/** Resolves when the current indexing (cold or incremental) has finished. */
	async ready(): Promise<void> {
		// A macrotask wait each round: awaiting an already settled promise in a loop would starve the host.
		while (this.indexing || this.batchTimer !== undefined) {
			await this.indexing;
			await new Promise((resolve) => setTimeout(resolve, this.batchTimer !== undefined ? BATCH_DELAY_MS : 0));
		}
	}

	/** Finds and indexes every matching file from scratch, with progress; later calls restart it. */
	reindex(): Promise<void> {
		const generation = ++this.generation;
		const run = vscode.window.withProgress(
			{ location: vscode.ProgressLocation.Window, title: 'Corroborate: indexing documents' },
			async (progress) => {
				const uris = await this.findFiles();
				if (generation !== this.generation) return;
				this.watch();
				const seen = new Set(uris.map((uri) => uri.toString()));
				for (const key of [...this.documents.keys()]) if (!seen.has(key)) this.documents.delete(key);
				for (const key of [...this.skipped.keys()]) if (!seen.has(key)) this.skipped.delete(key);
				let done = 0;
				const started = Date.now();
				const queue = [...uris];
				const worker = async () => {
					for (let uri = queue.shift(); uri && generation === this.generation; uri = queue.shift()) {
						await this.load(uri);
						done++;
						if (done % 50 === 0) progress.report({ message: `${done} of ${uris.length}` });
					}
				};
				await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, uris.length) }, worker));
				if (generation !== this.generation) return;
				this.log.info(`Indexed ${this.documents.size} documents in ${Date.now() - started} ms (${this.skipped.size} skipped)`);
				this.fireChanged();
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

	private async findFiles(): Promise<vscode.Uri[]> {
		const config = vscode.workspace.getConfiguration('corroborate.corpus');
		const include = config.get<string[]>('include', ['**/*.txt', '**/*.md']);
		const exclude = config.get<string[]>('exclude', []);
		const maxFiles = config.get<number>('maxFiles', 20000);
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
	}

	private markDirty(uri: vscode.Uri): void {
		if (uri.path.endsWith(SIDECAR_SUFFIX)) return;
		this.dirty.add(uri.toString());
		if (this.batchTimer !== undefined) clearTimeout(this.batchTimer);
		this.batchTimer = setTimeout(() => {
			this.batchTimer = undefined;
			void this.flush();
		}, BATCH_DELAY_MS);
	}

	private async flush(): Promise<void> {
		await this.indexing;
		const keys = [...this.dirty];
		this.dirty.clear();
		if (keys.length === 0) return;
		const update = async () => {
			for (const key of keys) await this.load(vscode.Uri.parse(key));
			this.fireChanged();
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

	/** (Re)reads one file into the index, or drops it when it is gone or unreadable. */
	private async load(uri: vscode.Uri): Promise<void> {
		const key = uri.toString();
		const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === key);
		// An open document with unsaved edits is what the analyst sees; a saved one is also on disk, unless it was
		// just deleted (VS Code keeps the model of a deleted file open), so that is checked first.
		if (open && isAnalysable(open) && (open.isDirty || (await this.exists(uri)))) {
			this.documents.set(key, { uri, text: open.getText(), analysis: this.analysisOfOpen(open) });
			this.skipped.delete(key);
			return;
		}
		let bytes: Uint8Array;
		try {
			bytes = await vscode.workspace.fs.readFile(uri);
		} catch (error) {
			if ((error instanceof vscode.FileSystemError && error.code === 'FileNotFound') || !(await this.exists(uri))) {
				this.documents.delete(key);
				this.skipped.delete(key);
			} else {
				this.skip(uri, `could not be read: ${error instanceof Error ? error.message : String(error)}`);
			}
			return;
		}
		const decoded = decodeDocument(bytes);
		if (!decoded.ok) {
			this.skip(uri, decoded.message);
			return;
		}
		const previous = this.documents.get(key);
		if (previous && previous.text === decoded.text) return;
		try {
			this.documents.set(key, { uri, text: decoded.text, analysis: analyze(decoded.text) });
			this.skipped.delete(key);
		} catch (error) {
			this.log.error(`Analysing ${uri.toString(true)} failed`, error);
			this.skip(uri, 'analysis failed (see the Corroborate log)');
		}
	}

	private async exists(uri: vscode.Uri): Promise<boolean> {
		try {
			await vscode.workspace.fs.stat(uri);
			return true;
		} catch {
			return false;
		}
	}

	private skip(uri: vscode.Uri, message: string): void {
		this.documents.delete(uri.toString());
		this.skipped.set(uri.toString(), { uri, message });
		this.log.warn(`Skipped ${vscode.workspace.asRelativePath(uri)}: ${message}`);
	}

	dispose(): void {
		this.generation++;
		if (this.batchTimer !== undefined) clearTimeout(this.batchTimer);
		for (const watcher of this.watchers.splice(0)) watcher.dispose();
		for (const disposable of this.disposables.splice(0)) disposable.dispose();
	}
}
