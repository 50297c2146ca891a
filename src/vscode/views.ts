import * as vscode from 'vscode';
import type { ClaimTreeGroup } from '../core/corpus/corpusIndex';
import type { ClaimRef } from '../core/quantities';
import type { EntityType } from '../core/types';
import type { WorkspaceCorpus } from './corpus';
import { fileName } from './hovers';
import { claimInWords, entityTypeLabel, escapeMarkdown, formatDate, lineStarts, plural, positionIn, snippetAround } from './present';

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
	abstract getChildren(element?: T): T[] | Promise<T[]>;

	dispose(): void {
		if (this.timer !== undefined) clearTimeout(this.timer);
		this.emitter.dispose();
	}
}

/** A node of the Claims view. */
export type ClaimsNode =
	| { kind: 'quantity'; group: ClaimTreeGroup }
	| { kind: 'figure'; group: ClaimTreeGroup; member: ClaimTreeGroup['members'][number] };

/**
 * Claims view: quantity → figures (document, line, conflict badge), for the quantities measured in more than
 * one document; conflicting quantities first. The engine's index computes the tree data.
 */
export class ClaimsTreeProvider extends BatchedTreeProvider<ClaimsNode> {
	constructor(private readonly corpus: WorkspaceCorpus) {
		super();
	}

	getChildren(element?: ClaimsNode): ClaimsNode[] {
		if (!element) return this.corpus.index.claimTree().map((group) => ({ kind: 'quantity', group }));
		if (element.kind === 'quantity') return element.group.members.map((member) => ({ kind: 'figure', group: element.group, member }));
		return [];
	}

	getTreeItem(element: ClaimsNode): vscode.TreeItem {
		if (element.kind === 'quantity') {
			const { group } = element;
			const documents = new Set(group.members.map((member) => member.document)).size;
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
		const { member } = element;
		const uri = vscode.Uri.parse(member.document);
		const claim = member.ref.claim;
		const item = new vscode.TreeItem(claim.text.replace(/\s+/g, ' '), vscode.TreeItemCollapsibleState.None);
		item.id = `figure:${member.id}`;
		item.description = `${fileName(uri)}:${member.line}${member.relation === 'conflict' ? ' \u00b7 conflicts' : member.relation === 'time-shifted' ? ' \u00b7 time-shifted' : ''}`;
		item.resourceUri = uri;
		item.iconPath = member.relation === 'conflict'
			? new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'))
			: member.relation === 'time-shifted' ? new vscode.ThemeIcon('history') : new vscode.ThemeIcon('symbol-number');
		item.contextValue = member.relation === 'conflict' ? 'claim.conflict' : 'claim';
		item.tooltip = figureTooltip(member.ref);
		item.command = revealCommand(uri, claim);
		return item;
	}

	/** The parent of a node (needed for `TreeView.reveal`). */
	getParent(element: ClaimsNode): ClaimsNode | undefined {
		return element.kind === 'figure' ? { kind: 'quantity', group: element.group } : undefined;
	}
}

function verdictText(verdict: ClaimTreeGroup['verdict']): string {
	switch (verdict) {
		case 'conflict': return 'These figures cannot all be true of the same quantity at the same time.';
		case 'time-shifted': return 'The figures differ, but were reported far apart in time.';
		case 'consistent': return 'The figures agree.';
	}
}

function figureTooltip(ref: ClaimRef): vscode.MarkdownString {
	const md = new vscode.MarkdownString();
	md.appendMarkdown(`**${escapeMarkdown(claimInWords(ref.claim))}**\n\n`);
	md.appendMarkdown(`\u201c${escapeMarkdown(ref.claim.text)}\u201d \u2014 ${escapeMarkdown(fileName(vscode.Uri.parse(ref.document)))}, line ${ref.features.line}\n\n`);
	if (ref.claim.source) md.appendMarkdown(`Source: ${escapeMarkdown(ref.claim.source)}\n\n`);
	if (ref.published) md.appendMarkdown(`Published: ${formatDate(ref.published)}\n\n`);
	return md;
}

/** A node of the Entities view. */
export type EntitiesNode =
	| { kind: 'type'; type: EntityType; entities: number }
	| { kind: 'entity'; type: EntityType; canonical: string; mentions: number; documents: number }
	| { kind: 'document'; type: EntityType; canonical: string; uri: vscode.Uri; mentions: number }
	| { kind: 'mention'; type: EntityType; canonical: string; uri: vscode.Uri; mention: { start: number; end: number; text: string }; line: number; snippet: string };

const TYPE_ICON: Record<EntityType, string> = { PERSON: 'person', ORG: 'organization', PLACE: 'location', NORP: 'account' };

/** Entities view: type → entity → documents → mentions, most-mentioned entities first; mentions load on expand. */
export class EntitiesTreeProvider extends BatchedTreeProvider<EntitiesNode> {
	constructor(private readonly corpus: WorkspaceCorpus) {
		super();
	}

