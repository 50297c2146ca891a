import * as vscode from 'vscode';
import { SIDECAR_SUFFIX, type FileProblem } from '../core/annotations/model';
import { anchorSidecar } from '../core/annotations/edit';
import { interpretSidecarBytes } from '../core/annotations/store';
import { decodeDocument } from '../core/text';
import { replyTo, type AnnotationService, type TrackedAnnotation } from './annotations';
import { shorten } from './annotationsCommands';
import { WorkspaceFileSystem } from './annotationsFs';

/** A node of the Annotations view. */
export type AnnotationsNode =
	| { kind: 'document'; entry: DocumentEntry }
	| { kind: 'annotation'; uri: vscode.Uri; id: string; tracked: TrackedAnnotation; replies: number; line?: number };

/** One annotated document as the view shows it. */
export interface DocumentEntry {
	uri: vscode.Uri;
	status: 'ok' | 'broken' | 'loading';
	problems: FileProblem[];
	annotations: TrackedAnnotation[];
	/** The text anchors refer to (undefined when the document could not be read). */
	text?: string;
	/** Why the document could not be read, if so. */
	unreadable?: string;
}

/** Quiet time before the view rebuilds, so bursts of changes cause one repaint. */
const REFRESH_DELAY_MS = 150;

/**
 * The Annotations view: every annotated document of the workspace (open ones live, others resolved from disk),
 * each with its annotations in position order; orphans are listed with their quotes and a warning icon.
 */
export class AnnotationsTreeProvider implements vscode.TreeDataProvider<AnnotationsNode>, vscode.Disposable {
	private readonly emitter = new vscode.EventEmitter<AnnotationsNode | undefined>();
	readonly onDidChangeTreeData = this.emitter.event;
	private entries: DocumentEntry[] = [];
	private timer: ReturnType<typeof setTimeout> | undefined;
	private building: Promise<void> | undefined;
	private readonly disposables: vscode.Disposable[] = [];
	/** The workspace's sidecars, found once and again after sidecar files are created or deleted. */
	private sidecars: vscode.Uri[] | undefined;
	/** Closed documents' entries by document URI: read from disk once, again when the document or its sidecar changes. */
	private readonly closed = new Map<string, DocumentEntry | null>();

	constructor(private readonly service: AnnotationService) {
		// Documents changed outside VS Code: their annotations are resolved again (only for documents with a sidecar).
		const documents = vscode.workspace.createFileSystemWatcher('**/*', false, false, false);
		const documentChanged = (uri: vscode.Uri) => {
			if (uri.path.endsWith(SIDECAR_SUFFIX) || !this.closed.has(uri.toString())) return;
			this.closed.delete(uri.toString());
			this.refresh();
		};
		this.disposables.push(
			this.emitter,
			documents,
			documents.onDidChange(documentChanged),
			documents.onDidCreate(documentChanged),
			documents.onDidDelete(documentChanged),
			// Typing in an annotated document: only its live entry changes; closed entries stay cached.
			service.onDidChange((uri) => {
				// A document closing goes back to being read from disk: its cached entry may predate the edits.
				this.closed.delete(uri.toString());
				this.refresh();
			}),
			service.onDidChangeSidecarFile((sidecarUri) => {
				this.sidecars = undefined;
				this.closed.delete(sidecarUri.with({ path: sidecarUri.path.slice(0, -SIDECAR_SUFFIX.length) }).toString());
				this.refresh();
			}),
		);
		this.refresh();
	}

	/** Schedules one rebuild; calls before it runs are absorbed. */
	refresh(): void {
		if (this.timer !== undefined) return;
		this.timer = setTimeout(() => {
			this.timer = undefined;
			this.building = this.rebuild().catch(() => undefined);
		}, REFRESH_DELAY_MS);
	}

	/** Resolves when pending rebuilds are done (tests). */
	async ready(): Promise<void> {
		while (this.timer !== undefined || this.building) {
			if (this.timer !== undefined) await new Promise((resolve) => setTimeout(resolve, REFRESH_DELAY_MS));
			const building = this.building;
			await building;
			if (this.building === building) this.building = undefined;
		}
	}

	/** The documents listed now. */
	documents(): readonly DocumentEntry[] {
		return this.entries;
	}

	private async rebuild(): Promise<void> {
		const byKey = new Map<string, DocumentEntry>();
		for (const uri of this.service.trackedUris()) {
			const snapshot = this.service.snapshot(uri);
			if (!snapshot || (snapshot.annotations.length === 0 && snapshot.status !== 'broken')) continue;
			const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
			byKey.set(uri.toString(), { uri, status: snapshot.status, problems: snapshot.problems, annotations: snapshot.annotations, text: open?.getText() });
		}
		this.sidecars ??= vscode.workspace.workspaceFolders?.length ? await vscode.workspace.findFiles(`**/*${SIDECAR_SUFFIX}`, '**/node_modules/**', 2000) : [];
		for (const sidecarUri of this.sidecars) {
			const uri = sidecarUri.with({ path: sidecarUri.path.slice(0, -SIDECAR_SUFFIX.length) });
			const key = uri.toString();
			if (byKey.has(key) || this.service.snapshot(uri)) continue;
			let entry = this.closed.get(key);
			if (entry === undefined) {
				entry = (await readEntry(uri, sidecarUri)) ?? null;
				this.closed.set(key, entry);
			}
			if (entry && (entry.annotations.length > 0 || entry.status === 'broken')) byKey.set(key, entry);
		}
		this.entries = [...byKey.values()].sort((a, b) => a.uri.toString().localeCompare(b.uri.toString()));
		this.emitter.fire(undefined);
	}

