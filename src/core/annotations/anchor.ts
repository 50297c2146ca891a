/**
 * Anchoring: finding an annotation's text again after the document changed.
 * Resolution order: the stored position if the text there still equals the quote ('exact'); else an exact
 * occurrence of the quote chosen by its prefix/suffix context and nearness ('moved'); else a bounded
 * approximate match ('fuzzy'); else 'orphan' — never silently dropped or moved onto other words.
 */
import approxSearch from 'approx-string-match';
import type { AnnotationTarget } from './model';

/** Characters of context stored either side of a quote. */
export const CONTEXT_LENGTH = 32;

/** How an annotation was found in the current text. */
export type AnchorStatus = 'exact' | 'moved' | 'fuzzy' | 'orphan';

/** Where an annotation is now; `start`/`end` are null for an orphan. */
export type Anchor = { status: 'exact' | 'moved' | 'fuzzy'; start: number; end: number } | { status: 'orphan'; start: null; end: null };

/** Limits of the approximate search; quotes outside them are orphaned rather than guessed. */
export interface FuzzyOptions {
	/** Shorter quotes are never fuzzy-matched: a few letters match too many other words. */
	minQuoteLength: number;
	/** Longer quotes are not fuzzy-matched, to bound the cost. */
	maxQuoteLength: number;
	/** Errors allowed, as a fraction of the quote's length. */
	maxErrorRatio: number;
}

/** Defaults chosen so that a fuzzy match is still recognisably the same passage. */
export const DEFAULT_FUZZY: FuzzyOptions = { minQuoteLength: 12, maxQuoteLength: 4000, maxErrorRatio: 0.2 };

/** Builds a target (quote with context, and position) for the span [start, end) of `text`. */
export function makeTarget(text: string, start: number, end: number): AnnotationTarget {
	return {
		quote: { exact: text.slice(start, end), prefix: text.slice(Math.max(0, start - CONTEXT_LENGTH), start), suffix: text.slice(end, end + CONTEXT_LENGTH) },
		position: { start, end },
	};
}

/** Resolves one target against the current text. Never throws for any target or text. */
export function resolveAnchor(text: string, target: AnnotationTarget, fuzzy: FuzzyOptions = DEFAULT_FUZZY): Anchor {
	const { exact } = target.quote;
	const { start } = target.position;
	if (exact.length === 0) return orphan();
	if (start >= 0 && text.startsWith(exact, start) && target.position.end === start + exact.length) {
		return { status: 'exact', start, end: start + exact.length };
	}
	const moved = bestExactOccurrence(text, target);
	if (moved !== null) return { status: 'moved', start: moved, end: moved + exact.length };
	const near = fuzzyMatch(text, target, fuzzy);
	return near ?? orphan();
}

/** Resolves many targets; same as mapping resolveAnchor, kept for a single call site in adapters. */
export function resolveAnchors(text: string, targets: readonly AnnotationTarget[], fuzzy: FuzzyOptions = DEFAULT_FUZZY): Anchor[] {
	return targets.map((target) => resolveAnchor(text, target, fuzzy));
}

/**
 * The target to store after resolution: for exact and moved anchors the position and context are refreshed;
 * a fuzzy anchor keeps its original quote (the analyst quoted that) with the new position; an orphan is unchanged.
 */
export function retarget(text: string, target: AnnotationTarget, anchor: Anchor): AnnotationTarget {
	if (anchor.status === 'orphan') return target;
	if (anchor.status === 'fuzzy') return { quote: target.quote, position: { start: anchor.start, end: anchor.end } };
	return makeTarget(text, anchor.start, anchor.end);
}

function orphan(): Anchor {
	return { status: 'orphan', start: null, end: null };
}

/** Length of the common suffix of a and b. */
function commonSuffix(a: string, b: string): number {
	let n = 0;
	while (n < a.length && n < b.length && a.charCodeAt(a.length - 1 - n) === b.charCodeAt(b.length - 1 - n)) n++;
	return n;
}

/** Length of the common prefix of a and b. */
function commonPrefix(a: string, b: string): number {
	let n = 0;
	while (n < a.length && n < b.length && a.charCodeAt(n) === b.charCodeAt(n)) n++;
	return n;
}

