import * as vscode from 'vscode';
import type { AnnotationContent } from '../core/annotations/edit';
import { ANNOTATION_KINDS, VERDICTS, type Annotation, type AnnotationKind, type Verdict } from '../core/annotations/model';
import type { Analysis } from '../core/types';
import { replyTo, type AnnotationService, type TrackedAnnotation } from './annotations';
import { targetAt } from './present';

/**
 * Arguments the annotation commands accept, so scripts and tests can run them without any prompt. Passing an
 * object makes a command non-interactive: fields it leaves out are left out of the annotation.
 */
export interface AnnotationCommandArgs {
	/** The document (URI or its string); default: the active editor's. */
	uri?: vscode.Uri | string;
	/** The annotation to act on; default: the one at the cursor. */
	id?: string;
	/** Span to annotate (UTF-16 offsets); default: the selection. */
	start?: number;
	end?: number;
	label?: string;
	note?: string;
	/** A verdict, or '' to clear it. */
	verdict?: Verdict | '';
	kind?: AnnotationKind;
	tags?: string[];
	/** Delete Annotation: ask before deleting even though `id` is given (the Annotations view's menu). */
	confirm?: boolean;
}

/** What Go to Annotation lands on. */
export interface GoToResult {
	id: string;
	status: TrackedAnnotation['anchor']['status'];
	range?: vscode.Range;
}

const VERDICT_DESCRIPTIONS: Record<Verdict, string> = {
	supported: 'other sources confirm it',
	disputed: 'sources disagree',
	false: 'shown to be wrong',
	unverified: 'not checked yet',
};

/** The annotation commands: Annotate Selection, Edit Annotation, Delete Annotation, Set Claim Verdict, Go to Annotation. */
export class AnnotationCommands implements vscode.Disposable {
	private readonly disposables: vscode.Disposable[] = [];

	constructor(
		private readonly service: AnnotationService,
		private readonly analysisOf: (document: vscode.TextDocument) => Analysis,
	) {
		this.disposables.push(
			vscode.commands.registerCommand('corroborate.annotateSelection', (args?: unknown) => this.annotate(argsOf(args))),
			vscode.commands.registerCommand('corroborate.editAnnotation', (args?: unknown) => this.edit(argsOf(args))),
			vscode.commands.registerCommand('corroborate.deleteAnnotation', (args?: unknown) => this.delete(argsOf(args))),
			vscode.commands.registerCommand('corroborate.setClaimVerdict', (args?: unknown) => this.setVerdict(argsOf(args))),
			vscode.commands.registerCommand('corroborate.goToAnnotation', (args?: unknown) => this.goTo(argsOf(args))),
			vscode.window.onDidChangeTextEditorSelection((event) => this.updateContext(event.textEditor)),
			vscode.window.onDidChangeActiveTextEditor((editor) => this.updateContext(editor)),
			service.onDidChange((uri) => {
				const editor = vscode.window.activeTextEditor;
				if (editor && editor.document.uri.toString() === uri.toString()) this.updateContext(editor);
			}),
		);
		this.updateContext(vscode.window.activeTextEditor);
	}

	/** Context keys for the editor context menu: whether the cursor is on an annotation, whether the document can be annotated. */
	private updateContext(editor: vscode.TextEditor | undefined): void {
		const document = editor?.document;
		const at = editor && document ? this.service.annotationAt(document.uri, document.offsetAt(editor.selection.active)) : undefined;
		this.setContext('corroborate.annotationAtCursor', at !== undefined);
		this.setContext('corroborate.canAnnotate', document !== undefined && this.service.offersAnnotations(document));
	}

	private readonly contextValues = new Map<string, boolean>();

	/** Sets a context key only when its value changes: the cursor moves far more often than the answer does. */
	private setContext(key: string, value: boolean): void {
		if (this.contextValues.get(key) === value) return;
		this.contextValues.set(key, value);
		void vscode.commands.executeCommand('setContext', key, value);
	}

