/**
 * Single-pass tokenizer for the number recogniser. Words are lower-cased, digit literals are parsed
 * here (separators, decimals, exponents, attached scales such as "3k"), and anything that must never
 * yield a number (URLs, times like "10:30", codes like "22M3", units glued to digits like "180ml")
 * becomes one opaque token.
 */
import { SCALE_ABBREVIATIONS, UPPER_SCALE_ABBREVIATIONS, VULGAR_FRACTIONS } from './lexicon';

/** Token types. */
export enum T {
	/** A word, lower-cased in `w`. */
	Word,
	/** A digit literal; value in `v`. */
	Num,
	/** One punctuation or symbol character in `w`. */
	Punct,
	/** Text that must not yield numbers (URL, time, code). */
	Junk,
	/** A digit ordinal such as "4th"; value in `v`. */
	Ord,
}

/** Flags of a digit literal. */
export enum F {
	None = 0,
	/** Written with a decimal point or comma. */
	Decimal = 1,
	/** Written with thousands separators. */
	Grouped = 2,
	/** Carries an attached scale ("3k", "1.2bn"). */
	Scaled = 4,
	/** Starts with a sign character. */
	Signed = 8,
	/** A slash or vulgar fraction ("3/4", "½"). */
	Fraction = 16,
	/** An exponent or power ("1e10", "1.1^23"). */
	Power = 32,
	/** Starts with a plus sign (phone numbers). */
	Plus = 64,
}

/** One token; `s`/`e` are UTF-16 offsets into the text, end exclusive. */
export interface Token {
	t: T;
	s: number;
	e: number;
	/** Lower-cased word, or the punctuation character; '' for other types. */
	w: string;
	/** Value of a digit literal or digit ordinal. */
	v: number;
	f: F;
	/** For a digit literal with an attached scale ("3k"), the scale; otherwise 1. */
	m: number;
}

const RE_IP = /\d+(?:\.\d+){2,}(?![\d])/y;
const RE_COMMA = /\d{1,3}(?:,\d{3})+(?!\d)(?!,\d)/y;
const RE_INDIAN = /\d{1,2}(?:,\d{2})+,\d{3}(?!\d)(?!,\d)/y;
const RE_EURO = /\d{1,3}(?:\.\d{3})+,\d{1,2}(?![\d.]|,\d)/y;
const RE_SPACED = /\d{1,3}(?:[ \u00a0\u202f\u2009]\d{3})+(?![\d/,]\d|\d)/y;
const RE_DECIMAL_COMMA = /\d+,\d{1,2}(?!\d|,\d)/y;
const RE_DIGITS = /\d+/y;
const RE_FRACTION_PART = /\.\d+/y;
const RE_EXPONENT = /[eE]([+-]?\d+)(?![A-Za-z\d])/y;
const RE_POWER = /\^([+-]*)(\d+)(?![A-Za-z\d])/y;
const RE_TIMES_TEN = / ?[x×] ?10\^([+-]?\d+)(?![A-Za-z\d])/y;
const RE_SLASH = /\/(\d+)(?![\d/])/y;
const RE_TIME = /(?::\d+)+/y;
const RE_LETTERS = /[A-Za-z]+/y;
const RE_URL = /(?:https?:\/\/|www\.)\S*/iy;
const RE_ALNUM_RUN = /[\p{L}\p{N}_]*/uy;

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isAsciiLetter = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
const isSpace = (c: number): boolean => c === 32 || c === 10 || c === 13 || c === 9 || c === 0xa0 || c === 0x202f || c === 0x2009 || c === 12 || c === 11 || c === 0x3000;
const RE_LETTER = /\p{L}/u;
function isLetter(c: number, text: string, i: number): boolean {
	if (c < 128) return isAsciiLetter(c);
	// Curly quotes, dashes and other punctuation and symbols are common in news; skip the regex for them.
	if ((c >= 0x2000 && c <= 0x2bff) || (c >= 0x80 && c <= 0xbf && c !== 0xaa && c !== 0xb5 && c !== 0xba)) return false;
	if (c >= 0xd800 && c <= 0xdbff) return RE_LETTER.test(text.slice(i, i + 2));
	return RE_LETTER.test(text[i]);
}
const isAlnumAt = (text: string, i: number): boolean => i >= 0 && i < text.length && (isDigit(text.charCodeAt(i)) || isLetter(text.charCodeAt(i), text, i));

function stickyMatch(re: RegExp, text: string, at: number): RegExpExecArray | null {
	re.lastIndex = at;
	return re.exec(text);
}

/**
 * Splits `text[from, to)` into tokens (whitespace dropped); `from` must be at a token boundary.
 * Offsets are into the whole text. Linear in the length of the range.
 */