/** How well the text around [start, end) matches the stored prefix and suffix, in matching characters. */
function contextScore(text: string, target: AnnotationTarget, start: number, end: number): number {
	const { prefix, suffix } = target.quote;
	const before = text.slice(Math.max(0, start - prefix.length), start);
	const after = text.slice(end, end + suffix.length);
	return commonSuffix(prefix, before) + commonPrefix(suffix, after);
}

/**
 * The start of the exact occurrence of the quote with the best context, ties broken by nearness to the
 * old position; null when the quote does not occur. Context outweighs distance: a passage that moved far
 * keeps its surroundings, while a nearer copy of a short quote usually does not.
 */
function bestExactOccurrence(text: string, target: AnnotationTarget): number | null {
	const fast = nearestWithFullContext(text, target);
	if (fast !== null) return fast;
	const best = scanAllOccurrences(text, target);
	if (best === null) return null;
	// A short quote found somewhere else without any of its surroundings is probably other words that
	// happen to be the same ("Putin", "46"): leave it to the (labelled) fuzzy step or orphan it.
	const { exact, prefix, suffix } = target.quote;
	const needed = Math.min(MIN_CONTEXT_FOR_MOVE, Math.floor((prefix.length + suffix.length) / 4));
	if (exact.length < LONG_QUOTE && contextScore(text, target, best, best + exact.length) < needed) return null;
	return best;
}

/** Context characters a short quote must keep to count as moved rather than lost. */
const MIN_CONTEXT_FOR_MOVE = 8;
/** Quotes at least this long are distinctive enough to be moved on their own. */
const LONG_QUOTE = 32;

/**
 * Fast path for the usual case, text inserted or deleted elsewhere: the nearest occurrence on each side of the
 * old position, if its whole stored context still matches, is the best one (no other can score higher, and
 * only a nearer one with full context could tie). Costs about the distance moved instead of a whole-text scan.
 */
function nearestWithFullContext(text: string, target: AnnotationTarget): number | null {
	const { exact, prefix, suffix } = target.quote;
	const full = prefix.length + suffix.length;
	const old = Math.min(Math.max(0, target.position.start), text.length);
	const after = text.indexOf(exact, old);
	// Only an occurrence before `old` at most as far as `after` can compete: search just that stretch.
	const before = after === -1 ? text.lastIndexOf(exact, old - 1) : lastOccurrenceIn(text, exact, Math.max(0, old - (after - old)), old - 1);
	const afterOk = after !== -1 && contextScore(text, target, after, after + exact.length) === full;
	const beforeOk = before !== -1 && before < old && contextScore(text, target, before, before + exact.length) === full;
	if (beforeOk && (!afterOk || old - before <= after - old)) {
		// A nearer occurrence without full context could still beat a far full one only by context, which it lacks.
		return after !== -1 && !afterOk && after - old < old - before ? null : before;
	}
	if (afterOk) return before !== -1 && before < old && !beforeOk && old - before < after - old ? null : after;
	return null;
}

/** The last occurrence of `needle` starting within [from, to], or -1. */
function lastOccurrenceIn(text: string, needle: string, from: number, to: number): number {
	if (to < from) return -1;
	let found = -1;
	for (let at = text.indexOf(needle, from); at !== -1 && at <= to; at = text.indexOf(needle, at + 1)) found = at;
	return found;
}

/** Scores every occurrence of the quote; the general case. */
function scanAllOccurrences(text: string, target: AnnotationTarget): number | null {
	const { exact } = target.quote;
	const old = target.position.start;
	let best: number | null = null;
	let bestScore = -Infinity;
	for (let at = text.indexOf(exact); at !== -1; at = text.indexOf(exact, at + 1)) {
		// Distance costs less than one context character across the whole document.
		const score = contextScore(text, target, at, at + exact.length) - Math.abs(at - old) / (text.length + 1);
		if (score > bestScore) {
			bestScore = score;
			best = at;
		}
	}
	return best;
}

