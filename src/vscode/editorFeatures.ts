import * as vscode from 'vscode';
import type { ClaimTreeGroup } from '../core/corpus/corpusIndex';
import type { Analysis } from '../core/types';
import { type ConflictReport, ConflictReporter, type FindConflictsOptions } from './conflicts';
import { type CorpusStorage, WorkspaceCorpus } from './corpus';
import { DecorationController, DOCUMENT_LANGUAGES, DOCUMENT_SELECTOR, documentLength, isAnalysable, MAX_LIVE_ANALYSIS_LENGTH } from './decorations';
import { GroupingCommands } from './grouping';
import { CorroborateHoverProvider, fileName } from './hovers';
import { type AnnotationService, replyTo } from './annotations';
import { claimInWords, escapeMarkdown, type HighlightKind } from './present';
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
	/** Grouping corrections (separate a figure, merge quantities). */
	grouping: GroupingCommands;
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

	constructor(analysisOf: (document: vscode.TextDocument) => Analysis, log: vscode.LogOutputChannel, extensionContext?: vscode.ExtensionContext) {
		const storage: CorpusStorage = {
			folder: extensionContext?.storageUri ?? extensionContext?.globalStorageUri,
			version: String((extensionContext?.extension.packageJSON as { version?: string } | undefined)?.version ?? '0'),
		};
		const corpus = new WorkspaceCorpus(analysisOf, log, storage);
		const decorations = new DecorationController(analysisOf, log);
		const hovers = new CorroborateHoverProvider(analysisOf, { corpus });
		const claimsTree = new ClaimsTreeProvider(corpus);
		const entitiesTree = new EntitiesTreeProvider(corpus);
		const claimsView = vscode.window.createTreeView('corroborate.claims', { treeDataProvider: claimsTree, showCollapseAll: true });
		const entitiesView = vscode.window.createTreeView('corroborate.entities', { treeDataProvider: entitiesTree, showCollapseAll: true });
		const reporter = new ConflictReporter(corpus, (groupId) => {
			const node = claimsTree.getChildren().find((candidate) => candidate.kind === 'quantity' && candidate.group.id === groupId);
			return node ? claimsView.reveal(node, { expand: true, select: true, focus: false }) : Promise.resolve();
		});
		const statusBar = new CorroborateStatusBar(analysisOf, corpus);
		const grouping = new GroupingCommands(corpus);
		this.disposables.push(grouping, corpus, decorations, claimsTree, entitiesTree, claimsView, entitiesView, reporter, statusBar);

		const updateBadge = () => {
			const conflicts = corpus.index.conflicts().filter((conflict) => conflict.verdict === 'conflict').length;
			claimsView.badge = conflicts > 0 ? { value: conflicts, tooltip: `${conflicts} conflicting ${conflicts === 1 ? 'quantity' : 'quantities'}` } : undefined;
		};
		this.disposables.push(
			vscode.languages.registerHoverProvider(DOCUMENT_SELECTOR, hovers),
			corpus.onDidChange(() => {
				entitiesTree.refresh();
				claimsTree.refresh();
				updateBadge();
			}),
			vscode.commands.registerCommand('corroborate.findConflicts', async (options?: FindConflictsOptions) => {
				const report = await reporter.run(isOptions(options) ? options : {});
				claimsView.message = report.conflicts.length > 0
					? `${report.conflicts.length} conflicting ${report.conflicts.length === 1 ? 'quantity' : 'quantities'}, ${report.timeShifted.length} time-shifted, across ${corpus.index.paths().length} documents.`
					: `No conflicting figures across ${corpus.index.paths().length} documents.`;
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
			claimsTree,
			entitiesTree,
			claimsView,
			entitiesView,
			hovers,
			statusBar: statusBar.item,
			grouping,
			findConflicts: (options) => Promise.resolve(vscode.commands.executeCommand<ConflictReport>('corroborate.findConflicts', options ?? {})),
		};
	}

	/** Shows analysts' annotations (notes, labels, verdicts) on hover cards; called once annotations are built. */
	useAnnotations(service: Pick<AnnotationService, 'annotationsOf'>): void {
		this.api.hovers.sources.notesOn = (uri, spans) => service.annotationsOf(uri).flatMap(({ annotation, anchor }) => {
			if (anchor.status === 'orphan' || replyTo(annotation) !== undefined) return [];
			if (!spans.some((span) => anchor.start < span.end && span.start < anchor.end)) return [];
			const parts = [annotation.label && `**${escapeMarkdown(annotation.label)}**`, annotation.verdict && `*${annotation.verdict}*`, annotation.note].filter(Boolean);
			return parts.length > 0 ? [parts.join(' \u2014 ')] : [];
		});
	}

	/** A clear message instead of a frozen editor: very large documents are not analysed. */
	private warnIfTooLarge(document: vscode.TextDocument): void {
		if (!DOCUMENT_LANGUAGES.includes(document.languageId) || isAnalysable(document)) return;
		const key = document.uri.toString();
		if (this.warnedTooLarge.has(key)) return;
		this.warnedTooLarge.add(key);
		void vscode.window.showWarningMessage(`Corroborate: ${fileName(document.uri)} has ${(documentLength(document) / 1e6).toFixed(1)} million characters, too many to analyse while editing (the limit is ${MAX_LIVE_ANALYSIS_LENGTH / 1e6} million); it is not highlighted.`);
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
	if (node.kind === 'figure') return [node.member.document, node.member.ref.claim.start, node.member.ref.claim.end];
	if (node.kind === 'mention') return [node.uri.toString(), node.mention.start, node.mention.end];
	return undefined;
}

/** A quick pick comparing one quantity's figures. */
function showGroup(group: ClaimTreeGroup): void {
	type Item = vscode.QuickPickItem & { reveal: RevealArgs };
	const items: Item[] = group.members.map((member) => ({
		label: `${member.relation === 'conflict' ? '$(error)' : member.relation === 'time-shifted' ? '$(history)' : '$(check)'} ${claimInWords(member.ref.claim)}`,
		description: `${fileName(vscode.Uri.parse(member.document))}:${member.line}`,
		detail: `${member.ref.published ?? 'date unknown'} \u00b7 ${member.ref.claim.source ?? 'no source given'} \u00b7 \u201c${member.ref.claim.text}\u201d`,
		reveal: [member.document, member.ref.claim.start, member.ref.claim.end],
	}));
	void vscode.window.showQuickPick(items, { title: group.quantity, placeHolder: 'Choose a figure to open it', matchOnDetail: true }).then((item) => {
		if (item) void vscode.commands.executeCommand('corroborate.revealMention', ...item.reveal);
	});
}