export function tokenize(text: string, from = 0, to = text.length): Token[] {
	const tokens: Token[] = [];
	const n = text.length;
	let i = from;
	while (i < to) {
		const c = text.charCodeAt(i);
		if (isSpace(c)) {
			i++;
			continue;
		}
		if (c < 128 ? isAsciiLetter(c) : isLetter(c, text, i)) {
			const prev = i > 0 ? text.charCodeAt(i - 1) : 32;
			// "http://…" and "www.…" are opaque: percent-escapes in URLs are not percentages.
			if ((c === 104 || c === 72 || c === 119 || c === 87) && !isDigit(prev)) {
				const url = stickyMatch(RE_URL, text, i);
				if (url) {
					tokens.push({ t: T.Junk, s: i, e: i + url[0].length, w: '', v: 0, f: F.None, m: 1 });
					i += url[0].length;
					continue;
				}
			}
			let j = i + 1;
			let upper = c < 97;
			while (j < n) {
				const d = text.charCodeAt(j);
				if (d < 128 ? !isAsciiLetter(d) : !isLetter(d, text, j)) break;
				if (d < 97) upper = true;
				j++;
			}
			if (j < n && isDigit(text.charCodeAt(j))) {
				// Letters glued to digits ("G20", "A4", "v2.0.1"): a code or version, not a number.
				const e = codeEnd(text, j);
				tokens.push({ t: T.Junk, s: i, e, w: '', v: 0, f: F.None, m: 1 });
				i = e;
				continue;
			}
			// Long words are never number words; skip lower-casing them.
			const w = j - i > 14 ? '' : upper ? text.slice(i, j).toLowerCase() : text.slice(i, j);
			tokens.push({ t: T.Word, s: i, e: j, w, v: 0, f: F.None, m: 1 });
			i = j;
			continue;
		}
		if (isDigit(c) || ((c === 46 || c === 45 || c === 43 || c === 0x2212) && i + 1 < n && startsNumberAfterSign(text, i))) {
			i = lexNumber(text, i, tokens);
			continue;
		}
		const vulgar = (c >= 0xbc && c <= 0xbe) || (c >= 0x2150 && c <= 0x215e) ? VULGAR_FRACTIONS.get(text[i]) : undefined;
		if (vulgar !== undefined) {
			tokens.push({ t: T.Num, s: i, e: i + 1, w: '', v: vulgar, f: F.Fraction, m: 1 });
			i++;
			continue;
		}
		const width = c >= 0xd800 && c <= 0xdbff && i + 1 < n ? 2 : 1;
		tokens.push({ t: T.Punct, s: i, e: i + width, w: text.slice(i, i + width), v: 0, f: F.None, m: 1 });
		i += width;
	}
	return tokens;
}

/**
 * `value * scale`, exact in decimal when the scale is a power of ten: 4.1 × 10⁶ is 4100000, where
 * floating-point multiplication gives 4099999.9999999995.
 */
export function times(value: number, scale: number): number {
	const exponent = Math.log10(scale);
	if (Number.isInteger(exponent) && exponent !== 0 && Number.isFinite(value)) {
		const exact = Number(`${value}e${exponent}`);
		if (Number.isFinite(exact)) return exact;
	}
	return value * scale;
}

/** End of an opaque code whose letters and digits start at `p`, dotted parts included ("v2.0.1"). */
function codeEnd(text: string, p: number): number {
	let e = p + stickyMatch(RE_ALNUM_RUN, text, p)![0].length;
	while (text.charCodeAt(e) === 46 && isAlnumAt(text, e + 1)) e += 1 + stickyMatch(RE_ALNUM_RUN, text, e + 1)![0].length;
	return e;
}

/** True when the sign or dot at `i` starts a number: "-4", "+1", ".08", but not "a-1" or "2.5". */
function startsNumberAfterSign(text: string, i: number): boolean {
	const c = text.charCodeAt(i);
	const prev = i > 0 ? text.charCodeAt(i - 1) : 32;
	if (c === 46) return isDigit(text.charCodeAt(i + 1)) && !isDigit(prev) && !isAsciiLetter(prev);
	// A sign must not follow a word, a number or a closing bracket ("Tu-22", "1995-01", "(a)-3").
	if (isAlnumAt(text, i - 1) || prev === 41 || prev === 93 || prev === 45 || prev === 46 || prev === 0x2013) return false;
	const next = text.charCodeAt(i + 1);
	return isDigit(next) || (next === 46 && isDigit(text.charCodeAt(i + 2)));
}

