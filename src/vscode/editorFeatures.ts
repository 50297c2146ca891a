import * as vscode from 'vscode';
import type { Analysis } from '../core/types';
import { type ConflictReport, ConflictReporter, type FindConflictsOptions } from './conflicts';
import { WorkspaceCorpus } from './corpus';
import { DecorationController, DOCUMENT_LANGUAGES, DOCUMENT_SELECTOR, documentLength, isAnalysable } from './decorations';
import { CorroborateHoverProvider, fileName } from './hovers';
import type { HighlightKind } from './present';
import { claimInWords } from './present';
import { groupWithEngine, type QuantityGroup, QuantityService } from './quantities';
import { CorroborateStatusBar } from './statusBar';
import { type ClaimsNode, ClaimsTreeProvider, type EntitiesNode, EntitiesTreeProvider, type RevealArgs } from './views';

/** What the editor features expose through the API object `activate` returns (integration tests use it). */
export interface EditorApi {
	/** Ranges last highlighted in an editor, per kind; undefined if it was never decorated. */
	decorationsOf(editor: vscode.TextEditor): Record<HighlightKind, vscode.Range[]> | undefined;
	/** Redecorates a document's visible editors now instead of after the typing debounce. */
	refreshDecorations(document: vscode.TextDocument): void;
	/** The workspace corpus index. */
	corpus: WorkspaceCorpus;
	/** Quantity groups and conflicts over the corpus. */
	quantities: QuantityService;
	/** The Claims view's data provider. */
	claimsTree: ClaimsTreeProvider;
	/** The Entities view's data provider. */
	entitiesTree: EntitiesTreeProvider;
	/** The Claims tree view (message, badge, reveal). */
	claimsView: vscode.TreeView<ClaimsNode>;
	/** The Entities tree view. */
	entitiesView: vscode.TreeView<EntitiesNode>;
	/** The hover provider (also reachable through `vscode.executeHoverProvider`). */
	hovers: CorroborateHoverProvider;
	/** The status-bar item. */
	statusBar: vscode.StatusBarItem;
	/** Runs Find Conflicting Figures. */
	findConflicts(options?: FindConflictsOptions): Promise<ConflictReport>;
}

/**
 * The editor side of cross-document analysis (issue 5): highlights, hover cards, the Claims and Entities views,
 * Find Conflicting Figures and the status-bar item, over one workspace corpus index.
 */
export class EditorFeatures implements vscode.Disposable {
	readonly api: EditorApi;
	private readonly disposables: vscode.Disposable[] = [];
	private readonly warnedTooLarge = new Set<string>();

	constructor(analysisOf: (document: vscode.TextDocument) => Analysis, log: vscode.LogOutputChannel) {
		const corpus = new WorkspaceCorpus(analysisOf, log);
		const quantities = new QuantityService(corpus, groupWithEngine, log);
		const decorations = new DecorationController(analysisOf, log);
		const hovers = new CorroborateHoverProvider(analysisOf, { corpus, relatedFigures: (uri, claim) => quantities.relatedFigures(uri, claim) });
		const claimsTree = new ClaimsTreeProvider(corpus, quantities);
		const entitiesTree = new EntitiesTreeProvider(corpus);
		const claimsView = vscode.window.createTreeView('corroborate.claims', { treeDataProvider: claimsTree, showCollapseAll: true });
		const entitiesView = vscode.window.createTreeView('corroborate.entities', { treeDataProvider: entitiesTree, showCollapseAll: true });
		const reporter = new ConflictReporter(corpus, quantities, (group) => claimsView.reveal({ kind: 'quantity', group }, { expand: true, select: true, focus: false }));
		const statusBar = new CorroborateStatusBar(analysisOf, corpus, quantities);
		this.disposables.push(corpus, quantities, decorations, claimsTree, entitiesTree, claimsView, entitiesView, reporter, statusBar);

		const updateBadge = () => {
			const conflicts = quantities.conflicts().length;
			claimsView.badge = conflicts > 0 ? { value: conflicts, tooltip: `${conflicts} conflicting ${conflicts === 1 ? 'quantity' : 'quantities'}` } : undefined;
		};
		this.disposables.push(
			vscode.languages.registerHoverProvider(DOCUMENT_SELECTOR, hovers),
			corpus.onDidChange(() => entitiesTree.refresh()),
			quantities.onDidChange(() => {
				claimsTree.refresh();
				updateBadge();
			}),
			vscode.commands.registerCommand('corroborate.findConflicts', async (options?: FindConflictsOptions) => {
				const report = await reporter.run(isOptions(options) ? options : {});
				claimsView.message = report.conflicts.length > 0
					? `${report.conflicts.length} conflicting ${report.conflicts.length === 1 ? 'quantity' : 'quantities'}, ${report.timeShifted.length} time-shifted, across ${corpus.all().length} documents.`
					: `No conflicting figures across ${corpus.all().length} documents.`;
				return report;
			}),
			vscode.commands.registerCommand('corroborate.clearConflicts', () => {
				reporter.clear();
				claimsView.message = undefined;
			}),
			vscode.commands.registerCommand('corroborate.reindex', () => corpus.reindex()),
			vscode.commands.registerCommand('corroborate.revealMention', (uri: string, start: number, end: number) => revealSpan([uri, start, end], {})),
			vscode.commands.registerCommand('corroborate.revealMentionToSide', (node?: ClaimsNode | EntitiesNode) => {
				const args = node && revealArgsOf(node);
				if (args) return revealSpan(args, { viewColumn: vscode.ViewColumn.Beside });
			}),
			vscode.commands.registerCommand('corroborate.copyCanonicalName', (node?: EntitiesNode) => {
				if (node?.kind === 'entity') return vscode.env.clipboard.writeText(node.canonical);
			}),
			vscode.commands.registerCommand('corroborate.showGroupFigures', (node?: ClaimsNode) => {
				if (node?.kind === 'quantity') showGroup(node.group);
			}),
			vscode.workspace.onDidOpenTextDocument((document) => this.warnIfTooLarge(document)),
		);
		for (const document of vscode.workspace.textDocuments) this.warnIfTooLarge(document);
		updateBadge();
		void corpus.reindex();

		this.api = {
			decorationsOf: (editor) => decorations.rangesOf(editor),
			refreshDecorations: (document) => decorations.refreshDocument(document),
			corpus,
			quantities,
			claimsTree,
			entitiesTree,
			claimsView,
			entitiesView,
			hovers,
			statusBar: statusBar.item,
			findConflicts: (options) => Promise.resolve(vscode.commands.executeCommand<ConflictReport>('corroborate.findConflicts', options ?? {})),
		};
	}

