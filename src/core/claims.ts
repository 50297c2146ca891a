import { findBoilerplate } from './chrome';
import { findDates, inferPublishedDate } from './dates';
import { ORDINAL_DIGITS_GROUP, ORDINAL_GROUP, scanText } from './scan';
import { isSpaceCode, lastPiece } from './text';
import type { Claim, ClaimKind, EntityMention, Interval, NumberMention, Span } from './types';

/** What the claim finder gets from the earlier stages. */
export interface ClaimContext {
	text: string;
	numbers: NumberMention[];
	entities: EntityMention[];
	boilerplate: Span[];
	/** ISO date that relative dates resolve against, or null when unknown. */
	published: string | null;
}

// ---- sentences -----------------------------------------------------------------------------------

// Unicode-class patterns used inside loops, compiled once here (the bundler turns some inline ones into a new RegExp per call).
const UPPER_START = /^\p{Lu}/u;
const ALL_UPPER = /^\p{Lu}+$/u;
const ABBR_INITIAL = /^(?:\p{L}\.)*\p{Lu}$/u;
const ABBR_DOTTED = /^(?:\p{L}\.)+\p{L}$/u;
const INITIALS_DOTTED = /^(?:\p{L}\.)+$/u;
const SENTENCE_OPENER = /[\p{Lu}\d"“‘'(]/u;
const LETTER_OR_DOT = /[\p{L}.]/u;
const WORD_CHAR = /[\p{L}\p{N}'’\-.]/u;
const ANAPHOR_PHRASE = /^(?:the|this|that)\s+\p{Ll}+$/iu;
const ANY_LETTER = /\p{L}/u;
const COMPOUND_UNIT = /^-([\p{L}]+(?:-[\p{L}]+)*)\b/u;

// Abbreviations whose full stop does not end a sentence.
const ABBREVIATIONS = new Set([
	'mr', 'mrs', 'ms', 'dr', 'prof', 'st', 'sr', 'jr', 'gen', 'lt', 'col', 'maj', 'capt', 'sgt', 'adm', 'cmdr', 'sen', 'rep', 'gov', 'pres', 'rev', 'hon',
	'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'no', 'vs', 'etc', 'inc', 'corp', 'ltd', 'co', 'approx', 'est', 'fig', 'al',
]);

// The longest abbreviation: a longer word without dots is never one.
const MAX_ABBREVIATION = Math.max(...[...ABBREVIATIONS].map((a) => a.length));

// Closing quotes and brackets after a sentence's final stop: " ' ” ’ ) ].
const CLOSERS = new Set([34, 39, 0x201d, 0x2019, 41, 93]);

/** True for a letter or a dot at `i`; ASCII is checked without a regular expression. */
function letterOrDot(text: string, i: number): boolean {
	const c = text.charCodeAt(i);
	if (c < 128) return c === 46 || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
	return LETTER_OR_DOT.test(text[i]);
}

/** True for a closing quote or bracket after a sentence's final stop. */
function isCloser(c: number): boolean {
	return CLOSERS.has(c);
}

/** True when the character at `k` may open a sentence (SENTENCE_OPENER); ASCII is checked by code. */
function opensSentence(text: string, k: number): boolean {
	const c = text.charCodeAt(k);
	if (c < 128) return (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 34 || c === 39 || c === 40;
	return SENTENCE_OPENER.test(text[k]);
}

/** Splits text into sentence spans: at line breaks and at ., ! or ? followed by space and a capital, digit or quote. */
export function sentenceSpans(text: string): Span[] {
	const spans: Span[] = [];
	const n = text.length;
	let start = 0;
	// The next line break, full stop, "!" and "?" at or after `p`, each found with indexOf (a fast native search)
	// and searched again only once `p` has passed it; the checks below only run at those characters.
	let nl = -1;
	let dot = -1;
	let bang = -1;
	let question = -1;
	let p = 0;
	for (;;) {
		if (nl < p) nl = text.indexOf('\n', p) >>> 0;
		if (dot < p) dot = text.indexOf('.', p) >>> 0;
		if (bang < p) bang = text.indexOf('!', p) >>> 0;
		if (question < p) question = text.indexOf('?', p) >>> 0;
		const i = Math.min(nl, dot, bang, question);
		if (i >= n) break;
		p = i + 1;
		const c = text.charCodeAt(i);
		if (c === 10) {
			if (i > start) spans.push({ start, end: i });
			start = i + 1;
			continue;
		}
		let j = i + 1;
		while (j < n && isCloser(text.charCodeAt(j))) j++;
		if (j >= n) continue;
		const after = text.charCodeAt(j);
		if (after !== 32 && after !== 9) continue;
		let k = j;
		while (k < n && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9)) k++;
		if (k < n && !opensSentence(text, k)) continue;
		if (c === 46) {
			// The word before the dot: an abbreviation or an initial ("U.S.", "J.") does not end the sentence.
			let w = i - 1;
			let dotted = false;
			while (w >= 0 && i - w < 20 && letterOrDot(text, w)) {
				if (text.charCodeAt(w) === 46) dotted = true;
				w--;
			}
			// Most sentences end after a word longer than any abbreviation and without inner dots (or after a digit):
			// such a word can be neither, so it is not sliced and tested.
			const length = i - w - 1;
			if (dotted) {
				const word = text.slice(w + 1, i);
				if (ABBREVIATIONS.has(word.toLowerCase()) || ABBR_INITIAL.test(word) || ABBR_DOTTED.test(word)) continue;
			} else if (length > 0 && length <= MAX_ABBREVIATION) {
				// Without a dot inside, only a listed abbreviation or a single capital (an initial) can be one.
				const word = text.slice(w + 1, i);
				if (ABBREVIATIONS.has(word.toLowerCase()) || (length === 1 && ABBR_INITIAL.test(word))) continue;
			}
		}
		if (j > start) spans.push({ start, end: j });
		start = k;
		p = k;
	}
	if (n > start) spans.push({ start, end: n });
	return spans;
}

// ---- lexicon -----------------------------------------------------------------------------------

// Words that end a counted noun phrase: function words, auxiliaries, speech verbs.
const STOP = new Set(
	(
		'the a an of in on at to from with by for into onto over under about after before since during and or but nor that which who whom whose where when while as than ' +
		'have has had are were was is be been being will would could should may might must can did do does said say says told more less each per including among across near along ' +
		'against between through toward towards around like this these those it its their his her our them they he she we you i there here not also only just both all then so if ' +
		'out up down off again still yet now ago later earlier according reportedly outside inside within without beyond behind via amid amidst despite upon toward unlike except who’s whose such other another some many most few several any every no nor plus'
	).split(' '),
);

// Cardinal number words: one starts a new figure, so a noun phrase never runs into it.
const NUMBER_WORDS = new Set(
	'one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand million billion trillion dozen dozens hundreds thousands millions billions'.split(' '),
);

// Verbs that often follow a counted noun; a noun phrase ends before them.
const COMMON_VERBS = new Set(
	(
		'live remain remains hit hits arrive arrives cross crosses die dies flee flees fight fights fought went go goes came come comes make makes made take takes took ' +
		'face faces need needs include includes continue continues stand stands stay stays wait waits move moves join joins hold holds held run runs ran get gets got ' +
		'give gives gave see sees saw seem seems appear appears become becomes became left lost won sent spent fell rose began begin begins return returns receive receives ' +
		'died fled reach reaches lie lies belong belongs occupy occupies want wants try tries tried know knew knows think thinks thought feel feels felt keep keeps kept ' +
		'met meet meets sleep sleeps slept spend spent gather gathers queue queued camp camps marched rallied crowd crowded'
	).split(' '),
);

const TIME_UNITS = new Map<string, string>([
	['second', 'seconds'], ['minute', 'minutes'], ['hour', 'hours'], ['day', 'days'], ['week', 'weeks'], ['month', 'months'], ['year', 'years'],
	['decade', 'decades'], ['century', 'centuries'], ['fortnight', 'fortnights'],
]);
const TIME_UNIT_RE = /^(second|minute|hour|day|week|month|year|decade|centur(?:y|ie)|fortnight)s?$/i;

// Currency names (ISO 4217 currencies in common English use) and codes written after a figure: "4 trillion rupiah".
const CURRENCY_WORDS = /^(dollars?|euros?|pounds?|sterling|yen|yuan|renminbi|rubles?|roubles?|rupees?|rupiah|lira|liras|lire|francs?|dinars?|dirhams?|riyals?|rials?|shekels?|won|ringgit|baht|pesos?|reais|real|rand|naira|shillings?|kron(?:a|e|or|er)|zloty(?:s)?|zlotys|forints?|hryvnias?|leu|lei|leva|lev|kuna|taka|kyats?|dong|lari|manats?|tenges?|soms?|cedis?|kwacha|birr|afghanis?|bolivars?|quetzals?|guaranis?|dram|pence|cents?|bitcoins?|usd|eur|gbp|jpy|cny|rmb|inr|idr|try|rub|chf|aud|cad)$/i;
const CURRENCY_SIGNS = /[$€£¥₽₹₺₩₦₱₫₴₪฿]/;
// Currency symbols and codes written before a figure: "Rp 50,000", "US$3 billion", "EUR 12m", "Rs 500".
const CURRENCY_PREFIX = /(?:^|[^\p{L}])((?:US|A|C|NZ|HK|S|R)?\$|[€£¥₽₹₺₩₦₱₫₴₪฿]|Rp\.?|Rs\.?|RM|USD|EUR|GBP|JPY|CNY|RMB|INR|IDR|TRY|CHF|AUD|CAD|YTL|TL|Dh|Dhs|AED|SAR|QAR|KES|NGN|ZAR|BRL|MXN)\s?$/u;
const CURRENCY_NAMES: Record<string, string> = {
	$: 'dollars', '€': 'euros', '£': 'pounds', '¥': 'yen', '₽': 'roubles', '₹': 'rupees', '₺': 'lira', '₩': 'won', '₦': 'naira', '₱': 'pesos', '₫': 'dong', '₴': 'hryvnias', '₪': 'shekels', '฿': 'baht',
	rp: 'rupiah', rs: 'rupees', rm: 'ringgit', usd: 'dollars', eur: 'euros', gbp: 'pounds', jpy: 'yen', cny: 'yuan', rmb: 'yuan', inr: 'rupees', idr: 'rupiah', try: 'lira', tl: 'lira', ytl: 'lira', chf: 'francs',
};

/** The counted unit of a currency sign, code or name: "$" → "dollars", "Rp" → "rupiah". */
function currencyName(sign: string): string {
	const key = sign.replace(/\.$/, '').toLowerCase();
	if (CURRENCY_NAMES[key]) return CURRENCY_NAMES[key];
	if (key.endsWith('$')) return 'dollars';
	return key;
}

// "per <unit>" right after a figure, but not "per cent".
const PER_UNIT = /^\s+per\s+(?!cent\b)(\p{L}+)/iu;

// Earthquake magnitudes and similar scale readings are measurements, not counts: "magnitude 6.9", "a 6.4-magnitude quake".
const MAGNITUDE_BEFORE = /\b(?:magnitude|magnitude-)\s*(?:of\s+)?$/i;
const MAGNITUDE_AFTER = /^(?:[\s-]+magnitude\b|\s+on the Richter scale\b)/i;

// Nouns for people: a casualty or displacement verb in the sentence is added to what they count.
const PEOPLE = /^(people|persons?|civilians?|children|child|kids?|women|woman|men|man|boys?|girls?|babies|infants?|soldiers?|troops?|fighters?|militants?|rebels?|insurgents?|jihadists?|refugees?|migrants?|residents?|citizens?|workers?|journalists?|protesters?|demonstrators?|police|policemen|officers?|personnel|victims?|casualties|members?|prisoners?|detainees?|hostages?|patients?|students?|staff|others|adults?|villagers?|inhabitants?|asylum-seekers?|volunteers?|mercenaries|advisers?|advisors?)$/i;
const CASUALTY_VERB = /\b(killed|killing|kills|dead|died|deaths?|wounded|wounding|injured|injuring|displaced|displacing|fled|flee|forced|arrested|detained|executed|evacuated|missing|abducted|kidnapped|captured)\b/i;
const CASUALTY_RIGHT_BEFORE = new RegExp(`${CASUALTY_VERB.source}\\s+(?:at least\\s+|more than\\s+|some\\s+|about\\s+|nearly\\s+)?$`, 'i');
const CASUALTY_VERB_ALL = new RegExp(CASUALTY_VERB.source, 'gi');
const PARTICIPLE: Record<string, string> = {
	killing: 'killed', kills: 'killed', died: 'killed', dead: 'killed', death: 'killed', deaths: 'killed', wounding: 'wounded', injuring: 'injured', displacing: 'displaced', flee: 'fled',
};

const HEDGE = /\b(about|around|some|roughly|nearly|almost|approximately|approx\.?|an estimated|estimated|close to|circa|or so)\s*$/i;
const HEDGE_INSIDE = /\b(about|around|some|roughly|nearly|almost|approximately|an estimated|close to|circa)\b/i;

const SMALL_WORDS = /^(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a couple|a few)$/i;
const DETERMINER_BEFORE = /\b(the|these|those|both|its|their|his|her|our|your|my)\s+$/i;

const ORDINALS: Record<string, number> = {
	first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10, eleventh: 11, twelfth: 12,
	thirteenth: 13, fourteenth: 14, fifteenth: 15, sixteenth: 16, seventeenth: 17, eighteenth: 18, nineteenth: 19, twentieth: 20,
};
// An ordinal is an adjective after a determiner or possessive, or a predicate after a form of "be".
const ORDINAL_BEFORE = /(?:\b(?:the|a|an|its|his|her|their|our|my|your|whose|this|that)|['’]s|\b(?:be|is|was|are|were|been|being|'s))\s+(?:[a-z]+ly\s+)?$/i;

const TITLES = /^(?:(?:Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Maj|Capt|Sgt|Adm|Sen|Rep|Gov)\.?|President|Prime|Minister|Secretary|Secretary-General|Under-Secretary|Vice-President|Foreign|Defence|Defense|Spokesman|Spokeswoman|Spokesperson|King|Queen|Prince|Sheikh|Chancellor|General|Colonel|Senator|Governor|Ambassador|Envoy|Chief|Commander)$/;
const CONNECTORS = new Set(['of', 'for', 'the', 'and', 'al', 'al-', 'de', 'du', 'van', 'von', 'bin', 'ibn', 'on', '&']);
const PRONOUNS = /^(he|she|it|they|we|i)$/i;

// ---- helpers -----------------------------------------------------------------------------------

interface Token {
	start: number;
	end: number;
	word: string;
}

const ALNUM = /[\p{L}\p{N}]/u;

/** True for a letter or digit at `i`; ASCII is checked by code. */
function alnumAt(text: string, i: number): boolean {
	const c = text.charCodeAt(i);
	if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
	return ALNUM.test(text[i]);
}

/**
 * The end of the word starting at `i`: letters and digits, with ' ’ - . inside it but not at its ends
 * ("U.S", "al-Assad", "don’t"); -1 when no letter or digit starts at `i`. A scan by char code, for speed.
 */
function wordEndAt(text: string, i: number): number {
	if (i >= text.length || !alnumAt(text, i)) return -1;
	let end = i + 1;
	for (let j = i + 1; j < text.length; j++) {
		const c = text.charCodeAt(j);
		if (c === 39 || c === 0x2019 || c === 45 || c === 46) continue;
		if (!alnumAt(text, j)) break;
		end = j + 1;
	}
	return end;
}

// Spaces, tabs, line breaks and straight or curly quotes: " “ ” ‘ ’ '.
const SPACE_OR_QUOTE = new Set([32, 9, 10, 11, 12, 13, 160, 34, 0x201c, 0x201d, 0x2018, 0x2019, 39]);
// Spaces, tabs and quotes skipped before a word.
const BLANK_OR_QUOTE = new Set([32, 9, 34, 0x201c, 0x201d, 0x2018, 0x2019, 39]);

/** Reads up to `max` words forward from `pos`, stopping at punctuation other than quotes around a word. */
function wordsAfter(text: string, pos: number, max: number, limit: number): Token[] {
	const out: Token[] = [];
	let i = pos;
	while (out.length < max && i < limit) {
		while (i < limit && BLANK_OR_QUOTE.has(text.charCodeAt(i))) i++;
		if (i >= limit) break;
		const wordEnd = wordEndAt(text, i);
		if (wordEnd === -1) break;
		let word = text.slice(i, wordEnd);
		let end = wordEnd;
		// A trailing abbreviation dot or a final full stop is not part of the word, except "U.S." style.
		if (word.endsWith('.') && !INITIALS_DOTTED.test(word)) {
			word = word.slice(0, -1);
			end--;
		}
		if (end > limit) break;
		out.push({ start: i, end, word });
		i = end;
		// Stop at any punctuation that is not a quote.
		if (i < limit && !SPACE_OR_QUOTE.has(text.charCodeAt(i))) break;
	}
	return out;
}

/** Reads up to `max` words backward from `pos` (nearest first), stopping at punctuation other than quotes. */
function wordsBefore(text: string, pos: number, max: number, floor: number): Token[] {
	const out: Token[] = [];
	let i = pos;
	while (out.length < max && i > floor) {
		let j = i;
		while (j > floor && /[\s"“”‘’']/.test(text[j - 1])) j--;
		if (j <= floor) break;
		let k = j;
		while (k > floor && WORD_CHAR.test(text[k - 1])) k--;
		if (k === j) break; // punctuation
		let word = text.slice(k, j);
		let wEnd = j;
		if (word.endsWith('.') && !INITIALS_DOTTED.test(word) && !ABBREVIATIONS.has(word.slice(0, -1).toLowerCase())) {
			word = word.slice(0, -1);
			wEnd--;
		}
		out.push({ start: k, end: wEnd, word });
		i = k;
	}
	return out;
}

function open(low: number | string | null, lowInclusive: boolean, high: number | string | null, highInclusive: boolean): Interval {
	return { low, high, lowInclusive, highInclusive };
}

function exact(n: number): Interval {
	return open(n, true, n, true);
}

const UNKNOWN: Interval = open(null, false, null, false);

function inSpans(spans: Span[], s: Span): boolean {
	return spans.some((b) => s.start < b.end && b.start < s.end);
}

/** Finds the counted noun phrase words after `pos`: modifiers and nouns up to a function word. */
function nounPhrase(text: string, pos: number, limit: number, complement = false): Token[] {
	const words = wordsAfter(text, pos, 5, limit);
	const np: Token[] = [];
	for (const w of words) {
		const lw = w.word.toLowerCase();
		// A digit or a number word starts the next figure ("125 basis points two days before").
		if (STOP.has(lw) || /^\d/.test(lw) || NUMBER_WORDS.has(lw)) break;
		// A verb straight after the figure means the figure is the subject ("Hundreds spent the night", "one died").
		if (!np.length && !complement && COMMON_VERBS.has(lw)) break;
		if (np.length && /ly$/.test(lw) && lw !== 'family') break;
		// After a noun, a past-tense form or a common verb starts the predicate ("3 rockets hit", "10 trucks arrived");
		// after an adverb it is an adjective ("first publicly announced trip").
		if (np.length && !/ly$/i.test(np[np.length - 1].word) && ((/ed$/.test(lw) && lw.length > 4 && !/(?:eed|hundred|bed)$/.test(lw)) || COMMON_VERBS.has(lw))) break;
		// A capital after a lower-case noun starts a new phrase ("the first time Moscow has come").
		if (!complement && np.length && UPPER_START.test(w.word) && !UPPER_START.test(np[np.length - 1].word)) break;
		np.push(w);
		if (np.length >= 4) break;
	}
	return np;
}

/**
 * The noun phrase with its "of"/"from" complement: "citizens of the former Soviet Union". `head` is the number
 * of words of the noun phrase itself (the words before the complement).
 */
function countedPhrase(text: string, pos: number, limit: number): { words: Token[]; head: number } {
	const np = nounPhrase(text, pos, limit);
	if (!np.length) return { words: np, head: 0 };
	const rest = /^\s+(of|from)\s+(?:the\s+|a\s+|an\s+)?/i.exec(text.slice(np[np.length - 1].end, limit));
	if (!rest) return { words: np, head: np.length };
	const tail = nounPhrase(text, np[np.length - 1].end + rest[0].length, limit, true);
	if (!tail.length) return { words: np, head: np.length };
	const out = [...np, ...tail];
	const again = /^\s+(of)\s+(?:the\s+|a\s+|an\s+)?/i.exec(text.slice(tail[tail.length - 1].end, limit));
	if (again) out.push(...nounPhrase(text, tail[tail.length - 1].end + again[0].length, limit, true));
	return { words: out, head: np.length };
}

/** `phrase` without quote marks and with each run of white space as one space (what the two replaces below give). */
function cleanCounted(phrase: string): string {
	// Usually there is nothing to remove: check by char code before running the two patterns.
	let prev = 0;
	for (let i = 0; i < phrase.length; i++) {
		const c = phrase.charCodeAt(i);
		if (c === 34 || c === 39 || c === 0x201c || c === 0x201d || c === 0x2018 || c === 0x2019 || (c === 32 && prev === 32) || (c !== 32 && isSpaceCode(c))) {
			return phrase.replace(/["“”‘’']/g, '').replace(/\s+/g, ' ');
		}
		prev = c;
	}
	return phrase;
}

// ---- sources -------------------------------------------------------------------------------------

/**
 * The last cited source, for anaphors ("the monitor said"). Sentences that cite someone but hold no claim
 * are kept pending and only read when an anaphor needs them, so most sentences are never parsed for sources.
 */
interface SourceState {
	last: string | null;
	pending: { sentence: Span; hits: RegExpExecArray[] }[];
	text: string;
	entities: EntityMention[];
}

/** The last source cited before the current sentence, reading pending sentences first. */
function lastSource(state: SourceState): string | null {
	const pending = state.pending;
	state.pending = [];
	for (const p of pending) sentenceSource(state.text, p.sentence, state.entities, state, p.hits);
	return state.last;
}

/** Records a source as the latest cited one. */
function cite(state: SourceState, source: string): string {
	state.pending = [];
	state.last = source;
	return source;
}

/** The longest PERSON or ORG entity overlapping [start, end), if any; entities are sorted by start. */
function entityIn(entities: EntityMention[], start: number, end: number): EntityMention | null {
	// Binary search for the first entity starting at or after `start - 200` (names are shorter than that).
	let lo = 0;
	let hi = entities.length;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (entities[mid].start < start - 200) lo = mid + 1;
		else hi = mid;
	}
	let best: EntityMention | null = null;
	for (let i = lo; i < entities.length; i++) {
		const e = entities[i];
		if (e.start >= end) break;
		if (e.end <= start) continue;
		if (e.type !== 'PERSON' && e.type !== 'ORG') continue;
		if (!best || e.end - e.start > best.end - best.start) best = e;
	}
	return best;
}

/** Cleans a cited phrase: drops leading articles and titles, keeps a capitalised name if there is one. */
function cleanSource(phrase: string): string | null {
	let words = phrase.trim().split(/\s+/).filter(Boolean);
	while (words.length && /^(?:the|a|an)$/i.test(words[0])) words.shift();
	// Prefer the capitalised tail run: "opposition Syrian Observatory for Human Rights" → the name.
	const capStart = words.findIndex((w) => UPPER_START.test(w));
	if (capStart > 0 && words.slice(capStart).every((w) => UPPER_START.test(w) || CONNECTORS.has(w.toLowerCase()))) words = words.slice(capStart);
	// "U.S. Secretary of State John F. Kerry" → "John F. Kerry": drop everything up to the last title.
	let title = -1;
	words.forEach((w, i) => {
		if (TITLES.test(w) && i < words.length - 1) title = i;
	});
	if (title >= 0) {
		let rest = words.slice(title + 1);
		if (rest.length > 2 && /^(?:of|for)$/i.test(rest[0])) rest = rest.slice(/^Affairs$/.test(rest[2]) ? 3 : 2);
		if (rest.length) words = rest;
	}
	const out = words.join(' ').replace(/[’']s$/, '');
	return out || null;
}

// Heads of lower-case noun phrases that can be cited ("officials said", "the monitor said").
const AGENTS = /^(?:officials?|experts?|activists?|analysts?|diplomats?|witnesses|witness|residents?|sources?|police|medics?|doctors?|rebels?|monitors?|observers?|authorities|researchers?|critics?|officers?|spokes(?:man|woman|person)|ministry|agency|group|army|military|government|statement|report|media|television|office|commander|envoy|minister|president|leader|observatory|organisation|organization|campaigners?|militants?|sources?)$/i;

/** The subject right before a speech verb at `pos`: a name run or a short noun phrase. */
function subjectBefore(text: string, pos: number, floor: number, entities: EntityMention[]): { text: string; anaphor: boolean } | null {
	let words = wordsBefore(text, pos, 8, floor);
	if (!words.length) {
		// "The official, speaking on condition of anonymity, confirmed": look before the appositive.
		let j = pos;
		while (j > floor && /\s/.test(text[j - 1])) j--;
		if (text[j - 1] !== ',') return null;
		const comma = text.lastIndexOf(',', j - 2);
		if (comma < floor || j - comma > 80) return null;
		words = wordsBefore(text, comma, 6, floor);
		if (!words.length) return null;
	}
	if (PRONOUNS.test(words[0].word)) return { text: words[0].word, anaphor: true };
	const ent = entityIn(entities, words[0].start, words[0].end);
	if (ent) return { text: ent.canonical, anaphor: false };
	const taken: Token[] = [];
	if (UPPER_START.test(words[0].word)) {
		for (const w of words) {
			if (UPPER_START.test(w.word) || (CONNECTORS.has(w.word.toLowerCase()) && taken.length)) taken.push(w);
			else break;
		}
		while (taken.length && CONNECTORS.has(taken[taken.length - 1].word.toLowerCase())) taken.pop();
	} else {
		// "the monitor", "a US official", "officials": a cited noun, with at most two modifiers and an article.
		if (!AGENTS.test(words[0].word)) return null;
		for (const w of words) {
			if (/^(?:the|a|an|this|that)$/i.test(w.word)) {
				taken.push(w);
				break;
			}
			if (STOP.has(w.word.toLowerCase()) || taken.length >= 3) break;
			taken.push(w);
		}
	}
	if (!taken.length) return null;
	const phrase = text.slice(taken[taken.length - 1].start, taken[0].end);
	const anaphor = ANAPHOR_PHRASE.test(phrase);
	return { text: cleanSource(phrase) ?? phrase, anaphor };
}

/** True for two to four capitalised words with no organisation word: "Josh Earnest", "Staffan de Mistura". */
function looksLikePersonName(source: string): boolean {
	const words = source.split(/\s+/);
	return words.length >= 1 && words.length <= 4 && words.every((w) => UPPER_START.test(w) || CONNECTORS.has(w)) && !/\b(?:Ministry|Department|Agency|Observatory|Council|Office|Army|Force|Forces|Front|Party|Group|News|Post|Times|Press|Reuters|Committee|Organisation|Organization|Union|Nations|Center|Centre|Institute|House|Kremlin|Government|Administration|Command)\b/.test(source);
}

/** Who a sentence cites: "according to X", "X said", "said X"; anaphors ("the monitor", "he") take the last source. */
function sentenceSource(text: string, s: Span, entities: EntityMention[], state: SourceState, hits: RegExpExecArray[]): string | null {
	for (const h of hits) {
		if (h[0].toLowerCase() !== 'according to') continue;
		const acc = /[^,.;:()“”"]+/y;
		let from = h.index + h[0].length;
		while (from < s.end && /\s/.test(text[from])) from++;
		acc.lastIndex = from;
		const phrase = acc.exec(text);
		if (!phrase || from + phrase[0].length > s.end) continue;
		const ent = entityIn(entities, from, from + phrase[0].length);
		const src = ent ? ent.canonical : cleanSource(phrase[0]);
		if (src && !/^(?:his|her|its|their)\b/i.test(src)) return cite(state, src);
	}
	for (const h of hits) {
		if (h[0].toLowerCase() === 'according to') continue;
		const at = h.index;
		const subj = subjectBefore(text, at, s.start, entities);
		if (subj) {
			// "the monitor said" refers back to the last cited source; without one, the phrase itself is the source.
			// "he/she said" refers back only to a person's name; "they", "we" and "it" are left uncited.
			if (PRONOUNS.test(subj.text)) {
				const last = lastSource(state);
				return /^(?:he|she)$/i.test(subj.text) && last && looksLikePersonName(last) ? last : null;
			}
			if (subj.anaphor) return lastSource(state) ?? cite(state, subj.text);
			return cite(state, subj.text);
		}
		// Inverted order: 'said John Kirby, the State Department spokesman'.
		const after = wordsAfter(text, at + h[0].length, 6, s.end);
		const run: Token[] = [];
		for (const w of after) {
			if (UPPER_START.test(w.word) || (run.length && CONNECTORS.has(w.word.toLowerCase()))) run.push(w);
			else break;
		}
		if (run.length) {
			const ent = entityIn(entities, run[0].start, run[run.length - 1].end);
			const src = ent ? ent.canonical : cleanSource(text.slice(run[0].start, run[run.length - 1].end));
			if (src) return cite(state, src);
		}
	}
	return null;
}

// ---- the finder ----------------------------------------------------------------------------------

interface Draft {
	start: number;
	end: number;
	kind: ClaimKind;
	value: Interval;
	approx: boolean;
	counts: string | null;
}

/** True for a letter; ASCII is checked without a regular expression. */
function isLetter(c: string): boolean {
	if (!c) return false;
	const code = c.charCodeAt(0);
	if (code < 128) return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
	return ANY_LETTER.test(c);
}

/** True for digits that belong to a name or code ("Tu-22M3", "F-16", "MH17"). */
function insideName(text: string, m: Span): boolean {
	const first = text.charCodeAt(m.start);
	const digitFirst = first >= 48 && first <= 57;
	if (isLetter(text.charAt(m.start - 1)) || isLetter(text.charAt(m.end))) return digitFirst || /\d/.test(text.slice(m.start, m.end));
	return text.charAt(m.start - 1) === '-' && isLetter(text.charAt(m.start - 2)) && digitFirst;
}

/** True for clock times and identifiers: "10:30", "5 p.m.", "Resolution 2254", "Article 5", "Flight 17". */
function timeOrIdentifier(text: string, m: Span): boolean {
	const before = text.slice(Math.max(0, m.start - 14), m.start);
	const after = text.slice(m.end, m.end + 8);
	if (/^[:.]\d\d\b/.test(after) || /\d[:]$/.test(before) || /^\s*(?:a\.m\.|p\.m\.|am\b|pm\b|GMT|UTC|hrs\b)/i.test(after)) return true;
	return /\b(?:Resolution|Article|Chapter|Section|Phase|Route|Highway|Flight|No\.|Number|Room|Gate|Terminal|Unit|Brigade|Division|Channel|Page|Line|Lot|Item|Act|Law|Decree|Order)\s+$/.test(before);
}

const ANY_QUALIFIER = /\b(?:at least|no fewer than|no less than|a minimum of(?: around| about| some)?|or more|more than|over|above|in excess of|upwards of|at most|up to|no more than|a maximum of|fewer than|less than|under|below)\s*$/i;

/** Applies a qualifier written just before a bare number the number finder did not include. */
function qualify(value: Interval, before: string): Interval {
	if (value.low === null || value.low !== value.high || !ANY_QUALIFIER.test(before)) return value;
	const n = value.low;
	if (/\b(?:at least|no fewer than|no less than|a minimum of(?: around| about| some)?|or more)\s*$/i.test(before)) return open(n, true, null, false);
	if (/\b(?:more than|over|above|in excess of|upwards of)\s*$/i.test(before)) return open(n, false, null, false);
	if (/\b(?:at most|up to|no more than|a maximum of)\s*$/i.test(before)) return open(null, false, n, true);
	if (/\b(?:fewer than|less than|under|below)\s*$/i.test(before)) return open(null, false, n, false);
	return value;
}

/** The casualty or displacement verb that governs a figure: right before it, else the nearest after it, else any before. */
function nearestCasualtyVerb(text: string, sentence: Span, start: number, end: number): string | null {
	const right = CASUALTY_RIGHT_BEFORE.exec(text.slice(Math.max(sentence.start, start - 30), start));
	if (right) return right[1];
	const after = CASUALTY_VERB.exec(text.slice(end, sentence.end));
	if (after) return after[1];
	let last: string | null = null;
	const head = text.slice(sentence.start, start);
	CASUALTY_VERB_ALL.lastIndex = 0;
	for (let m = CASUALTY_VERB_ALL.exec(head); m; m = CASUALTY_VERB_ALL.exec(head)) last = m[1];
	return last;
}

// Verbs that link a rate to its figure: "inflation rose to 17.9%", "growth slowed to 5.2%", "unemployment stood at 9%".
const LEVEL_VERBS = new Set(
	(
		'rose rise rises risen rising fell fall falls fallen falling jumped jump jumps climbed climb climbs dropped drop drops slowed slow slows ' +
		'grew grow grows grown increased increase increases decreased decrease decreases declined decline declines eased ease eases surged surge surges ' +
		'soared soar soars edged stood stand stands reached reach reaches hit hits accelerated accelerate slipped slip slid sank plunged plummeted tumbled ' +
		'gained gain gains rebounded hovered remained stayed averaged totalled totaled amounted came raised raise raises cut cuts lifted lift lifts lowered ' +
		'lower set kept held exceeded exceed exceeds topped top tops surpassed surpass surpasses neared near nears ' +
		'was were is are be been being has have had will would could may might should must can up down'
	).split(' '),
);
const PERCENT_LEAD = /(?:\b(?:about|around|nearly|almost|roughly|some|approximately|an estimated|as much as|as little as|as high as|as low as|more than|less than|at least|at most|up to|just over|just under|over|under|only|just|a further|another|an annual|a record|a)\s+)*$/i;

/**
 * What a percentage is of: "40% of its value" → "value"; else the noun phrase it is the level of, read before a
 * linking verb or preposition: "inflation jumped to 17.9%" → "inflation", "its repo rate to 24%" → "repo rate",
 * "a rate of 12%" → "rate"; "to 24% from 17.75%" gives the second figure the first one's noun. Null when unstated.
 */
function percentOf(text: string, m: Span, sentence: Span, previous: Draft | null): string | null {
	const after = /^\s+of\s+(?:the|its|their|his|her|our|a|an|this|that|all)?\s*/i.exec(text.slice(m.end, Math.min(sentence.end, m.end + 30)));
	if (after) {
		const words = nounPhrase(text, m.end + after[0].length, sentence.end);
		if (words.length) return words.map((w) => w.word).join(' ');
	}
	const before = text.slice(Math.max(sentence.start, m.start - 60), m.start);
	let pos = m.start - (PERCENT_LEAD.exec(before)?.[0].length ?? 0);
	const prep = /\b(to|at|of|by|from|on|for)\s+$/i.exec(text.slice(Math.max(sentence.start, pos - 6), pos));
	if (prep?.[1].toLowerCase() === 'from' && previous?.kind === 'percent') return previous.counts;
	if (prep) pos -= prep[0].length;
	const words = wordsBefore(text, pos, 8, sentence.start);
	let i = 0;
	// Skip the linking verbs and auxiliaries: "has risen", "was raised", "stood".
	while (i < words.length && LEVEL_VERBS.has(words[i].word.toLowerCase())) i++;
	if (i === 0 && !prep) return null;
	const noun: Token[] = [];
	for (; i < words.length && noun.length < 4; i++) {
		const w = words[i].word;
		const lw = w.toLowerCase();
		if (STOP.has(lw) || LEVEL_VERBS.has(lw) || /^\d/.test(lw) || (/ed$/.test(lw) && lw.length > 4) || /ly$/.test(lw)) break;
		noun.push(words[i]);
	}
	// The head (the word next to the verb) must be a noun, not an adjective or a verb form.
	if (!noun.length || /ing$/.test(noun[0].word) || COMMON_VERBS.has(noun[0].word.toLowerCase())) return null;
	return noun
		.reverse()
		.map((w) => w.word)
		.join(' ');
}

// The words every qualifier (ANY_QUALIFIER) and every hedge (HEDGE) ends with.
const QUALIFIER_ENDS = new Set(['least', 'than', 'of', 'around', 'about', 'some', 'more', 'over', 'above', 'excess', 'upwards', 'most', 'to', 'maximum', 'under', 'below']);
const HEDGE_ENDS = new Set(['about', 'around', 'some', 'roughly', 'nearly', 'almost', 'approximately', 'approx', 'estimated', 'to', 'circa', 'so']);

/** The last ASCII word of `s` in lower case, over trailing spaces and one full stop ("" after other punctuation). */
function lastWordOf(s: string): string {
	let e = s.length;
	while (e > 0 && (s.charCodeAt(e - 1) === 32 || s.charCodeAt(e - 1) === 9 || s.charCodeAt(e - 1) === 160)) e--;
	if (e > 0 && s.charCodeAt(e - 1) === 46) e--;
	let b = e;
	while (b > 0) {
		const c = s.charCodeAt(b - 1) | 32;
		if (c < 97 || c > 122) break;
		b--;
	}
	return s.slice(b, e).toLowerCase();
}

/** False when `before` cannot end with a currency sign or code: its last non-space character is a lower-case letter other than those ending "Rp", "Rs", "Dh", "Dhs". */
function mayEndWithCurrency(before: string): boolean {
	let e = before.length;
	while (e > 0 && before.charCodeAt(e - 1) === 32) e--;
	const c = before.charCodeAt(e - 1);
	return !(c >= 97 && c <= 122) || c === 112 || c === 115 || c === 104;
}

/** Builds the claim for one number mention, or null when it is not a claim (names, anaphora, idioms). */
function numberClaim(text: string, m: NumberMention, sentence: Span, previous: Draft | null): Draft | null {
	if (insideName(text, m) || timeOrIdentifier(text, m)) return null;
	const raw = text.slice(m.start, m.end);
	const lower = raw.toLowerCase();
	const before = text.slice(Math.max(sentence.start, m.start - 40), m.start);
	const afterText = text.slice(m.end, Math.min(sentence.end, m.end + 40));
	// Idioms and anaphora: "one of", "no one", "the two had discussed", "those two problems".
	const wordy = lower.charCodeAt(0) > 57; // starts with a letter, not a digit
	if (wordy && lower.length <= 3 && /^(?:one|a|an)$/.test(lower) && /^\s+(?:of|another|another's|by one|day|time|way|side|hand|thing)\b/i.test(afterText)) return null;
	if (lower === 'one' && /\b(?:no|any|every|some|each|this|that|which|the only)\s+$/i.test(before)) return null;
	const following = wordsAfter(text, m.end, 1, sentence.end)[0];
	const nextIsTime = following !== undefined && TIME_UNIT_RE.test(following.word) && afterText.charAt(0) !== '-';
	if (wordy && SMALL_WORDS.test(lower) && DETERMINER_BEFORE.test(before) && !nextIsTime && !/\b(?:past|last|next|previous|first)\s+$/i.test(before)) return null;
	// "would not host one", "volunteered to take one": "one" with no noun after it is a pronoun, unless a
	// qualifier makes it a figure ("at least one", "only one").
	if (lower === 'one' && afterText.charAt(0) !== '-' && (!following || STOP.has(following.word.toLowerCase())) && !ANY_QUALIFIER.test(before) && !/\b(?:only|just|exactly|still|than)\s+$/i.test(before)) return null;

	// A currency sign or code written before the figure ("$", "Rp", "US$"): the hedge and qualifier come before it.
	const prefix = CURRENCY_SIGNS.test(raw.charAt(0)) || !mayEndWithCurrency(before) ? null : CURRENCY_PREFIX.exec(before);
	const prefixText = prefix ? prefix[0].slice(prefix[0].indexOf(prefix[1])) : '';
	const bare = prefixText ? before.slice(0, before.length - prefixText.length) : before;
	let start = m.start - prefixText.length;
	let end = m.end;
	// Most figures have no qualifier or hedge before them: the last word decides whether the patterns run at all.
	const tail = lastWordOf(bare);
	const value = QUALIFIER_ENDS.has(tail) ? qualify(m.value, bare) : m.value;
	const hedge = HEDGE_ENDS.has(tail) ? HEDGE.exec(bare) : null;
	// A hedge before the figure, or inside a mention that starts with a word ("about 250,000").
	const approx = hedge !== null || (wordy && HEDGE_INSIDE.test(raw));
	if (hedge) start = Math.max(sentence.start, m.start - (before.length - hedge.index));
	// A qualifier the number finder left out (it stops at a currency code between them) joins the span too.
	const qualifier = value !== m.value ? ANY_QUALIFIER.exec(bare) : null;
	if (qualifier) start = Math.min(start, Math.max(sentence.start, m.start - (before.length - qualifier.index)));

	// Money: a currency sign or code before or inside, or a currency name after.
	const currencyAfter = following !== undefined && CURRENCY_WORDS.test(following.word);
	const signInside = raw.match(CURRENCY_SIGNS)?.[0];
	if (prefix || signInside || currencyAfter) {
		let counts = currencyName(prefix ? prefix[1] : (signInside ?? ''));
		if (currencyAfter) {
			counts = following.word.toLowerCase();
			end = following.end;
		}
		return { start, end, kind: 'money', value, approx, counts };
	}
	// Magnitudes: "magnitude 6.9", "a 6.4-magnitude quake".
	const magBefore = MAGNITUDE_BEFORE.exec(bare);
	if (magBefore) return { start: Math.min(start, m.start - magBefore[0].length), end, kind: 'other', value, approx, counts: 'magnitude' };
	const magAfter = MAGNITUDE_AFTER.exec(afterText);
	if (magAfter) return { start, end: m.end + magAfter[0].length, kind: 'other', value, approx, counts: 'magnitude' };
	if (m.kind === 'percent') return { start, end, kind: 'percent', value, approx, counts: percentOf(text, m, sentence, previous) };
	// A rate straight after the figure ("6.02 per dollar", "3 per household"): a measurement, not a count.
	const rate = PER_UNIT.exec(afterText);
	if (rate) return { start, end: m.end + rate[0].length, kind: 'other', value, approx, counts: `per ${rate[1].toLowerCase()}` };

	// Compound modifier: "60-page peace plan", "24-hour period", "625-basis-point increase".
	const compound = COMPOUND_UNIT.exec(afterText);
	if (compound) {
		const parts = compound[1].toLowerCase().split('-');
		// "46-year-old": an age, not a duration.
		if (parts.length === 2 && parts[1] === 'old') {
			return { start, end: m.end + compound[0].length, kind: 'other', value, approx, counts: `${parts[0]}s old` };
		}
		const unit = parts[0];
		end = m.end + compound[0].length;
		const np = nounPhrase(text, end, sentence.end);
		if (np.length) end = np[np.length - 1].end;
		if (TIME_UNIT_RE.test(unit)) return { start, end, kind: 'duration', value, approx, counts: TIME_UNITS.get(unit.replace(/s$/, '')) ?? unit };
		const last = parts[parts.length - 1];
		const phrase = [...parts.slice(0, -1), last.endsWith('s') ? last : `${last}s`].join(' ');
		return { start, end, kind: 'count', value, approx, counts: phrase };
	}

	// Durations: "24 hours", "more than four years ago", "the past three years".
	if (nextIsTime && following) {
		const unitWord = following.word.toLowerCase();
		const unit = TIME_UNITS.get(unitWord.replace(/ies$/, 'y').replace(/s$/, '')) ?? unitWord;
		end = following.end;
		const tail = /^\s+(ago|later|earlier|after|before|since|into|long|old|running)\b/i.exec(text.slice(end, Math.min(sentence.end, end + 12)));
		if (tail && /^(ago|later|earlier|after|before)$/i.test(tail[1])) end += tail[0].length;
		const lead = /\b(?:the\s+)?(?:past|last|previous|next|first|coming|following)\s+$/i.exec(before);
		if (lead && !hedge) start = m.start - lead[0].length;
		return { start, end, kind: 'duration', value, approx, counts: unit };
	}

	// Counts: the noun phrase after the number, after "of" for plural number words, or an implied one.
	let counts: string | null = null;
	// "thousands of X", "half of the population", "two-thirds of Syrians", "three of his men", "half the
	// population": the noun comes after "of" (or straight after the determiner for fractions).
	const fraction = /\b(?:half|third|quarter|fifth|tenth)s?$/i.test(lower) || (typeof m.value.low === 'number' && m.value.low > 0 && m.value.low < 1);
	const ofPlural = /s$/i.test(lower) || fraction ? /^\s+of\s+(?:the\s+|these\s+|those\s+|his\s+|her\s+|its\s+|their\s+|our\s+)?/i.exec(afterText) : null;
	const ofDeterminer = /^\s+of\s+(?:the|these|those|his|her|its|their|our)\s+/i.exec(afterText);
	const fractionOf = fraction ? /^\s+(?:the|its|their)\s+/i.exec(afterText) : null;
	const lead = ofPlural ?? ofDeterminer ?? fractionOf;
	// "9,000 of the 37,000 households": the whole is a figure of its own, so the part takes its noun but ends at itself.
	const whole = ofDeterminer ? /^\d[\d,.]*\s+/.exec(text.slice(m.end + ofDeterminer[0].length, sentence.end)) : null;
	const phrase = countedPhrase(text, m.end + (lead?.[0].length ?? 0) + (whole?.[0].length ?? 0), sentence.end);
	const np = phrase.words;
	if (whole && np.length) {
		counts = cleanCounted(text.slice(np[0].start, np[np.length - 1].end));
	} else if (!np.length && /^\s+of\s+them\b/i.test(afterText) && previous) {
		counts = previous.counts; // "4 besieged towns, 2 of them near Damascus"
		end = m.end + /^\s+of\s+them/i.exec(afterText)![0].length;
	} else if (np.length) {
		counts = cleanCounted(text.slice(np[0].start, np[np.length - 1].end));
		// The span ends with the noun itself; its complement only goes into `counts`.
		end = np[phrase.head - 1].end;
	} else if (/^\s+more\b/i.test(afterText) && previous) {
		counts = previous.counts; // "dozens of personnel ... for hundreds more"
		end = m.end + /^\s+more/i.exec(afterText)![0].length;
	}
	// "Hundreds spent the night", "tens of thousands sleep outside": a bare plural number word as a subject counts people.
	if (!counts && wordy && /s$/.test(lower) && following && COMMON_VERBS.has(following.word.toLowerCase())) counts = 'people';
	const head = counts === null ? '' : lastPiece(counts);
	const verb = !counts || PEOPLE.test(head) ? nearestCasualtyVerb(text, sentence, start, end) : null;
	if (verb) {
		const participle = PARTICIPLE[verb.toLowerCase()] ?? verb.toLowerCase();
		if (!counts) counts = `people ${participle}`;
		else if (!CASUALTY_VERB.test(counts)) counts = `${counts} ${participle}`;
		// "killed 240,000 people": the verb right before the figure belongs to the claim's span.
		const vb = /\b(killed|killing|displaced|displacing|wounded|injured|forced|left)\s+$/i.exec(before);
		if (vb) start = Math.min(start, m.start - vb[0].length);
	}
	return { start, end, kind: 'count', value, approx, counts };
}

/** Ordinal adjectives and predicates: "first face-to-face talks", "will be first", "not the first time". */
function ordinalClaims(text: string, sentence: Span, hits: RegExpExecArray[]): Draft[] {
	const out: Draft[] = [];
	for (const m of hits) {
		const start = m.index;
		const before = text.slice(Math.max(sentence.start, start - 30), start);
		if (!ORDINAL_BEFORE.test(before)) continue;
		if (UPPER_START.test(m[0]) && start > sentence.start && !ALL_UPPER.test(m[0])) continue; // "First Lady", "Second World War"
		const digits = m[ORDINAL_DIGITS_GROUP];
		const n = digits ? Number(digits) : ORDINALS[m[ORDINAL_GROUP].toLowerCase()];
		let value = exact(n);
		let from = start;
		const neg = /\bnot\s+(?:the|a|an|his|her|its|their)\s+$/i.exec(before);
		if (neg) {
			value = open(n, false, null, false);
			from = start - neg[0].length;
		}
		// "the first half of 2015" is a period of a date, not an ordinal claim.
		if (/^\s+(?:half|quarter)\b/i.test(text.slice(start + m[0].length, start + m[0].length + 9))) continue;
		// Hedges between the ordinal and its noun are not what is counted ("first known trip", "first publicly announced trip").
		const all = nounPhrase(text, start + m[0].length, sentence.end);
		const np = all.filter((w) => !/^(?:known|ever|only|publicly|announced)$/i.test(w.word));
		const end = all.length ? all[all.length - 1].end : start + m[0].length;
		const predicative = /\b(?:be|is|was|are|were|been|being)\s+$/i.test(before);
		// Without a noun, an ordinal is a claim only as a predicate or after a possessive ("his second to Moscow").
		const possessive = /(?:\b(?:his|her|its|their|our|my|your)|['’]s)\s+$/i.test(before);
		if (!np.length && !predicative && !possessive) continue;
		let counts = np.length ? np.map((w) => w.word).join(' ') : null;
		if (!counts && predicative) {
			// "Face-to-face talks will be first": the subject is what is counted.
			const cop = /\b(?:will\s+|would\s+)?(?:be|is|was|are|were|been|being)\s+$/i.exec(before);
			const subj = wordsBefore(text, start - (cop?.[0].length ?? 0), 3, sentence.start).filter((w) => !STOP.has(w.word.toLowerCase()));
			if (subj.length) counts = subj.reverse().map((w) => w.word).join(' ');
		}
		out.push({ start: predicative ? start - (/\b(?:will\s+)?(?:be|is|was|are|were|been|being)\s+$/i.exec(before)?.[0].length ?? 0) : from, end, kind: 'ordinal', value, approx: false, counts });
	}
	return out;
}

const ARTICLE_DURATION_UNIT = /^\S+\s+(\S+)/;

/** Duration claims of one time unit from the article-duration cues of a sentence ("a day after", "one year ago"). */
function articleDurations(hits: RegExpExecArray[]): Draft[] {
	const out: Draft[] = [];
	for (const m of hits) {
		const p = ARTICLE_DURATION_UNIT.exec(m[0]);
		if (!p) continue;
		const start = m.index;
		out.push({ start, end: start + m[0].length, kind: 'duration', value: exact(1), approx: false, counts: TIME_UNITS.get(p[1].toLowerCase()) ?? p[1] });
	}
	return out;
}

// Nouns naming events that a date in the same clause dates ("a visit to Moscow this week").
const EVENT = String.raw`(?:visits?|trips?|tours?|meetings?|talks|summits?|speech(?:es)?|address|deals?|agreements?|accords?|cease-?fires?|truces?|attacks?|strikes?|air ?strikes?|raids?|bombings?|offensives?|operations?|campaigns?|interventions?|invasions?|annexations?|elections?|votes?|referendums?|wars?|conflicts?|uprisings?|revolutions?|protests?|crackdowns?|coups?|decisions?|announcements?|statements?|reports?|resolutions?|initiatives?|plans?|proposals?|negotiations?|conferences?|sessions?|launch|deployments?|withdrawals?|captures?|seizures?|sieges?|massacres?|explosions?|blasts?|crashes|incidents?|arrivals?|departures?|releases?|photos?|photographs?|images?|pictures?|videos?|interviews?|hearings?|trials?|verdicts?|rulings?|appointments?|resignations?|inaugurations?|funerals?|ceremon(?:y|ies)|evacuations?|assaults?|battles?|shelling|clashes|killings?|executions?|arrests?|kidnappings?|ambush(?:es)?)`;
const EVENT_ALL = new RegExp(String.raw`\b(${EVENT}(?:[\s-]+${EVENT})*)\b`, 'gi');
const EVENT_AFTER = new RegExp(String.raw`\b(${EVENT}(?:[\s-]+${EVENT})*)\b`, 'i');

/** What a date dates: the nearest event noun before it in its clause, or after it when the date opens the sentence. */
function datedEvent(text: string, sentence: Span, d: Span): string | null {
	const before = text.slice(Math.max(sentence.start, d.start - 100), d.start);
	const clause = before.slice(Math.max(before.lastIndexOf(';'), before.lastIndexOf('—'), before.lastIndexOf(' – ')) + 1);
	let b: RegExpExecArray | null = null;
	// exec on the shared pattern: matchAll would clone the (large) pattern on every call.
	EVENT_ALL.lastIndex = 0;
	for (let m = EVENT_ALL.exec(clause); m; m = EVENT_ALL.exec(clause)) b = m;
	if (b) return `date of ${b[1].toLowerCase()}`;
	if (text.slice(sentence.start, d.start).trim().replace(/^(?:in|on|since|by|until|from|during)\s*$/i, '') === '') {
		const a = EVENT_AFTER.exec(text.slice(d.end, Math.min(sentence.end, d.end + 80)));
		if (a) return `date of ${a[1].toLowerCase()}`;
	}
	return null;
}

/**
 * Sorts a sentence's drafts by start, longer first at the same start, keeping the order of equal ones (as the
 * stable Array sort does). An insertion sort: a sentence holds a handful of drafts, and sort() with a comparator
 * costs more than the sorting itself at that size.
 */
function sortDrafts(drafts: Draft[]): void {
	for (let x = 1; x < drafts.length; x++) {
		const d = drafts[x];
		let y = x - 1;
		while (y >= 0 && (drafts[y].start > d.start || (drafts[y].start === d.start && drafts[y].end < d.end))) {
			drafts[y + 1] = drafts[y];
			y--;
		}
		drafts[y + 1] = d;
	}
}

/** The spans in start order: the input itself when it is already sorted (the usual case), else a sorted copy. */
function byStart<T extends Span>(spans: T[]): T[] {
	for (let i = 1; i < spans.length; i++) if (spans[i].start < spans[i - 1].start) return [...spans].sort((a, b) => a.start - b.start);
	return spans;
}

/** Finds numeric claims: a figure with what it counts, its qualifier, its source; none inside page chrome. */
export function findClaims(context: ClaimContext): Claim[] {
	const { text, entities, boilerplate, published } = context;
	const sortedEntities = byStart(entities);
	const numbers = byStart(context.numbers);
	const dates = findDates(text, published);
	const sentences = sentenceSpans(text);
	// Cue words come from the document's one scan (shared with the date finder) and are handed to their sentence by cursor.
	const { ordinals: ordinalHits, durations: durationHits, speech: speechHits } = scanText(text);
	let oi = 0;
	let ai = 0;
	let si = 0;
	const none: RegExpExecArray[] = [];
	const noSpans: Span[] = [];
	// Hands the hits inside `sentence` over and moves the cursor past them; no array is made for a sentence without hits.
	const cursor = { at: 0 };
	const take = (hits: RegExpExecArray[], from: number, sentence: Span): RegExpExecArray[] => {
		let i = from;
		while (i < hits.length && hits[i].index < sentence.start) i++;
		cursor.at = i;
		if (i >= hits.length || hits[i].index >= sentence.end) return none;
		const out: RegExpExecArray[] = [];
		while (i < hits.length && hits[i].index < sentence.end) out.push(hits[i++]);
		cursor.at = i;
		return out;
	};
	const state: SourceState = { last: null, pending: [], text, entities: sortedEntities };
	const claims: Claim[] = [];
	const drafts: Draft[] = [];
	const sentenceDates: Span[] = [];
	let ni = 0;
	let di = 0;
	// Chrome spans are visited with a cursor, as sentences come in order: no rescans on long documents.
	const chrome: Span[] = [...boilerplate].sort((a, b) => a.start - b.start);
	let ci = 0;
	for (let k = 0; k < sentences.length; k++) {
		const sentence = sentences[k];
		while (ci < chrome.length && chrome[ci].end <= sentence.start) ci++;
		const touches = ci < chrome.length && chrome[ci].start < sentence.end;
		// Chrome spans are sorted and disjoint, so only the first one that touches the sentence can hold all of it.
		if (touches && chrome[ci].start <= sentence.start && sentence.end <= chrome[ci].end) {
			while (ni < numbers.length && numbers[ni].start < sentence.end) ni++;
			while (di < dates.length && dates[di].start < sentence.end) di++;
			continue;
		}
		const near = touches ? chrome.slice(ci, ci + 4).filter((b) => b.start < sentence.end) : noSpans;
		// Reused for every sentence: most sentences hold no figure, and fresh arrays for each would feed the collector.
		// (Emptied only when needed: setting the length of an empty array still costs a call.)
		if (drafts.length !== 0) drafts.length = 0;
		if (sentenceDates.length !== 0) sentenceDates.length = 0;
		while (di < dates.length && dates[di].start < sentence.end) {
			const d = dates[di++];
			if (d.start < sentence.start || inSpans(near, d)) continue;
			sentenceDates.push(d);
			drafts.push({ start: d.start, end: d.end, kind: 'date', value: d.value ?? UNKNOWN, approx: d.approx, counts: datedEvent(text, sentence, d) });
		}
		let previous: Draft | null = null;
		while (ni < numbers.length && numbers[ni].start < sentence.end) {
			const m = numbers[ni++];
			if (m.start < sentence.start || inSpans(sentenceDates, m) || inSpans(near, m)) continue;
			// A mention inside the claim just made ("24" of "24%") would lose to it anyway; it must not become `previous`.
			if (previous && m.start < previous.end) continue;
			const d = numberClaim(text, m, sentence, previous);
			if (d) {
				drafts.push(d);
				previous = d;
			}
		}
		let hits: RegExpExecArray[];
		hits = take(ordinalHits, oi, sentence);
		oi = cursor.at;
		if (hits.length) for (const d of ordinalClaims(text, sentence, hits)) if (!inSpans(sentenceDates, d)) drafts.push(d);
		hits = take(durationHits, ai, sentence);
		ai = cursor.at;
		if (hits.length) drafts.push(...articleDurations(hits));
		// Every sentence with a speech verb is read for its source, so that "the monitor said" can refer back to it.
		hits = take(speechHits, si, sentence);
		si = cursor.at;
		if (!drafts.length) {
			if (hits.length) {
				state.pending.push({ sentence, hits });
				if (state.pending.length > 3) state.pending.shift();
			}
			continue;
		}
		const source = hits.length ? sentenceSource(text, sentence, sortedEntities, state, hits) : null;
		if (drafts.length > 1) sortDrafts(drafts);
		let lastEnd = -1;
		for (const d of drafts) {
			if (d.start < lastEnd) continue; // overlapping drafts: the earlier, longer one wins
			lastEnd = d.end;
			claims.push({ start: d.start, end: d.end, text: text.slice(d.start, d.end), kind: d.kind, value: d.value, approx: d.approx, counts: d.counts, source, sentence: { start: sentence.start, end: sentence.end } });
		}
	}
	return claims;
}

/**
 * Infers the publication date (ISO) from the text: the latest full date of a dateline or caption, moved to
 * the day the article's past weekdays point to. Page chrome (and appended stories) is left out; pass the
 * boilerplate spans when they are already known. Null when the text gives no full date.
 */
export function inferPublished(text: string, boilerplate?: Span[]): string | null {
	return inferPublishedDate(text, boilerplate ?? findBoilerplate(text));
}