	/** Annotate Selection: label, note and verdict through quick inputs (or from `args`). Returns the new annotation. */
	private async annotate(args: AnnotationCommandArgs | undefined): Promise<Annotation | undefined> {
		const document = await this.documentOf(args);
		if (!document) return fail('open a document and select the text to annotate.');
		const loaded = await this.service.ensureLoaded(document);
		if (!loaded.ok) return fail(`cannot annotate: ${loaded.message}.`);
		if (loaded.value.status === 'broken') return fail(`cannot annotate: ${brokenText(loaded.value.problems, loaded.value.sidecarUri)}`);
		const span = this.spanFor(document, args);
		if (!span) return fail('select the text to annotate first.');
		const quote = document.getText().slice(span.start, span.end);
		let content: AnnotationContent;
		if (args) {
			content = { kind: args.kind ?? (args.verdict ? 'claim' : args.note ? 'note' : 'highlight'), label: args.label || undefined, note: args.note || undefined, verdict: args.verdict || undefined, tags: args.tags };
		} else {
			const label = await vscode.window.showInputBox({ title: 'Annotate Selection (1/3): label', prompt: `\u201c${shorten(quote, 80)}\u201d`, placeHolder: 'A short label (optional)', ignoreFocusOut: true });
			if (label === undefined) return undefined;
			const note = await vscode.window.showInputBox({ title: 'Annotate Selection (2/3): note', prompt: 'Markdown is fine; leave empty for a plain highlight', placeHolder: 'Note (optional)', ignoreFocusOut: true });
			if (note === undefined) return undefined;
			const isClaim = this.analysisOf(document).claims.some((claim) => claim.start < span.end && span.start < claim.end);
			const verdict = await pickVerdict('Annotate Selection (3/3): verdict', isClaim ? 'This is a numeric claim: how well does it hold up?' : 'For a claim: how well does it hold up? (optional)', true);
			if (verdict === undefined) return undefined;
			content = { kind: verdict ? 'claim' : note ? 'note' : 'highlight', label: label || undefined, note: note || undefined, verdict: verdict || undefined };
		}
		const result = await this.service.add(document, span.start, span.end, content);
		if (!result.ok) return fail(result.message);
		return result.value;
	}

	/** Edit Annotation: label and note (prefilled), or the fields given in `args`. */
	private async edit(args: AnnotationCommandArgs | undefined): Promise<Annotation | undefined> {
		const target = await this.targetOf(args, 'Choose the annotation to edit');
		if (!target) return undefined;
		const { uri, tracked } = target;
		const current = tracked.annotation;
		let changes: AnnotationContent;
		if (args && (args.label !== undefined || args.note !== undefined || args.kind !== undefined || args.tags !== undefined || args.verdict !== undefined)) {
			changes = {};
			if (args.label !== undefined) changes.label = args.label || undefined;
			if (args.note !== undefined) changes.note = args.note || undefined;
			if (args.kind !== undefined) changes.kind = args.kind;
			if (args.tags !== undefined) changes.tags = args.tags;
			if (args.verdict !== undefined) changes.verdict = args.verdict || undefined;
		} else {
			const label = await vscode.window.showInputBox({ title: 'Edit Annotation (1/2): label', value: current.label ?? '', prompt: `\u201c${shorten(current.target.quote.exact, 80)}\u201d`, ignoreFocusOut: true });
			if (label === undefined) return undefined;
			const note = await vscode.window.showInputBox({ title: 'Edit Annotation (2/2): note', value: current.note ?? '', prompt: 'Markdown; empty removes the note', ignoreFocusOut: true });
			if (note === undefined) return undefined;
			changes = { label: label || undefined, note: note || undefined };
		}
		const result = await this.service.update(uri, current.id, changes);
		return result.ok ? result.value : fail(result.message);
	}

