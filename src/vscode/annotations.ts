import * as vscode from 'vscode';
import { resolveAnchor, followEdits, type Anchor, type TextChange } from '../core/annotations/anchor';
import { addAnnotation, checkSpan, deleteAnnotation, retargetSidecar, updateAnnotation, type AnnotationContent } from '../core/annotations/edit';
import { mergeSidecars, type MergeConflict } from '../core/annotations/merge';
import { SIDECAR_SUFFIX, baseName, emptySidecar, sidecarPathFor, type Annotation, type AnnotationTarget, type DocumentMetadata, type FileProblem, type Sidecar } from '../core/annotations/model';
import { parseSidecar } from '../core/annotations/sidecar';
import { interpretSidecarBytes, loadSidecar, saveSidecar } from '../core/annotations/store';
import { MAX_DOCUMENT_BYTES } from '../core/text';
import { WorkspaceFileSystem, describeProblem, problemDiagnostic, readSettled } from './annotationsFs';

/** An annotation with where it is now in the editor's text. */
export interface TrackedAnnotation {
	annotation: Annotation;
	anchor: Anchor;
}

/** A document's annotation state as the UI and tests see it. */
export interface AnnotationsSnapshot {
	/** 'broken': the sidecar on disk does not parse; annotating is refused and the file is left alone. */
	status: 'loading' | 'ok' | 'broken';
	problems: FileProblem[];
	sidecarUri: vscode.Uri;
	annotations: TrackedAnnotation[];
}

/** Outcome of an annotation command: expected failures are values with a message for the analyst. */
export type AnnotationResult<T> = { ok: true; value: T } | { ok: false; message: string };

/** Tag that makes an annotation a reply in another annotation's comment thread (see comments.ts). */
export const REPLY_TAG_PREFIX = 'reply-to:';

/** The id of the annotation this one replies to, if it is a reply. */
export function replyTo(annotation: Annotation): string | undefined {
	const tag = annotation.tags?.find((t) => t.startsWith(REPLY_TAG_PREFIX));
	return tag?.slice(REPLY_TAG_PREFIX.length);
}

/** One open document's annotations: the sidecar in memory, the text it was read from, and live anchors. */
class DocumentAnnotations {
	status: 'loading' | 'ok' | 'broken' = 'loading';
	problems: FileProblem[] = [];
	sidecar: Sidecar;
	/** The sidecar text last read or written: the merge base of the next save. Undefined while there is no file. */
	baseText: string | undefined;
	/** Where each annotation (by id) is in the editor's current text; follows edits as they happen. */
	readonly anchors = new Map<string, Anchor>();
	/** Annotation content that could not be written yet (the file on disk was broken). */
	pending = false;
	/** Operations on this document, one at a time (loads, saves and merges must not interleave). */
	private queue: Promise<unknown> = Promise.resolve();
	readonly fs: WorkspaceFileSystem;
	readonly path: string;
	readonly sidecarUri: vscode.Uri;

	constructor(readonly uri: vscode.Uri) {
		this.fs = new WorkspaceFileSystem(uri);
		this.path = uri.path;
		this.sidecarUri = this.fs.uriOf(sidecarPathFor(this.path));
		this.sidecar = emptySidecar(this.path);
	}

	run<T>(operation: () => Promise<T>): Promise<T> {
		const next = this.queue.then(operation, operation);
		this.queue = next.catch(() => undefined);
		return next;
	}

	idle(): Promise<void> {
		return this.queue.then(() => undefined);
	}
}

/** Languages the annotation UI offers itself for (the commands accept any text document). */
const ANNOTATED_LANGUAGES = new Set(['plaintext', 'markdown']);

/**
 * The annotations of open documents: loads each document's sidecar when it opens, moves annotations along
 * with edits as they are typed, writes the sidecar (atomically, through the store) on every annotation change
 * and on document save, and merges by id when the sidecar changes on disk. A malformed sidecar is reported in
 * the Problems panel and never written.
 */
