import * as vscode from 'vscode';
import type { Relation } from '../core/conflicts';
import type { Analysis, Claim, EntityMention } from '../core/types';
import type { WorkspaceCorpus } from './corpus';
import { isAnalysable } from './decorations';
import { aliasesOf, articleEntities, claimInWords, escapeMarkdown, formatDate, plural, targetAt } from './present';

/** Where hovers get what is not in the hovered document itself. */
export interface HoverSources {
	corpus: WorkspaceCorpus;
	/** Analysts' notes (Markdown) on any of the spans; empty when annotations are unavailable. */
	notesOn?(uri: vscode.Uri, spans: readonly { start: number; end: number }[]): string[];
}

/** Links per document listed in an entity card; more would make the card scroll. */
const MAX_DOCUMENT_LINKS = 8;

/** Hover cards for entities and claims, built from the cached analysis and the corpus index. */
export class CorroborateHoverProvider implements vscode.HoverProvider {
	constructor(
		private readonly analysisOf: (document: vscode.TextDocument) => Analysis,
		readonly sources: HoverSources,
	) {}

	provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): vscode.Hover | undefined {
		if (!isAnalysable(document) || token.isCancellationRequested) return undefined;
		const analysis = this.analysisOf(document);
		const target = targetAt(analysis, document.offsetAt(position));
		if (!target || token.isCancellationRequested) return undefined;
		const span = target.kind === 'entity' ? target.entity : target.claim;
		const range = new vscode.Range(document.positionAt(span.start), document.positionAt(span.end));
		const markdown = target.kind === 'entity' ? this.entityCard(document, analysis, target.entity) : this.claimCard(document, analysis, target.claim);
		return new vscode.Hover(markdown, range);
	}

	/** Canonical name, type, aliases, mention counts here and across the corpus, links to other documents, notes. */
	entityCard(document: vscode.TextDocument, analysis: Analysis, entity: EntityMention): vscode.MarkdownString {
		const here = articleEntities(analysis).filter((mention) => mention.canonical === entity.canonical);
		const summary = this.sources.corpus.index.entity(entity.canonical);
		const elsewhere = (summary?.documents ?? []).filter((entry) => entry.document !== document.uri.toString());
		const corpusCount = here.length + elsewhere.reduce((sum, entry) => sum + entry.count, 0);
		const aliases = [...new Set([...aliasesOf(here), ...(summary?.aliases ?? [])])].filter((alias) => alias !== entity.canonical);

		const md = trustedMarkdown();
		md.appendMarkdown(`**${escapeMarkdown(entity.canonical)}** \u00b7 \`${entity.type}\`\n\n`);
		if (aliases.length > 0) md.appendMarkdown(`Also written: ${aliases.slice(0, 8).map((alias) => `*${escapeMarkdown(alias)}*`).join(', ')}${aliases.length > 8 ? ', \u2026' : ''}\n\n`);
		md.appendMarkdown(`${plural(here.length, 'mention')} in this document; ${plural(corpusCount, 'mention')} in ${plural(elsewhere.length + 1, 'document')} of the corpus\n\n`);
		if (elsewhere.length > 0) {
			md.appendMarkdown('Also in:\n');
			for (const entry of elsewhere.slice(0, MAX_DOCUMENT_LINKS)) {
				const uri = vscode.Uri.parse(entry.document);
				md.appendMarkdown(`- ${revealLink(uri, entry.first, escapeMarkdown(fileName(uri)))} \u2014 ${plural(entry.count, 'mention')}\n`);
			}
			if (elsewhere.length > MAX_DOCUMENT_LINKS) md.appendMarkdown(`- \u2026and ${plural(elsewhere.length - MAX_DOCUMENT_LINKS, 'more document')}\n`);
			md.appendMarkdown('\n');
		}
		// Notes on any mention of this entity in the document belong on its card.
		this.appendNotes(md, document.uri, here.length > 0 ? here : [entity]);
		return md;
	}

	/** Value in words, counted noun, source, and the other documents' figures for the same quantity. */
	claimCard(document: vscode.TextDocument, analysis: Analysis, claim: Claim): vscode.MarkdownString {
		const md = trustedMarkdown();
		md.appendMarkdown(`**${escapeMarkdown(claimInWords(claim))}** \u00b7 \`${claim.kind}\`\n\n`);
		const facts: string[] = [];
		facts.push(`Value: ${escapeMarkdown(claimInWords({ ...claim, counts: null }))}${claim.approx ? ' (approximate)' : ''}`);
		facts.push(`Counts: ${claim.counts ? `*${escapeMarkdown(claim.counts)}*` : 'not stated'}`);
		facts.push(`Source: ${claim.source ? escapeMarkdown(claim.source) : 'not attributed'}`);
		md.appendMarkdown(facts.map((fact) => `- ${fact}`).join('\n') + '\n\n');
		const corpus = this.sources.corpus;
		// The index must hold this version's claims for the claim index to mean the same claim.
		corpus.syncOpen(document);
		const related = corpus.has(document.uri) ? corpus.index.relatedFigures(document.uri.toString(), analysis.claims.indexOf(claim)) : undefined;
		const figures = related?.figures ?? [];
		if (related && figures.length > 0) {
			const conflicts = figures.filter((figure) => figure.relation === 'conflict').length;
			md.appendMarkdown(`Quantity: *${escapeMarkdown(related.group.quantity)}*\n\n`);
			md.appendMarkdown(conflicts > 0 ? `$(warning) **${plural(conflicts, 'figure')} elsewhere cannot be true at the same time:**\n` : 'Other documents\u2019 figures for the same quantity:\n');
			for (const figure of figures.slice(0, MAX_DOCUMENT_LINKS)) {
				const uri = vscode.Uri.parse(figure.ref.document);
				const where = revealLink(uri, figure.ref.claim, escapeMarkdown(fileName(uri)));
				const when = figure.ref.published ? `, ${escapeMarkdown(formatDate(figure.ref.published))}` : '';
				const source = figure.ref.claim.source ? `, ${escapeMarkdown(figure.ref.claim.source)}` : '';
				md.appendMarkdown(`- ${relationIcon(figure.relation)} ${escapeMarkdown(claimInWords(figure.ref.claim))} (${where}${when}${source}) \u2014 ${relationLabel(figure.relation)}\n`);
			}
			if (figures.length > MAX_DOCUMENT_LINKS) md.appendMarkdown(`- \u2026and ${plural(figures.length - MAX_DOCUMENT_LINKS, 'more figure')}\n`);
			md.appendMarkdown('\n');
		}
		this.appendNotes(md, document.uri, [claim]);
		return md;
	}

	private appendNotes(md: vscode.MarkdownString, uri: vscode.Uri, spans: readonly { start: number; end: number }[]): void {
		const notes = this.sources.notesOn?.(uri, spans) ?? [];
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

function relationIcon(relation: Relation): string {
	return relation === 'conflict' ? '$(error)' : relation === 'time-shifted' ? '$(history)' : relation === 'undated' ? '$(question)' : '$(check)';
}

function relationLabel(relation: Relation): string {
	switch (relation) {
		case 'conflict': return '**conflicts**';
		case 'time-shifted': return 'differs, but reported at a different time';
		case 'undated': return 'differs; cannot tell whether at the same time (no date)';
		case 'agree': return 'agrees';
	}
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
