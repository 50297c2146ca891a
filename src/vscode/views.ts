import * as vscode from 'vscode';
import type { EntityMention, EntityType } from '../core/types';
import type { CorpusDocument, WorkspaceCorpus } from './corpus';
import { fileName, lineOf } from './hovers';
import { claimInWords, entityTypeLabel, formatDate, plural, snippetAround } from './present';
import type { Figure, QuantityGroup, QuantityService } from './quantities';

/** Arguments of `corroborate.revealMention`: document URI (string), start and end offsets. */
export type RevealArgs = [string, number, number];

function revealCommand(uri: vscode.Uri, span: { start: number; end: number }, title = 'Reveal in Document'): vscode.Command {
	const args: RevealArgs = [uri.toString(), span.start, span.end];
	return { command: 'corroborate.revealMention', title, arguments: args };
}

/** Quiet time before a tree repaints, so bursts of corpus and conflict changes cause one refresh. */
const REFRESH_DELAY_MS = 100;

/** Base of the tree providers: one batched, whole-tree refresh per burst of changes. */
abstract class BatchedTreeProvider<T> implements vscode.TreeDataProvider<T>, vscode.Disposable {
	private readonly emitter = new vscode.EventEmitter<T | undefined>();
	readonly onDidChangeTreeData = this.emitter.event;
	private timer: ReturnType<typeof setTimeout> | undefined;
	/** How many refreshes were fired (for tests: proves batching). */
	refreshCount = 0;

	/** Schedules one refresh; further calls before it runs are absorbed. */
	refresh(): void {
		if (this.timer !== undefined) return;
		this.timer = setTimeout(() => {
			this.timer = undefined;
			this.refreshCount++;
			this.emitter.fire(undefined);
		}, REFRESH_DELAY_MS);
	}

	abstract getTreeItem(element: T): vscode.TreeItem;
	abstract getChildren(element?: T): T[];

	dispose(): void {
		if (this.timer !== undefined) clearTimeout(this.timer);
		this.emitter.dispose();
	}
}

/** A node of the Claims view. */
export type ClaimsNode =
	| { kind: 'quantity'; group: QuantityGroup }
	| { kind: 'figure'; group: QuantityGroup | undefined; figure: Figure; conflicting: boolean; document: CorpusDocument | undefined }
	| { kind: 'ungrouped'; documents: number; figures: Figure[] };

/**
 * Claims view: quantity → figures (document, line, conflict badge). Quantities come from the engine's groups;
 * figures that stand alone are listed under one "Other claims" node so the view still shows every claim.
 */
export class ClaimsTreeProvider extends BatchedTreeProvider<ClaimsNode> {
	constructor(
		private readonly corpus: WorkspaceCorpus,
		private readonly quantities: QuantityService,
	) {
		super();
	}

	getChildren(element?: ClaimsNode): ClaimsNode[] {
		if (!element) {
			const groups = this.quantities.groups().filter((group) => group.members.length > 1);
			const grouped = new Set(groups.flatMap((group) => group.members.map((member) => `${member.uri.toString()}#${member.claim.start}`)));
			const loose: Figure[] = [];
			for (const document of this.corpus.all()) {
				for (const claim of document.analysis.claims) {
					if (!grouped.has(`${document.uri.toString()}#${claim.start}`)) loose.push({ uri: document.uri, claim, published: document.analysis.published });
				}
			}
			const nodes: ClaimsNode[] = groups.map((group) => ({ kind: 'quantity', group }));
			if (loose.length > 0) nodes.push({ kind: 'ungrouped', documents: new Set(loose.map((figure) => figure.uri.toString())).size, figures: loose });
			return nodes;
		}
		if (element.kind === 'quantity') {
			const conflicting = new Set(element.group.conflictingPairs.flat());
			return element.group.members.map((figure, index) => ({ kind: 'figure', group: element.group, figure, conflicting: conflicting.has(index), document: this.corpus.get(figure.uri) }));
		}
		if (element.kind === 'ungrouped') {
			return element.figures.map((figure) => ({ kind: 'figure', group: undefined, figure, conflicting: false, document: this.corpus.get(figure.uri) }));
		}
		return [];
	}

