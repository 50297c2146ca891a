/**
 * Composite numeric expressions over atoms: percentages ("12%", "12 per cent", "percent of 10"),
 * qualifiers ("more than 200,000", "at least 127", "500 or more", "a minimum of around 4,000"),
 * two-number ranges ("between 20 and 35", "from 20 to 35", "20-35") and pairs of one-sided bounds
 * ("more than 10 and less than 20"). Intervals follow Recognizers-Text: "between A and B" is [A, B).
 */
import type { Atom } from './atoms';
import { F as Flags, T as Types, times, type Token } from './lexer';
import { CARDINALS as cardinals, HEDGES, ORDINALS as ordinals } from './lexicon';

// Local copies of imports: per-file builds (out/, used by the tests and benchmarks) reach imported
// bindings through getters on every use, which costs a lot in the scanning loops.
const T = Types;
const F = Flags;
const CARDINALS = cardinals;
const ORDINALS = ordinals;

/** A value that can take part in a range: an atom (maybe a percentage) or an ordinal ("the tenth"). */
export interface Item {
	/** Tokens [i, j), including a percent sign or word. */
	i: number;
	j: number;
	value: number;
	scale: number;
	atom: Atom | null;
	percent: boolean;
	ordinal: boolean;
	/** Written in digits only ("1000", "5k"), the only kind a bare hyphen joins into a range. */
	digits: boolean;
	/** Set when a hedge word precedes it ("around 4,000"). */
	approx: boolean;
}

/** A range or qualified value over tokens [i, j). */
export interface Composite {
	i: number;
	j: number;
	low: number | null;
	high: number | null;
	lowInclusive: boolean;
	highInclusive: boolean;
	percent: boolean;
	approx: boolean;
}

type Op = 'gt' | 'ge' | 'lt' | 'le' | 'eq';

const PREFIXES: [Op, string[]][] = [
	['gt', ['more than', 'greater than', 'larger than', 'bigger than', 'higher than', 'over', 'above', 'exceed', 'exceeds', 'exceeded',
		'exceeding', 'surpass', 'surpasses', 'surpassed', 'surpassing', 'in excess of', 'upwards of', 'upward of', '>', 'well over',
		'well above', 'just over', 'just above']],
	['ge', ['at least', 'no less than', 'not less than', 'no fewer than', 'not fewer than', 'a minimum of', 'minimum of', 'minimum',
		'> =', '≥', 'greater than or equal to', 'more than or equal to', 'larger than or equal to', 'bigger than or equal to',
		'higher than or equal to', 'greater or equal to', 'greater or equal than', 'more or equal to', 'more or equal than',
		'higher or equal than', 'higher or equal to', 'bigger or equal than', 'bigger or equal to', 'larger or equal than',
		'larger or equal to', 'at least or equal to', 'equal to or more than', 'equal to or greater than', 'equal to or higher than',
		'equal to or larger than', 'equal to or bigger than', 'equal or more than', 'equal or greater than', 'no smaller than',
		'no lower than', 'not below', 'not under']],
	['lt', ['less than', 'fewer than', 'smaller than', 'lower than', 'below', 'under', 'beneath', '<', 'just under', 'just below',
		'well under', 'well below']],
	['le', ['at most', 'no more than', 'not more than', 'no greater than', 'no higher than', 'no larger than', 'no bigger than',
		'not exceeding', 'up to', 'a maximum of', 'maximum of', 'maximum', '< =', '≤', 'less than or equal to', 'fewer than or equal to',
		'smaller than or equal to', 'lower than or equal to', 'less or equal to', 'less or equal than', 'smaller or equal than',
		'smaller or equal to', 'lower or equal than', 'lower or equal to', 'fewer or equal than', 'equal to or less than',
		'equal to or fewer than', 'equal to or smaller than', 'equal to or lower than', 'equal or less than', 'as many as', 'as much as']],
	['eq', ['equal to', 'equals', 'equals to', 'equaling', 'equaling to', 'equalling', 'equalling to', '=']],
];

const POSTFIXES: [Op, string[]][] = [
	['ge', ['or more', 'and more', 'or greater', 'or higher', 'or above', 'and above', 'and over', 'or over', 'or older', 'or bigger',
		'or larger', 'and up', 'or upwards', 'and upwards']],
	['le', ['or less', 'or fewer', 'and less', 'and fewer', 'or lower', 'or below', 'and below', 'and under', 'or under', 'or smaller']],
];

