/**
 * Atomic numbers over the token stream: digit literals, number-word phrases ("one hundred and five",
 * "twenty-one trillion"), scale words ("4 million", "2.33 k"), dozens, decimals in words ("five point
 * five") and fractions ("two thirds", "one and a half", "1 in 5", "3/4").
 */
import { F as Flags, T as Types, times, type Token } from './lexer';
import {
	CARDINALS as cardinals, FRACTION_NOUNS as fractionNouns, ORDINALS as ordinals, PLURAL_SCALES as pluralScales,
	PRONOUN_ONE_BEFORE as pronounOneBefore, SCALE_ABBREVIATIONS as scaleAbbreviations, TIME_UNITS as timeUnits,
	UPPER_SCALE_ABBREVIATIONS as upperScaleAbbreviations, type CardinalKind, type OrdinalWord,
} from './lexicon';

// Local copies of imports: per-file builds (out/, used by the tests and benchmarks) reach imported
// bindings through getters on every use, which costs a lot in the scanning loops.
const T = Types;
const F = Flags;
const CARDINALS = cardinals;
const FRACTION_NOUNS = fractionNouns;
const ORDINALS = ordinals;
const PLURAL_SCALES = pluralScales;
const PRONOUN_ONE_BEFORE = pronounOneBefore;
const SCALE_ABBREVIATIONS = scaleAbbreviations;
const TIME_UNITS = timeUnits;
const UPPER_SCALE_ABBREVIATIONS = upperScaleAbbreviations;

/** One atomic number: tokens [i, j) and its value. */
export interface Atom {
	i: number;
	j: number;
	value: number;
	/** The multiplier of a trailing scale ("10 million" → 1e6), so "5 to 10 million" can share it. */
	scale: number;
	/** A bare integer literal such as "2009" (no separators, sign, decimals or words). */
	plainInt: boolean;
}

/** Hyphens that join number words ("twenty-one", "fifty - two"). */
export const isHyphen = (w: string): boolean => w === '-' || w === '\u2010' || w === '\u2011';

const DOZEN_WORDS = new Set(['dozen', 'dozens', 'dz', 'dzs', 'doz', 'dozs']);
/** Words that may follow "a third"/"a quarter" when it is a fraction rather than an ordinal ("a third term"). */
const AFTER_ARTICLE_FRACTION = new Set([
	'of', 'and', 'or', 'but', 'than', 'to', 'in', 'is', 'was', 'were', 'are', 'be', 'been', 'as', 'at', 'by', 'for',
	'from', 'on', 'with', 'that', 'which', 'who', 'it', 'this', 'these', 'those', 'more', 'less', 'will', 'would',
	'had', 'have', 'has', 'percent',
]);

/** Words before "half" that make it a part of something ("the second half", "the other half"). */
const HALF_AS_PART_AFTER = new Set(['first', 'second', 'other', 'latter', 'former', 'last', 'better', 'top', 'bottom', 'lower', 'upper', 'back', 'front', 'northern', 'southern', 'eastern', 'western']);
/** Vague quantifiers before a bare scale ("several hundred", "a few thousand"): a vague range, never 100 or 1000. */
export const VAGUE_BEFORE_SCALE = new Set(['several', 'few', 'many']);

const isPlainInt = (t: Token): boolean => t.t === T.Num && (t.f & (F.Decimal | F.Grouped | F.Scaled | F.Signed | F.Fraction | F.Power)) === 0;
const isWord = (t: Token | undefined, w: string): boolean => t !== undefined && t.t === T.Word && t.w === w;

/** Words that parseAtom may read a number from; for any other word it returns null at once. */
const ATOM_WORDS = new Set([...CARDINALS.keys(), ...ORDINALS.keys(), ...FRACTION_NOUNS.keys(), 'a', 'an', 'minus', 'negative']);