export class AnnotationService implements vscode.Disposable {
	private readonly states = new Map<string, DocumentAnnotations>();
	private readonly eventTimers = new Map<string, ReturnType<typeof setTimeout>>();
	private readonly disposables: vscode.Disposable[] = [];
	private readonly diagnostics = vscode.languages.createDiagnosticCollection('corroborate.annotations');
	private readonly changed = new vscode.EventEmitter<vscode.Uri>();
	/** Fires when a document's annotations or their anchors changed (once per change; consumers batch). */
	readonly onDidChange = this.changed.event;
	private readonly sidecarsChanged = new vscode.EventEmitter<vscode.Uri>();
	/** Fires when any sidecar file changed on disk (open or not), with the sidecar's URI. */
	readonly onDidChangeSidecarFile = this.sidecarsChanged.event;

	constructor(private readonly log: vscode.LogOutputChannel) {
		const watcher = vscode.workspace.createFileSystemWatcher(`**/*${SIDECAR_SUFFIX}`);
		this.disposables.push(
			this.diagnostics,
			this.changed,
			this.sidecarsChanged,
			watcher,
			watcher.onDidCreate((uri) => this.sidecarEventSoon(uri)),
			watcher.onDidChange((uri) => this.sidecarEventSoon(uri)),
			watcher.onDidDelete((uri) => this.sidecarEventSoon(uri)),
			vscode.workspace.onDidOpenTextDocument((document) => this.onOpen(document)),
			vscode.workspace.onDidCloseTextDocument((document) => this.onClose(document)),
			vscode.workspace.onDidChangeTextDocument((event) => this.onEdit(event)),
			vscode.workspace.onDidSaveTextDocument((document) => this.onSave(document)),
		);
		for (const document of vscode.workspace.textDocuments) this.onOpen(document);
	}

	/** Why a document cannot be annotated, or undefined if it can. */
	refusalFor(document: vscode.TextDocument): string | undefined {
		const name = baseName(document.uri.path) || document.uri.toString(true);
		if (document.isUntitled) return `save ${name} first: annotations are kept in a file next to the document`;
		if (isSidecarUri(document.uri)) return `${name} is an annotation sidecar itself`;
		if (vscode.workspace.fs.isWritableFileSystem(document.uri.scheme) !== true) return `${name} is not in a writable folder, so no sidecar can be written next to it`;
		const length = document.offsetAt(document.lineAt(document.lineCount - 1).range.end);
		if (length > MAX_DOCUMENT_BYTES) return `${name} is ${(length / 1048576).toFixed(1)} MB; documents over ${MAX_DOCUMENT_BYTES / 1048576} MB cannot be annotated`;
		if (document.getText(new vscode.Range(0, 0, Math.min(document.lineCount, 200), 0)).includes('\0')) return `${name} looks binary (it contains NUL characters) and cannot be annotated`;
		return undefined;
	}

	/** Whether the annotation UI (gutter comments, menus) should offer itself on this document. */
	offersAnnotations(document: vscode.TextDocument): boolean {
		return ANNOTATED_LANGUAGES.has(document.languageId) && this.refusalFor(document) === undefined;
	}

	/** A document's annotations now (undefined if it is not tracked: not open, or not annotatable). */
	snapshot(uri: vscode.Uri): AnnotationsSnapshot | undefined {
		const state = this.states.get(uri.toString());
		if (!state) return undefined;
		return { status: state.status, problems: state.problems, sidecarUri: state.sidecarUri, annotations: this.trackedOf(state) };
	}

	/** Annotations of a document with their anchors, in position order (orphans where they were). */
	annotationsOf(uri: vscode.Uri): TrackedAnnotation[] {
		const state = this.states.get(uri.toString());
		return state ? this.trackedOf(state) : [];
	}

	/** The document metadata of a tracked document's sidecar (a given publication date overrides the inferred one). */
	metadataOf(uri: vscode.Uri): DocumentMetadata | undefined {
		const state = this.states.get(uri.toString());
		return state?.status === 'ok' ? state.sidecar.metadata : undefined;
	}

