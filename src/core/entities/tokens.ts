/**
 * Tokenisation for the entity recogniser. One character scan finds words, but only the tokens that
 * can be part of a name are kept: capitalised words, dotted abbreviations ("U.S."), name particles
 * and connectors ("al", "de", "of", "and"), and the dots and hyphens inside names. Everything else
 * only breaks adjacency. Sentence starts and headline lines are worked out during the same scan.
 */
import * as lexiconModule from './lexicon';

// Read once: the per-file CommonJS output reads an imported name through getters on every use.
const { DOTTED_ABBREVIATIONS, NAME_PARTICLES } = lexiconModule;

/** One kept token of the text. Offsets are UTF-16 code units, end exclusive. */
export interface Token {
	start: number;
	end: number;
	text: string;
	/** A run of letters/digits, or a dotted abbreviation such as "U.S.". */
	isWord: boolean;
	/** Starts with an upper-case letter. */
	cap: boolean;
	/** Two or more letters, all upper case ("SANA", "U.S."). */
	allCaps: boolean;
	/** Only spaces (no line break, no skipped word or mark) separate it from the previous kept token. */
	spaceBefore: boolean;
	/** A line break, or the start of the text, comes before it (since the previous kept token). */
	lineBefore: boolean;
	/** First word of a sentence, a line or a quotation, where capitals say little. */
	sentenceStart: boolean;
	/** On a line where most words are capitalised (a headline), where capitals say little. */
	headline: boolean;
	/** Whether the word is an ordinary English word, once the recogniser has asked: 0 not asked yet, 1 yes, 2 no. */
	ordinary: 0 | 1 | 2;
}

/** Lower-case words the recogniser needs to see: particles inside names and connectors inside organisation names. */
const KEPT_LOWER = new Set([...NAME_PARTICLES, 'of', 'for', 'and', 'on', 'the']);
/** Letters that open some kept lower-case word, so most short words are rejected without slicing them out. */
const KEPT_LOWER_FIRST = new Uint8Array(128);
for (const w of KEPT_LOWER) KEPT_LOWER_FIRST[w.charCodeAt(0)] = 1;
/** The kept lower-case words by first letter, matched in place so that ordinary lower-case words are never sliced out or hashed. */
const KEPT_LOWER_BY_FIRST: string[][] = Array.from({ length: 128 }, () => []);
for (const w of KEPT_LOWER) if (w.charCodeAt(0) < 128) KEPT_LOWER_BY_FIRST[w.charCodeAt(0)].push(w);
let keptLowerMax = 0;
for (const w of KEPT_LOWER) keptLowerMax = Math.max(keptLowerMax, w.length);
const ENDERS = new Set(['.', '!', '?', ':', '…', ';']);
const OPENERS = new Set(['“', '"', '‘', "'", '(', '[', '«', '*', '-', '–', '—', '•', '‑']);
const CONTRACTIONS = new Set(['s', 't', 'll', 're', 've', 'd', 'm']);
const CLOSERS = new Set(['”', '"', '’', "'", ')', ']']);
/** Per-character flags of the marks above (all below U+2030), so a mark is classified without making a one-character string. */
const MARK_ENDER = 1;
const MARK_OPENER = 2;
const MARK_CLOSER = 4;
const MARK_FLAGS = new Uint8Array(0x2030);
for (const m of ENDERS) MARK_FLAGS[m.charCodeAt(0)] |= MARK_ENDER;
for (const m of OPENERS) MARK_FLAGS[m.charCodeAt(0)] |= MARK_OPENER;
for (const m of CLOSERS) MARK_FLAGS[m.charCodeAt(0)] |= MARK_CLOSER;
const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;
const UPPER = /\p{Lu}/u;
/** One capital letter: an initial ("J."). Regular expressions with \p{Lu} are compiled to `new RegExp` calls, so they are made once here. */
const INITIAL = /^\p{Lu}$/u;