/** Finds every atomic number in a token stream, left to right, non-overlapping. */
export function findAtoms(tokens: Token[], text: string): Atom[] {
	const atoms: Atom[] = [];
	for (let k = 0; k < tokens.length;) {
		const t = tokens[k];
		// One look-up skips the common words, instead of a call that makes three.
		if ((t.t !== T.Num && t.t !== T.Word) || (t.t === T.Word && !ATOM_WORDS.has(t.w))) {
			k++;
			continue;
		}
		const atom = parseAtom(tokens, k, text);
		if (atom) {
			atoms.push(atom);
			k = atom.j;
		} else k++;
	}
	return atoms;
}

/** Parses the atomic number starting at token `k`, or returns null. */
export function parseAtom(tokens: Token[], k: number, text: string): Atom | null {
	const t = tokens[k];
	if (t.t === T.Word && (t.w === 'minus' || t.w === 'negative') && k + 1 < tokens.length) {
		const inner = parseAtom(tokens, k + 1, text);
		if (inner && inner.value > 0) return { ...inner, i: k, value: -inner.value, plainInt: false };
		return null;
	}
	if (t.t === T.Word && !ATOM_WORDS.has(t.w)) return null;
	// "a couple (of)" is two; "a married couple" is not preceded by "a" directly.
	if ((t.w === 'a' || t.w === 'an') && isWord(tokens[k + 1], 'couple')) return { i: k, j: k + 2, value: 2, scale: 1, plainInt: false };
	const atom = parseFraction(tokens, k) ?? parseCardinal(tokens, k, text);
	if (!atom) return null;
	// "twenty-first", "ninety-ninth": the tens word belongs to an ordinal.
	const h = tokens[atom.j];
	if (h && h.t === T.Punct && isHyphen(h.w) && tokens[atom.j + 1]?.t === T.Word && ORDINALS.get(tokens[atom.j + 1].w)?.kind === 'unit'
		&& CARDINALS.get(tokens[atom.j - 1].w)?.kind === 'tens') return null;
	const result = extendRatio(tokens, atom, text);
	// "the one you mentioned", "which one", "one another": a pronoun, not a number.
	if (result.j === k + 1 && t.w === 'one') {
		const before = tokens[k - 1];
		if (before && before.t === T.Word && PRONOUN_ONE_BEFORE.has(before.w)) return null;
		if (isWord(tokens[k + 1], 'another')) return null;
	}
	return result;
}

/** "1 over 3", "one out of three", "1 in 5": a ratio of two whole numbers. */
function extendRatio(tokens: Token[], a: Atom, text: string): Atom {
	const t = tokens[a.j];
	if (!t || t.t !== T.Word || !Number.isInteger(a.value) || a.value <= 0) return a;
	let k = a.j + 1;
	let kind: 'over' | 'in' | 'out';
	if (t.w === 'over') kind = 'over';
	else if (t.w === 'in') kind = 'in';
	else if (t.w === 'out' && isWord(tokens[k], 'of')) {
		kind = 'out';
		k++;
	} else return a;
	if (!tokens[k] || (tokens[k].t !== T.Num && tokens[k].t !== T.Word)) return a;
	const b = parseFraction(tokens, k) ?? parseCardinal(tokens, k, text);
	if (!b || !Number.isInteger(b.value) || b.value <= 0) return a;
	// "$2000 over 3 years", "12 in 30 days": an amount over a period.
	const after = tokens[b.j];
	if (kind !== 'out' && after && after.t === T.Word && TIME_UNITS.has(after.w)) return a;
	if (kind === 'over') {
		const before = tokens[a.i - 1];
		if (before && before.t === T.Punct && '$£€¥'.includes(before.w)) return a;
	} else {
		// "8 in 5" or "12 out of 10" are two numbers; "300 in 2008" is a figure and a year.
		if (a.value >= b.value) return a;
		if (kind === 'in' && b.plainInt && b.value >= 1000 && b.value <= 2999) return a;
	}
	return { i: a.i, j: b.j, value: a.value / b.value, scale: 1, plainInt: false };
}

// ---------------------------------------------------------------------------------------------
// Cardinals

type Last = 'start' | 'a' | 'zero' | 'unit' | 'teen' | 'tens' | 'hundred' | 'scale' | 'num';