	/** The document URIs currently tracked. */
	trackedUris(): vscode.Uri[] {
		return [...this.states.values()].map((state) => state.uri);
	}

	/** Resolves when the document's pending loads and saves are done (tests and commands wait on it). */
	async whenIdle(uri: vscode.Uri): Promise<void> {
		await this.states.get(uri.toString())?.idle();
	}

	/** Starts tracking a document (loads its sidecar) and resolves when it is loaded. */
	async ensureLoaded(document: vscode.TextDocument): Promise<AnnotationResult<AnnotationsSnapshot>> {
		const refusal = this.refusalFor(document);
		if (refusal) return { ok: false, message: refusal };
		const state = this.track(document);
		await state.idle();
		return { ok: true, value: this.snapshot(document.uri) as AnnotationsSnapshot };
	}

	/** The innermost top-level annotation (not a reply) whose current span contains `offset`. */
	annotationAt(uri: vscode.Uri, offset: number): TrackedAnnotation | undefined {
		let best: TrackedAnnotation | undefined;
		for (const tracked of this.annotationsOf(uri)) {
			const { anchor } = tracked;
			if (anchor.status === 'orphan' || replyTo(tracked.annotation) !== undefined) continue;
			if (anchor.start <= offset && offset <= anchor.end && (!best || anchor.end - anchor.start < (best.anchor.end ?? 0) - (best.anchor.start ?? 0))) best = tracked;
		}
		return best;
	}

	/** Adds an annotation on [start, end) of the document's current text and writes the sidecar. */
	async add(document: vscode.TextDocument, start: number, end: number, content: AnnotationContent): Promise<AnnotationResult<Annotation>> {
		const refusal = this.refusalFor(document);
		if (refusal) return { ok: false, message: refusal };
		const state = this.track(document);
		return state.run(async () => {
			if (state.status === 'broken') return { ok: false, message: brokenMessage(state) };
			const text = document.getText();
			const problem = checkSpan(text, start, end);
			if (problem) return { ok: false, message: problem };
			const { sidecar, annotation } = addAnnotation(state.sidecar, text, start, end, content);
			state.sidecar = sidecar;
			state.anchors.set(annotation.id, { status: 'exact', start, end });
			const saved = await this.persistReporting(state);
			this.fire(state);
			return saved === true ? { ok: true, value: annotation } : { ok: false, message: saved };
		});
	}

	/** Changes an annotation's content and writes the sidecar. */
	async update(uri: vscode.Uri, id: string, changes: AnnotationContent): Promise<AnnotationResult<Annotation>> {
		return this.mutate(uri, id, (sidecar) => updateAnnotation(sidecar, id, changes));
	}

	/** Deletes annotations (an annotation and its replies, say) and writes the sidecar. */
	async remove(uri: vscode.Uri, ids: readonly string[]): Promise<AnnotationResult<Annotation>> {
		return this.mutate(uri, ids[0], (sidecar) => ids.reduce((next, id) => deleteAnnotation(next, id), sidecar));
	}

	private async mutate(uri: vscode.Uri, id: string, change: (sidecar: Sidecar) => Sidecar): Promise<AnnotationResult<Annotation>> {
		const state = this.states.get(uri.toString());
		if (!state) return { ok: false, message: `${baseName(uri.path)} has no annotations loaded (open it first)` };
		return state.run(async () => {
			if (state.status === 'broken') return { ok: false, message: brokenMessage(state) };
			const before = state.sidecar.annotations.find((a) => a.id === id);
			if (!before) return { ok: false, message: `no annotation ${id} in ${baseName(uri.path)}` };
			state.sidecar = change(state.sidecar);
			const saved = await this.persistReporting(state);
			this.fire(state);
			const after = state.sidecar.annotations.find((a) => a.id === id) ?? before;
			return saved === true ? { ok: true, value: after } : { ok: false, message: saved };
		});
	}