	/** Delete Annotation (with its replies); asks for confirmation unless called with `args`. */
	private async delete(args: AnnotationCommandArgs | undefined): Promise<boolean> {
		const target = await this.targetOf(args, 'Choose the annotation to delete');
		if (!target) return false;
		const { uri, tracked } = target;
		const replies = this.service.annotationsOf(uri).filter((other) => replyTo(other.annotation) === tracked.annotation.id).map((other) => other.annotation.id);
		if (!args?.id || args.confirm) {
			const what = tracked.annotation.label ?? `\u201c${shorten(tracked.annotation.target.quote.exact, 50)}\u201d`;
			const choice = await vscode.window.showWarningMessage(`Delete the annotation ${what}${replies.length ? ` and its ${replies.length} repl${replies.length === 1 ? 'y' : 'ies'}` : ''}?`, { modal: true }, 'Delete');
			if (choice !== 'Delete') return false;
		}
		const result = await this.service.remove(uri, [tracked.annotation.id, ...replies]);
		if (!result.ok) fail(result.message);
		return result.ok;
	}

	/**
	 * Set Claim Verdict: on the annotation at the cursor, or else on the selection or the engine's claim at the
	 * cursor (a new claim annotation). Returns the annotation.
	 */
	private async setVerdict(args: AnnotationCommandArgs | undefined): Promise<Annotation | undefined> {
		const document = await this.documentOf(args);
		if (!document) return fail('open a document first.');
		const loaded = await this.service.ensureLoaded(document);
		if (!loaded.ok) return fail(loaded.message);
		let existing: TrackedAnnotation | undefined;
		if (args?.id) existing = this.service.annotationsOf(document.uri).find((t) => t.annotation.id === args.id);
		else {
			const editor = editorOf(document);
			if (editor && editor.selection.isEmpty) existing = this.service.annotationAt(document.uri, document.offsetAt(editor.selection.active));
		}
		if (args?.id && !existing) return fail(`no annotation ${args.id} in ${fileName(document.uri)}.`);
		const verdict = args?.verdict !== undefined ? args.verdict : await pickVerdict('Set Claim Verdict', existing ? `\u201c${shorten(existing.annotation.target.quote.exact, 80)}\u201d` : undefined, Boolean(existing));
		if (verdict === undefined) return undefined;
		if (existing) {
			const changes: AnnotationContent = { verdict: verdict || undefined };
			if (verdict && existing.annotation.kind === 'highlight') changes.kind = 'claim';
			const result = await this.service.update(document.uri, existing.annotation.id, changes);
			return result.ok ? result.value : fail(result.message);
		}
		if (!verdict) return undefined;
		const span = this.spanFor(document, args, true);
		if (!span) return fail('put the cursor on a claim or select it first.');
		if (loaded.value.status === 'broken') return fail(`cannot annotate: ${brokenText(loaded.value.problems, loaded.value.sidecarUri)}`);
		const result = await this.service.add(document, span.start, span.end, { kind: 'claim', verdict });
		return result.ok ? result.value : fail(result.message);
	}