interface Done {
	j: number;
	value: number;
	scale: number;
}

/** The longest well-formed cardinal at `k`: "3 hundred and 21", "twenty-one trillion", "1.2 bn", "a dozen". */
function parseCardinal(tokens: Token[], k: number, text: string): Atom | null {
	let total = 0;
	let cur = 0;
	let last: Last = 'start';
	let lastScale = Infinity;
	let hundredInCur = false;
	let pendingAnd = false;
	let hasNum = false;
	let groupMark = -1;
	const done: Done[] = [];
	let p = k;
	const complete = (scale: number): void => {
		done.push({ j: p + 1, value: total + cur, scale });
	};
	/** Starts a new group after a scale or hundred, remembering where to back off to. */
	const beginGroup = (): void => {
		groupMark = last === 'start' ? -1 : done.length;
	};
	/** A multiplier that cannot apply: "3 hundred and 2 hundred" ends before "and 2". */
	const backOff = (): void => {
		if (groupMark >= 0) done.length = groupMark;
	};
	for (; p < tokens.length; p++) {
		const t = tokens[p];
		const next = tokens[p + 1];
		if (t.t === T.Num) {
			if (last === 'start') {
				cur = t.v;
				last = 'num';
				hasNum = true;
				complete(t.m);
				if ((t.f & (F.Fraction | F.Power | F.Scaled)) !== 0) break;
				// "2 1/4": a whole number and a proper fraction.
				if (isPlainInt(t) && next && next.t === T.Num && (next.f & F.Fraction) !== 0 && (next.f & F.Signed) === 0 && next.v < 1 && next.s > t.e) {
					done.push({ j: p + 2, value: cur + next.v, scale: 1 });
					break;
				}
				continue;
			}
			if ((last === 'hundred' || last === 'scale') && isPlainInt(t) && t.v > 0 && t.v < (last === 'hundred' ? 100 : 1000) && !(pendingAnd === false && last === 'hundred')) {
				beginGroup();
				cur += t.v;
				last = 'num';
				pendingAnd = false;
				complete(1);
				continue;
			}
			break;
		}
		if (t.t === T.Punct) {
			// "twenty-one", "fifty - two"
			if (isHyphen(t.w) && last === 'tens' && next && next.t === T.Word && CARDINALS.get(next.w)?.kind === 'unit') continue;
			break;
		}
		if (t.t !== T.Word) break;
		const w = t.w;
		if (w === 'and') {
			const c = next && next.t === T.Word ? CARDINALS.get(next.w) : undefined;
			const ok = (last === 'hundred' || last === 'scale') && !pendingAnd
				&& ((c !== undefined && (c.kind === 'unit' || c.kind === 'teen' || c.kind === 'tens')) || (next !== undefined && isPlainInt(next) && hasNum));
			if (!ok) break;
			pendingAnd = true;
			continue;
		}
		if ((w === 'a' || w === 'an') && last === 'start') {
			const c = next && next.t === T.Word ? CARDINALS.get(next.w) : undefined;
			if (!((c && (c.kind === 'hundred' || c.kind === 'scale')) || (next && next.t === T.Word && next.w === 'dozen'))) break;
			cur = 1;
			last = 'a';
			continue;
		}
		if (DOZEN_WORDS.has(w)) {
			if (!(last === 'unit' || last === 'teen' || last === 'tens' || last === 'num' || last === 'a') || pendingAnd) {
				backOff();
				break;
			}
			const group = hundredInCur ? cur % 100 : cur;
			cur = cur - group + group * 12;
			last = 'scale';
			complete(12);
			break;
		}
		const plural = PLURAL_SCALES.get(w);
		if (plural !== undefined && plural >= 100) {
			// "five hundreds", "two thousands": the plural acts as the scale and ends the number.
			if (cur > 0 && last !== 'hundred' && last !== 'scale' && !pendingAnd) {
				if (plural === 100 && !hundredInCur) cur = times(cur, 100);
				else if (plural > 100 && plural < lastScale) {
					total += times(cur, plural);
					cur = 0;
				} else break;
				complete(plural);
			} else backOff();
			break;
		}
		if (last === 'num' && p === k + 1 && (tokens[k].f & F.Scaled) === 0) {
			// Spaced abbreviations after digits: "2.33 k", "10 bln", "1,674.5 G".
			const raw = text.slice(t.s, t.e);
			const upper = UPPER_SCALE_ABBREVIATIONS.get(raw);
			const scale = upper !== undefined && !(raw === 'G' && cur < 10 && Number.isInteger(cur))
				? upper
				: raw.length > 1 || raw === 'k' || raw === 'K' ? SCALE_ABBREVIATIONS.get(w) : undefined;
			if (scale !== undefined && !CARDINALS.has(w)) {
				cur = times(cur, scale);
				complete(scale);
				break;
			}
		}
		if (w === 'point' && !hasNum && last !== 'start' && last !== 'a' && !pendingAnd) {
			const dec = decimalWords(tokens, p + 1);
			if (dec) {
				// One literal, so "two hundred point zero three" is exactly 200.03.
				const whole = total > 0;
				cur = Number(`${total + cur}.${dec.digits}`);
				total = 0;
				p = dec.j - 1;
				let scale = 1;
				const s = tokens[dec.j];
				const sc = s && s.t === T.Word ? CARDINALS.get(s.w) : undefined;
				if (sc && sc.kind === 'scale' && !whole) {
					scale = sc.value;
					cur = times(cur, scale);
					p++;
				}
				complete(scale);
			}
			break;
		}
		const c = CARDINALS.get(w);
		if (!c) break;
		if (pendingAnd && !(c.kind === 'unit' || c.kind === 'teen' || c.kind === 'tens')) break;
		switch (c.kind) {
			case 'zero':
				if (last !== 'start') break;
				last = 'zero';
				complete(1);
				// Only "point" may follow a zero ("nought point five"); "three-nought-four" is three numbers.
				if (isWord(next, 'point')) continue;
				break;
			case 'unit':
				if (last === 'tens' && !pendingAnd) {
					cur += c.value;
					last = 'unit';
					complete(1);
					continue;
				}
				if (last !== 'start' && last !== 'hundred' && last !== 'scale') break;
				beginGroup();
				cur += c.value;
				last = 'unit';
				pendingAnd = false;
				complete(1);
				continue;
			case 'teen':
			case 'tens':
				if (last !== 'start' && last !== 'hundred' && last !== 'scale') break;
				beginGroup();
				cur += c.value;
				last = c.kind;
				pendingAnd = false;
				complete(1);
				continue;
			case 'hundred':
				if (last === 'start' && VAGUE_BEFORE_SCALE.has(tokens[k - 1]?.w ?? '')) break;
				if (last === 'start' || last === 'a') {
					cur = 100;
				} else if ((last === 'unit' || last === 'teen' || last === 'tens' || last === 'num') && !hundredInCur && cur > 0) {
					cur = times(cur, 100);
				} else {
					backOff();
					break;
				}
				hundredInCur = true;
				last = 'hundred';
				complete(100);
				continue;
			case 'scale':
				if (cur > 0 && c.value < lastScale && last !== 'zero') {
					total += times(cur, c.value);
					cur = 0;
				} else if (cur === 0 && last === 'scale' && c.value > lastScale) {
					total = times(total, c.value);
				} else {
					backOff();
					break;
				}
				lastScale = c.value;
				hundredInCur = false;
				last = 'scale';
				complete(c.value);
				continue;
		}
		break;
	}
	const best = done[done.length - 1];
	if (!best) return null;
	return { i: k, j: best.j, value: best.value, scale: best.scale, plainInt: best.j === k + 1 && isPlainInt(tokens[k]) };
}

