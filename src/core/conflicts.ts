/**
 * Conflict detection: which groups of claims about one quantity have figures that cannot all be true.
 *
 * Figures are intervals. Qualifiers set the bounds ("more than 200,000" is (200000, ∞)), round figures stand
 * for a range around them ("240,000" is 235,000–245,000: a round figure is not an exact count), hedged
 * figures get a wider margin, and dates are day ranges ("late September" agrees with "Sept. 30"). Running
 * totals from reports far apart in time are `time-shifted`, not conflicting. Only disagreements between
 * different documents are reported: precision matters more than volume.
 */
import { daysBetween, type ClaimRef, type QuantityGroup } from './quantities';
import type { Claim } from './types';
import { Memo } from './memo';

/** How two figures for one quantity relate. */
export type Relation = 'agree' | 'conflict' | 'time-shifted' | 'undated';

/** A group's verdict, as in the gold corpus file. */
export type Verdict = 'conflict' | 'time-shifted' | 'consistent';

/** A numeric interval with open/closed ends; dates are day numbers since 1970. */
export interface NumericRange {
	low: number;
	high: number;
	lowInclusive: boolean;
	highInclusive: boolean;
}

/** Tuning knobs (defaults suit news reports). */
export interface ConflictOptions {
	/** Running totals reported more than this many days apart are time-shifted. */
	runningShiftDays?: number;
	/** Event figures reported more than this many days apart are time-shifted (tolls get revised). */
	eventShiftDays?: number;
	/** Extra margin on hedged figures ("about", "nearly"), as a fraction of the value. */
	hedgeMargin?: number;
}

const DEFAULTS: Required<ConflictOptions> = { runningShiftDays: 60, eventShiftDays: 7, hedgeMargin: 0.15 };

/** A disagreeing pair, as indexes into the conflict's members. */
export interface ConflictPair {
	a: number;
	b: number;
	relation: 'conflict' | 'time-shifted';
}

/** A group whose figures disagree across documents. */
export interface Conflict {
	groupId: string;
	quantity: string;
	verdict: Exclude<Verdict, 'consistent'>;
	/** The figures involved in a disagreement, by document then offset. */
	members: ClaimRef[];
	pairs: ConflictPair[];
}

/** Size of the unit a round figure is rounded to: 240,000 → 10,000; 127 → 1 (not round). */
export function roundingUnit(value: number): number {
	if (!Number.isFinite(value) || value === 0 || !Number.isInteger(value)) return 0;
	let unit = 1;
	let v = Math.abs(value);
	while (v % 10 === 0) { v /= 10; unit *= 10; }
	// Only figures with two or more trailing zeros read as rounded ("20 people" may well be exact).
	return unit >= 100 ? unit : 0;
}

const DAY_MS = 86400000;
const dayNumbers = new Memo<number>();
/** Days since 1970 of an ISO date (memoised: a corpus has few distinct dates). */
function dayNumber(iso: string): number {
	let day = dayNumbers.get(iso);
	if (day === undefined) {
		day = Math.floor(Date.parse(iso.slice(0, 10) + 'T00:00:00Z') / DAY_MS);
		dayNumbers.set(iso, day);
	}
	return day;
}

/** A claim's value as a numeric range with the tolerance its wording implies, or null if it has no usable value. */
export function tolerantRange(claim: Pick<Claim, 'kind' | 'value' | 'approx'>, options: ConflictOptions = {}): NumericRange | null {
	// (Read without spreading the options: this runs for every figure of every group.)
	const hedgeMargin = options.hedgeMargin ?? DEFAULTS.hedgeMargin;
	const { low, high, lowInclusive, highInclusive } = claim.value;
	if (claim.kind === 'date') {
		const lo = typeof low === 'string' ? dayNumber(low) : low === null ? -Infinity : NaN;
		const hi = typeof high === 'string' ? dayNumber(high) : high === null ? Infinity : NaN;
		if (Number.isNaN(lo) || Number.isNaN(hi)) return null;
		// A day of slack for time zones and "late Tuesday" reported as Wednesday; more for hedged dates.
		const slack = claim.approx ? 7 : 1;
		return { low: lo - slack, high: hi + slack, lowInclusive: true, highInclusive: true };
	}
	const lo = low === null ? -Infinity : typeof low === 'number' ? low : NaN;
	const hi = high === null ? Infinity : typeof high === 'number' ? high : NaN;
	if (Number.isNaN(lo) || Number.isNaN(hi)) return null;
	const loMargin = Number.isFinite(lo) ? margin(lo, claim.approx, hedgeMargin) : 0;
	const hiMargin = Number.isFinite(hi) ? margin(hi, claim.approx, hedgeMargin) : 0;
	return {
		low: lo - loMargin,
		high: hi + hiMargin,
		lowInclusive: lowInclusive || loMargin > 0,
		highInclusive: highInclusive || hiMargin > 0,
	};
}

