import * as vscode from 'vscode';
import type { Analysis } from '../core/types';
import { HIGHLIGHT_KINDS, type HighlightKind, highlightSpans } from './present';

/** Languages Corroborate reads: plain text and Markdown articles. */
export const DOCUMENT_LANGUAGES: readonly string[] = ['plaintext', 'markdown'];

/** The document selector hovers and other providers register for. */
export const DOCUMENT_SELECTOR: vscode.DocumentSelector = DOCUMENT_LANGUAGES.map((language) => ({ language }));

/**
 * Open documents longer than this (UTF-16 units) are not analysed live: at the engine's speed (about 5 ms per
 * 10 KB) a longer one would hold the extension host for more than half a second on every pause in typing.
 */
export const MAX_LIVE_ANALYSIS_LENGTH = 1_000_000;

/** Whether Corroborate analyses this document; refuses very large documents so the editor never freezes. */
export function isAnalysable(document: vscode.TextDocument): boolean {
	if (!DOCUMENT_LANGUAGES.includes(document.languageId)) return false;
	if (document.uri.scheme === 'output' || document.uri.scheme === 'vscode-settings') return false;
	return documentLength(document) <= MAX_LIVE_ANALYSIS_LENGTH;
}

/** What a document too long to analyse live yields: no entities, no claims, so every caller stays fast. */
export function emptyAnalysis(): Analysis {
	return { entities: [], claims: [], numbers: [], boilerplate: [], published: null };
}

/** Length in UTF-16 units without copying the text. */
export function documentLength(document: vscode.TextDocument): number {
	return document.offsetAt(document.lineAt(document.lineCount - 1).range.end);
}

const SETTING_OF: Record<HighlightKind, string> = {
	person: 'people',
	organization: 'organizations',
	place: 'places',
	group: 'groups',
	claim: 'claims',
};

/** The decoration style of each kind: entities get a tinted background and underline, claims an outline. */
function decorationOptions(kind: HighlightKind): vscode.DecorationRenderOptions {
	const background = new vscode.ThemeColor(`corroborate.${kind}Background`);
	const border = new vscode.ThemeColor(`corroborate.${kind}Border`);
	if (kind === 'claim') {
		return { backgroundColor: background, border: '1px solid', borderColor: border, borderRadius: '3px', rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed };
	}
	return { backgroundColor: background, borderStyle: 'none none solid none', borderWidth: '0 0 1px 0', borderColor: border, rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed };
}

/** What was last applied to one editor, so an unchanged editor is never redecorated. */
interface Applied {
	version: number;
	generation: number;
	ranges: Record<HighlightKind, vscode.Range[]>;
}

/**
 * Highlights entities and claims in visible editors. One decoration type per kind, created once (colours are
 * theme colours, so a theme change needs nothing); editors are redecorated only when their document version or
 * the highlight settings changed — at once on editor switch, after a short debounce while typing.
 */
export class DecorationController implements vscode.Disposable {
	private readonly types = new Map<HighlightKind, vscode.TextEditorDecorationType>();
	private readonly applied = new WeakMap<vscode.TextEditor, Applied>();
	private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
	private readonly disposables: vscode.Disposable[] = [];
	private enabled = new Set<HighlightKind>();
	private delay = 120;
	/** Bumped when settings change, so every editor is redecorated once. */
	private generation = 0;
	private readonly changed = new vscode.EventEmitter<vscode.TextEditor>();
	/** Fires after an editor's highlights were (re)applied. */
	readonly onDidDecorate = this.changed.event;

