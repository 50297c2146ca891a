import * as vscode from 'vscode';
import { ANNOTATION_KINDS, type AnnotationKind } from '../core/annotations/model';
import type { Analysis } from '../core/types';
import { replyTo, type AnnotationService, type TrackedAnnotation } from './annotations';
import { escapeMarkdown } from './present';

/** Quiet time after a change before editors are redecorated, so typing causes one repaint per pause. */
const DECORATE_DELAY_MS = 60;

/** The theme colour ids of one annotation kind (declared under contributes.colors). */
function colorIds(kind: AnnotationKind): { background: string; border: string } {
	const name = kind[0].toUpperCase() + kind.slice(1);
	return { background: `corroborate.annotation${name}Background`, border: `corroborate.annotation${name}Border` };
}

/** Annotated spans: a tinted background and a dotted underline, so they stay visible over the engine's highlights. */
function decorationOptions(kind: AnnotationKind): vscode.DecorationRenderOptions {
	const { background, border } = colorIds(kind);
	return {
		backgroundColor: new vscode.ThemeColor(background),
		borderStyle: 'none none dotted none',
		borderWidth: '0 0 2px 0',
		borderColor: new vscode.ThemeColor(border),
		overviewRulerColor: new vscode.ThemeColor(border),
		overviewRulerLane: vscode.OverviewRulerLane.Left,
		rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
	};
}

/** The hover of an annotated span: label, verdict and note. */
export function annotationHover(tracked: TrackedAnnotation): vscode.MarkdownString {
	const { annotation, anchor } = tracked;
	const md = new vscode.MarkdownString(undefined, true);
	md.appendMarkdown(`**${escapeMarkdown(annotation.label ?? capitalise(annotation.kind))}**`);
	if (annotation.verdict) md.appendMarkdown(` \u00b7 verdict: *${annotation.verdict}*`);
	if (anchor.status === 'fuzzy') md.appendMarkdown(` \u00b7 $(warning) text changed since it was annotated (was \u201c${escapeMarkdown(annotation.target.quote.exact)}\u201d)`);
	if (annotation.note) md.appendMarkdown(`\n\n${annotation.note}`);
	if (annotation.author || annotation.modified) md.appendMarkdown(`\n\n*${[annotation.author, annotation.modified?.slice(0, 10)].filter(Boolean).join(', ')}*`);
	return md;
}

function capitalise(text: string): string {
	return text[0].toUpperCase() + text.slice(1);
}

/**
 * Decorates annotated spans in visible editors. One decoration type per annotation kind, created once, with
 * theme colours; an editor is redecorated when its document's annotations change or it becomes visible.
 */
export class AnnotationDecorations implements vscode.Disposable {
	private readonly types = new Map<AnnotationKind, vscode.TextEditorDecorationType>();
	private readonly applied = new WeakMap<vscode.TextEditor, Record<AnnotationKind, vscode.Range[]>>();
	private readonly pending = new Set<string>();
	private timer: ReturnType<typeof setTimeout> | undefined;
	private readonly disposables: vscode.Disposable[] = [];

	constructor(
		private readonly service: AnnotationService,
		private readonly analysisOf?: (document: vscode.TextDocument) => Analysis,
	) {
		for (const kind of ANNOTATION_KINDS) this.types.set(kind, vscode.window.createTextEditorDecorationType(decorationOptions(kind)));
		this.disposables.push(
			service.onDidChange((uri) => this.schedule(uri)),
			vscode.window.onDidChangeVisibleTextEditors((editors) => editors.forEach((editor) => this.decorate(editor))),
		);
		vscode.window.visibleTextEditors.forEach((editor) => this.decorate(editor));
	}

	/** Ranges last applied to an editor, per kind (tests read them). */
	rangesOf(editor: vscode.TextEditor): Record<AnnotationKind, vscode.Range[]> | undefined {
		return this.applied.get(editor);
	}

	/** Redecorates a document's editors now (tests and commands that want the result at once). */
	refresh(uri: vscode.Uri): void {
		for (const editor of vscode.window.visibleTextEditors) if (editor.document.uri.toString() === uri.toString()) this.decorate(editor);
	}

	private schedule(uri: vscode.Uri): void {
		this.pending.add(uri.toString());
		if (this.timer !== undefined) return;
		this.timer = setTimeout(() => {
			this.timer = undefined;
			const keys = new Set(this.pending);
			this.pending.clear();
			for (const editor of vscode.window.visibleTextEditors) if (keys.has(editor.document.uri.toString())) this.decorate(editor);
		}, DECORATE_DELAY_MS);
	}

	private decorate(editor: vscode.TextEditor): void {
		const byKind = Object.fromEntries(ANNOTATION_KINDS.map((kind) => [kind, [] as vscode.DecorationOptions[]])) as Record<AnnotationKind, vscode.DecorationOptions[]>;
		const document = editor.document;
		// Where the engine found an entity or a claim, its hover card already lists the notes: no second hover there.
		const analysis = this.analysisOf?.(document);
		const engineSpans = analysis ? [...analysis.entities, ...analysis.claims] : [];
		for (const tracked of this.service.annotationsOf(document.uri)) {
			const { anchor, annotation } = tracked;
			// Replies share their thread's span: one decoration for the span is enough.
			if (anchor.status === 'orphan' || replyTo(annotation) !== undefined) continue;
			const range = new vscode.Range(document.positionAt(anchor.start), document.positionAt(anchor.end));
			const coveredByCard = engineSpans.some((span) => span.start < anchor.end && anchor.start < span.end);
			byKind[annotation.kind].push(coveredByCard ? { range } : { range, hoverMessage: annotationHover(tracked) });
		}
		const applied = {} as Record<AnnotationKind, vscode.Range[]>;
		for (const kind of ANNOTATION_KINDS) {
			editor.setDecorations(this.types.get(kind) as vscode.TextEditorDecorationType, byKind[kind]);
			applied[kind] = byKind[kind].map((option) => option.range);
		}
		this.applied.set(editor, applied);
	}

	dispose(): void {
		if (this.timer !== undefined) clearTimeout(this.timer);
		for (const type of this.types.values()) type.dispose();
		for (const disposable of this.disposables.splice(0)) disposable.dispose();
	}
}
