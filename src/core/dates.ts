/** Date expressions ("Sept. 30", "late September", "October 20, 2015", "mid-2014", "last month") and their resolution to ISO intervals. */
import { scanText, YEAR4 } from './scan';
import type { Interval, Span } from './types';

/** What a date expression says, before it is resolved against the publication date. */
export interface DateParts {
	year: number | null;
	/** 1..12 */
	month: number | null;
	day: number | null;
	/** A decade ("the 1990s"): year holds its first year. */
	decade?: boolean;
	/** "early", "mid" or "late" part of a month or year. */
	part?: 'early' | 'mid' | 'late' | null;
	/** A half (1..2) or quarter (1..4) of a year: "the first half of 2015", "the third quarter of 2016". */
	period?: { half?: number; quarter?: number } | null;
	/** Relative expressions: "this week", "last month", "later this month", "earlier this year". */
	relative?: { unit: 'week' | 'month' | 'year'; offset: -1 | 0 | 1; half?: 'earlier' | 'later' } | null;
	/** For a year-less month: its clause points ahead ("faces re-election in April", "runs until March") or back ("since January"). */
	direction?: 'forward' | 'back' | null;
}

/** A date expression found in text. */
export interface DateMention extends Span {
	text: string;
	parts: DateParts;
	/** The resolved ISO interval, or null when it needs a publication date that is unknown. */
	value: Interval | null;
	approx: boolean;
}

/** A weekday named in text ("on Thursday"), with whether its clause speaks of the future. */
export interface WeekdayMention extends Span {
	/** 0 = Sunday .. 6 = Saturday */
	weekday: number;
	future: boolean;
}

const MONTHS: Record<string, number> = {
	january: 1, february: 2, march: 3, april: 4, may: 5, june: 6, july: 7, august: 8, september: 9, october: 10, november: 11, december: 12,
	jan: 1, feb: 2, mar: 3, apr: 4, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
};
const PART = String.raw`(?:(early|mid|late|the end of|end of|the beginning of|beginning of|the start of|start of|the middle of)[\s-]+)`;