/** The tolerance around a figure: half its rounding unit, or the hedge margin of a hedged one if larger. */
function margin(value: number, approx: boolean, hedgeMargin: number): number {
	return Math.max(roundingUnit(value) / 2, approx ? Math.abs(value) * hedgeMargin : 0);
}

/** Whether two ranges share at least one value. */
export function rangesOverlap(a: NumericRange, b: NumericRange): boolean {
	return lowBelowHigh(a, b) && lowBelowHigh(b, a);
}

/** Whether x's low end is within y's high end. */
function lowBelowHigh(x: NumericRange, y: NumericRange): boolean {
	return x.low < y.high || (x.low === y.high && x.lowInclusive && y.highInclusive);
}

/** How two figures for the same quantity relate: agree, conflict, time-shifted, or undated (cannot tell). */
export function relate(a: ClaimRef, b: ClaimRef, options: ConflictOptions = {}): Relation {
	const ra = tolerantRange(a.claim, options);
	const rb = tolerantRange(b.claim, options);
	if (!ra || !rb || rangesOverlap(ra, rb)) return 'agree';
	return timing(a, b, options);
}

function timing(a: ClaimRef, b: ClaimRef, options: ConflictOptions): Relation {
	const { runningShiftDays, eventShiftDays } = { ...DEFAULTS, ...options };
	// A dated event (dates themselves, or one day's toll) is the same whenever it is reported; running totals grow.
	const limit = a.claim.kind === 'date' ? Infinity : a.features.scope === 'running' ? runningShiftDays : eventShiftDays;
	if (limit === Infinity) return 'conflict';
	if (!a.published || !b.published) return 'undated';
	return Math.abs(daysBetween(a.published, b.published)) > limit ? 'time-shifted' : 'conflict';
}

function compareRefs(a: ClaimRef, b: ClaimRef): number {
	return a.document < b.document ? -1 : a.document > b.document ? 1 : a.claim.start - b.claim.start;
}

/** Range-maximum table over entries, keeping the best and the best from a different document (for witnesses). */
class TopTwoTable {
	private readonly best: Int32Array[] = [];
	private readonly second: Int32Array[] = [];
	// Results of the last merge, kept in fields so that merging allocates nothing.
	private mergedBest = -1;
	private mergedSecond = -1;

	constructor(private readonly values: Float64Array, private readonly docs: Int32Array) {
		const n = values.length;
		const identity = new Int32Array(n);
		for (let i = 0; i < n; i++) identity[i] = i;
		this.best.push(identity);
		this.second.push(new Int32Array(n).fill(-1));
		for (let k = 1; 1 << k <= n; k++) {
			const size = n - (1 << k) + 1;
			const b = new Int32Array(size);
			const s = new Int32Array(size);
			const pb = this.best[k - 1];
			const ps = this.second[k - 1];
			const half = 1 << (k - 1);
			for (let i = 0; i < size; i++) {
				this.merge(pb[i], ps[i], pb[i + half], ps[i + half]);
				b[i] = this.mergedBest;
				s[i] = this.mergedSecond;
			}
			this.best.push(b);
			this.second.push(s);
		}
	}