/** Reads one digit literal at `start` and pushes its token(s); returns where scanning continues. */
function lexNumber(text: string, start: number, tokens: Token[]): number {
	let p = start;
	let sign = 1;
	let flags: F = F.None;
	const c0 = text.charCodeAt(p);
	if (c0 === 43) {
		// A plus sign is not part of the figure ("+1" in a phone number is 1), but it is remembered.
		flags |= F.Plus;
		start++;
		p++;
	} else if (c0 === 45 || c0 === 0x2212) {
		sign = -1;
		flags |= F.Signed;
		p++;
	}
	const prevChar = start > 0 ? text.charCodeAt(start - 1) : 32;
	// Digits glued after letters are part of a code ("SCP173" is not, but "SCP-173" has a hyphen).
	if (isAsciiLetter(prevChar) || (prevChar >= 128 && isLetter(prevChar, text, start - 1))) {
		const run = stickyMatch(RE_ALNUM_RUN, text, p)!;
		tokens.push({ t: T.Junk, s: start, e: p + run[0].length, w: '', v: 0, f: F.None, m: 1 });
		return p + run[0].length;
	}
	// Dotted chains ("192.168.1.2", version numbers) are separate integers.
	const ip = text.charCodeAt(p) !== 46 ? stickyMatch(RE_IP, text, p) : null;
	if (ip) {
		let q = p;
		for (const part of ip[0].split('.')) {
			const s = q === p ? start : q;
			tokens.push({ t: T.Num, s, e: q + part.length, w: '', v: (q === p ? sign : 1) * Number(part), f: q === p ? flags : F.None, m: 1 });
			q += part.length;
			if (q < p + ip[0].length) {
				tokens.push({ t: T.Punct, s: q, e: q + 1, w: '.', v: 0, f: F.None, m: 1 });
				q++;
			}
		}
		return q;
	}
	let value: number;
	let m: RegExpExecArray | null;
	const prevIsCommaAfterDigit = start >= 2 && text.charCodeAt(start - 1) === 44 && isDigit(text.charCodeAt(start - 2));
	if (text.charCodeAt(p) === 46) {
		m = stickyMatch(RE_FRACTION_PART, text, p)!;
		value = Number('0' + m[0]);
		flags |= F.Decimal;
		p += m[0].length;
	} else if ((m = stickyMatch(RE_INDIAN, text, p)) || (m = stickyMatch(RE_COMMA, text, p))) {
		value = Number(m[0].replace(/,/g, ''));
		flags |= F.Grouped;
		p += m[0].length;
	} else if ((m = stickyMatch(RE_EURO, text, p))) {
		value = Number(m[0].replace(/\./g, '').replace(',', '.'));
		flags |= F.Grouped | F.Decimal;
		p += m[0].length;
	} else if ((m = stickyMatch(RE_SPACED, text, p))) {
		value = Number(m[0].replace(/[ \u00a0\u202f\u2009]/g, ''));
		flags |= F.Grouped;
		p += m[0].length;
	} else if (!prevIsCommaAfterDigit && (m = stickyMatch(RE_DECIMAL_COMMA, text, p))) {
		value = Number(m[0].replace(',', '.'));
		flags |= F.Decimal;
		p += m[0].length;
	} else {
		m = stickyMatch(RE_DIGITS, text, p)!;
		value = Number(m[0]);
		p += m[0].length;
	}
	const integerOnly = (flags & (F.Decimal | F.Grouped)) === 0;
	if ((flags & F.Decimal) === 0 && text.charCodeAt(p) === 46 && isDigit(text.charCodeAt(p + 1))) {
		m = stickyMatch(RE_FRACTION_PART, text, p)!;
		// Parse "1.66" as one literal: adding 0.66 to 1 would give 1.6600000000000001.
		value = value < 1e21 ? Number(String(value) + m[0]) : value + Number('0' + m[0]);
		flags |= F.Decimal;
		p += m[0].length;
	}
	// Times ("10:30") and clock-like ratios are not counts.
	if (integerOnly && text.charCodeAt(p) === 58 && isDigit(text.charCodeAt(p + 1))) {
		m = stickyMatch(RE_TIME, text, p)!;
		p += m[0].length;
		const run = stickyMatch(RE_ALNUM_RUN, text, p)!;
		tokens.push({ t: T.Junk, s: start, e: p + run[0].length, w: '', v: 0, f: F.None, m: 1 });
		return p + run[0].length;
	}
	if ((flags & F.Grouped) === 0) {
		if ((m = stickyMatch(RE_EXPONENT, text, p))) {
			value = times(value, Math.pow(10, Number(m[1])));
			flags |= F.Power;
			p += m[0].length;
		} else if ((m = stickyMatch(RE_POWER, text, p))) {
			const negative = (m[1].split('-').length - 1) % 2 === 1;
			value = Math.pow(value, (negative ? -1 : 1) * Number(m[2]));
			flags |= F.Power;
			p += m[0].length;
		} else if ((m = stickyMatch(RE_TIMES_TEN, text, p))) {
			value = times(value, Math.pow(10, Number(m[1])));
			flags |= F.Power;
			p += m[0].length;
		} else if (integerOnly && (m = stickyMatch(RE_SLASH, text, p))) {
			// "3/4" and "1/100" are fractions; "5/17/2018", "24/7" and "9/11" are not (dates, improper pairs, names).
			const denominator = Number(m[1]);
			const chainBefore = start > 0 && text.charCodeAt(start - 1) === 47;
			const usual = denominator <= 10 || value === 1 || denominator === 12 || denominator === 16 || denominator === 100;
			if (!chainBefore && usual && denominator > value && value > 0) {
				value = value / denominator;
				flags |= F.Fraction;
				p += m[0].length;
			}
		}
	}
	// Overflowing exponents ("1e510") and zero denominators are not usable figures.
	if (!Number.isFinite(value)) {
		const run = stickyMatch(RE_ALNUM_RUN, text, p)!;
		tokens.push({ t: T.Junk, s: start, e: p + run[0].length, w: '', v: 0, f: F.None, m: 1 });
		return p + run[0].length;
	}
	const glued = VULGAR_FRACTIONS.get(text[p]);
	if (glued !== undefined && integerOnly && (flags & F.Fraction) === 0) {
		value += glued;
		flags |= F.Fraction;
		p++;
	}
	const next = text.charCodeAt(p);
	if (p < text.length && (isAsciiLetter(next) || (next >= 128 && isLetter(next, text, p)))) {
		const letters = stickyMatch(RE_LETTERS, text, p);
		const word = letters ? letters[0] : '';
		const after = p + word.length;
		const gluedOn = word.length === 0 || isAlnumAt(text, after);
		const lower = word.toLowerCase();
		if (!gluedOn && integerOnly && (flags & (F.Fraction | F.Power)) === 0 && ['st', 'nd', 'rd', 'th'].includes(lower)) {
			tokens.push({ t: T.Ord, s: start, e: after, w: '', v: value, f: flags, m: 1 });
			return after;
		}
		const scale = gluedOn ? undefined : scaleSuffix(word, value, flags, text, start, after);
		if (scale !== undefined) {
			tokens.push({ t: T.Num, s: start, e: after, w: '', v: sign * times(value, scale), f: flags | F.Scaled, m: scale });
			return after;
		}
		// A unit or code glued to the digits ("180ml", "29km", "1990s"): no number here.
		const run = stickyMatch(RE_ALNUM_RUN, text, p)!;
		tokens.push({ t: T.Junk, s: start, e: p + run[0].length, w: '', v: 0, f: F.None, m: 1 });
		return p + run[0].length;
	}
	tokens.push({ t: T.Num, s: start, e: p, w: '', v: sign * value, f: flags, m: 1 });
	return p;
}