	getTreeItem(element: ClaimsNode): vscode.TreeItem {
		if (element.kind === 'quantity') {
			const { group } = element;
			const documents = new Set(group.members.map((member) => member.uri.toString())).size;
			const item = new vscode.TreeItem(group.quantity, group.verdict === 'conflict' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
			item.id = `quantity:${group.id}`;
			item.description = `${group.verdict === 'conflict' ? 'conflict \u00b7 ' : group.verdict === 'time-shifted' ? 'time-shifted \u00b7 ' : ''}${plural(group.members.length, 'figure')} in ${plural(documents, 'document')}`;
			item.iconPath = group.verdict === 'conflict'
				? new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'))
				: group.verdict === 'time-shifted' ? new vscode.ThemeIcon('history') : new vscode.ThemeIcon('check');
			item.contextValue = `quantity.${group.verdict}`;
			item.tooltip = new vscode.MarkdownString(`**${group.quantity}**\n\n${verdictText(group.verdict)}`);
			return item;
		}
		if (element.kind === 'ungrouped') {
			const item = new vscode.TreeItem('Other claims', vscode.TreeItemCollapsibleState.Collapsed);
			item.id = 'ungrouped';
			item.description = `${plural(element.figures.length, 'figure')} in ${plural(element.documents, 'document')}, no match elsewhere`;
			item.iconPath = new vscode.ThemeIcon('symbol-number');
			item.contextValue = 'ungrouped';
			return item;
		}
		const { figure, document } = element;
		const line = document ? lineOf(document.text, figure.claim.start) : undefined;
		const item = new vscode.TreeItem(figure.claim.text.replace(/\s+/g, ' '), vscode.TreeItemCollapsibleState.None);
		item.id = `figure:${element.group?.id ?? 'ungrouped'}:${figure.uri.toString()}#${figure.claim.start}-${figure.claim.end}`;
		item.description = `${fileName(figure.uri)}${line ? `:${line}` : ''}${element.conflicting ? ' \u00b7 conflicts' : ''}`;
		item.resourceUri = figure.uri;
		item.iconPath = element.conflicting ? new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground')) : new vscode.ThemeIcon('symbol-number');
		item.contextValue = element.conflicting ? 'claim.conflict' : 'claim';
		item.tooltip = figureTooltip(figure, document);
		item.command = revealCommand(figure.uri, figure.claim);
		return item;
	}

	/** The parent of a node (needed for `TreeView.reveal`). */
	getParent(element: ClaimsNode): ClaimsNode | undefined {
		if (element.kind !== 'figure') return undefined;
		return element.group ? { kind: 'quantity', group: element.group } : undefined;
	}
}

function verdictText(verdict: QuantityGroup['verdict']): string {
	switch (verdict) {
		case 'conflict': return 'These figures cannot all be true of the same quantity at the same time.';
		case 'time-shifted': return 'The figures differ, but were reported far apart in time.';
		case 'consistent': return 'The figures agree.';
	}
}

function figureTooltip(figure: Figure, document: CorpusDocument | undefined): vscode.MarkdownString {
	const md = new vscode.MarkdownString();
	md.appendMarkdown(`**${claimInWords(figure.claim)}**\n\n`);
	if (figure.claim.source) md.appendMarkdown(`Source: ${figure.claim.source}\n\n`);
	if (figure.published) md.appendMarkdown(`Published: ${formatDate(figure.published)}\n\n`);
	if (document) md.appendMarkdown(`> ${snippetAround(document.text, figure.claim, 160)}\n`);
	return md;
}

/** A node of the Entities view. */
export type EntitiesNode =
	| { kind: 'type'; type: EntityType; entities: number }
	| { kind: 'entity'; type: EntityType; canonical: string; mentions: number; documents: number }
	| { kind: 'document'; canonical: string; document: CorpusDocument; mentions: EntityMention[] }
	| { kind: 'mention'; canonical: string; document: CorpusDocument; mention: EntityMention };

const TYPE_ORDER: readonly EntityType[] = ['PERSON', 'ORG', 'PLACE', 'NORP'];
const TYPE_ICON: Record<EntityType, string> = { PERSON: 'person', ORG: 'organization', PLACE: 'location', NORP: 'account' };

/** Entities view: type → entity → documents → mentions, most-mentioned entities first. */
export class EntitiesTreeProvider extends BatchedTreeProvider<EntitiesNode> {
	constructor(private readonly corpus: WorkspaceCorpus) {
		super();
	}