	private better(candidate: number, current: number): boolean {
		return candidate >= 0 && (current < 0 || this.values[candidate] > this.values[current]);
	}

	private merge(a1: number, a2: number, b1: number, b2: number): void {
		let best = a1;
		if (this.better(a2, best)) best = a2;
		if (this.better(b1, best)) best = b1;
		if (this.better(b2, best)) best = b2;
		const doc = best >= 0 ? this.docs[best] : -1;
		let second = -1;
		if (a1 >= 0 && this.docs[a1] !== doc && this.better(a1, second)) second = a1;
		if (a2 >= 0 && this.docs[a2] !== doc && this.better(a2, second)) second = a2;
		if (b1 >= 0 && this.docs[b1] !== doc && this.better(b1, second)) second = b1;
		if (b2 >= 0 && this.docs[b2] !== doc && this.better(b2, second)) second = b2;
		this.mergedBest = best;
		this.mergedSecond = second;
	}

	/** The entry with the largest value in [l, r) whose document is not `doc`, or -1. */
	query(l: number, r: number, doc: number): number {
		if (r <= l) return -1;
		const k = 31 - Math.clz32(r - l);
		this.merge(this.best[k][l], this.second[k][l], this.best[k][r - (1 << k)], this.second[k][r - (1 << k)]);
		return this.mergedBest >= 0 && this.docs[this.mergedBest] !== doc ? this.mergedBest : this.mergedSecond;
	}
}

/** Up to this many figures, a group is checked pair by pair (cheaper than building range tables). */
const SMALL_GROUP = 24;

interface Entry {
	ref: ClaimRef;
	range: NumericRange;
	day: number;
	doc: number;
}

/**
 * Judges one group: a conflict when two documents' figures cannot both be true at the same time, time-shifted
 * when they differ but come from reports far apart in time, otherwise null (consistent).
 * Same-document pairs are never reported, and undated running totals are left alone. For each figure the
 * most extreme other-document figure is the witness (range-max tables over publication dates), so a group of
 * thousands of reports costs n log n, not n².
 */
