import * as vscode from 'vscode';
import type { Annotation } from '../core/annotations/model';
import { REPLY_TAG_PREFIX, replyTo, type AnnotationResult, type AnnotationService, type TrackedAnnotation } from './annotations';

/** Quiet time before threads are rebuilt after annotation changes. */
const SYNC_DELAY_MS = 80;

/** The comment controller's id (used in `when` clauses of the comment menus in package.json). */
export const COMMENT_CONTROLLER_ID = 'corroborate.annotations';

/** One comment: an annotation's note (the thread's first comment) or a reply (an annotation tagged `reply-to:ID`). */
export class AnnotationComment implements vscode.Comment {
	body: vscode.MarkdownString;
	mode = vscode.CommentMode.Preview;
	readonly author: vscode.CommentAuthorInformation;
	readonly contextValue = 'editable';
	readonly timestamp?: Date;
	label?: string;
	/** The body before an edit started, restored by Cancel. */
	savedBody?: vscode.MarkdownString;

	constructor(
		readonly annotation: Annotation,
		readonly documentUri: vscode.Uri,
		readonly isThreadRoot: boolean,
	) {
		this.body = new vscode.MarkdownString(annotation.note ?? '');
		this.author = { name: annotation.author ?? 'Analyst' };
		if (annotation.created) this.timestamp = new Date(annotation.created);
		if (isThreadRoot && annotation.verdict) this.label = `verdict: ${annotation.verdict}`;
	}

	/** The annotation id (Comment has no id field of its own). */
	get id(): string {
		return this.annotation.id;
	}
}

/** What the comment commands receive from VS Code (and from tests, which build the same shapes). */
interface ReplyArgs {
	thread: vscode.CommentThread;
	text: string;
}

/**
 * Annotation notes as comment threads on their spans (VS Code Comments API). A thread is an annotation with a note
 * and its replies; adding a comment from the gutter creates a note annotation on the commented range. Every
 * change goes through the annotation service, which writes the sidecar; threads are then rebuilt from it.
 */
export class AnnotationComments implements vscode.Disposable {
	readonly controller = vscode.comments.createCommentController(COMMENT_CONTROLLER_ID, 'Corroborate annotations');
	/** Per document URI: root annotation id → its thread. */
	private readonly threads = new Map<string, Map<string, vscode.CommentThread>>();
	private readonly disposables: vscode.Disposable[] = [];
	/** Documents with gutter comments being saved (count per URI): their threads are adopted, not created. */
	private readonly creating = new Map<string, number>();
	private readonly live = new Set<vscode.CommentThread>();

	constructor(
		private readonly service: AnnotationService,
		private readonly log: vscode.LogOutputChannel,
	) {
		this.controller.options = { prompt: 'Add an annotation note\u2026', placeHolder: 'Note (Markdown); it is saved in the document\'s .annotations.yaml' };
		this.controller.commentingRangeProvider = {
			provideCommentingRanges: (document) => {
				if (!service.offersAnnotations(document)) return [];
				return [new vscode.Range(0, 0, Math.max(0, document.lineCount - 1), 0)];
			},
		};
		this.disposables.push(
			this.controller,
			service.onDidChange((uri) => this.syncSoon(uri)),
			vscode.commands.registerCommand('corroborate.comments.create', (reply: ReplyArgs) => this.create(reply)),
			vscode.commands.registerCommand('corroborate.comments.reply', (reply: ReplyArgs) => this.reply(reply)),
			vscode.commands.registerCommand('corroborate.comments.edit', (comment: AnnotationComment) => this.startEdit(comment)),
			vscode.commands.registerCommand('corroborate.comments.save', (comment: AnnotationComment) => this.saveEdit(comment)),
			vscode.commands.registerCommand('corroborate.comments.cancel', (comment: AnnotationComment) => this.cancelEdit(comment)),
			vscode.commands.registerCommand('corroborate.comments.delete', (comment: AnnotationComment) => this.delete(comment)),
		);
		for (const uri of service.trackedUris()) this.sync(uri);
	}

	/** Every thread this controller shows on a document, whether or not it is mapped to a note (tests: no duplicates). */
	liveThreadsOf(uri: vscode.Uri): vscode.CommentThread[] {
		return [...this.live].filter((thread) => thread.uri.toString() === uri.toString());
	}

	private disposeThread(thread: vscode.CommentThread): void {
		this.live.delete(thread);
		thread.dispose();
	}

	/** The threads shown on a document (tests read them). */
	threadsOf(uri: vscode.Uri): vscode.CommentThread[] {
		return [...(this.threads.get(uri.toString())?.values() ?? [])];
	}