	private track(document: vscode.TextDocument): DocumentAnnotations {
		const key = document.uri.toString();
		let state = this.states.get(key);
		if (!state) {
			const created = new DocumentAnnotations(document.uri);
			this.states.set(key, created);
			void created.run(() => this.load(created)).catch((error: unknown) => {
				// An unreadable sidecar (permissions, a folder in its place) blocks annotating like a malformed one.
				this.log.error(`Loading the annotations of ${document.uri.toString(true)} failed`, error);
				this.setBroken(created, [{ file: created.sidecarUri.path, line: 1, column: 1, message: `cannot be read: ${error instanceof Error ? error.message : String(error)}` }]);
				this.fire(created);
			});
			state = created;
		}
		return state;
	}

	private onOpen(document: vscode.TextDocument): void {
		if (isSidecarUri(document.uri)) {
			this.checkOpenSidecar(document);
			return;
		}
		// Only documents that may carry annotations: reading a sidecar for every opened file would be waste.
		if (ANNOTATED_LANGUAGES.has(document.languageId) && this.refusalFor(document) === undefined) this.track(document);
	}

	private onClose(document: vscode.TextDocument): void {
		const state = this.states.get(document.uri.toString());
		// Pending content stays tracked until it can be written (see onSidecarFileEvent).
		if (state && !state.pending) {
			this.states.delete(document.uri.toString());
			this.fire(state);
		}
	}

	private onEdit(event: vscode.TextDocumentChangeEvent): void {
		if (isSidecarUri(event.document.uri)) {
			this.checkOpenSidecar(event.document);
			return;
		}
		const state = this.states.get(event.document.uri.toString());
		if (!state || event.contentChanges.length === 0 || state.status === 'loading') return;
		const annotations = state.sidecar.annotations;
		if (annotations.length === 0) return;
		const changes: TextChange[] = event.contentChanges.map((change) => ({ offset: change.rangeOffset, length: change.rangeLength, text: change.text }));
		const tracked = annotations.map((annotation) => ({ target: annotation.target, anchor: state.anchors.get(annotation.id) ?? ORPHAN }));
		const next = followEdits(event.document.getText(), tracked, changes);
		annotations.forEach((annotation, i) => state.anchors.set(annotation.id, next[i]));
		this.fire(state);
	}

	private onSave(document: vscode.TextDocument): void {
		const state = this.states.get(document.uri.toString());
		if (!state || state.status !== 'ok') return;
		void state.run(async () => {
			// Positions are written when the text they refer to is on disk too.
			if (!state.pending && !this.positionsMoved(state)) return;
			if (this.sidecarHasUnsavedEdits(state)) {
				state.pending = true;
				return;
			}
			await this.persist(state);
			this.fire(state);
		}).catch((error: unknown) => this.log.error(`Saving the annotations of ${document.uri.toString(true)} failed`, error));
	}

	private positionsMoved(state: DocumentAnnotations): boolean {
		return state.sidecar.annotations.some((annotation) => {
			const anchor = state.anchors.get(annotation.id);
			return anchor !== undefined && anchor.status !== 'orphan' && (anchor.start !== annotation.target.position.start || anchor.end !== annotation.target.position.end);
		});
	}

	private async load(state: DocumentAnnotations): Promise<void> {
		const loaded = await loadSidecar(state.fs, state.path);
		if (loaded.status === 'broken') {
			this.setBroken(state, loaded.problems);
		} else {
			state.status = 'ok';
			state.problems = [];
			state.sidecar = loaded.sidecar;
			state.baseText = loaded.status === 'ok' ? loaded.text : undefined;
			this.diagnostics.delete(state.sidecarUri);
			// Anchors are resolved against the text as it is now, after the read (edits made meanwhile are in it).
			const text = this.textOf(state);
			state.anchors.clear();
			if (text !== undefined) for (const annotation of state.sidecar.annotations) state.anchors.set(annotation.id, resolveAnchor(text, annotation.target));
			const orphans = [...state.anchors.values()].filter((anchor) => anchor.status === 'orphan').length;
			if (state.sidecar.annotations.length > 0) this.log.info(`Loaded ${state.sidecar.annotations.length} annotation(s) of ${vscode.workspace.asRelativePath(state.uri)}${orphans ? `, ${orphans} orphaned` : ''}`);
		}
		this.fire(state);
	}