/** Phrases keyed by their last token, longest first, for matching backwards from a number. */
function indexByLast(list: [Op, string[]][]): Map<string, { op: Op; words: string[] }[]> {
	const map = new Map<string, { op: Op; words: string[] }[]>();
	for (const [op, phrases] of list) {
		for (const phrase of phrases) {
			const words = phrase.split(' ');
			const key = words[words.length - 1];
			const bucket = map.get(key) ?? [];
			bucket.push({ op, words });
			map.set(key, bucket);
		}
	}
	for (const bucket of map.values()) bucket.sort((a, b) => b.words.length - a.words.length);
	return map;
}

const PREFIX_BY_LAST = indexByLast(PREFIXES);
const HEDGE_BY_LAST = indexByLast([['eq', HEDGES.map((h) => h.join(' '))]]);
const POSTFIX_BY_FIRST = new Map<string, { op: Op; words: string[] }[]>();
for (const [op, phrases] of POSTFIXES) {
	for (const phrase of phrases) {
		const words = phrase.split(' ');
		const bucket = POSTFIX_BY_FIRST.get(words[0]) ?? [];
		bucket.push({ op, words });
		POSTFIX_BY_FIRST.set(words[0], bucket);
	}
}

const tokenText = (t: Token | undefined): string => (t === undefined ? '' : t.t === T.Word || t.t === T.Punct ? t.w : '');

/** Number of tokens of a phrase ending just before token `q` (longest match), with its operator. */
function matchBefore(tokens: Token[], q: number, index: Map<string, { op: Op; words: string[] }[]>): { op: Op; len: number } | null {
	const bucket = index.get(tokenText(tokens[q - 1]));
	if (!bucket) return null;
	for (const { op, words } of bucket) {
		if (q - words.length < 0) continue;
		let ok = true;
		for (let x = 0; x < words.length && ok; x++) ok = tokenText(tokens[q - words.length + x]) === words[x];
		if (ok) return { op, len: words.length };
	}
	return null;
}

function matchAfter(tokens: Token[], q: number, words: string[]): boolean {
	for (let x = 0; x < words.length; x++) if (tokenText(tokens[q + x]) !== words[x]) return false;
	return true;
}

const PERCENT_WORDS = new Set(['percent', 'percents', 'percentage', 'percentages', 'pct']);
const RANGE_DASHES = new Set(['-', '\u2013', '\u2010', '\u2011', '~', '\u301c']);

/** Token index after a percent marker at `q` ("%", "percent", "per cent"), or -1. */
function percentAfter(tokens: Token[], q: number): number {
	const t = tokens[q];
	if (!t) return -1;
	if (t.t === T.Punct && (t.w === '%' || t.w === '\uff05')) return q + 1;
	if (t.t !== T.Word) return -1;
	// Every percent word and "per" start with "p": other words need no look-up.
	if (t.w.charCodeAt(0) !== 112) return -1;
	if (PERCENT_WORDS.has(t.w)) return q + 1;
	if (t.w === 'per' && (tokenText(tokens[q + 1]) === 'cent' || tokenText(tokens[q + 1]) === 'cents')) return q + 2;
	return -1;
}

/** Builds range items from atoms: percent markers attached, reversed "percent of 10" forms, and ordinals. */
export function buildItems(tokens: Token[], atoms: Atom[]): Item[] {
	const items: Item[] = [];
	// Per-region tables are kept to a typed array: most regions hold one or two atoms, and building maps and
	// sets for each cost more than the look-ups they served (the rare reversed percent searches the atoms).
	const covered = new Uint8Array(tokens.length);
	for (const a of atoms) covered.fill(1, a.i, a.j);
	for (const a of atoms) {
		let digits = true;
		for (let x = a.i; x < a.j; x++) if (tokens[x].t !== T.Num) digits = false;
		const pj = percentAfter(tokens, a.j);
		items.push({ i: a.i, j: pj > 0 ? pj : a.j, value: a.value, scale: a.scale, atom: a, percent: pj > 0, ordinal: false, digits, approx: false });
	}
	// items[x] is the item of atoms[x] until the sort below.
	for (let q = 0; q < tokens.length; q++) {
		const t = tokens[q];
		if (covered[q]) continue;
		if (t.t !== T.Word && t.t !== T.Ord && t.t !== T.Punct) continue;
		// "percent of 10", "per cent of twenty-two": the reversed form, when no number precedes.
		const pj = percentAfter(tokens, q);
		if (pj > 0 && !atoms.some((a) => a.j === q) && tokenText(tokens[pj]) === 'of') {
			const x = atoms.findIndex((a) => a.i === pj + 1);
			const item = x >= 0 ? items[x] : undefined;
			if (item && !item.percent) {
				item.i = q;
				item.percent = true;
			}
			continue;
		}
		// Ordinals take part in ranges only: "between the tenth and the fifteenth"; only after "the" are they read.
		if (tokenText(tokens[q - 1]) !== 'the') continue;
		let ord: number | null = null;
		let end = q + 1;
		if (t.t === T.Ord) ord = t.v;
		else if (t.t === T.Word) {
			const o = ORDINALS.get(t.w);
			if (o && !o.plural) ord = o.value;
			const c = CARDINALS.get(t.w);
			const h = tokens[q + 1];
			const u = tokens[q + 2];
			if (c && c.kind === 'tens' && h && h.t === T.Punct && h.w === '-' && u && u.t === T.Word) {
				const uo = ORDINALS.get(u.w);
				if (uo && uo.kind === 'unit' && !uo.plural) {
					ord = c.value + uo.value;
					end = q + 3;
				}
			}
		}
		if (ord !== null) {
			items.push({ i: q - 1, j: end, value: ord, scale: 1, atom: null, percent: false, ordinal: true, digits: false, approx: false });
			q = end - 1;
		}
	}
	items.sort((a, b) => a.i - b.i);
	return items;
}