	/**
	 * Batches rebuilds while typing: every keystroke moves anchors, and each moved thread costs a message to the
	 * workbench; one rebuild per pause is enough (the editor keeps the thread widgets in place meanwhile).
	 */
	private syncSoon(uri: vscode.Uri): void {
		this.pendingSync.add(uri.toString());
		if (this.syncTimer !== undefined) return;
		this.syncTimer = setTimeout(() => {
			this.syncTimer = undefined;
			const keys = [...this.pendingSync];
			this.pendingSync.clear();
			for (const key of keys) this.sync(vscode.Uri.parse(key));
		}, SYNC_DELAY_MS);
	}

	private readonly pendingSync = new Set<string>();
	private syncTimer: ReturnType<typeof setTimeout> | undefined;

	/** Rebuilds a document's threads from its annotations, reusing thread objects so open threads stay open. */
	private sync(uri: vscode.Uri): void {
		const key = uri.toString();
		const document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === key);
		const existing = this.threads.get(key) ?? new Map<string, vscode.CommentThread>();
		const tracked = document ? this.service.annotationsOf(uri) : [];
		const replies = new Map<string, Annotation[]>();
		for (const { annotation } of tracked) {
			const parent = replyTo(annotation);
			if (parent !== undefined) replies.set(parent, [...(replies.get(parent) ?? []), annotation]);
		}
		const wanted = new Map<string, TrackedAnnotation>();
		for (const item of tracked) {
			// Orphans have no span to hang a thread on; they are listed in the Annotations view and Go to Annotation.
			if (replyTo(item.annotation) !== undefined || item.anchor.status === 'orphan') continue;
			if (item.annotation.note === undefined && !replies.has(item.annotation.id)) continue;
			wanted.set(item.annotation.id, item);
		}
		for (const [id, thread] of existing) {
			if (!wanted.has(id)) {
				this.disposeThread(thread);
				existing.delete(id);
			}
		}
		for (const [id, item] of wanted) {
			const { annotation, anchor } = item;
			if (!document || anchor.status === 'orphan') continue;
			const range = new vscode.Range(document.positionAt(anchor.start), document.positionAt(anchor.end));
			const threadReplies = (replies.get(id) ?? []).sort((a, b) => (a.created ?? '').localeCompare(b.created ?? '') || (a.id < b.id ? -1 : 1));
			let thread = existing.get(id);
			if (!thread && this.creating.has(key)) continue;
			const comments = [new AnnotationComment(annotation, uri, true), ...threadReplies.map((reply) => new AnnotationComment(reply, uri, false))];
			if (!thread) {
				thread = this.controller.createCommentThread(uri, range, []);
				this.live.add(thread);
				thread.collapsibleState = vscode.CommentThreadCollapsibleState.Collapsed;
				existing.set(id, thread);
			} else if (!thread.range?.isEqual(range)) {
				thread.range = range;
			}
			thread.canReply = true;
			thread.contextValue = `annotation.${annotation.kind}`;
			thread.label = annotation.label ?? `\u201c${shorten(annotation.target.quote.exact, 60)}\u201d`;
			// Keep a comment that is being edited in edit mode; replace the others only if their content changed.
			const old = thread.comments as readonly AnnotationComment[];
			const same = old.length === comments.length && old.every((comment, i) => comment.annotation === comments[i].annotation || JSON.stringify(comment.annotation) === JSON.stringify(comments[i].annotation));
			if (!same) thread.comments = comments.map((comment) => old.find((o) => o.id === comment.id && o.mode === vscode.CommentMode.Editing && JSON.stringify(o.annotation) === JSON.stringify(comment.annotation)) ?? comment);
		}
		if (existing.size > 0) this.threads.set(key, existing);
		else this.threads.delete(key);
	}

	/** A comment typed into a new (gutter) thread: a note annotation on that range. */
	private async create(reply: ReplyArgs): Promise<AnnotationResult<Annotation>> {
		const { thread, text } = reply;
		const document = await vscode.workspace.openTextDocument(thread.uri);
		const range = thread.range ?? new vscode.Range(0, 0, 0, 0);
		const span = spanOf(document, range);
		const key = document.uri.toString();
		// Until the new note's id is known, a rebuild must not give it a second thread of its own.
		this.creating.set(key, (this.creating.get(key) ?? 0) + 1);
		let result: AnnotationResult<Annotation>;
		try {
			result = await this.service.add(document, span.start, span.end, { kind: 'note', note: text });
		} finally {
			const left = (this.creating.get(key) ?? 1) - 1;
			if (left > 0) this.creating.set(key, left);
			else this.creating.delete(key);
		}
		if (result.ok) {
			// The thread the analyst typed into becomes the note's thread (disposing it under the open comment
			// widget would upset the workbench); sync gives it the saved comment and the annotation's span.
			const threads = this.threads.get(key) ?? new Map<string, vscode.CommentThread>();
			const duplicate = threads.get(result.value.id);
			if (duplicate && duplicate !== thread) this.disposeThread(duplicate);
			threads.set(result.value.id, thread);
			this.live.add(thread);
			this.threads.set(key, threads);
			thread.collapsibleState = vscode.CommentThreadCollapsibleState.Expanded;
			this.sync(document.uri);
		} else {
			void vscode.window.showErrorMessage(`Corroborate: ${result.message}`);
		}
		return result;
	}

	private async reply(reply: ReplyArgs): Promise<AnnotationResult<Annotation>> {
		const { thread, text } = reply;
		const rootId = this.rootIdOf(thread);
		if (rootId === undefined) return this.create(reply);
		const root = this.service.annotationsOf(thread.uri).find((tracked) => tracked.annotation.id === rootId);
		if (!root || root.anchor.status === 'orphan') return { ok: false, message: 'the annotation this thread belongs to is no longer in the document' };
		const document = await vscode.workspace.openTextDocument(thread.uri);
		const result = await this.service.add(document, root.anchor.start, root.anchor.end, { kind: 'note', note: text, tags: [`${REPLY_TAG_PREFIX}${rootId}`] });
		if (!result.ok) void vscode.window.showErrorMessage(`Corroborate: ${result.message}`);
		return result;
	}

	private startEdit(comment: AnnotationComment): void {
		const thread = this.threadOf(comment);
		if (!thread) return;
		thread.comments = thread.comments.map((c) => {
			if ((c as AnnotationComment).id !== comment.id) return c;
			const editing = c as AnnotationComment;
			editing.savedBody = editing.body;
			editing.mode = vscode.CommentMode.Editing;
			return editing;
		});
	}

	private async saveEdit(comment: AnnotationComment): Promise<AnnotationResult<Annotation>> {
		const note = typeof comment.body === 'string' ? comment.body : comment.body.value;
		const result = await this.service.update(comment.documentUri, comment.id, { note });
		if (!result.ok) {
			void vscode.window.showErrorMessage(`Corroborate: ${result.message}`);
			return result;
		}
		const thread = this.threadOf(comment);
		if (thread) {
			comment.mode = vscode.CommentMode.Preview;
			thread.comments = [...thread.comments];
		}
		this.sync(comment.documentUri);
		return result;
	}

	private cancelEdit(comment: AnnotationComment): void {
		const thread = this.threadOf(comment);
		if (!thread) return;
		comment.body = comment.savedBody ?? comment.body;
		comment.mode = vscode.CommentMode.Preview;
		thread.comments = [...thread.comments];
	}

	/** Deleting a reply deletes that annotation; deleting a thread's first comment deletes the annotation and its replies. */
	private async delete(comment: AnnotationComment): Promise<AnnotationResult<Annotation>> {
		const ids = [comment.id];
		if (comment.isThreadRoot) {
			for (const { annotation } of this.service.annotationsOf(comment.documentUri)) if (replyTo(annotation) === comment.id) ids.push(annotation.id);
		}
		const result = await this.service.remove(comment.documentUri, ids);
		if (!result.ok) void vscode.window.showErrorMessage(`Corroborate: ${result.message}`);
		else this.log.info(`Deleted ${ids.length === 1 ? 'annotation' : 'annotations'} ${ids.join(', ')} from a comment thread`);
		return result;
	}

	private rootIdOf(thread: vscode.CommentThread): string | undefined {
		for (const [id, candidate] of this.threads.get(thread.uri.toString()) ?? []) if (candidate === thread) return id;
		return undefined;
	}

	private threadOf(comment: AnnotationComment): vscode.CommentThread | undefined {
		return this.threadsOf(comment.documentUri).find((thread) => thread.comments.some((c) => (c as AnnotationComment).id === comment.id));
	}

	dispose(): void {
		if (this.syncTimer !== undefined) clearTimeout(this.syncTimer);
		for (const thread of this.live) thread.dispose();
		this.live.clear();
		this.threads.clear();
		for (const disposable of this.disposables.splice(0).reverse()) disposable.dispose();
	}
}

/** The offsets a comment range stands for: the range itself, or for an empty (whole-line gutter) range the line's text. */
export function spanOf(document: vscode.TextDocument, range: vscode.Range): { start: number; end: number } {
	if (!range.isEmpty) return { start: document.offsetAt(range.start), end: document.offsetAt(range.end) };
	const line = document.lineAt(range.start.line);
	const first = line.firstNonWhitespaceCharacterIndex;
	const text = line.text.trimEnd();
	if (text.length === 0) {
		// An empty line: the next character, if any, so the annotation still has a quote.
		const start = document.offsetAt(line.range.start);
		return { start, end: Math.min(start + 1, document.getText().length) };
	}
	return { start: document.offsetAt(line.range.start) + first, end: document.offsetAt(line.range.start) + text.length };
}

function shorten(text: string, width: number): string {
	const flat = text.replace(/\s+/g, ' ').trim();
	return flat.length <= width ? flat : `${flat.slice(0, width - 1)}\u2026`;
}