	private sidecarHasUnsavedEdits(state: DocumentAnnotations): boolean {
		return vscode.workspace.textDocuments.some((document) => document.uri.toString() === state.sidecarUri.toString() && document.isDirty);
	}

	/** persist, with a failed write (read-only folder, full disk) as a message: the change stays in memory, pending. */
	private async persistReporting(state: DocumentAnnotations): Promise<true | string> {
		// Writing under an editor's unsaved changes to the YAML would make its next save clobber one side.
		if (this.sidecarHasUnsavedEdits(state)) {
			state.pending = true;
			return `${vscode.workspace.asRelativePath(state.sidecarUri)} has unsaved changes in an editor; save or revert them first (your change is kept and written with the next save)`;
		}
		try {
			return (await this.persist(state)) ? true : brokenMessage(state);
		} catch (error) {
			state.pending = true;
			this.log.error(`Writing ${state.sidecarUri.toString(true)} failed`, error);
			return `could not write ${vscode.workspace.asRelativePath(state.sidecarUri)}: ${error instanceof Error ? error.message : String(error)}. The change is kept in memory and written with the next save.`;
		}
	}

	/**
	 * Writes the in-memory sidecar. When the document's text is saved, every found annotation's target is moved to
	 * where it is now; while it has unsaved edits, stored targets are left as they are (they describe the saved
	 * text, and the analyst may still revert): only a new annotation's target comes from the editor, and the
	 * others are re-targeted on save (onSave). The store merges by id if the file changed on disk since it was
	 * read, and refuses to overwrite a broken file. Returns false when the file was broken (content stays pending).
	 */
	private async persist(state: DocumentAnnotations): Promise<boolean> {
		const text = this.textOf(state);
		let memory = state.sidecar;
		if (text !== undefined && !this.isDirty(state)) {
			const anchors = memory.annotations.map((annotation) => state.anchors.get(annotation.id) ?? resolveAnchor(text, annotation.target));
			memory = retargetSidecar(text, memory, anchors);
		}
		const result = await saveSidecar(state.fs, state.path, memory, state.baseText);
		if (!result.ok) {
			state.sidecar = memory;
			state.pending = true;
			this.setBroken(state, result.problems);
			return false;
		}
		state.pending = false;
		state.status = 'ok';
		state.problems = [];
		this.diagnostics.delete(state.sidecarUri);
		state.sidecar = result.sidecar;
		if (result.written || result.text !== '') state.baseText = result.text;
		if (result.mergedWithDisk) {
			this.reconcileAnchors(state, memory);
			this.reportConflicts(state, result.conflicts);
		}
		if (result.written) this.log.info(`Wrote ${vscode.workspace.asRelativePath(state.sidecarUri)} (${result.sidecar.annotations.length} annotation(s)${result.mergedWithDisk ? ', merged with changes on disk' : ''})`);
		return true;
	}

	/** After a merge: annotations that came or changed from disk are resolved in the current text; the rest keep their live anchors. */
	private reconcileAnchors(state: DocumentAnnotations, previous: Sidecar): void {
		const before = new Map<string, AnnotationTarget>(previous.annotations.map((a) => [a.id, a.target]));
		const text = this.textOf(state);
		const ids = new Set<string>();
		for (const annotation of state.sidecar.annotations) {
			ids.add(annotation.id);
			const old = before.get(annotation.id);
			const keep = old !== undefined && state.anchors.has(annotation.id) && JSON.stringify(old) === JSON.stringify(annotation.target);
			if (!keep && text !== undefined) state.anchors.set(annotation.id, resolveAnchor(text, annotation.target));
		}
		for (const id of [...state.anchors.keys()]) if (!ids.has(id)) state.anchors.delete(id);
	}