	/** Entities of a type with their mention and document counts, most mentioned first. */
	private entitiesOf(type: EntityType): { canonical: string; mentions: number; documents: number }[] {
		const result: { canonical: string; mentions: number; documents: number }[] = [];
		for (const [canonical, entries] of this.corpus.entityIndex()) {
			if (entries[0].mentions[0].type !== type) continue;
			result.push({ canonical, mentions: entries.reduce((sum, entry) => sum + entry.mentions.length, 0), documents: entries.length });
		}
		return result.sort((a, b) => b.mentions - a.mentions || a.canonical.localeCompare(b.canonical));
	}

	getChildren(element?: EntitiesNode): EntitiesNode[] {
		if (!element) {
			return TYPE_ORDER.map((type): EntitiesNode => ({ kind: 'type', type, entities: this.entitiesOf(type).length })).filter((node) => node.kind === 'type' && node.entities > 0);
		}
		switch (element.kind) {
			case 'type':
				return this.entitiesOf(element.type).map((entity) => ({ kind: 'entity', type: element.type, ...entity }));
			case 'entity':
				return this.corpus.mentionsOf(element.canonical).map((entry) => ({ kind: 'document', canonical: element.canonical, document: entry.document, mentions: entry.mentions }));
			case 'document':
				return element.mentions.map((mention) => ({ kind: 'mention', canonical: element.canonical, document: element.document, mention }));
			case 'mention':
				return [];
		}
	}

	/** The parent of a node (needed for `TreeView.reveal`); nodes are matched by id, so rebuilt parents do. */
	getParent(element: EntitiesNode): EntitiesNode | undefined {
		switch (element.kind) {
			case 'type':
				return undefined;
			case 'entity':
				return { kind: 'type', type: element.type, entities: this.entitiesOf(element.type).length };
			case 'document': {
				const type = element.mentions[0]?.type ?? 'PERSON';
				const entity = this.entitiesOf(type).find((candidate) => candidate.canonical === element.canonical);
				return entity && { kind: 'entity', type, ...entity };
			}
			case 'mention': {
				const entry = this.corpus.mentionsOf(element.canonical).find((candidate) => candidate.document.uri.toString() === element.document.uri.toString());
				return entry && { kind: 'document', canonical: element.canonical, document: entry.document, mentions: entry.mentions };
			}
		}
	}

	getTreeItem(element: EntitiesNode): vscode.TreeItem {
		switch (element.kind) {
			case 'type': {
				const item = new vscode.TreeItem(entityTypeLabel(element.type), vscode.TreeItemCollapsibleState.Collapsed);
				item.id = `type:${element.type}`;
				item.description = `${element.entities}`;
				item.iconPath = new vscode.ThemeIcon(TYPE_ICON[element.type]);
				item.contextValue = 'entityType';
				return item;
			}
			case 'entity': {
				const item = new vscode.TreeItem(element.canonical, vscode.TreeItemCollapsibleState.Collapsed);
				item.id = `entity:${element.type}:${element.canonical}`;
				item.description = `${plural(element.mentions, 'mention')} \u00b7 ${plural(element.documents, 'document')}`;
				item.iconPath = new vscode.ThemeIcon(TYPE_ICON[element.type]);
				item.contextValue = 'entity';
				item.tooltip = `${element.canonical} (${element.type})`;
				return item;
			}
			case 'document': {
				const item = new vscode.TreeItem(fileName(element.document.uri), vscode.TreeItemCollapsibleState.Collapsed);
				item.id = `entity:${element.canonical}:${element.document.uri.toString()}`;
				item.description = plural(element.mentions.length, 'mention');
				item.resourceUri = element.document.uri;
				item.iconPath = vscode.ThemeIcon.File;
				item.contextValue = 'entityDocument';
				return item;
			}
			case 'mention': {
				const { document, mention } = element;
				const item = new vscode.TreeItem(snippetAround(document.text, mention, 60), vscode.TreeItemCollapsibleState.None);
				item.id = `mention:${element.canonical}:${document.uri.toString()}#${mention.start}`;
				item.description = `line ${lineOf(document.text, mention.start)}`;
				item.tooltip = `${mention.text} \u2014 ${fileName(document.uri)}`;
				item.contextValue = 'mention';
				item.command = revealCommand(document.uri, mention);
				return item;
			}
		}
	}
}