	getChildren(element?: EntitiesNode): EntitiesNode[] | Promise<EntitiesNode[]> {
		const index = this.corpus.index;
		if (!element) return index.entityTree().map(({ type, entities }) => ({ kind: 'type', type, entities: entities.length }));
		switch (element.kind) {
			case 'type':
				return (index.entityTree().find((entry) => entry.type === element.type)?.entities ?? [])
					.map((entity) => ({ kind: 'entity', type: element.type, canonical: entity.canonical, mentions: entity.total, documents: entity.documentCount }));
			case 'entity':
				return (index.entity(element.canonical)?.documents ?? [])
					.map((entry) => ({ kind: 'document', type: element.type, canonical: element.canonical, uri: vscode.Uri.parse(entry.document), mentions: entry.count }));
			case 'document':
				return this.mentionsIn(element);
			case 'mention':
				return [];
		}
	}

	/** Every mention in one document, with line and snippet from the document's current text. */
	private async mentionsIn(element: Extract<EntitiesNode, { kind: 'document' }>): Promise<EntitiesNode[]> {
		const text = await this.corpus.readText(element.uri);
		if (text === undefined) return [];
		const mentions = await this.corpus.index.entityMentionsIn(element.canonical, element.uri.toString(), this.corpus.files);
		const starts = lineStarts(text);
		return mentions.map((mention) => ({
			kind: 'mention', type: element.type, canonical: element.canonical, uri: element.uri, mention,
			line: positionIn(starts, mention.start).line + 1, snippet: snippetAround(text, mention, 60),
		}));
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
				const item = new vscode.TreeItem(fileName(element.uri), vscode.TreeItemCollapsibleState.Collapsed);
				item.id = `entity:${element.type}:${element.canonical}:${element.uri.toString()}`;
				item.description = plural(element.mentions, 'mention');
				item.resourceUri = element.uri;
				item.iconPath = vscode.ThemeIcon.File;
				item.contextValue = 'entityDocument';
				return item;
			}
			case 'mention': {
				const item = new vscode.TreeItem(element.snippet, vscode.TreeItemCollapsibleState.None);
				item.id = `mention:${element.canonical}:${element.uri.toString()}#${element.mention.start}`;
				item.description = `line ${element.line}`;
				item.tooltip = `${element.mention.text} \u2014 ${fileName(element.uri)}, line ${element.line}`;
				item.contextValue = 'mention';
				item.command = revealCommand(element.uri, element.mention);
				return item;
			}
		}
	}

	/** The parent of a node (needed for `TreeView.reveal`); nodes are matched by id, so rebuilt parents do. */
	getParent(element: EntitiesNode): EntitiesNode | undefined {
		switch (element.kind) {
			case 'type':
				return undefined;
			case 'entity':
				return { kind: 'type', type: element.type, entities: 0 };
			case 'document':
				return { kind: 'entity', type: element.type, canonical: element.canonical, mentions: 0, documents: 0 };
			case 'mention':
				return { kind: 'document', type: element.type, canonical: element.canonical, uri: element.uri, mentions: 0 };
		}
	}
}