	private reportConflicts(state: DocumentAnnotations, conflicts: readonly MergeConflict[]): void {
		if (conflicts.length === 0) return;
		const fields = conflicts.map((c) => `${c.id || 'document'}.${c.field}`).join(', ');
		this.log.warn(`Merged ${vscode.workspace.asRelativePath(state.sidecarUri)} with changes on disk; both sides changed ${fields} (notes kept from both, otherwise the editor's value)`);
		void vscode.window.showWarningMessage(`Corroborate: ${baseName(state.sidecarUri.path)} was changed on disk while you edited annotations; both were kept (fields changed on both sides: ${fields}).`);
	}

	/**
	 * Handles a sidecar file event after a short quiet time: another program's write may be seen half done (even
	 * empty), and an empty sidecar would read as "every annotation deleted on disk" until the next event.
	 */
	private sidecarEventSoon(sidecarUri: vscode.Uri): void {
		const key = sidecarUri.toString();
		const timer = this.eventTimers.get(key);
		if (timer !== undefined) clearTimeout(timer);
		this.eventTimers.set(key, setTimeout(() => {
			this.eventTimers.delete(key);
			this.onSidecarFileEvent(sidecarUri);
		}, FILE_EVENT_DELAY_MS));
	}

	private onSidecarFileEvent(sidecarUri: vscode.Uri): void {
		this.sidecarsChanged.fire(sidecarUri);
		const documentUri = sidecarUri.with({ path: sidecarUri.path.slice(0, -SIDECAR_SUFFIX.length) });
		const state = this.states.get(documentUri.toString());
		if (!state) {
			void this.checkSidecarOnDisk(sidecarUri);
			return;
		}
		void state.run(() => this.refreshFromDisk(state)).catch((error: unknown) => this.log.error(`Reading ${sidecarUri.toString(true)} failed`, error));
	}

	/**
	 * The sidecar changed on disk (another editor, git, a script): merge it by id with what is in memory, so nothing
	 * from either side is lost, re-anchor what changed, and write back only if memory held something the disk lacks.
	 */
	private async refreshFromDisk(state: DocumentAnnotations): Promise<void> {
		const disk = interpretSidecarBytes(sidecarPathFor(state.path), state.path, await readSettled(() => state.fs.readFile(sidecarPathFor(state.path))));
		if (disk.status === 'broken') {
			this.setBroken(state, disk.problems);
			this.fire(state);
			return;
		}
		const diskText = disk.status === 'ok' ? disk.text : undefined;
		// Our own write coming back, or a touch that changed nothing.
		if (state.status === 'ok' && diskText === state.baseText) return;
		const base = state.status === 'ok' && state.baseText !== undefined ? parseSidecar(state.baseText, state.sidecarUri.path) : undefined;
		const memory = state.sidecar;
		const merge = mergeSidecars(base?.ok ? base.sidecar : undefined, disk.sidecar, memory);
		state.sidecar = merge.sidecar;
		state.baseText = diskText;
		state.status = 'ok';
		state.problems = [];
		this.diagnostics.delete(state.sidecarUri);
		this.reconcileAnchors(state, memory);
		this.reportConflicts(state, merge.conflicts);
		this.log.info(`${vscode.workspace.asRelativePath(state.sidecarUri)} changed on disk: ${merge.sidecar.annotations.length} annotation(s) after merging by id`);
		if (state.pending || canonicalJson(merge.sidecar.annotations) !== canonicalJson(disk.sidecar.annotations)) await this.persist(state);
		this.fire(state);
	}

	/** Diagnostics for a sidecar whose document is not open (so the Problems panel shows every broken sidecar). */
	private async checkSidecarOnDisk(sidecarUri: vscode.Uri): Promise<void> {
		if (vscode.workspace.textDocuments.some((document) => document.uri.toString() === sidecarUri.toString() && document.isDirty)) return;
		const fs = new WorkspaceFileSystem(sidecarUri);
		const path = sidecarUri.path;
		const loaded = interpretSidecarBytes(path, path.slice(0, -SIDECAR_SUFFIX.length), await fs.readFile(path).catch(() => undefined));
		if (loaded.status === 'broken') this.diagnostics.set(sidecarUri, loaded.problems.map(problemDiagnostic));
		else this.diagnostics.delete(sidecarUri);
	}