// Dates are found from anchors (a month name, a four-digit year, "this/last/next week|month|year") found in the
// document's one cheap scan (scanText, shared with the claim finder), then extended left and right with sticky or
// end-anchored patterns on a few characters, so the cost stays linear and small on long texts.
const DAY_AFTER = new RegExp(String.raw`\s+(\d{1,2})(?:st|nd|rd|th)?\b(?!,\d)(?:,?\s+${YEAR4}\b)?`, 'y');
const YEAR_AFTER = new RegExp(String.raw`,?\s+(?:of\s+)?${YEAR4}\b`, 'y');
const DAY_BEFORE = /\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?$/;
const PART_BEFORE = new RegExp(String.raw`\b${PART}$`);
const PERIOD_BEFORE = /\b(?:the\s+)?(first|second|third|fourth)\s+(half|quarter)\s+of\s+$/i;
const SINCE_BEFORE = /\b(?:since|Since)\s+$/;
const HALF_BEFORE = /\b(earlier|later|Earlier|Later)\s+$/;

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
// Words before a weekday in the same clause that put it in the future ("will meet ... on Friday").
const FUTURE_RE = /\b(?:will|'ll|’ll|is (?:also )?to|are (?:also )?to|is due|are due|scheduled|expected|set to|plans? to|planned|upcoming|next)\b[^.;!?]*$/i;

// A clause that looks ahead: a year-less month in it is the next one, however far ("faces re-election in April").
const FORWARD_CLAUSE = /\b(?:will|'ll|’ll|shall|is (?:also )?to|are (?:also )?to|is due|are due|due to|scheduled|expected|set to|plans? to|planned|upcoming|coming|next|faces?|facing|ahead of|awaits?|awaiting|until|till|runs? (?:to|through)|is set|are set|in time for|deadline|from now)\b/i;
// Right before the month: "until March", "till June", "by next", "from next".
const FORWARD_RIGHT_BEFORE = /\b(?:until|till|untill)\s+(?:early\s+|mid-?\s*|late\s+)?$/i;
// A clause that looks back: "since January", "ago", "last", "earlier".
const BACK_CLAUSE = /\b(?:since|ago|last|earlier|previous|previously)\b/i;
// Past-tense or perfect auxiliaries: alone they look back ("was signed in December"); with a forward word they
// are ambiguous ("was scheduled for June" may be past or to come), and the default rule decides.
const PAST_AUX = /\b(?:was|were|had|has been|have been|did)\b/i;

/** Which way a year-less month points, from its own clause (the text after the last comma, stop or dash before it). */
function directionBefore(text: string, start: number): DateParts['direction'] {
	const window = text.slice(Math.max(0, start - 60), start);
	let cut = -1;
	for (let i = window.length - 1; i >= 0; i--) {
		const c = window.charCodeAt(i);
		// , . ; : ! ? ( — – and line breaks end a clause
		if (c === 44 || c === 46 || c === 59 || c === 58 || c === 33 || c === 63 || c === 40 || c === 0x2014 || c === 0x2013 || c === 10) {
			cut = i;
			break;
		}
	}
	const clause = window.slice(cut + 1);
	if (SINCE_BEFORE.test(clause) || /^since\b/i.test(text.slice(start, start + 6))) return 'back';
	if (FORWARD_RIGHT_BEFORE.test(clause)) return 'forward';
	if (BACK_CLAUSE.test(clause)) return 'back';
	const past = PAST_AUX.test(clause);
	if (FORWARD_CLAUSE.test(clause)) return past ? null : 'forward';
	return past ? 'back' : null;
}

/** Words that make a bare month name a date rather than a verb or a name ("May", "March"). */
const MONTH_CONTEXT = /\b(?:in|since|since early|since late|by|until|till|from|through|to|of|during|before|after|early|mid|late|last|next|this|and|or|between|around|until)\s*$/i;

function pad(n: number): string {
	return String(n).padStart(2, '0');
}

/** ISO string of a UTC date. */
export function isoDate(d: Date): string {
	return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** Parses an ISO YYYY-MM-DD date as UTC midnight, or null. */
export function parseIso(iso: string | null | undefined): Date | null {
	const m = iso ? /^(\d{4})-(\d{2})-(\d{2})/.exec(iso) : null;
	return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
}

function daysInMonth(year: number, month: number): number {
	return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function closed(low: string, high: string): Interval {
	return { low, high, lowInclusive: true, highInclusive: true };
}

function addDays(d: Date, n: number): Date {
	return new Date(d.getTime() + n * 86400000);
}

/**
 * The year of a month (and day) written without one: news refers to the recent past far more often than to
 * the future, so the next occurrence is taken only when it is at most two months ahead.
 */
function yearFor(month: number, published: Date, direction: DateParts['direction'] = null): number {
	const y = published.getUTCFullYear();
	const pubMonth = published.getUTCMonth() + 1;
	if (month === pubMonth) return y;
	const ahead = (month - pubMonth + 12) % 12;
	const next = month > pubMonth ? y : y + 1;
	const previous = month < pubMonth ? y : y - 1;
	if (direction === 'forward') return next;
	if (direction === 'back') return previous;
	return ahead <= 2 ? next : previous;
}

/** Resolves date parts to an ISO interval; relative and year-less parts need `published`. */
export function resolveDate(parts: DateParts, published: string | null): Interval | null {
	return resolveAt(parts, parseIso(published));
}

/** Resolves date parts against an already parsed publication date (parsed once per document, not per date). */
function resolveAt(parts: DateParts, pub: Date | null): Interval | null {
	if (parts.relative) {
		if (!pub) return null;
		const { unit, offset, half } = parts.relative;
		let start: Date;
		let end: Date;
		if (unit === 'week') {
			const monday = addDays(pub, -((pub.getUTCDay() + 6) % 7) + 7 * offset);
			start = monday;
			end = addDays(monday, 6);
		} else if (unit === 'month') {
			start = new Date(Date.UTC(pub.getUTCFullYear(), pub.getUTCMonth() + offset, 1));
			end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 0));
		} else {
			start = new Date(Date.UTC(pub.getUTCFullYear() + offset, 0, 1));
			end = new Date(Date.UTC(pub.getUTCFullYear() + offset, 11, 31));
		}
		if (offset === 0 && half === 'earlier') end = pub;
		if (offset === 0 && half === 'later') start = pub;
		return closed(isoDate(start), isoDate(end));
	}
	let { year } = parts;
	const { month, day } = parts;
	if (year !== null && month === null) {
		if (parts.decade) return closed(`${year}-01-01`, `${year + 9}-12-31`);
		if (parts.part === 'early') return closed(`${year}-01-01`, `${year}-04-30`);
		if (parts.part === 'mid') return closed(`${year}-05-01`, `${year}-08-31`);
		if (parts.part === 'late') return closed(`${year}-09-01`, `${year}-12-31`);
		if (parts.period?.half) return parts.period.half === 1 ? closed(`${year}-01-01`, `${year}-06-30`) : closed(`${year}-07-01`, `${year}-12-31`);
		if (parts.period?.quarter) {
			const q = parts.period.quarter;
			return closed(`${year}-${pad(q * 3 - 2)}-01`, `${year}-${pad(q * 3)}-${pad(daysInMonth(year, q * 3))}`);
		}
		return closed(`${year}-01-01`, `${year}-12-31`);
	}
	if (month === null) return null;
	if (year === null) {
		if (!pub) return null;
		year = yearFor(month, pub, parts.direction);
	}
	const last = daysInMonth(year, month);
	if (day !== null) {
		if (day < 1 || day > last) return null;
		const iso = `${year}-${pad(month)}-${pad(day)}`;
		return closed(iso, iso);
	}
	const ym = `${year}-${pad(month)}`;
	if (parts.part === 'early') return closed(`${ym}-01`, `${ym}-10`);
	if (parts.part === 'mid') return closed(`${ym}-11`, `${ym}-20`);
	if (parts.part === 'late') return closed(`${ym}-21`, `${ym}-${pad(last)}`);
	return closed(`${ym}-01`, `${ym}-${pad(last)}`);
}

function partOf(word: string | undefined): DateParts['part'] {
	if (!word) return null;
	const w = word.toLowerCase();
	if (w === 'early' || w.includes('beginning') || w.includes('start')) return 'early';
	if (w === 'mid' || w.includes('middle')) return 'mid';
	return 'late';
}

function monthOf(word: string): number {
	return MONTHS[word.toLowerCase().replace(/\.$/, '')];
}

/** A date expression before resolution. */
interface RawDate {
	start: number;
	end: number;
	parts: DateParts;
	approx: boolean;
}

let cacheText: string | null = null;
let cacheDates: RawDate[] = [];

/** Extends a match leftwards over "since" and an early/mid/late part; returns the new start and the part word. */
function extendLeft(text: string, start: number, floor: number, allowPart: boolean): { start: number; part?: string } {
	let from = start;
	let part: string | undefined;
	if (allowPart) {
		const p = PART_BEFORE.exec(text.slice(Math.max(floor, from - 22), from));
		if (p) {
			part = p[1];
			from -= p[0].length;
		}
	}
	const since = SINCE_BEFORE.exec(text.slice(Math.max(floor, from - 7), from));
	if (since) from -= since[0].length;
	return { start: from, part };
}

/** Finds every date expression, unresolved; the last text's result is kept so that inference and claims share it. */
function scanDates(text: string): RawDate[] {
	if (text === cacheText) return cacheDates;
	const out: RawDate[] = [];
	let lastEnd = 0;
	// The scan does not jump over the text a date was extended to: anchors there ("2015" of "October 21, 2015")
	// start before `lastEnd` and are passed over. They end within that text, so no later anchor is hidden.
	for (const m of scanText(text).anchors) {
		const a = m.index;
		let b = a + m[0].length;
		if (a < lastEnd) continue;
		let parts: DateParts;
		let start = a;
		if (m[1] !== undefined) {
			const month = monthOf(m[1]);
			DAY_AFTER.lastIndex = b;
			const dayAfter = DAY_AFTER.exec(text);
			const dayBefore = dayAfter ? null : DAY_BEFORE.exec(text.slice(Math.max(lastEnd, a - 12), a));
			if (dayAfter && Number(dayAfter[1]) >= 1 && Number(dayAfter[1]) <= 31) {
				b = DAY_AFTER.lastIndex;
				parts = { year: dayAfter[2] ? Number(dayAfter[2]) : null, month, day: Number(dayAfter[1]), part: null };
				start = extendLeft(text, a, lastEnd, false).start;
				if (!dayAfter[2]) parts.direction = directionBefore(text, start);
			} else if (dayBefore && Number(dayBefore[1]) >= 1 && Number(dayBefore[1]) <= 31) {
				start = a - dayBefore[0].length;
				YEAR_AFTER.lastIndex = b;
				const y = YEAR_AFTER.exec(text);
				if (y) b = YEAR_AFTER.lastIndex;
				parts = { year: y ? Number(y[1]) : null, month, day: Number(dayBefore[1]), part: null };
				start = extendLeft(text, start, lastEnd, false).start;
				if (!y) parts.direction = directionBefore(text, start);
			} else {
				YEAR_AFTER.lastIndex = b;
				const y = YEAR_AFTER.exec(text);
				if (y) b = YEAR_AFTER.lastIndex;
				const left = extendLeft(text, a, lastEnd, true);
				// A bare "May"/"March" is a date only after a preposition or with a year or part.
				if (!y && !left.part && left.start === a && /^(?:May|March)$/.test(m[1]) && !MONTH_CONTEXT.test(text.slice(Math.max(0, a - 20), a))) continue;
				start = left.start;
				parts = { year: y ? Number(y[1]) : null, month, day: null, part: partOf(left.part) };
				if (!y) parts.direction = directionBefore(text, start);
			}
		} else if (m[2] !== undefined) {
			// A year glued to other digits, money or percent is not a year ("2,015", "$2015", "2015%").
			const after = text.charAt(b);
			const before = text.charAt(a - 1);
			if (/[\d$€£%]/.test(after) || /[\d$€£.,]/.test(before) || (after === ',' && /\d/.test(text.charAt(b + 1)))) continue;
			// ISO dates: "2015-10-21".
			const iso = /^-(\d\d)-(\d\d)\b/.exec(text.slice(b, b + 7));
			if (iso && Number(iso[1]) >= 1 && Number(iso[1]) <= 12) {
				parts = { year: Number(m[2]), month: Number(iso[1]), day: Number(iso[2]), part: null };
				b += 6;
				out.push({ start: a, end: b, parts, approx: false });
				lastEnd = b;
				continue;
			}
			const left = extendLeft(text, a, lastEnd, true);
			start = left.start;
			parts = { year: Number(m[2]), month: null, day: null, decade: m[3] !== undefined, part: partOf(left.part) };
			const period = PERIOD_BEFORE.exec(text.slice(Math.max(lastEnd, start - 34), start));
			if (period && !left.part && m[3] === undefined) {
				start -= period[0].length;
				const nth = ['first', 'second', 'third', 'fourth'].indexOf(period[1].toLowerCase()) + 1;
				parts.period = /half/i.test(period[2]) ? (nth <= 2 ? { half: nth } : null) : { quarter: nth };
			}
		} else {
			const which = m[4].toLowerCase();
			const half = HALF_BEFORE.exec(text.slice(Math.max(lastEnd, a - 9), a));
			if (half && which === 'this') start = a - half[0].length;
			const h = half && which === 'this' ? (half[1].toLowerCase() as 'earlier' | 'later') : undefined;
			parts = { year: null, month: null, day: null, relative: { unit: m[5] as 'week' | 'month' | 'year', offset: which === 'last' ? -1 : which === 'next' ? 1 : 0, half: h } };
		}
		out.push({ start, end: b, parts, approx: parts.part === 'mid' });
		lastEnd = b;
	}
	cacheText = text;
	cacheDates = out;
	return out;
}

/** Finds date expressions and resolves them against `published` (ISO) when they need it. */
export function findDates(text: string, published: string | null = null): DateMention[] {
	const pub = parseIso(published);
	return scanDates(text).map((d) => ({ start: d.start, end: d.end, text: text.slice(d.start, d.end), parts: d.parts, value: resolveAt(d.parts, pub), approx: d.approx }));
}

/** Finds weekday names and whether their clause is about the future. */
export function findWeekdays(text: string): WeekdayMention[] {
	const out: WeekdayMention[] = [];
	for (const m of scanText(text).weekdays) {
		const before = text.slice(Math.max(0, m.index - 80), m.index);
		out.push({ start: m.index, end: m.index + m[0].length, weekday: WEEKDAYS.indexOf(m[0].toLowerCase()), future: FUTURE_RE.test(before) });
	}
	return out;
}

/** True when `pos` lies in one of `spans` (sorted by start, not overlapping): a binary search. */
function inside(spans: Span[], pos: number): boolean {
	let lo = 0;
	let hi = spans.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (spans[mid].end <= pos) lo = mid + 1;
		else hi = mid;
	}
	return lo < spans.length && spans[lo].start <= pos;
}

// What may stand around a full date on a publication line: "Published October 25, 2018", "Updated: Tue 7 Aug 2018 10:30 GMT".
const STAMP_BEFORE = /^\s*(?:(?:(?:first\s+)?published|posted|updated|last\s+updated|date)\s*(?:on\b)?\s*:?\s*)?(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s*)?$/i;
const STAMP_AFTER = /^\s*(?:[,|•·]?\s*(?:at\s+)?\d{1,2}[:.]\d\d(?:\s*[ap]\.?m\.?)?(?:\s*(?:[A-Z]{2,5}|GMT[+-]\d{1,2}|UTC[+-]\d{1,2}))?)?\s*$/i;
// A dateline before the date ("WASHINGTON, Oct. 20, 2015 —"): a place in capitals, an optional region.
const DATELINE_BEFORE = /^\s*\p{Lu}[\p{Lu}\s.'’-]{1,40}(?:,\s*\p{Lu}[\p{L}\s.]{1,30})?,\s*$/u;
const DATELINE_AFTER = /^\s*(?:\([^)]{1,30}\)\s*)?[—–-]/;

/**
 * The date of a publication line near the top ("Published October 25, 2018", a date alone on its line under the
 * byline, a dated dateline). That line is written on the day of publication, so it is authoritative: weekdays the
 * article names are then days before it, not clues to shift it. The first "Updated" stamp counts only without a
 * "Published" one. Null when there is no such line.
 */
function publicationLineDate(text: string, dates: DateMention[], exclude: Span[]): string | null {
	const top = Math.max(1500, text.length * 0.25);
	let updated: string | null = null;
	for (const d of dates) {
		if (d.start > top) break;
		const { year, month, day } = d.parts;
		if (year === null || month === null || day === null || d.parts.relative || inside(exclude, d.start)) continue;
		const lineStart = text.lastIndexOf('\n', d.start - 1) + 1;
		let lineEnd = text.indexOf('\n', d.end);
		if (lineEnd === -1) lineEnd = text.length;
		const before = text.slice(lineStart, d.start);
		const after = text.slice(d.end, Math.min(lineEnd, d.end + 40));
		const stamp = before.length <= 40 && STAMP_BEFORE.test(before) && lineEnd - d.end <= 40 && STAMP_AFTER.test(after);
		const dateline = before.length <= 60 && DATELINE_BEFORE.test(before) && DATELINE_AFTER.test(after);
		if (!stamp && !dateline) continue;
		const iso = `${year}-${pad(month)}-${pad(day)}`;
		if (!resolveDate(d.parts, null)) continue;
		if (/^\s*(?:last\s+)?updated\b/i.test(before)) {
			updated ??= iso;
			continue;
		}
		return iso;
	}
	return updated;
}

/**
 * Infers the publication date from the text outside `exclude` (page chrome): a publication line or dated dateline
 * at the top when there is one; otherwise the latest full date written
 * (dateline, captions), moved forward to the first day on which every past weekday the article names
 * ("on Thursday", "Later on Friday") has happened since that date. Null when the text has no full date,
 * or when it names a later year than its latest full date (the full date is then history, not the news).
 */
export function inferPublishedDate(text: string, excluded: Span[] = []): string | null {
	const exclude = [...excluded].sort((a, b) => a.start - b.start);
	const dates = findDates(text);
	const stamped = publicationLineDate(text, dates, exclude);
	if (stamped) return stamped;
	let latest: Date | null = null;
	let maxYear = -Infinity;
	for (const d of dates) {
		if (inside(exclude, d.start) || d.parts.relative) continue;
		// Dates in clauses about the future ("talks are scheduled for March 14, 2016") say nothing about today.
		if (FUTURE_RE.test(text.slice(Math.max(0, d.start - 80), d.start))) continue;
		if (d.parts.year !== null && !d.parts.decade) maxYear = Math.max(maxYear, d.parts.year);
		if (d.parts.year === null || d.parts.month === null || d.parts.day === null) continue;
		const date = new Date(Date.UTC(d.parts.year, d.parts.month - 1, d.parts.day));
		if (!latest || date > latest) latest = date;
	}
	if (!latest || maxYear > latest.getUTCFullYear()) return null;
	const weekdays = findWeekdays(text).filter((w) => !w.future && !inside(exclude, w.start));
	for (let shift = 0; shift < 7; shift++) {
		const candidate = addDays(latest, shift);
		const ok = weekdays.every((w) => {
			const back = (candidate.getUTCDay() - w.weekday + 7) % 7;
			return back <= shift;
		});
		if (ok) return isoDate(candidate);
	}
	return isoDate(latest);
}