	/** A clear message instead of a frozen editor: very large documents are not analysed. */
	private warnIfTooLarge(document: vscode.TextDocument): void {
		if (!DOCUMENT_LANGUAGES.includes(document.languageId) || isAnalysable(document)) return;
		const key = document.uri.toString();
		if (this.warnedTooLarge.has(key)) return;
		this.warnedTooLarge.add(key);
		void vscode.window.showWarningMessage(`Corroborate: ${fileName(document.uri)} is ${(documentLength(document) / 1048576).toFixed(1)} MB, too large to analyse; it is not highlighted or indexed.`);
	}

	dispose(): void {
		for (const disposable of this.disposables.splice(0).reverse()) disposable.dispose();
	}
}

function isOptions(value: unknown): value is FindConflictsOptions {
	return typeof value === 'object' && value !== null && !(value instanceof vscode.Uri);
}

/** Opens a document and selects a span, centred. */
async function revealSpan([uri, start, end]: RevealArgs, options: vscode.TextDocumentShowOptions): Promise<void> {
	const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
	const selection = new vscode.Selection(document.positionAt(start), document.positionAt(end));
	const editor = await vscode.window.showTextDocument(document, { ...options, selection, preserveFocus: false });
	editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

function revealArgsOf(node: ClaimsNode | EntitiesNode): RevealArgs | undefined {
	if (node.kind === 'figure') return [node.figure.uri.toString(), node.figure.claim.start, node.figure.claim.end];
	if (node.kind === 'mention') return [node.document.uri.toString(), node.mention.start, node.mention.end];
	return undefined;
}

/** A quick pick comparing one quantity's figures. */
function showGroup(group: QuantityGroup): void {
	const conflicting = new Set(group.conflictingPairs.flat());
	type Item = vscode.QuickPickItem & { reveal: RevealArgs };
	const items: Item[] = group.members.map((figure, index) => ({
		label: `${conflicting.has(index) ? '$(error)' : '$(check)'} ${claimInWords(figure.claim)}`,
		description: fileName(figure.uri),
		detail: `${figure.published ?? 'date unknown'} \u00b7 ${figure.claim.source ?? 'no source given'} \u00b7 \u201c${figure.claim.text}\u201d`,
		reveal: [figure.uri.toString(), figure.claim.start, figure.claim.end],
	}));
	void vscode.window.showQuickPick(items, { title: group.quantity, placeHolder: 'Choose a figure to open it', matchOnDetail: true }).then((item) => {
		if (item) void vscode.commands.executeCommand('corroborate.revealMention', ...item.reveal);
	});
}