	/** Go to Annotation: a quick pick over the document's annotations, orphans marked with their quotes. */
	private async goTo(args: AnnotationCommandArgs | undefined): Promise<GoToResult | undefined> {
		const document = await this.documentOf(args);
		if (!document) return fail('open a document first.');
		const loaded = await this.service.ensureLoaded(document);
		if (!loaded.ok) return fail(loaded.message);
		const all = this.service.annotationsOf(document.uri).filter((t) => replyTo(t.annotation) === undefined);
		let chosen: TrackedAnnotation | undefined;
		if (args?.id) {
			chosen = all.find((t) => t.annotation.id === args.id);
			if (!chosen) return fail(`no annotation ${args.id} in ${fileName(document.uri)}.`);
		} else {
			if (all.length === 0) {
				void vscode.window.showInformationMessage(loaded.value.status === 'broken' ? `Corroborate: ${brokenText(loaded.value.problems, loaded.value.sidecarUri)}` : `Corroborate: ${fileName(document.uri)} has no annotations yet.`);
				return undefined;
			}
			type Item = vscode.QuickPickItem & { tracked: TrackedAnnotation };
			const items: Item[] = all.map((tracked) => quickPickItem(document, tracked));
			const picked = await vscode.window.showQuickPick(items, { title: `Annotations of ${fileName(document.uri)}`, placeHolder: 'Go to an annotation (orphans: their text is no longer in the document)', matchOnDescription: true, matchOnDetail: true });
			chosen = picked?.tracked;
		}
		if (!chosen) return undefined;
		const { anchor, annotation } = chosen;
		if (anchor.status === 'orphan') {
			void vscode.window.showWarningMessage(`Corroborate: the text of this annotation is no longer in ${fileName(document.uri)} (it was \u201c${shorten(annotation.target.quote.exact, 120)}\u201d). It is kept in the sidecar.`);
			return { id: annotation.id, status: 'orphan' };
		}
		const range = new vscode.Range(document.positionAt(anchor.start), document.positionAt(anchor.end));
		const editor = await vscode.window.showTextDocument(document, { selection: range, preserveFocus: false });
		editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
		return { id: annotation.id, status: anchor.status, range };
	}

	/** The annotation a command acts on: `args.id`, else the one at the cursor, else one picked from the document's. */
	private async targetOf(args: AnnotationCommandArgs | undefined, placeHolder: string): Promise<{ uri: vscode.Uri; tracked: TrackedAnnotation } | undefined> {
		const document = await this.documentOf(args);
		if (!document) return fail('open an annotated document first.');
		const loaded = await this.service.ensureLoaded(document);
		if (!loaded.ok) return fail(loaded.message);
		if (loaded.value.status === 'broken') return fail(brokenText(loaded.value.problems, loaded.value.sidecarUri));
		const all = this.service.annotationsOf(document.uri);
		if (args?.id) {
			const found = all.find((t) => t.annotation.id === args.id);
			return found ? { uri: document.uri, tracked: found } : fail(`no annotation ${args.id} in ${fileName(document.uri)}.`);
		}
		const editor = editorOf(document);
		const atCursor = editor ? this.service.annotationAt(document.uri, document.offsetAt(editor.selection.active)) : undefined;
		if (atCursor) return { uri: document.uri, tracked: atCursor };
		const roots = all.filter((t) => replyTo(t.annotation) === undefined);
		if (roots.length === 0) return fail(`${fileName(document.uri)} has no annotations.`);
		const picked = await vscode.window.showQuickPick(roots.map((tracked) => quickPickItem(document, tracked)), { title: `Annotations of ${fileName(document.uri)}`, placeHolder });
		return picked ? { uri: document.uri, tracked: picked.tracked } : undefined;
	}

	private async documentOf(args: AnnotationCommandArgs | undefined): Promise<vscode.TextDocument | undefined> {
		if (args?.uri) {
			const uri = typeof args.uri === 'string' ? vscode.Uri.parse(args.uri) : args.uri;
			return vscode.workspace.openTextDocument(uri);
		}
		return vscode.window.activeTextEditor?.document;
	}

	/** The span to annotate: args, else the selection, else (when allowed) the engine's claim or entity at the cursor. */
	private spanFor(document: vscode.TextDocument, args: AnnotationCommandArgs | undefined, engineTargetAtCursor = true): { start: number; end: number } | undefined {
		if (args?.start !== undefined && args.end !== undefined) return { start: args.start, end: args.end };
		const editor = editorOf(document);
		if (!editor) return undefined;
		if (!editor.selection.isEmpty) return { start: document.offsetAt(editor.selection.start), end: document.offsetAt(editor.selection.end) };
		if (!engineTargetAtCursor) return undefined;
		const target = targetAt(this.analysisOf(document), document.offsetAt(editor.selection.active));
		if (target?.kind === 'claim') return { start: target.claim.start, end: target.claim.end };
		if (target?.kind === 'entity') return { start: target.entity.start, end: target.entity.end };
		return undefined;
	}