/** Digits spelled after "point": "zero three" → .03, "seventy-one" → .71, "eleven" → .11. */
function decimalWords(tokens: Token[], k: number): { j: number; digits: string } | null {
	let digits = '';
	let p = k;
	while (p < tokens.length) {
		const t = tokens[p];
		const c = t.t === T.Word ? CARDINALS.get(t.w) : undefined;
		if (!c) break;
		if (c.kind === 'zero' || c.kind === 'unit') digits += String(c.value);
		else if (c.kind === 'teen') digits += String(c.value);
		else if (c.kind === 'tens') {
			const h = tokens[p + 1];
			const u = tokens[p + 2];
			if (h && h.t === T.Punct && isHyphen(h.w) && u && u.t === T.Word && CARDINALS.get(u.w)?.kind === 'unit') {
				digits += String(c.value + CARDINALS.get(u.w)!.value);
				p += 3;
				continue;
			}
			const u2 = tokens[p + 1];
			if (u2 && u2.t === T.Word && CARDINALS.get(u2.w)?.kind === 'unit') {
				digits += String(c.value + CARDINALS.get(u2.w)!.value);
				p += 2;
				continue;
			}
			digits += String(c.value);
		} else break;
		p++;
	}
	if (!digits) return null;
	return { j: p, digits };
}

