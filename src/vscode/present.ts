// Pure presentation helpers for the editor adapters: no `vscode` import, so they are unit-tested in plain Node.
import type { Analysis, Bound, Claim, ClaimKind, EntityMention, EntityType, Interval, Span } from '../core/types';

/** The highlight kinds, one decoration type each. */
export type HighlightKind = 'person' | 'organization' | 'place' | 'group' | 'claim';

/** Every highlight kind, in the order decorations are created. */
export const HIGHLIGHT_KINDS: readonly HighlightKind[] = ['person', 'organization', 'place', 'group', 'claim'];

/** The highlight kind of an entity type. */
export function highlightKindOf(type: EntityType): HighlightKind {
	switch (type) {
		case 'PERSON': return 'person';
		case 'ORG': return 'organization';
		case 'PLACE': return 'place';
		case 'NORP': return 'group';
	}
}

/** Human name of an entity type, for hovers and tree labels. */
export function entityTypeLabel(type: EntityType): string {
	switch (type) {
		case 'PERSON': return 'People';
		case 'ORG': return 'Organisations';
		case 'PLACE': return 'Places';
		case 'NORP': return 'Groups';
	}
}

/** Spans to highlight per kind: disabled kinds get none, and nothing inside page chrome is highlighted. */
export function highlightSpans(analysis: Analysis, enabled: ReadonlySet<HighlightKind>): Record<HighlightKind, Span[]> {
	const result: Record<HighlightKind, Span[]> = { person: [], organization: [], place: [], group: [], claim: [] };
	const chrome = mergeSpans(analysis.boilerplate);
	const inChrome = (span: Span) => overlapsAny(chrome, span);
	for (const entity of analysis.entities) {
		const kind = highlightKindOf(entity.type);
		if (enabled.has(kind) && !inChrome(entity)) result[kind].push({ start: entity.start, end: entity.end });
	}
	if (enabled.has('claim')) {
		for (const claim of analysis.claims) if (!inChrome(claim)) result.claim.push({ start: claim.start, end: claim.end });
	}
	return result;
}

/** Sorted, disjoint union of spans (page chrome ranges may nest or touch). */
export function mergeSpans(spans: readonly Span[]): Span[] {
	const sorted = [...spans].sort((a, b) => a.start - b.start);
	const merged: Span[] = [];
	for (const span of sorted) {
		const last = merged.at(-1);
		if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
		else merged.push({ start: span.start, end: span.end });
	}
	return merged;
}

/** Whether `span` overlaps any of `disjoint` (sorted and disjoint); binary search keeps large documents cheap. */
function overlapsAny(disjoint: readonly Span[], span: Span): boolean {
	let lo = 0;
	let hi = disjoint.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (disjoint[mid].end <= span.start) lo = mid + 1;
		else hi = mid;
	}
	return lo < disjoint.length && disjoint[lo].start < span.end;
}

/** What is under the cursor: the innermost claim or entity mention containing `offset` (end inclusive, like a cursor after the last letter). */
export type Target = { kind: 'entity'; entity: EntityMention } | { kind: 'claim'; claim: Claim };

/** The entity or claim at a document offset, preferring the shorter (more specific) one; undefined when there is none. */
export function targetAt(analysis: Analysis, offset: number): Target | undefined {
	let best: Target | undefined;
	let bestLength = Infinity;
	for (const entity of analysis.entities) {
		if (entity.start <= offset && offset < entity.end && entity.end - entity.start < bestLength) {
			best = { kind: 'entity', entity };
			bestLength = entity.end - entity.start;
		}
	}
	// Claims are preferred over an entity only when they are shorter: a figure inside an entity name is rare.
	for (const claim of analysis.claims) {
		if (claim.start <= offset && offset < claim.end && claim.end - claim.start < bestLength) {
			best = { kind: 'claim', claim };
			bestLength = claim.end - claim.start;
		}
	}
	return best;
}