/**
 * A bounded approximate match of the quote: fewest errors, then best context, then nearest. A short quote
 * must keep some of its surroundings, as for a move: without them a near-identical phrase elsewhere ("John
 * Kirby sai" for "John Kerry said") is other words, not the analyst's. The match is snapped to whole words.
 */
function fuzzyMatch(text: string, target: AnnotationTarget, options: FuzzyOptions): Anchor | null {
	const { exact, prefix, suffix } = target.quote;
	if (exact.length < options.minQuoteLength || exact.length > options.maxQuoteLength) return null;
	const maxErrors = Math.floor(exact.length * options.maxErrorRatio);
	const needed = exact.length < LONG_QUOTE ? Math.min(MIN_CONTEXT_FOR_MOVE, Math.floor((prefix.length + suffix.length) / 4)) : 0;
	const matches = approxSearch(text, exact, maxErrors);
	let best: Anchor | null = null;
	let bestKey: [number, number, number] | null = null;
	for (const match of matches) {
		if (match.end <= match.start) continue;
		const { start, end } = snapToWords(text, target, match.start, match.end, maxErrors);
		const context = contextScore(text, target, start, end);
		if (context < needed) continue;
		const key: [number, number, number] = [match.errors, -context, Math.abs(start - target.position.start)];
		if (bestKey === null || key[0] < bestKey[0] || (key[0] === bestKey[0] && (key[1] < bestKey[1] || (key[1] === bestKey[1] && key[2] < bestKey[2])))) {
			bestKey = key;
			best = { status: 'fuzzy', start, end };
		}
	}
	return best;
}

/** Letters, digits and marks: the characters a word boundary must not fall between. */
const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;

function isWordAt(text: string, i: number): boolean {
	return i >= 0 && i < text.length && WORD_CHAR.test(text[i]);
}

/**
 * Moves the ends of an approximate match onto word boundaries where the stored quote began or ended on one,
 * so a span never starts or stops mid-word. An end is widened to the end of its word, at most `limit`
 * characters; a word longer than that is dropped from the span instead (if the span keeps some text).
 */
function snapToWords(text: string, target: AnnotationTarget, start: number, end: number, limit: number): { start: number; end: number } {
	const { exact, prefix, suffix } = target.quote;
	const quoteStartsWord = !isWordAt(prefix, prefix.length - 1) || !isWordAt(exact, 0);
	const quoteEndsWord = !isWordAt(suffix, 0) || !isWordAt(exact, exact.length - 1);
	let s = start;
	let e = end;
	if (quoteStartsWord && isWordAt(text, s - 1) && isWordAt(text, s)) {
		let w = s;
		while (s - w < limit && isWordAt(text, w - 1)) w--;
		if (!isWordAt(text, w - 1)) s = w;
		else {
			while (s < e && isWordAt(text, s)) s++;
		}
	}
	if (quoteEndsWord && isWordAt(text, e - 1) && isWordAt(text, e)) {
		let w = e;
		while (w - e < limit && isWordAt(text, w)) w++;
		if (!isWordAt(text, w)) e = w;
		else {
			while (e > s && isWordAt(text, e - 1)) e--;
		}
	}
	return s < e ? { start: s, end: e } : { start, end };
}

/** One edit of a document: `length` code units removed at `offset`, then `text` inserted there (VS Code's contentChanges shape). */
export interface TextChange {
	offset: number;
	length: number;
	text: string;
}

/** A span after edits: shifted when the edits did not touch it, or flagged as touched (needs resolving again). */
export interface ShiftedSpan {
	start: number;
	end: number;
	/** True when an edit overlapped the span: its text may differ, so resolve the annotation again. */
	touched: boolean;
}

/**
 * Follows edits without searching: spans the edits do not overlap are shifted, the others are flagged.
 * Changes are applied in order, each offset referring to the text produced by the previous ones (VS Code
 * applies an event's contentChanges this way). An insertion exactly at a span's start or end stays outside it.
 */