// ---------------------------------------------------------------------------------------------
// Fractions in words

type ElKind = CardinalKind | 'and' | 'a' | 'num' | 'compound';

interface El {
	p: number;
	value: number;
	kind: ElKind;
}

/** Whether `small` can follow the round number `big` inside one number ("thirty" + "five", "hundred" + "thirty"). */
function composable(big: number, small: number): boolean {
	const base = small > 10 ? 100 : 10;
	return big % base === 0 && big >= base;
}

/** Combines cardinal elements ("one hundred and thirty") into a value; NaN when they do not form one number. */
export function composeElements(els: { kind: ElKind; value: number }[]): number {
	let total = 0;
	let cur = 0;
	let prev: ElKind | null = null;
	for (const e of els) {
		if (e.kind === 'and') continue;
		const small = e.kind === 'unit' || e.kind === 'teen' || e.kind === 'tens' || e.kind === 'compound' || e.kind === 'a' || e.kind === 'num';
		if (small && prev !== null && prev !== 'hundred' && prev !== 'scale' && !(prev === 'tens' && e.kind === 'unit')) return NaN;
		if (e.kind === 'hundred') cur = (cur || 1) * 100;
		else if (e.kind === 'scale') {
			if (cur === 0 && total > 0) total *= e.value;
			else {
				total += (cur || 1) * e.value;
				cur = 0;
			}
		} else cur += e.value;
		prev = e.kind;
	}
	return total + cur;
}

/** Sums "and"-separated parts when they do not compose ("twenty and three" → 23). */
function composeLoose(els: El[]): number {
	const whole = composeElements(els);
	if (!Number.isNaN(whole)) return whole;
	let sum = 0;
	let part: El[] = [];
	for (const e of [...els, { p: -1, value: 0, kind: 'and' as const }]) {
		if (e.kind === 'and') {
			const v = composeElements(part);
			if (Number.isNaN(v)) return NaN;
			sum += v;
			part = [];
		} else part.push(e);
	}
	return sum;
}

interface Denominator {
	p0: number;
	p1: number;
	word: OrdinalWord;
	value: number;
	name: string;
}