interface Bound {
	i: number;
	j: number;
	op: Op;
	value: number;
	inclusive: boolean;
	percent: boolean;
	approx: boolean;
}

/** Start of a hedge ending just before token `q`, or -1. */
function hedgeBefore(tokens: Token[], q: number): number {
	const m = matchBefore(tokens, q, HEDGE_BY_LAST);
	return m ? q - m.len : -1;
}

/** Finds ranges and qualified values, sorted by first token. */
export function findComposites(tokens: Token[], items: Item[]): Composite[] {
	const composites: Composite[] = [];
	const bounds: Bound[] = [];
	for (let x = 0; x < items.length; x++) {
		const it = items[x];
		let q = it.i;
		const h = hedgeBefore(tokens, q);
		if (h >= 0) {
			it.approx = true;
			q = h;
		}
		// Trailing hedges: "4,000 or so", "40-odd", "300 or thereabouts".
		const after = tokenText(tokens[it.j]);
		const after2 = tokenText(tokens[it.j + 1]);
		if ((after === 'or' && (after2 === 'so' || after2 === 'thereabouts')) || (after === '-' && after2 === 'odd')) it.approx = true;
		const next = items[x + 1];
		if (next && !next.ordinal === !it.ordinal) {
			const pair = pairRange(tokens, it, next, q, items);
			if (pair) {
				composites.push(pair);
				x++;
				continue;
			}
		}
		const pre = matchBefore(tokens, q, PREFIX_BY_LAST);
		let op: Op | null = null;
		let start = it.i;
		let inclusive = false;
		if (pre) {
			const before = tokenText(tokens[q - pre.len - 1]);
			const first = tokenText(tokens[q - pre.len]);
			// "=>30", "=<30", "<>30" are not comparisons we can read.
			const glued = tokens[q - pre.len - 1] && tokens[q - pre.len - 1].e === tokens[q - pre.len].s;
			if (glued && ((first === '>' && (before === '=' || before === '<')) || (first === '<' && before === '='))) continue;
			op = pre.op;
			start = q - pre.len;
			inclusive = op === 'ge' || op === 'le' || op === 'eq';
		} else if (it.ordinal) continue;
		let end = it.j;
		// Postfixes: "500 or more", "200 or greater than", "less than 5000 or equal", "equal to 5000 or less".
		const bucket = POSTFIX_BY_FIRST.get(tokenText(tokens[end])) ?? [];
		let post: Op | null = null;
		for (const { op: pop, words } of bucket) {
			if (!matchAfter(tokens, end, words)) continue;
			let e = end + words.length;
			if (tokenText(tokens[e]) === 'than') {
				if (startsAt(items, e + 1)) break;
				e++;
			}
			post = pop;
			end = e;
			break;
		}
		if (post === null && (op === 'gt' || op === 'lt') && tokenText(tokens[end]) === 'or' && tokenText(tokens[end + 1]) === 'equal') {
			let e = end + 2;
			if (tokenText(tokens[e]) === 'to') e++;
			if (!startsAt(items, e)) {
				inclusive = true;
				end = e;
			}
		}
		if (post !== null) {
			if (op === null || op === 'eq') {
				op = post;
				inclusive = true;
			} else if (op !== (post === 'ge' ? 'gt' : 'lt')) end = it.j;
		}
		if (op === null) continue;
		bounds.push({ i: start, j: end, op, value: it.value, inclusive, percent: it.percent, approx: it.approx });
	}
	// Join a lower and an upper bound written side by side: "more than 10 and less than 20".
	for (let x = 0; x < bounds.length; x++) {
		const a = bounds[x];
		const b = bounds[x + 1];
		if (b && a.op !== 'eq' && b.op !== 'eq' && isLower(a.op) !== isLower(b.op) && a.percent === b.percent && joinedBy(tokens, a.j, b.i)) {
			const lo = isLower(a.op) ? a : b;
			const hi = isLower(a.op) ? b : a;
			if (lo.value < hi.value) {
				composites.push({ i: a.i, j: b.j, low: lo.value, high: hi.value, lowInclusive: lo.inclusive, highInclusive: hi.inclusive, percent: a.percent, approx: a.approx || b.approx });
				x++;
				continue;
			}
		}
		composites.push(single(a));
	}
	composites.sort((p, q) => p.i - q.i);
	return composites;
}