export function shiftSpans(spans: readonly { start: number; end: number }[], changes: readonly TextChange[]): ShiftedSpan[] {
	const out = spans.map((s) => ({ start: s.start, end: s.end, touched: false }));
	for (const change of changes) {
		const changeEnd = change.offset + change.length;
		const delta = change.text.length - change.length;
		for (const span of out) {
			if (changeEnd <= span.start) {
				span.start += delta;
				span.end += delta;
			} else if (change.offset >= span.end) {
				// Entirely after the span: nothing moves.
			} else {
				span.touched = true;
				// Keep an estimate for the re-search: clamp into the edited region.
				if (change.offset < span.start) span.start = change.offset;
				span.end = Math.max(span.start, span.end + delta);
			}
		}
	}
	return out;
}

/** An annotation's stored target with its current anchor, as an adapter keeps them while a document is open. */
export interface TrackedAnchor {
	target: AnnotationTarget;
	anchor: Anchor;
}

/**
 * Live tracking: shifts each current anchor through the edits; only anchors an edit touched, and orphans
 * (an edit such as an undo may bring their text back), are resolved again against the new text.
 * Untouched anchors keep their status. Returns one anchor per input, in order.
 */
export function followEdits(newText: string, tracked: readonly TrackedAnchor[], changes: readonly TextChange[], fuzzy: FuzzyOptions = DEFAULT_FUZZY): Anchor[] {
	const located = tracked.map((t) => (t.anchor.status === 'orphan' ? { start: 0, end: 0 } : { start: t.anchor.start, end: t.anchor.end }));
	const shifted = shiftSpans(located, changes);
	const regions = changedRegions(changes);
	return tracked.map(({ target, anchor }, i) => {
		const span = shifted[i];
		if (anchor.status === 'orphan') return canReappear(newText, target, regions, fuzzy) ? resolveAnchor(newText, target, fuzzy) : anchor;
		if (!span.touched) return { status: anchor.status, start: span.start, end: span.end };
		return resolveAnchor(newText, { quote: target.quote, position: { start: span.start, end: span.end } }, fuzzy);
	});
}

/**
 * Where the edits put new text, in the final text's offsets (a deletion leaves an empty region where it joined
 * text). Unlike shiftSpans' estimate, a region a later edit overlaps grows to cover both: this must cover every
 * changed character, since orphans are searched only around these regions.
 */
function changedRegions(changes: readonly TextChange[]): { start: number; end: number }[] {
	const regions: { start: number; end: number }[] = [];
	for (const change of changes) {
		const changeEnd = change.offset + change.length;
		const delta = change.text.length - change.length;
		for (const region of regions) {
			if (changeEnd <= region.start) {
				region.start += delta;
				region.end += delta;
			} else if (change.offset < region.end) {
				region.start = Math.min(region.start, change.offset);
				region.end = Math.max(region.end + delta, change.offset + change.text.length);
			}
		}
		regions.push({ start: change.offset, end: change.offset + change.text.length });
	}
	return regions;
}

/**
 * Whether an orphan could resolve after these edits. It had no acceptable match before them, and whether a
 * match is acceptable depends only on the text of the match and of its stored context (and the few characters
 * snapping reads), so a new one lies within reach of an edit, or is the quote back at its stored offsets.
 * Resolving in those windows alone is cheap and finds any such match (maybe others too, which the whole-text
 * resolution then weighs), so orphans far from every edit are not searched again on each keystroke.
 */
function canReappear(text: string, target: AnnotationTarget, regions: readonly { start: number; end: number }[], fuzzy: FuzzyOptions): boolean {
	const { exact, prefix, suffix } = target.quote;
	if (exact.length === 0) return false;
	// The one test that reads absolute offsets: the quote back at its stored position (text before it shifted).
	const { start, end } = target.position;
	if (start >= 0 && end === start + exact.length && text.startsWith(exact, start)) return true;
	const reach = exact.length + Math.ceil(exact.length * fuzzy.maxErrorRatio) + 2 * Math.max(prefix.length, suffix.length, CONTEXT_LENGTH) + 1;
	return regions.some((region) => {
		const from = Math.max(0, region.start - reach);
		const to = Math.min(text.length, region.end + reach);
		const local: AnnotationTarget = { quote: target.quote, position: { start: target.position.start - from, end: target.position.end - from } };
		return resolveAnchor(text.slice(from, to), local, fuzzy).status !== 'orphan';
	});
}