/** A fraction in words at `k`: "two thirds", "one and a half", "twenty twenty-fifths", "half a million". */
function parseFraction(tokens: Token[], k: number): Atom | null {
	const els: El[] = [];
	let den: Denominator | null = null;
	let p = k;
	// No real fraction has more than a few dozen words; the cap keeps long runs of number words linear.
	const limit = Math.min(tokens.length, k + 40);
	for (; p < limit; p++) {
		const t = tokens[p];
		const lastEl = els[els.length - 1];
		const prevHyphen = p > k && tokens[p - 1].t === T.Punct && isHyphen(tokens[p - 1].w);
		if (t.t === T.Num) {
			if (p === k && (t.f & (F.Fraction | F.Power)) === 0) {
				els.push({ p, value: t.v, kind: 'num' });
				continue;
			}
			break;
		}
		if (t.t === T.Punct) {
			if (isHyphen(t.w) && lastEl && lastEl.kind !== 'and' && lastEl.kind !== 'a' && tokens[p + 1]?.t === T.Word) continue;
			break;
		}
		if (t.t !== T.Word) break;
		const w = t.w;
		if (w === 'and') {
			if (lastEl && lastEl.kind !== 'and' && lastEl.kind !== 'a' && !prevHyphen) {
				els.push({ p, value: 0, kind: 'and' });
				continue;
			}
			break;
		}
		if (w === 'a' || w === 'an') {
			if ((!lastEl || lastEl.kind === 'and') && !prevHyphen) {
				els.push({ p, value: 1, kind: 'a' });
				continue;
			}
			break;
		}
		const c = CARDINALS.get(w);
		if (c && c.kind !== 'zero') {
			if (c.kind === 'unit' && lastEl?.kind === 'tens' && prevHyphen) {
				lastEl.value += c.value;
				lastEl.kind = 'compound';
				continue;
			}
			els.push({ p, value: c.value, kind: c.kind });
			continue;
		}
		const ord = ORDINALS.get(w);
		const noun = FRACTION_NOUNS.get(w);
		if (ord && ord.kind === 'unit' && lastEl?.kind === 'tens' && prevHyphen) {
			// "twenty-fifth", "thirty-fifths": one compound ordinal.
			els.pop();
			den = { p0: lastEl.p, p1: p + 1, word: ord, value: lastEl.value + ord.value, name: 'compound' };
			break;
		}
		if (ord || noun) den = { p0: p, p1: p + 1, word: (ord ?? noun)!, value: (ord ?? noun)!.value, name: w };
		break;
	}
	if (!den) return null;
	// "a second", "three seconds", "first": time units and ranks, not fractions, unless compounded ("twenty firsts").
	const rank = /^(first|second)s?$/.test(den.name);
	const singular = !den.word.plural;
	if (els.length > 0 && els[els.length - 1].kind === 'a' && den.p0 > els[els.length - 1].p + 1) return null;
	let value: number;
	let mixedInt = 0;
	let mixedFraction = 0;
	let intScale = 1;
	if (els.length === 0) {
		if (rank) return null;
		// Bare "half" is ½ ("more than half"); a bare "quarter" only before a scale ("quarter million").
		if (den.name === 'half') {
			// "the second half", "half-brother": a part, not the number ½.
			const before = tokens[k - 1];
			const after = tokens[den.p1];
			if (before && before.t === T.Word && HALF_AS_PART_AFTER.has(before.w)) return null;
			if (after && after.t === T.Punct && isHyphen(after.w) && after.s === tokens[den.p0].e) return null;
			value = 0.5;
		}
		else if (den.name === 'quarter' && scaleAt(tokens, den.p1) !== null) value = 0.25;
		else return null;
	} else {
		let split = splitDenominator(els, den.value);
		// "two and fifty-four hundredths": the "and" joins a whole number to the fraction.
		if (els[split]?.kind === 'and') split = els.length;
		const numEls = els.slice(0, split);
		const denEls = els.slice(split).filter((e) => e.kind !== 'and');
		let denominator = den.value;
		if (rank && denEls.length === 0) return null;
		if (denEls.length > 0) {
			if (denEls.some((e) => e.kind === 'num' || e.kind === 'a')) return null;
			denominator = composeElements([...denEls, { kind: den.word.kind, value: den.value }]);
			if (Number.isNaN(denominator)) return null;
		}
		while (numEls.length && numEls[numEls.length - 1].kind === 'and') numEls.pop();
		if (numEls.length === 0) return null;
		let andAt = -1;
		for (let x = numEls.length - 1; x >= 0; x--) if (numEls[x].kind === 'and') {
			andAt = x;
			break;
		}
		const nEls = andAt >= 0 ? numEls.slice(andAt + 1) : numEls;
		if (nEls.some((e) => e.kind === 'num')) return null;
		const numerator = composeElements(nEls);
		if (Number.isNaN(numerator) || numerator <= 0) return null;
		if (singular && !(numerator === 1 && nEls.length === 1)) return null;
		if (andAt >= 0) {
			const intEls = numEls.slice(0, andAt);
			const whole = composeLoose(intEls);
			if (Number.isNaN(whole)) return null;
			const lastInt = intEls[intEls.length - 1];
			if (numerator < denominator) {
				mixedInt = whole;
				mixedFraction = numerator / denominator;
				// "five billion and three quarters" is 5.75 billion.
				if (lastInt.kind === 'scale' && lastInt.value >= 1e6) intScale = lastInt.value;
				value = whole + times(mixedFraction, intScale);
			} else value = (whole + numerator) / denominator;
		} else {
			if (els[0].kind === 'num') return null;
			value = numerator / denominator;
			// "a third term", "a quarter century": an ordinal or a unit, not a fraction.
			if (singular && nEls[0].kind === 'a') {
				const after = tokens[den.p1];
				if (after && after.t === T.Word && !AFTER_ARTICLE_FRACTION.has(after.w) && scaleAt(tokens, den.p1) === null) return null;
				if (after && after.t === T.Punct && isHyphen(after.w) && after.s === tokens[den.p0].e) return null;
			}
		}
	}
	let j = den.p1;
	// "half a million", "two thirds of a million", "five and a half million", "half a dozen".
	let ofA = 0;
	if (isWord(tokens[j], 'of') && (isWord(tokens[j + 1], 'a') || isWord(tokens[j + 1], 'an'))) ofA = 2;
	else if ((isWord(tokens[j], 'a') || isWord(tokens[j], 'an')) && (els.length === 0 || (els.length === 1 && els[0].kind === 'a'))) ofA = 1;
	const scale = scaleAt(tokens, j + ofA);
	let tailScale = 1;
	if (scale !== null) {
		if (mixedFraction > 0 && intScale === 1 && mixedInt > 0 && lastScaleOf(els) >= scale) value = mixedInt + times(mixedFraction, scale);
		else if (mixedFraction > 0 && intScale > 1) value = mixedInt + times(mixedFraction, scale);
		else value = times(value, scale);
		j += ofA + 1;
		tailScale = scale;
	}
	return { i: k, j, value, scale: tailScale, plainInt: false };
}