	dispose(): void {
		for (const disposable of this.disposables.splice(0)) disposable.dispose();
	}
}

/** Plain objects are command arguments; a URI (what editor menus pass) or nothing means "use the UI". */
function argsOf(value: unknown): AnnotationCommandArgs | undefined {
	if (!value || typeof value !== 'object' || value instanceof vscode.Uri) return undefined;
	const record = value as Record<string, unknown>;
	// A node of the Annotations view carries the annotation's id and document.
	if (record.kind === 'annotation' && typeof record.id === 'string' && record.uri instanceof vscode.Uri) return { id: record.id, uri: record.uri, confirm: true };
	if (record.kind !== undefined && !ANNOTATION_KINDS.includes(record.kind as AnnotationKind)) return { ...record, kind: undefined } as AnnotationCommandArgs;
	return record as AnnotationCommandArgs;
}

async function pickVerdict(title: string, prompt: string | undefined, allowClear: boolean): Promise<Verdict | '' | undefined> {
	type Item = vscode.QuickPickItem & { verdict: Verdict | '' };
	const items: Item[] = VERDICTS.map((verdict) => ({ label: verdict, description: VERDICT_DESCRIPTIONS[verdict], verdict }));
	if (allowClear) items.unshift({ label: 'No verdict', description: 'not a claim, or no judgement', verdict: '' });
	const picked = await vscode.window.showQuickPick(items, { title, placeHolder: prompt, ignoreFocusOut: true });
	return picked?.verdict;
}

function quickPickItem(document: vscode.TextDocument, tracked: TrackedAnnotation): vscode.QuickPickItem & { tracked: TrackedAnnotation } {
	const { annotation, anchor } = tracked;
	const title = annotation.label ?? (annotation.note ? shorten(annotation.note, 60) : annotation.kind);
	if (anchor.status === 'orphan') {
		return { label: `$(warning) ${title}`, description: `orphan \u00b7 ${annotation.kind}`, detail: `text no longer found: \u201c${shorten(annotation.target.quote.exact, 120)}\u201d`, tracked };
	}
	const line = document.positionAt(anchor.start).line + 1;
	const icon = annotation.kind === 'claim' ? '$(law)' : annotation.kind === 'entity' ? '$(symbol-class)' : annotation.kind === 'highlight' ? '$(symbol-color)' : '$(comment)';
	return {
		label: `${icon} ${title}`,
		description: `line ${line} \u00b7 ${annotation.kind}${annotation.verdict ? ` \u00b7 ${annotation.verdict}` : ''}${anchor.status === 'fuzzy' ? ' \u00b7 text changed' : ''}`,
		detail: `\u201c${shorten(document.getText().slice(anchor.start, anchor.end), 120)}\u201d`,
		tracked,
	};
}

function editorOf(document: vscode.TextDocument): vscode.TextEditor | undefined {
	const active = vscode.window.activeTextEditor;
	if (active?.document === document) return active;
	return vscode.window.visibleTextEditors.find((editor) => editor.document === document);
}

function brokenText(problems: readonly { line: number; column: number; message: string }[], sidecarUri: vscode.Uri): string {
	const first = problems[0];
	return `its sidecar ${vscode.workspace.asRelativePath(sidecarUri)} is malformed${first ? ` (line ${first.line}, column ${first.column}: ${first.message})` : ''}; fix it first — it is left unchanged.`;
}

function fail(message: string): undefined {
	void vscode.window.showErrorMessage(`Corroborate: ${message}`);
	return undefined;
}

function fileName(uri: vscode.Uri): string {
	return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

/** One line, at most `width` characters. */
export function shorten(text: string, width: number): string {
	const flat = text.replace(/\s+/g, ' ').trim();
	return flat.length <= width ? flat : `${flat.slice(0, width - 1)}\u2026`;
}