/** WORD_CHAR's answer for each BMP code unit met so far (0 not yet known, 1 word, 2 not): curly quotes and dashes recur in every text. */
const WORD_CODE_MEMO = new Uint8Array(0x10000);

function isWordCode(text: string, i: number): boolean {
	const c = text.charCodeAt(i);
	if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
	if (c >= 0xd800 && c <= 0xdfff) return WORD_CHAR.test(text.slice(i, i + 2));
	// Out of range (NaN; never asked by the scan): unmemoised, as before.
	if (c !== c) return WORD_CHAR.test(text[i]);
	let known = WORD_CODE_MEMO[c];
	if (known === 0) {
		known = WORD_CHAR.test(text[i]) ? 1 : 2;
		WORD_CODE_MEMO[c] = known;
	}
	return known === 1;
}

/** Scans text once; returns the kept tokens. Linear in the text's length. */
export function tokenize(text: string): Token[] {
	const tokens: Token[] = [];
	const n = text.length;
	let atStart = true;
	let lineBreak = true;
	let adjacentSpaceOnly = false;
	let lastWordEnd = -1;
	let lastWordText = '';
	// Headline statistics for the current line.
	let lineFirstToken = 0;
	let lineWords = 0;
	let lineCaps = 0;
	let lineEndsSentence = false;
	const closeLine = (): void => {
		// A sentence full of names ("Army Lt. Gen. Mark Milley spoke.") ends with a full stop; a headline rarely does.
		const ratio = lineWords ? lineCaps / lineWords : 0;
		if (lineWords >= 4 && (ratio >= 0.9 || (ratio >= 0.75 && !lineEndsSentence))) for (let k = lineFirstToken; k < tokens.length; k++) tokens[k].headline = true;
		lineFirstToken = tokens.length;
		lineEndsSentence = false;
		lineWords = 0;
		lineCaps = 0;
	};
	let i = 0;
	while (i < n) {
		const c = text.charCodeAt(i);
		if (c === 10 || c === 13) {
			closeLine();
			atStart = true;
			lineBreak = true;
			adjacentSpaceOnly = false;
			i++;
			continue;
		}
		if (c === 32 || c === 9 || c === 0xa0 || c === 0x2009 || c === 0x202f) {
			i++;
			continue;
		}
		if (isWordCode(text, i)) {
			let j = i + 1;
			// Dotted abbreviation: "U.S.", "U.N.", "U.S.A."
			let dotted = false;
			if (c >= 65 && c <= 90 && text.charCodeAt(i + 1) === 46) {
				let k = i;
				let letters = 0;
				while (k + 1 < n && text.charCodeAt(k) >= 65 && text.charCodeAt(k) <= 90 && text.charCodeAt(k + 1) === 46) {
					k += 2;
					letters++;
				}
				if (letters >= 2) {
					dotted = true;
					j = k;
				}
			}
			if (!dotted) {
				// Most word characters are ASCII letters: test them inline before the general (Unicode) check.
				for (; j < n; j++) {
					const d = text.charCodeAt(j) | 32;
					if (d >= 97 && d <= 122) continue;
					if (!isWordCode(text, j)) break;
				}
				// An ampersand between capitals is part of a company's name ("S&P", "AT&T").
				while (c >= 65 && c <= 90 && text.charCodeAt(j) === 38 && j + 1 < n && text.charCodeAt(j + 1) >= 65 && text.charCodeAt(j + 1) <= 90) {
					j += 2;
					while (j < n && isWordCode(text, j)) j++;
				}
				// An apostrophe inside a name ("O'Brien", "Sa'ad", "Shi'ite"), but not a possessive or contraction ("Assad's", "don't").
				while (c >= 65 && c <= 90 && j + 1 < n && (text.charCodeAt(j) === 39 || text.charCodeAt(j) === 0x2019) && isWordCode(text, j + 1)) {
					let k = j + 1;
					while (k < n && isWordCode(text, k)) k++;
					if (CONTRACTIONS.has(text.slice(j + 1, k).toLowerCase())) break;
					j = k;
				}
			}
			const upper = c < 128 ? c >= 65 && c <= 90 : UPPER.test(text[i]);
			const lower = c < 128 ? c >= 97 && c <= 122 : !upper && text[i] !== text[i].toUpperCase();
			if (upper || lower) {
				lineWords++;
				if (upper) lineCaps++;
			}
			// Only capitalised words and short particles are kept; other words are never sliced out.
			const word = upper ? text.slice(i, j) : lower && j - i <= keptLowerMax && c < 128 && KEPT_LOWER_FIRST[c] === 1 ? keptLowerAt(text, i, j - i, KEPT_LOWER_BY_FIRST[c]) : '';
			const kept = upper || word !== '';
			if (kept) {
				tokens.push({
					start: i,
					end: j,
					text: word,
					isWord: true,
					cap: upper,
					allCaps: upper && j - i >= 2 && isAllCaps(word),
					spaceBefore: adjacentSpaceOnly && i > lastWordEnd,
					lineBefore: lineBreak,
					sentenceStart: atStart,
					headline: false,
					ordinary: 0,
				});
				adjacentSpaceOnly = true;
			} else adjacentSpaceOnly = false;
			atStart = false;
			lineBreak = false;
			lineEndsSentence = false;
			lastWordEnd = j;
			lastWordText = word;
			i = j;
			continue;
		}
		// A mark.
		const flags = c < 0x2030 ? MARK_FLAGS[c] : 0;
		if (c === 46 && lastWordEnd === i && adjacentSpaceOnly && (DOTTED_ABBREVIATIONS.has(lastWordText) || INITIAL.test(lastWordText))) {
			// The dot of "Mr." or of an initial ("J."): kept, and not a sentence end.
			tokens.push({ start: i, end: i + 1, text: '.', isWord: false, cap: false, allCaps: false, spaceBefore: false, lineBefore: false, sentenceStart: false, headline: false, ordinary: 0 });
			i++;
			continue;
		}
		if ((c === 45 || c === 0x2011) && lastWordEnd === i && tokens.length > 0 && tokens[tokens.length - 1].end === i && i + 1 < n && isWordCode(text, i + 1)) {
			// Only after a kept word: a stray hyphen from "one-week" would glue the next name to nothing.
			// The hyphen of a compound ("al-Assad", "US-Russia", "U.S.-led").
			tokens.push({ start: i, end: i + 1, text: '-', isWord: false, cap: false, allCaps: false, spaceBefore: false, lineBefore: false, sentenceStart: false, headline: false, ordinary: 0 });
			i++;
			continue;
		}
		adjacentSpaceOnly = false;
		if (c === 46 || c === 33 || c === 63) lineEndsSentence = true;
		else if ((flags & MARK_CLOSER) === 0) lineEndsSentence = false;
		if ((flags & MARK_ENDER) !== 0) atStart = true;
		else if ((flags & MARK_OPENER) === 0) atStart = false;
		i++;
	}
	closeLine();
	return tokens;
}

/** The word of `candidates` written at text[i, i + length), or "" when none is. */
function keptLowerAt(text: string, i: number, length: number, candidates: string[]): string {
	for (const w of candidates) if (w.length === length && text.startsWith(w, i)) return w;
	return '';
}

/** At least two letters and no lower-case letter ("SANA", "U.S."). */
function isAllCaps(word: string): boolean {
	let letters = 0;
	for (let i = 0; i < word.length; i++) {
		const c = word.charCodeAt(i);
		if (c >= 97 && c <= 122) return false;
		if (c >= 65 && c <= 90) letters++;
		else if (c >= 128) {
			const ch = word[i];
			if (ch !== ch.toUpperCase()) return false;
			if (ch !== ch.toLowerCase()) letters++;
		}
	}
	return letters >= 2;
}