/** The largest scale word among the elements (1 if none). */
function lastScaleOf(els: El[]): number {
	let s = 1;
	for (const e of els) if (e.kind === 'scale') s = Math.max(s, e.value);
	return s;
}

/** The value of a scale word or "dozen" at token `p`, or null. */
function scaleAt(tokens: Token[], p: number): number | null {
	const t = tokens[p];
	if (!t || t.t !== T.Word) return null;
	if (t.w === 'dozen') return 12;
	const c = CARDINALS.get(t.w);
	return c && c.kind === 'scale' ? c.value : null;
}

/**
 * Where the denominator's own words begin. Walking left from the ordinal, words that compose with it
 * join the denominator ("twenty twenty-fifths" is 20/25, "one one hundred fifth" is 1/105), until a
 * word that does not compose or breaks the rising magnitude. If every word composes, the numerator is
 * the leading number up to the first round word followed by a smaller one ("one hundred thirty fifths"
 * is 100/35), else just the ordinal is the denominator ("twenty fifths" is 20/5).
 */
function splitDenominator(els: El[], ordinalValue: number): number {
	let prev = ordinalValue;
	let round = 1;
	for (let x = els.length - 1; x >= 0; x--) {
		const e = els[x];
		if (e.kind === 'and') continue;
		const cur = e.value;
		const absorbs = (prev >= 100 && prev > cur) || (prev < 100 && composable(cur, prev));
		if (!absorbs || e.kind === 'num') return x + 1;
		if (prev < 100) {
			if (cur >= round) round = cur;
			else return x + 1;
		}
		prev = cur;
	}
	for (let x = 1; x < els.length; x++) {
		const e = els[x];
		const nextEl = els[x + 1];
		const nextValue = nextEl ? nextEl.value : ordinalValue;
		if (e.kind !== 'and' && e.value >= 100 && (!nextEl || nextEl.kind !== 'and') && nextValue < 100) return x + 1;
	}
	return els.length;
}