	getChildren(element?: AnnotationsNode): AnnotationsNode[] {
		if (!element) return this.entries.map((entry) => ({ kind: 'document', entry }));
		if (element.kind !== 'document') return [];
		const { entry } = element;
		const replies = new Map<string, number>();
		for (const { annotation } of entry.annotations) {
			const parent = replyTo(annotation);
			if (parent !== undefined) replies.set(parent, (replies.get(parent) ?? 0) + 1);
		}
		return entry.annotations
			.filter((tracked) => replyTo(tracked.annotation) === undefined)
			.map((tracked) => ({ kind: 'annotation', uri: entry.uri, id: tracked.annotation.id, tracked, replies: replies.get(tracked.annotation.id) ?? 0, line: lineAt(entry.text, tracked.anchor.start) }));
	}

	getTreeItem(element: AnnotationsNode): vscode.TreeItem {
		if (element.kind === 'document') {
			const { entry } = element;
			const item = new vscode.TreeItem(entry.uri, vscode.TreeItemCollapsibleState.Expanded);
			item.id = `annotated:${entry.uri.toString()}`;
			const roots = entry.annotations.filter((t) => replyTo(t.annotation) === undefined);
			const orphans = roots.filter((t) => t.anchor.status === 'orphan').length;
			item.description = entry.status === 'broken'
				? 'sidecar is malformed'
				: `${roots.length} annotation${roots.length === 1 ? '' : 's'}${orphans ? `, ${orphans} orphaned` : ''}${entry.unreadable ? ` \u00b7 ${entry.unreadable}` : ''}`;
			if (entry.status === 'broken') {
				item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'));
				const first = entry.problems[0];
				item.tooltip = first ? `Line ${first.line}, column ${first.column}: ${first.message}` : 'The sidecar does not parse';
				item.command = { command: 'vscode.open', title: 'Open Sidecar', arguments: [entry.uri.with({ path: entry.uri.path + SIDECAR_SUFFIX })] };
			}
			item.contextValue = entry.status === 'broken' ? 'annotatedDocument.broken' : 'annotatedDocument';
			return item;
		}
		const { annotation, anchor } = element.tracked;
		const title = annotation.label ?? (annotation.note ? shorten(annotation.note, 60) : `\u201c${shorten(annotation.target.quote.exact, 60)}\u201d`);
		const item = new vscode.TreeItem(title, vscode.TreeItemCollapsibleState.None);
		item.id = `annotation:${element.uri.toString()}#${annotation.id}`;
		const parts: string[] = [];
		if (anchor.status === 'orphan') parts.push(`orphan: \u201c${shorten(annotation.target.quote.exact, 60)}\u201d`);
		else if (element.line !== undefined) parts.push(`line ${element.line}`);
		if (annotation.verdict) parts.push(annotation.verdict);
		if (anchor.status === 'fuzzy') parts.push('text changed');
		if (element.replies > 0) parts.push(`${element.replies} repl${element.replies === 1 ? 'y' : 'ies'}`);
		item.description = parts.join(' \u00b7 ');
		item.iconPath = anchor.status === 'orphan'
			? new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'))
			: new vscode.ThemeIcon(annotation.kind === 'claim' ? 'law' : annotation.kind === 'entity' ? 'symbol-class' : annotation.kind === 'highlight' ? 'symbol-color' : 'comment');
		const tooltip = new vscode.MarkdownString();
		tooltip.appendMarkdown(`**${annotation.kind}**${anchor.status === 'orphan' ? ' \u2014 orphan: its text is no longer in the document' : ''}\n\n`);
		tooltip.appendText(`\u201c${annotation.target.quote.exact}\u201d`);
		if (annotation.note) tooltip.appendMarkdown(`\n\n${annotation.note}`);
		item.tooltip = tooltip;
		item.contextValue = anchor.status === 'orphan' ? 'annotation.orphan' : 'annotation';
		item.command = { command: 'corroborate.goToAnnotation', title: 'Go to Annotation', arguments: [{ uri: element.uri, id: annotation.id }] };
		return item;
	}

	dispose(): void {
		if (this.timer !== undefined) clearTimeout(this.timer);
		for (const disposable of this.disposables.splice(0)) disposable.dispose();
	}
}

/** Resolves a closed document's sidecar against the document on disk (read-only: nothing is written). */
async function readEntry(uri: vscode.Uri, sidecarUri: vscode.Uri): Promise<DocumentEntry | undefined> {
	const fs = new WorkspaceFileSystem(uri);
	const sidecarBytes = await fs.readFile(sidecarUri.path).catch(() => undefined);
	const loaded = interpretSidecarBytes(sidecarUri.path, uri.path, sidecarBytes);
	if (loaded.status === 'broken') return { uri, status: 'broken', problems: loaded.problems, annotations: [] };
	if (loaded.status === 'missing') return undefined;
	const bytes = await fs.readFile(uri.path).catch(() => undefined);
	if (bytes === undefined) {
		return { uri, status: 'ok', problems: [], unreadable: 'document missing', annotations: loaded.sidecar.annotations.map((annotation) => ({ annotation, anchor: { status: 'orphan', start: null, end: null } })) };
	}
	const decoded = decodeDocument(bytes);
	if (!decoded.ok) {
		return { uri, status: 'ok', problems: [], unreadable: decoded.message, annotations: loaded.sidecar.annotations.map((annotation) => ({ annotation, anchor: { status: 'orphan', start: null, end: null } })) };
	}
	return { uri, status: 'ok', problems: [], annotations: anchorSidecar(decoded.text, loaded.sidecar), text: decoded.text };
}

function lineAt(text: string | undefined, offset: number | null): number | undefined {
	if (text === undefined || offset === null) return undefined;
	let line = 1;
	for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
	return line;
}