const RE_NEXT_WORD = /[ \u00a0]+([a-z]+)\b/y;
/** Plurals that measure rather than count, so "5m seconds" stays unread. */
const MEASURE_PLURALS = new Set(['metres', 'meters', 'miles', 'seconds', 'minutes', 'hours', 'hurdles', 'relays', 'inches', 'kilometres', 'kilometers']);
const PEOPLE_NOUNS = new Set(['people', 'children', 'men', 'women', 'persons']);

/** Whether the word after offset `from` is a lower-case plural noun of a count. */
function countedPluralAfter(text: string, from: number): boolean {
	const m = stickyMatch(RE_NEXT_WORD, text, from);
	if (!m) return false;
	const w = m[1];
	return PEOPLE_NOUNS.has(w) || (w.length >= 4 && w.endsWith('s') && !w.endsWith('ss') && !MEASURE_PLURALS.has(w));
}

/** The multiplier of a scale abbreviation glued to digits, or undefined. */
function scaleSuffix(word: string, value: number, flags: F, text: string, start: number, after: number): number | undefined {
	const upper = UPPER_SCALE_ABBREVIATIONS.get(word);
	// "4G", "5G" name mobile-network generations, not billions.
	if (upper !== undefined && !(word === 'G' && value < 10 && (flags & F.Decimal) === 0)) return upper;
	const lower = word.toLowerCase();
	// After a currency sign, a lower-case "m" is millions ("$5m"); so it is before people counted in a
	// plural ("4m refugees", "1.5m people"); elsewhere it is metres ("a 10m wall", "1m isn't").
	if (word === 'm' && ((start > 0 && '$£€¥'.includes(text[start - 1])) || countedPluralAfter(text, after))) return 1e6;
	return lower === 'm' || lower === 'mm' || lower === 'g' ? undefined : SCALE_ABBREVIATIONS.get(lower);
}