export function judgeGroup(group: QuantityGroup, options: ConflictOptions = {}): Conflict | null {
	const { runningShiftDays, eventShiftDays } = { ...DEFAULTS, ...options };
	const members = group.members;
	if (members.length < 2) return null;
	// Automatic groups list their members by document, then offset (strictly: no two compare equal). Then each
	// document's members are consecutive and get their document number in one pass, and the members involved in
	// a disagreement are picked in order at the end, instead of hashing and sorting thousands of paths.
	let ordered = true;
	for (let i = 1; i < members.length && ordered; i++) ordered = compareRefs(members[i - 1], members[i]) < 0;
	const docOf = new Int32Array(members.length);
	let documents = 0;
	if (ordered) {
		for (let i = 1; i < members.length; i++) docOf[i] = members[i].document === members[i - 1].document ? documents : ++documents;
		documents++;
	} else {
		const docIds = new Map<string, number>();
		for (let i = 0; i < members.length; i++) {
			let id = docIds.get(members[i].document);
			if (id === undefined) docIds.set(members[i].document, (id = docIds.size));
			docOf[i] = id;
		}
		documents = docIds.size;
	}
	if (documents < 2) return null;
	const limit = group.kind === 'date' ? Infinity : group.scope === 'running' ? runningShiftDays : eventShiftDays;
	const entries: Entry[] = [];
	for (let k = 0; k < members.length; k++) {
		const ref = members[k];
		const range = tolerantRange(ref.claim, options);
		if (!range) continue;
		// Undated reports cannot be placed in time; when timing matters they are left out rather than guessed.
		const day = ref.published ? dayNumber(ref.published) : NaN;
		if (limit !== Infinity && Number.isNaN(day)) continue;
		entries.push({ ref, range, day: Number.isNaN(day) ? 0 : day, doc: docOf[k] });
	}
	if (entries.length < 2) return null;
	entries.sort((a, b) => a.day - b.day);
	const n = entries.length;
	const involved = new Map<ClaimRef, 'conflict' | 'time-shifted'>();
	const pairs = new Map<number, [Entry, Entry, 'conflict' | 'time-shifted']>();
	const record = (i: number, j: number, relation: 'conflict' | 'time-shifted') => {
		const key = Math.min(i, j) * n + Math.max(i, j);
		const old = pairs.get(key);
		if (!old || (old[2] === 'time-shifted' && relation === 'conflict')) pairs.set(key, [entries[i], entries[j], relation]);
		if (involved.get(entries[i].ref) !== 'conflict') involved.set(entries[i].ref, relation);
		if (involved.get(entries[j].ref) !== 'conflict') involved.set(entries[j].ref, relation);
	};
	if (n <= SMALL_GROUP) {
		// Most groups are small: every pair is checked, which also lists every disagreeing pair.
		for (let i = 0; i < n; i++) {
			for (let j = i + 1; j < n; j++) {
				const x = entries[i];
				const y = entries[j];
				if (x.doc === y.doc || rangesOverlap(x.range, y.range)) continue;
				record(i, j, Math.abs(x.day - y.day) <= limit ? 'conflict' : 'time-shifted');
			}
		}
	} else {
		// Plain loops: TypedArray.from with a mapping function is slow in V8.
		const docs = new Int32Array(n);
		const lows = new Float64Array(n);
		const negHighs = new Float64Array(n);
		const days = new Float64Array(n);
		for (let i = 0; i < n; i++) {
			docs[i] = entries[i].doc;
			lows[i] = entries[i].range.low;
			negHighs[i] = -entries[i].range.high;
			days[i] = entries[i].day;
		}
		const byLow = new TopTwoTable(lows, docs);
		const byNegHigh = new TopTwoTable(negHighs, docs);
		const lowerBound = (d: number) => { let lo = 0, hi = n; while (lo < hi) { const mid = (lo + hi) >> 1; if (days[mid] < d) lo = mid + 1; else hi = mid; } return lo; };
		const witness = (x: Entry, l: number, r: number): number => {
			const high = byLow.query(l, r, x.doc);
			if (high >= 0 && !rangesOverlap(x.range, entries[high].range)) return high;
			const low = byNegHigh.query(l, r, x.doc);
			if (low >= 0 && !rangesOverlap(x.range, entries[low].range)) return low;
			return -1;
		};
		for (let i = 0; i < n; i++) {
			const x = entries[i];
			const l = limit === Infinity ? 0 : lowerBound(x.day - limit);
			const r = limit === Infinity ? n : lowerBound(x.day + limit + 1);
			const near = witness(x, l, r);
			if (near >= 0) record(i, near, 'conflict');
			else {
				let far = witness(x, 0, l);
				if (far < 0) far = witness(x, r, n);
				if (far >= 0) record(i, far, 'time-shifted');
			}
		}
	}
	if (pairs.size === 0) return null;
	const sorted = ordered ? members.filter((m) => involved.has(m)) : [...involved.keys()].sort(compareRefs);
	const position = new Map<ClaimRef, number>();
	for (let i = 0; i < sorted.length; i++) position.set(sorted[i], i);
	const pairList = [...pairs.values()];
	return {
		groupId: group.id,
		quantity: group.quantity,
		verdict: pairList.some((p) => p[2] === 'conflict') ? 'conflict' : 'time-shifted',
		members: sorted,
		pairs: pairList.map(([x, y, relation]) => {
			const p = position.get(x.ref)!;
			const q = position.get(y.ref)!;
			return { a: Math.min(p, q), b: Math.max(p, q), relation };
		}),
	};
}

/** Judges every group; conflicts first, then time-shifted, each by quantity name. */
export function findConflicts(groups: Iterable<QuantityGroup>, options: ConflictOptions = {}): Conflict[] {
	const found: Conflict[] = [];
	for (const group of groups) {
		const conflict = judgeGroup(group, options);
		if (conflict) found.push(conflict);
	}
	return found.sort((a, b) => (a.verdict === b.verdict ? a.quantity.localeCompare(b.quantity) : a.verdict === 'conflict' ? -1 : 1));
}
