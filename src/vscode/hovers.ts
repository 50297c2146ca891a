import * as vscode from 'vscode';
import type { Analysis, Claim, EntityMention } from '../core/types';
import type { WorkspaceCorpus } from './corpus';
import { isAnalysable } from './decorations';
import { aliasesOf, articleEntities, claimInWords, escapeMarkdown, formatDate, plural, targetAt } from './present';

/** Another document's figure for the same quantity, and how it relates to the hovered one. */
export interface RelatedFigure {
	uri: vscode.Uri;
	claim: Claim;
	/** The other document's publication date, if known. */
	published: string | null;
	relation: 'agrees' | 'conflicts' | 'time-shifted';
}

/** Where hovers get what is not in the hovered document itself. */
export interface HoverSources {
	corpus: WorkspaceCorpus;
	/** Other documents' figures for the quantity this claim measures (empty when it stands alone). */
	relatedFigures(uri: vscode.Uri, claim: Claim): RelatedFigure[];
	/** Analyst notes on an entity (by canonical name) or on a span; empty when annotations are unavailable. */
	notesAt?(uri: vscode.Uri, span: { start: number; end: number }, canonical?: string): string[];
}

/** Links per document listed in an entity card; more would make the card scroll. */
const MAX_DOCUMENT_LINKS = 8;

/** Hover cards for entities and claims, built from the cached analysis and the corpus index. */
export class CorroborateHoverProvider implements vscode.HoverProvider {
	constructor(
		private readonly analysisOf: (document: vscode.TextDocument) => Analysis,
		private readonly sources: HoverSources,
	) {}

	provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): vscode.Hover | undefined {
		if (!isAnalysable(document) || token.isCancellationRequested) return undefined;
		const analysis = this.analysisOf(document);
		const target = targetAt(analysis, document.offsetAt(position));
		if (!target || token.isCancellationRequested) return undefined;
		const span = target.kind === 'entity' ? target.entity : target.claim;
		const range = new vscode.Range(document.positionAt(span.start), document.positionAt(span.end));
		const markdown = target.kind === 'entity' ? this.entityCard(document, analysis, target.entity) : this.claimCard(document, target.claim);
		return new vscode.Hover(markdown, range);
	}

	/** Canonical name, type, aliases, mention counts here and across the corpus, links to other documents, notes. */
	entityCard(document: vscode.TextDocument, analysis: Analysis, entity: EntityMention): vscode.MarkdownString {
		const here = articleEntities(analysis).filter((mention) => mention.canonical === entity.canonical);
		const elsewhere = this.sources.corpus.mentionsOf(entity.canonical).filter((entry) => entry.document.uri.toString() !== document.uri.toString());
		const corpusCount = here.length + elsewhere.reduce((sum, entry) => sum + entry.mentions.length, 0);
		const aliases = aliasesOf([...here, ...elsewhere.flatMap((entry) => entry.mentions)]).filter((alias) => alias !== entity.canonical);

		const md = trustedMarkdown();
		md.appendMarkdown(`**${escapeMarkdown(entity.canonical)}** \u00b7 \`${entity.type}\`\n\n`);
		if (aliases.length > 0) md.appendMarkdown(`Also written: ${aliases.slice(0, 8).map((alias) => `*${escapeMarkdown(alias)}*`).join(', ')}${aliases.length > 8 ? ', \u2026' : ''}\n\n`);
		md.appendMarkdown(`${plural(here.length, 'mention')} in this document; ${plural(corpusCount, 'mention')} in ${plural(elsewhere.length + 1, 'document')} of the corpus\n\n`);
		if (elsewhere.length > 0) {
			md.appendMarkdown('Also in:\n');
			for (const entry of elsewhere.slice(0, MAX_DOCUMENT_LINKS)) {
				const first = entry.mentions[0];
				const line = lineOf(entry.document.text, first.start);
				md.appendMarkdown(`- ${revealLink(entry.document.uri, first, `${escapeMarkdown(fileName(entry.document.uri))}:${line}`)} \u2014 ${plural(entry.mentions.length, 'mention')}\n`);
			}
			if (elsewhere.length > MAX_DOCUMENT_LINKS) md.appendMarkdown(`- \u2026and ${plural(elsewhere.length - MAX_DOCUMENT_LINKS, 'more document')}\n`);
			md.appendMarkdown('\n');
		}
		this.appendNotes(md, document.uri, entity, entity.canonical);
		return md;
	}

	/** Value in words, counted noun, source, and the other documents' figures for the same quantity. */
	claimCard(document: vscode.TextDocument, claim: Claim): vscode.MarkdownString {
		const md = trustedMarkdown();
		md.appendMarkdown(`**${escapeMarkdown(claimInWords(claim))}** \u00b7 \`${claim.kind}\`\n\n`);
		const facts: string[] = [];
		facts.push(`Value: ${escapeMarkdown(claimInWords({ ...claim, counts: null }))}${claim.approx ? ' (approximate)' : ''}`);
		facts.push(`Counts: ${claim.counts ? `*${escapeMarkdown(claim.counts)}*` : 'not stated'}`);
		facts.push(`Source: ${claim.source ? escapeMarkdown(claim.source) : 'not attributed'}`);
		md.appendMarkdown(facts.map((fact) => `- ${fact}`).join('\n') + '\n\n');
		const related = this.sources.relatedFigures(document.uri, claim);
		if (related.length > 0) {
			const conflicts = related.filter((figure) => figure.relation === 'conflicts').length;
			md.appendMarkdown(conflicts > 0 ? `$(warning) **${plural(conflicts, 'figure')} elsewhere cannot be true at the same time:**\n` : 'Other documents\u2019 figures for the same quantity:\n');
			for (const figure of related.slice(0, MAX_DOCUMENT_LINKS)) {
				const where = revealLink(figure.uri, figure.claim, `${escapeMarkdown(fileName(figure.uri))}`);
				const when = figure.published ? `, ${escapeMarkdown(formatDate(figure.published))}` : '';
				const source = figure.claim.source ? `, ${escapeMarkdown(figure.claim.source)}` : '';
				md.appendMarkdown(`- ${relationIcon(figure.relation)} ${escapeMarkdown(claimInWords(figure.claim))} (${where}${when}${source}) \u2014 ${relationLabel(figure.relation)}\n`);
			}
			md.appendMarkdown('\n');
		}
		this.appendNotes(md, document.uri, claim);
		return md;
	}

	private appendNotes(md: vscode.MarkdownString, uri: vscode.Uri, span: { start: number; end: number }, canonical?: string): void {
		const notes = this.sources.notesAt?.(uri, span, canonical) ?? [];
		if (notes.length === 0) return;
		md.appendMarkdown('---\n\n**Analyst notes**\n\n');
		// Notes are the analyst's own Markdown: shown as written, but never with command links enabled.
		for (const note of notes) md.appendMarkdown(`- ${note.replace(/\]\(command:/g, '](#')}\n`);
	}
}

function trustedMarkdown(): vscode.MarkdownString {
	// Only our own reveal command may run from a hover link.
	const md = new vscode.MarkdownString('', true);
	md.isTrusted = { enabledCommands: ['corroborate.revealMention'] };
	return md;
}

/** A command link that opens `uri` and selects the span. */
export function revealLink(uri: vscode.Uri, span: { start: number; end: number }, label: string): string {
	const args = encodeURIComponent(JSON.stringify([uri.toString(), span.start, span.end]));
	return `[${label}](command:corroborate.revealMention?${args} "Open ${fileName(uri)}")`;
}

function relationIcon(relation: RelatedFigure['relation']): string {
	return relation === 'conflicts' ? '$(error)' : relation === 'time-shifted' ? '$(history)' : '$(check)';
}

function relationLabel(relation: RelatedFigure['relation']): string {
	return relation === 'conflicts' ? '**conflicts**' : relation === 'time-shifted' ? 'differs, but reported at a different time' : 'agrees';
}

/** The last path segment of a URI. */
export function fileName(uri: vscode.Uri): string {
	return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

/** 1-based line of an offset in a text. */
export function lineOf(text: string, offset: number): number {
	let line = 1;
	for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
	return line;
}
