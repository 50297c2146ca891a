/**
 * The number recogniser: every numeric expression in a text, as intervals.
 *
 * Output layers (all in one list, sorted by start):
 * - kind 'number': every atomic number ("240,000", "4 million", "two thirds", "twenty-one"),
 *   including those that sit inside a range or percentage, like Recognizers-Text's NumberModel;
 * - kind 'range': qualified values and ranges ("more than 200,000" → (200000, null),
 *   "between 20 and 35" → [20, 35), "at least 127" → [127, null)) and vague plurals
 *   ("thousands" → [2000, null));
 * - kind 'percent': percentages in percent units ("12%" → 12), also qualified or as ranges.
 * Hedges ("about", "around", "nearly", "some") are not part of a span but set `approx`.
 * Use `outermost()` to keep only the largest expression at each place.
 */
import { findAtoms, parseAtom, VAGUE_BEFORE_SCALE as vagueBeforeScale, type Atom } from './numbers/atoms';
import { T as Types, tokenize, type Token } from './numbers/lexer';
import { CARDINALS as cardinals, ORDINALS, PLURAL_SCALES as pluralScales } from './numbers/lexicon';
import { scanTriggers } from './numbers/trigger';
import { buildItems, findComposites } from './numbers/ranges';
import type { Interval, NumberMention } from './types';

// Local copies of imports: per-file builds (out/, used by the tests and benchmarks) reach imported
// bindings through getters on every use, which costs a lot in the scanning loops.
const T = Types;
const CARDINALS = cardinals;
const PLURAL_SCALES = pluralScales;
const VAGUE_BEFORE_SCALE = vagueBeforeScale;

/** Characters of context kept before a possible number: room for "a minimum of around", "equal to or greater than". */
const CONTEXT_BEFORE = 48;
/** Characters kept after one: room for "or greater than", "per cent of". */
const CONTEXT_AFTER = 24;

/** Finds every numeric expression: numbers in digits or words, ranges with qualifiers, percentages. */
export function findNumbers(text: string): NumberMention[] {
	const out: NumberMention[] = [];
	for (const [from, to] of regions(text)) analyseRegion(text, from, to, out);
	// Values too large for a double cannot be compared or printed; drop them rather than report nonsense.
	const finite = (b: Interval['low']): boolean => typeof b !== 'number' || Number.isFinite(b);
	const kept = out.filter((m) => finite(m.value.low) && finite(m.value.high));
	kept.sort((a, b) => a.start - b.start || b.end - a.end);
	return kept;
}

/**
 * Stretches of text that may hold numbers, each a run of number triggers with context on both sides,
 * widened to whitespace so that no token is cut. Text outside them is never tokenized.
 */
function regions(text: string): [number, number][] {
	const out: [number, number][] = [];
	let from = -1;
	let to = -1;
	const triggers = scanTriggers(text);
	for (let k = 0; k < triggers.length; k += 2) {
		const s = triggers[k];
		const e = triggers[k + 1];
		if (from >= 0 && s - CONTEXT_BEFORE <= to) {
			if (e + CONTEXT_AFTER > to) to = toSpace(text, e + CONTEXT_AFTER);
			continue;
		}
		if (from >= 0) out.push([from, to]);
		from = Math.max(to, fromSpace(text, s - CONTEXT_BEFORE));
		to = toSpace(text, e + CONTEXT_AFTER);
	}
	if (from >= 0) out.push([from, to]);
	return out;
}

/** The start of the whitespace-delimited chunk holding offset `i` (0 if none). */
function fromSpace(text: string, i: number): number {
	let k = i;
	while (k > 0) {
		const c = text.charCodeAt(k - 1);
		if (c === 32 || c === 10 || c === 13 || c === 9) return k;
		k--;
	}
	return 0;
}

/** The end of the whitespace-delimited chunk holding offset `i`. */
function toSpace(text: string, i: number): number {
	if (i >= text.length) return text.length;
	let k = i;
	while (k < text.length) {
		const c = text.charCodeAt(k);
		if (c === 32 || c === 10 || c === 13 || c === 9) return k;
		k++;
	}
	return text.length;
}

/** Runs the recogniser over text[from, to) and appends what it finds. */
function analyseRegion(text: string, from: number, to: number, out: NumberMention[]): void {
	const tokens = tokenize(text, from, to);
	if (tokens.length === 0) return;
	const atoms = findAtoms(tokens, text);
	const items = buildItems(tokens, atoms);
	const composites = findComposites(tokens, items);
	// Mentions are built as literals with their keys in one order (start, end, text, kind, value, approx):
	// spreading a helper's result into each one cost more than the rest of this function.
	for (const it of items) {
		if (it.ordinal || !it.atom) continue;
		const a = it.atom;
		const start = tokens[a.i].s;
		const end = tokens[a.j - 1].e;
		const m: NumberMention = { start, end, text: text.slice(start, end), kind: 'number', value: point(a.value) };
		if (it.approx) m.approx = true;
		out.push(m);
	}
	let inComposite: Uint8Array | null = null;
	for (const c of composites) {
		const start = tokens[c.i].s;
		const end = tokens[c.j - 1].e;
		const m: NumberMention = {
			start,
			end,
			text: text.slice(start, end),
			kind: c.percent ? 'percent' : 'range',
			value: { low: c.low, high: c.high, lowInclusive: c.lowInclusive, highInclusive: c.highInclusive },
		};
		if (c.approx) m.approx = true;
		out.push(m);
		(inComposite ??= new Uint8Array(tokens.length)).fill(1, c.i, c.j);
	}
	for (const it of items) {
		if (!it.percent || (inComposite !== null && inComposite[it.i])) continue;
		const start = tokens[it.i].s;
		const end = tokens[it.j - 1].e;
		const m: NumberMention = { start, end, text: text.slice(start, end), kind: 'percent', value: point(it.value) };
		if (it.approx) m.approx = true;
		out.push(m);
	}
	vaguePlurals(tokens, text, atoms, out);
}