// Whether an item starts or ends at token `p`: a scan of the region's few items, asked only in rare cases,
// instead of two sets built for every region.
function startsAt(items: Item[], p: number): boolean {
	for (const it of items) if (it.i === p) return true;
	return false;
}

function endsAt(items: Item[], p: number): boolean {
	for (const it of items) if (it.j === p) return true;
	return false;
}

const isLower = (op: Op): boolean => op === 'gt' || op === 'ge';

function single(b: Bound): Composite {
	if (b.op === 'eq') return { i: b.i, j: b.j, low: b.value, high: b.value, lowInclusive: true, highInclusive: true, percent: b.percent, approx: b.approx };
	if (isLower(b.op)) return { i: b.i, j: b.j, low: b.value, high: null, lowInclusive: b.inclusive, highInclusive: false, percent: b.percent, approx: b.approx };
	return { i: b.i, j: b.j, low: null, high: b.value, lowInclusive: false, highInclusive: b.inclusive, percent: b.percent, approx: b.approx };
}

/** Whether tokens [from, to) are just "and", "but", a comma, or a comma and one of those. */
function joinedBy(tokens: Token[], from: number, to: number): boolean {
	const words = [];
	for (let x = from; x < to; x++) words.push(tokenText(tokens[x]));
	const s = words.join(' ');
	return s === 'and' || s === 'but' || s === ',' || s === ', and' || s === ', but' || s === 'and also';
}

/** "between A and B", "from A to B", "A to B", "A-B", "A~B": the interval [A, B). */
function pairRange(tokens: Token[], a: Item, b: Item, q: number, items: Item[]): Composite | null {
	const gap = b.i - a.j;
	if (gap < 1 || gap > 1) return null;
	const conn = tokens[a.j];
	const c = tokenText(conn);
	const lead = tokenText(tokens[q - 1]);
	let start = a.i;
	if (lead === 'between' && (c === 'and' || c === 'to' || RANGE_DASHES.has(c))) start = q - 1;
	else if (lead === 'from' && (c === 'to' || c === 'through' || c === 'thru' || c === 'till' || c === 'until' || RANGE_DASHES.has(c))) start = q - 1;
	else if (c === 'to' || c === 'through' || c === 'thru') start = a.i;
	else if (RANGE_DASHES.has(c)) {
		if (!a.digits || !b.digits) return null;
		// Phone numbers and codes: "+1-222-2222", "1-222-2222-2222".
		if (a.atom && (tokens[a.atom.i].f & F.Plus) !== 0) return null;
		const before = tokens[a.i - 1];
		const after = tokens[b.j];
		if (before && RANGE_DASHES.has(tokenText(before)) && endsAt(items, a.i - 1)) return null;
		if (after && RANGE_DASHES.has(tokenText(after)) && startsAt(items, b.j + 1)) return null;
		if (after && after.t === T.Punct && after.w === '/' && after.s === tokens[b.j - 1].e) return null;
	} else return null;
	let low = a.value;
	const high = b.value;
	// "5 to 10 million": the first number shares the second's scale.
	if (a.scale === 1 && b.scale > 1 && a.atom && b.atom && low > 0 && low < high / b.scale && Number.isInteger(low)) low = times(low, b.scale);
	if (!(low < high)) return null;
	const percent = a.percent || b.percent;
	if (a.percent && !b.percent) return null;
	return { i: start, j: b.j, low, high, lowInclusive: true, highInclusive: false, percent, approx: a.approx };
}