	constructor(
		private readonly analysisOf: (document: vscode.TextDocument) => Analysis,
		private readonly log: vscode.LogOutputChannel,
	) {
		for (const kind of HIGHLIGHT_KINDS) this.types.set(kind, vscode.window.createTextEditorDecorationType(decorationOptions(kind)));
		this.readSettings();
		this.disposables.push(
			this.changed,
			vscode.window.onDidChangeVisibleTextEditors((editors) => this.decorateAll(editors)),
			vscode.workspace.onDidChangeTextDocument((event) => {
				if (event.contentChanges.length > 0) this.schedule(event.document);
			}),
			vscode.workspace.onDidCloseTextDocument((document) => this.cancel(document.uri.toString())),
			vscode.workspace.onDidChangeConfiguration((event) => {
				if (!event.affectsConfiguration('corroborate.highlight')) return;
				this.readSettings();
				this.generation++;
				this.decorateAll(vscode.window.visibleTextEditors);
			}),
		);
		this.decorateAll(vscode.window.visibleTextEditors);
	}

	/** The ranges last applied to an editor, per kind (for tests and the API). */
	rangesOf(editor: vscode.TextEditor): Record<HighlightKind, vscode.Range[]> | undefined {
		return this.applied.get(editor)?.ranges;
	}

	/** Redecorates the visible editors of a document now (used after an edit's debounce and by tests). */
	refreshDocument(document: vscode.TextDocument): void {
		this.cancel(document.uri.toString());
		for (const editor of vscode.window.visibleTextEditors) {
			if (editor.document !== document) continue;
			// Forced: the analysis may have changed without a new version (for example the entity registry).
			this.applied.delete(editor);
			this.decorate(editor);
		}
	}

	private readSettings(): void {
		const config = vscode.workspace.getConfiguration('corroborate.highlight');
		this.enabled = new Set(HIGHLIGHT_KINDS.filter((kind) => config.get<boolean>(SETTING_OF[kind], true)));
		this.delay = Math.max(0, config.get<number>('delay', 120));
	}

	private decorateAll(editors: readonly vscode.TextEditor[]): void {
		for (const editor of editors) this.decorate(editor);
	}

	private schedule(document: vscode.TextDocument): void {
		if (!isAnalysable(document)) return;
		if (!vscode.window.visibleTextEditors.some((editor) => editor.document === document)) return;
		const key = document.uri.toString();
		this.cancel(key);
		this.pending.set(key, setTimeout(() => {
			this.pending.delete(key);
			this.refreshDocument(document);
		}, this.delay));
	}

	private cancel(key: string): void {
		const timer = this.pending.get(key);
		if (timer !== undefined) clearTimeout(timer);
		this.pending.delete(key);
	}

	private decorate(editor: vscode.TextEditor): void {
		const document = editor.document;
		const previous = this.applied.get(editor);
		if (previous && previous.version === document.version && previous.generation === this.generation) return;
		if (!isAnalysable(document)) {
			if (previous) this.apply(editor, emptyRanges(), document.version);
			return;
		}
		try {
			const spans = highlightSpans(this.analysisOf(document), this.enabled);
			const ranges = emptyRanges();
			for (const kind of HIGHLIGHT_KINDS) {
				ranges[kind] = spans[kind].map((span) => new vscode.Range(document.positionAt(span.start), document.positionAt(span.end)));
			}
			this.apply(editor, ranges, document.version);
		} catch (error) {
			// An engine bug must not break the editor: log it with its stack and leave the old highlights.
			this.log.error(`Highlighting ${document.uri.toString(true)} failed`, error);
		}
	}

	private apply(editor: vscode.TextEditor, ranges: Record<HighlightKind, vscode.Range[]>, version: number): void {
		for (const kind of HIGHLIGHT_KINDS) editor.setDecorations(this.types.get(kind)!, ranges[kind]);
		this.applied.set(editor, { version, generation: this.generation, ranges });
		this.changed.fire(editor);
	}

	dispose(): void {
		for (const timer of this.pending.values()) clearTimeout(timer);
		this.pending.clear();
		for (const type of this.types.values()) type.dispose();
		for (const disposable of this.disposables.splice(0)) disposable.dispose();
	}
}

function emptyRanges(): Record<HighlightKind, vscode.Range[]> {
	return { person: [], organization: [], place: [], group: [], claim: [] };
}