/** A single value as a closed interval. */
function point(v: number): Interval {
	return { low: v, high: v, lowInclusive: true, highInclusive: true };
}

/**
 * "thousands", "dozens", "tens of thousands", "hundreds of millions": at least two of the unit, as
 * the gold conventions count them ("thousands" → [2000, null)). Appends them to `out`.
 */
function vaguePlurals(tokens: Token[], text: string, atoms: Atom[], out: NumberMention[]): void {
	const covered = new Uint8Array(tokens.length);
	for (const a of atoms) covered.fill(1, a.i, a.j);
	for (let k = 0; k < tokens.length; k++) {
		const t = tokens[k];
		if (t.t !== T.Word || covered[k]) continue;
		// Every plural scale, "tens" and "scores" end in "s"; any other word counts only after "several", "few" or "many".
		if (t.w.charCodeAt(t.w.length - 1) !== 115) {
			const p = tokens[k - 1];
			if (!(p && p.t === T.Word && VAGUE_BEFORE_SCALE.has(p.w) && !covered[k - 1])) continue;
		}
		let unit = PLURAL_SCALES.get(t.w);
		let j = k + 1;
		let start = t.s;
		// "several hundred", "a few thousand": vague, but at least two of the unit.
		const prev = tokens[k - 1];
		if (unit === undefined && prev && prev.t === T.Word && VAGUE_BEFORE_SCALE.has(prev.w) && !covered[k - 1]) {
			const c = CARDINALS.get(t.w);
			if (c && (c.kind === 'hundred' || c.kind === 'scale')) {
				unit = c.value;
				start = tokens[k - 1].w === 'few' && tokens[k - 2]?.w === 'a' ? tokens[k - 2].s : prev.s;
				const more = tokens[k + 1]?.t === T.Word ? CARDINALS.get(tokens[k + 1].w) : undefined;
				if (more && more.kind === 'scale' && more.value > unit) {
					unit *= more.value;
					j = k + 2;
				}
			}
		}
		if (t.w === 'tens' || t.w === 'scores') {
			if (tokens[k + 1]?.w !== 'of') continue;
			const inner = tokens[k + 2] && tokens[k + 2].t === T.Word ? PLURAL_SCALES.get(tokens[k + 2].w) : undefined;
			if (t.w === 'tens' && inner && inner >= 1000) {
				unit = 10 * inner;
				j = k + 3;
			} else if (t.w === 'scores') unit = 20;
			else continue;
		} else if (unit === undefined) continue;
		else if (tokens[k + 1]?.w === 'of' && tokens[k + 2]?.t === T.Word) {
			const inner = PLURAL_SCALES.get(tokens[k + 2].w);
			if (inner !== undefined && inner > unit && unit >= 100) {
				unit *= inner;
				j = k + 3;
			}
		}
		const end = tokens[j - 1].e;
		out.push({ start, end, text: text.slice(start, end), kind: 'range', value: { low: 2 * unit, high: null, lowInclusive: true, highInclusive: false } });
		k = j - 1;
	}
}

/**
 * Keeps the outermost mentions: a range or percentage hides the numbers inside it, and no two
 * results overlap. Useful for highlighting and for building claims on top of the numbers.
 */
export function outermost(mentions: NumberMention[]): NumberMention[] {
	const sorted = [...mentions].sort((a, b) => a.start - b.start || b.end - a.end);
	const out: NumberMention[] = [];
	let reach = -1;
	for (const m of sorted) {
		if (m.start < reach) continue;
		out.push(m);
		reach = m.end;
	}
	return out;
}

/**
 * Parses a phrase that is exactly one number ("4 million", "twenty-one", "two thirds", "1.2bn",
 * "a dozen") to its value; null when the phrase is not a single number.
 */
export function parseNumber(phrase: string): number | null {
	const text = phrase.trim();
	const tokens = tokenize(text);
	if (tokens.length === 0 || (tokens[0].t !== T.Num && tokens[0].t !== T.Word)) return null;
	const atom = parseAtom(tokens, 0, text);
	return atom && atom.j === tokens.length ? atom.value : null;
}

/** Parses one ordinal ("first", "twenty-first", "4th", "hundredth") to its number; null otherwise. */
export function parseOrdinal(phrase: string): number | null {
	const text = phrase.trim();
	const tokens = tokenize(text);
	if (tokens.length === 1 && tokens[0].t === T.Ord) return tokens[0].v;
	const last = tokens[tokens.length - 1];
	const ordinal = last && last.t === T.Word ? ORDINALS.get(last.w) : undefined;
	if (!ordinal || ordinal.plural) return null;
	if (tokens.length === 1) return ordinal.value;
	// "twenty-first", "ninety ninth"
	const tens = tokens[0].t === T.Word ? CARDINALS.get(tokens[0].w) : undefined;
	const joined = tokens.length === 2 || (tokens.length === 3 && tokens[1].t === T.Punct && tokens[1].w === '-');
	if (tens && tens.kind === 'tens' && ordinal.kind === 'unit' && joined) return tens.value + ordinal.value;
	return null;
}