/** Formats a number the way an article would ("240,000", "4.5 million" stays numeric: "4,500,000"). */
export function formatNumber(value: number): string {
	if (!Number.isFinite(value)) return String(value);
	return value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Formats an ISO date ("2015-09-30" → "30 September 2015"; "2015-09" → "September 2015"); other strings are returned as they are. */
export function formatDate(iso: string): string {
	const match = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(iso);
	if (!match) return iso;
	const [, year, month, day] = match;
	const monthName = month ? MONTHS[Number(month) - 1] : undefined;
	if (!monthName) return year;
	return day ? `${Number(day)} ${monthName} ${year}` : `${monthName} ${year}`;
}

function formatBound(bound: Exclude<Bound, null>, kind: ClaimKind): string {
	if (typeof bound === 'string') return formatDate(bound);
	const text = formatNumber(bound);
	return kind === 'percent' ? `${text}%` : text;
}

/** A claim's interval in words: "at least 127", "more than 200,000", "between 20 and 35", "about 240,000". */
export function intervalInWords(value: Interval, kind: ClaimKind = 'count', approx = false): string {
	const { low, high, lowInclusive, highInclusive } = value;
	if (low === null && high === null) return 'an unknown amount';
	if (low !== null && high !== null) {
		if (low === high) return `${approx ? 'about ' : kind === 'date' ? 'on ' : ''}${formatBound(low, kind)}`;
		if (kind === 'date' && lowInclusive && highInclusive) return `between ${formatBound(low, kind)} and ${formatBound(high, kind)}`;
		const from = lowInclusive ? formatBound(low, kind) : `more than ${formatBound(low, kind)}`;
		const to = highInclusive ? formatBound(high, kind) : `less than ${formatBound(high, kind)}`;
		return `${approx ? 'roughly ' : ''}between ${from} and ${to}`;
	}
	if (low !== null) {
		if (kind === 'date') return `${lowInclusive ? 'on or after' : 'after'} ${formatBound(low, kind)}`;
		return `${lowInclusive ? 'at least' : 'more than'} ${formatBound(low, kind)}`;
	}
	const bound = high as Exclude<Bound, null>;
	if (kind === 'date') return `${highInclusive ? 'on or before' : 'before'} ${formatBound(bound, kind)}`;
	return `${highInclusive ? 'at most' : 'fewer than'} ${formatBound(bound, kind)}`;
}

/** A claim's value and what it counts in words: "at least 127 people", "more than 4 years". */
export function claimInWords(claim: Pick<Claim, 'value' | 'kind' | 'approx' | 'counts'>): string {
	const value = intervalInWords(claim.value, claim.kind, claim.approx);
	return claim.counts && claim.kind !== 'date' ? `${value} ${claim.counts}` : value;
}

/** Distinct surface forms, most frequent first (ties alphabetical), for "aliases seen". */
export function aliasesOf(mentions: readonly Pick<EntityMention, 'text'>[]): string[] {
	const counts = new Map<string, number>();
	for (const mention of mentions) {
		const text = mention.text.replace(/\s+/g, ' ').trim();
		counts.set(text, (counts.get(text) ?? 0) + 1);
	}
	return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([text]) => text);
}

/** "1 mention", "3 mentions". */
export function plural(count: number, noun: string, pluralNoun = `${noun}s`): string {
	return `${count} ${count === 1 ? noun : pluralNoun}`;
}

/** Escapes the characters that change inline Markdown (emphasis, code, links, HTML, tables) so names show as written. */
export function escapeMarkdown(text: string): string {
	return text.replace(/[\\`*_[\]<>|~]/g, (c) => `\\${c}`).replace(/\$\(/g, '\\$(');
}

/** One line of a long text, shortened around a span for tree descriptions and quick picks. */
export function snippetAround(text: string, span: Span, width = 80): string {
	const lineStart = text.lastIndexOf('\n', span.start - 1) + 1;
	let lineEnd = text.indexOf('\n', span.end);
	if (lineEnd < 0) lineEnd = text.length;
	let from = lineStart;
	let to = lineEnd;
	if (to - from > width) {
		const half = Math.max(0, Math.floor((width - (span.end - span.start)) / 2));
		from = Math.max(lineStart, span.start - half);
		to = Math.min(lineEnd, span.end + half);
	}
	return `${from > lineStart ? '…' : ''}${text.slice(from, to).trim()}${to < lineEnd ? '…' : ''}`;
}

/** Entity mentions outside page chrome: what highlights, hovers and views count. */
export function articleEntities(analysis: Analysis): EntityMention[] {
	if (analysis.boilerplate.length === 0) return analysis.entities;
	const chrome = mergeSpans(analysis.boilerplate);
	return analysis.entities.filter((entity) => !overlapsAny(chrome, entity));
}

/** Start offsets of every line of a text, for offset → line/character without a TextDocument. */
export function lineStarts(text: string): number[] {
	const starts = [0];
	for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
	return starts;
}

/** Zero-based line and character of an offset, given the text's line starts. */
export function positionIn(starts: readonly number[], offset: number): { line: number; character: number } {
	let lo = 0;
	let hi = starts.length - 1;
	while (lo < hi) {
		const mid = (lo + hi + 1) >> 1;
		if (starts[mid] <= offset) lo = mid;
		else hi = mid - 1;
	}
	return { line: lo, character: offset - starts[lo] };
}