	/** Checks every sidecar of the workspace once (at start-up), so broken ones show in the Problems panel. */
	async checkWorkspaceSidecars(): Promise<void> {
		const uris = await vscode.workspace.findFiles(`**/*${SIDECAR_SUFFIX}`, '**/node_modules/**', 5000);
		for (const uri of uris) await this.checkSidecarOnDisk(uri);
	}

	/** Live diagnostics while a sidecar is edited as YAML in the editor. */
	private checkOpenSidecar(document: vscode.TextDocument): void {
		const text = document.getText();
		const parsed = text.trim() === '' ? { ok: true as const } : parseSidecar(text, document.uri.path);
		if (parsed.ok) this.diagnostics.delete(document.uri);
		else this.diagnostics.set(document.uri, parsed.problems.map(problemDiagnostic));
	}

	private setBroken(state: DocumentAnnotations, problems: FileProblem[]): void {
		const wasBroken = state.status === 'broken';
		state.status = 'broken';
		state.problems = problems;
		this.diagnostics.set(state.sidecarUri, problems.map(problemDiagnostic));
		for (const problem of problems) this.log.warn(`Broken sidecar (left unchanged): ${describeProblem(problem, vscode.workspace.asRelativePath(state.sidecarUri))}`);
		if (!wasBroken) {
			void vscode.window.showErrorMessage(`Corroborate: ${brokenMessage(state)}`, 'Open Sidecar').then((choice) => {
				if (choice) void vscode.window.showTextDocument(state.sidecarUri, { selection: problemDiagnostic(problems[0]).range });
			});
		}
	}

	/** Whether the document is open with unsaved text edits. */
	private isDirty(state: DocumentAnnotations): boolean {
		const key = state.uri.toString();
		return vscode.workspace.textDocuments.some((document) => document.uri.toString() === key && document.isDirty);
	}

	private textOf(state: DocumentAnnotations): string | undefined {
		const key = state.uri.toString();
		return vscode.workspace.textDocuments.find((document) => document.uri.toString() === key)?.getText();
	}

	private trackedOf(state: DocumentAnnotations): TrackedAnnotation[] {
		return state.sidecar.annotations.map((annotation) => ({ annotation, anchor: state.anchors.get(annotation.id) ?? ORPHAN }));
	}

	private fire(state: DocumentAnnotations): void {
		this.changed.fire(state.uri);
	}

	dispose(): void {
		for (const timer of this.eventTimers.values()) clearTimeout(timer);
		this.eventTimers.clear();
		for (const disposable of this.disposables.splice(0).reverse()) disposable.dispose();
	}
}

/** Quiet time after a sidecar file event before the file is read (other writers are not atomic). */
const FILE_EVENT_DELAY_MS = 120;

const ORPHAN: Anchor = { status: 'orphan', start: null, end: null };

/** True for `NAME.EXT.annotations.yaml`. */
export function isSidecarUri(uri: vscode.Uri): boolean {
	return uri.path.endsWith(SIDECAR_SUFFIX);
}

/** The refusal shown while a document's sidecar is broken: file, line, column and cause. */
function brokenMessage(state: DocumentAnnotations): string {
	const first = state.problems[0];
	const where = first ? describeProblem(first, vscode.workspace.asRelativePath(state.sidecarUri)) : vscode.workspace.asRelativePath(state.sidecarUri);
	const more = state.problems.length > 1 ? ` (and ${state.problems.length - 1} more problem${state.problems.length > 2 ? 's' : ''})` : '';
	return `the annotations of ${baseName(state.path)} cannot be changed until its sidecar is fixed — ${where}${more}. The file is left unchanged.`;
}

/** JSON with sorted keys, to compare annotations regardless of key order. */
function canonicalJson(value: unknown): string {
	return JSON.stringify(value, (_key, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v));
}
