/**
 * Rule and gazetteer based named-entity recogniser. One linear pass finds capitalised name chunks,
 * splits them at titles and gazetteer entries, and types each piece from head words ("Agency",
 * "Airport"), gazetteers, first names and context ("said X", "X, a rebel group", "city of X").
 * A second, document-level pass resolves what is left: surnames and first names of people already
 * named in full, acronyms of organisations named in full, words of a known organisation ("Nusra"),
 * places listed together, and capitals used for their governments.
 */
import type { EntityType } from '../types';
import * as lexiconModule from './lexicon';
import type { LexEntry, Lexicon } from './lexicon';
import * as tokensModule from './tokens';
import type { Token } from './tokens';
import * as memoModule from '../memo';
import * as textModule from '../text';

// Imported bindings are copied into module constants once: the per-file CommonJS output (out/, which the
// benchmarks and tests load) reads every imported name through two getters, and these are read per token.
const { isSpaceCode, lastPiece } = textModule;
const {
	ARABIC_ORG_WORDS,
	COMPASS_WORDS,
	LEADING_PARTICLES,
	LOWERCASE_ORGS,
	NAME_PARTICLES,
	NOT_ACRONYMS,
	ORG_HEADS,
	ORG_HEADS_TAKING_OF,
	PLACE_HEADS,
	PLACE_PREFIXES,
	SEATS_OF_GOVERNMENT,
	TITLE_HEADS,
	TITLE_MODIFIERS,
	getLexicon,
	lookupLoosePlace,
	lookupPhrase,
	lookupSpan,
	phraseKey,
	startsPhraseSpan,
} = lexiconModule;
const { tokenize } = tokensModule;
const { Memo, detach } = memoModule;

/** How sure the recogniser is of a candidate's type: later evidence only overrides weaker evidence. */
const enum Strength {
	None = 0,
	Default = 1,
	Lexicon = 2,
	Cue = 3,
}

/** A candidate mention before document-level resolution. */
export interface Candidate {
	start: number;
	end: number;
	text: string;
	type: EntityType | null;
	canonical: string | null;
	strength: Strength;
	/** The gazetteer entry it matched, if any. */
	entry?: LexEntry;
	/** Its first token opens a sentence (so its capital letter says little). */
	sentenceStart: boolean;
	/** Number of name words (space-separated parts). */
	words: number;
	/** Word texts, for surname and acronym matching. */
	parts: string[];
}

const MONTHS_AND_DAYS = new Set(
	'January February March April May June July August September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Monday Tuesday Wednesday Thursday Friday Saturday Sunday Christmas Easter Ramadan Eid'.split(
		' ',
	),
);
const HYPHEN_ONLY_PARTICLES = new Set(['as', 'an', 'at', 'ad', 'ash', 'az', 'ez', 'es']);
const DETERMINERS = new Set(['The', 'A', 'An', 'This', 'That', 'These', 'Those']);
const CONNECTORS = new Set(['of', 'for', 'and', 'on', 'the', '&', 'de']);

const ORG_APPOSITIVE = /^,\s+(?:an?|the)\s+(?:(?!for\b|of\b|with\b|in\b|at\b|from\b)[\p{L}’'.-]+\s+){0,3}?(?:group|groups|faction|militia|movement|organi[sz]ation|coalition|party|alliance|network|agency|company|firm|newspaper|daily|channel|outlet|broadcaster|website|brigade|battalion|monitor|body|institute|think tank|charity|union)\b(?!['’]s)/u;
const ORG_FOLLOWER = /^\s+(?:newspaper|daily|news agency|news service|agency|channel|television|broadcaster|website|group|militia|faction|militants|fighters|jihadists|rebels|members|movement|leaders?|spokesman|spokesperson|spokeswoman)\b/;
const PLACE_APPOSITIVE = /^,\s+(?:an?|the)\s+(?:(?!for\b|of\b|with\b|in\b|at\b|from\b)[\p{L}-]+\s+){0,3}?(?:town|city|village|province|region|district|suburb|neighbou?rhood|area|capital|port|country|island|state|governorate|valley)\b(?!['’]s)/u;
const PLACE_PRECEDER_NOUNS = new Set('city town village province governorate region district suburb suburbs neighbourhood neighborhood capital countryside outskirts streets port island islands archipelago peninsula county regency municipality prefecture state'.split(' '));
const PLACE_FOLLOWER = /^(?:\s+(?:province|provinces|governorate|city|town|village|district|region|countryside|island|islands|regency|county|peninsula|archipelago)\b|['’]s\s+(?:(?:north|south|east|west)(?:ern|east|west)?\s+)?(?:coast|coastline|shores?|tip|outskirts|interior|hinterland)\b)/;
const PERSON_APPOSITIVE =
	/^,\s+(?:an?\s+|the\s+|who\b|whose\b|his\b|her\b)?(?:(?!for\b|of\b|with\b|in\b|at\b|from\b)[\p{L}-]+\s+){0,3}?(?:spokesman|spokeswoman|spokesperson|commander|leader|representative|official|head|chief|minister|president|analyst|expert|researcher|director|professor|author|journalist|correspondent|envoy|ambassador|adviser|advisor|activist|member|founder|chairman|resident|fighter|officer|diplomat|lawmaker|senator|deputy|secretary|who|aged)\b(?!['’]s)|^,\s+\d{1,3},/u;
const PERSON_PRECEDER_WORDS = new Set('said says told asked spokesman spokeswoman spokesperson envoy minister president leader commander official chief secretary ambassador general colonel analyst activist figure ruler by dictator premier'.split(' '));
const SPEECH_VERBS = new Set(['said', 'says', 'told', 'asked']);
const SPEECH_FOLLOWER = /^\s+(?:said|says|told|added|insisted|warned|stressed|tweeted)\b/;
const PERSON_FOLLOWER = /^(?:\s+(?:said|says|told|added|noted|wrote|explained|insisted|warned|stressed|argued|believes|thinks|tweeted|urged|declined|confirmed|regime|administration)\b|\s*\(\d)/;
const LOCATIVE_PREPOSITIONS = new Set('in near outside into across toward towards around from above below beyond off'.split(' '));

/**
 * Currency unit names ("lira", "rand", "real", "peso"), from the runtime's own currency display names (ICU's
 * CLDR data): a town that shares one ("Lira", Uganda) is read as a place only after a locative preposition.
 */
const CURRENCY_UNITS: ReadonlySet<string> = (() => {
	const units = new Set<string>();
	try {
		const names = new Intl.DisplayNames(['en'], { type: 'currency' });
		for (const code of Intl.supportedValuesOf('currency')) {
			const name = names.of(code);
			const unit = name && name !== code ? name.split(/\s+/).pop()!.toLowerCase() : '';
			if (/^[a-z]+$/.test(unit) && unit !== 'rights' && unit !== 'gold') units.add(unit);
		}
	} catch {
		// A runtime without ICU currency names: no currency words, places read as before.
	}
	return units;
})();
/** Lower-case nouns after a title of a work ("Morning Brief newsletter", "Inside Politics podcast"). */
const WORK_FOLLOWER = /^\s+(?:newsletter|newsletters|podcast|podcasts|column|series|show|programme|program|app|blog|briefing|digest|edition|supplement)\b/;
// Expressions with Unicode property escapes are compiled to `new RegExp` calls (a cache look-up and an
// allocation each time), so those used per chunk or per run are made once here.
const STARTS_CAPITAL = /^\p{Lu}/u;
/** An airport or airbase named right after a run ("Martyr Bassil al-Assad international airport"). */
const FACILITY_AHEAD = /^\s+(?:international\s+|military\s+)?(?:airport|airbase|air base|airfield)\b/;
const REGIONAL_DEMONYM = /^\p{Lu}\p{Ll}{3,}(?:ian|an|n)s?$/u;
/** The first letter of each word or hyphenated part, for title case. */
const WORD_INITIALS = /(^|[\s-])(\p{L})/gu;
/** "an economist at X": a professional's employer is an organisation. */
const EMPLOYER_BEFORE = /\b(?:economist|economists|analyst|analysts|strategist|strategists|researcher|researchers|banker|bankers|trader|traders|executive|executives|lawyer|lawyers|partner|fellow|scientist|scientists|engineer|engineers|manager|managers|consultant|consultants|spokesman|spokeswoman|spokesperson)\s+at\s+$/;

/**
 * The one or two lower-cased words just before `start`, separated from it and each other by spaces only
 * ("" where punctuation intervenes). Cheaper than end-anchored regular expressions on a slice.
 */
function wordsBefore(text: string, start: number): [string, string] {
	const out: [string, string] = ['', ''];
	let i = start - 1;
	for (let w = 0; w < 2; w++) {
		let spaces = 0;
		while (i >= 0 && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) {
			i--;
			spaces++;
		}
		if (spaces === 0) break;
		const end = i + 1;
		while (i >= 0 && ((text.charCodeAt(i) | 32) >= 97 && (text.charCodeAt(i) | 32) <= 122)) i--;
		if (end - i - 1 === 0) break;
		out[w] = text.slice(i + 1, end).toLowerCase();
		if (i >= 0 && letterOrDigitAt(text, i)) {
			out[w] = '';
			break;
		}
	}
	return out;
}

/** "city of X", "countryside of X". */
function placePreceded(prev: [string, string]): boolean {
	return prev[0] === 'of' && PLACE_PRECEDER_NOUNS.has(prev[1]);
}

/** "according to X", "said X", "spokesman X". */
function personPreceded(prev: [string, string]): boolean {
	return PERSON_PRECEDER_WORDS.has(prev[0]) || (prev[0] === 'to' && prev[1] === 'according');
}

/** Finds candidate mentions in one document (types may still be open), then resolves them. */
export function recognise(text: string): Candidate[] {
	const lexicon = getLexicon();
	const tokens = tokenize(text);
	const ctx = new Context(text, tokens, lexicon);
	const candidates: Candidate[] = [];
	for (let i = 0; i < tokens.length; ) {
		const end = ctx.chunkEnd(i);
		if (end > i) {
			ctx.processChunk(i, end, candidates);
			i = end;
		} else i++;
	}
	for (const found of lowercaseInstitutions(text)) candidates.push(found);
	candidates.sort((a, b) => a.start - b.start || b.end - a.end);
	return resolveDocument(text, removeOverlaps(candidates), lexicon);
}

const LOWERCASE_ORG_ENTRIES = Object.entries(LOWERCASE_ORGS);
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** Whether text.charAt(i) is a letter or digit (false outside the text); ASCII is decided without a regular expression. */
function letterOrDigitAt(text: string, i: number): boolean {
	const c = text.charCodeAt(i);
	if (!(c >= 128)) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
	return LETTER_OR_DIGIT.test(text.charAt(i));
}

/** Whether a code unit may be white space: false only for ASCII that is not (a cheap test before a regular expression that needs it). */
function mayBeSpace(c: number): boolean {
	return !(c < 128) || c === 32 || (c >= 9 && c <= 13);
}

function isDigitCode(c: number): boolean {
	return c >= 48 && c <= 57;
}

/** Whether s has an ASCII digit (/\d/). */
function hasDigit(s: string): boolean {
	for (let i = 0; i < s.length; i++) if (isDigitCode(s.charCodeAt(i))) return true;
	return false;
}

/** text.split(/\s+/).length, without building the parts. */
function wordCount(text: string): number {
	let count = 1;
	for (let i = 0; i < text.length; i++) {
		if (isSpaceCode(text.charCodeAt(i))) {
			count++;
			while (i + 1 < text.length && isSpaceCode(text.charCodeAt(i + 1))) i++;
		}
	}
	return count;
}

/** text.split(/\s+/) without empty parts. */
function splitWords(text: string): string[] {
	const parts: string[] = [];
	let from = 0;
	for (let i = 0; i <= text.length; i++) {
		if (i === text.length || isSpaceCode(text.charCodeAt(i))) {
			if (i > from) parts.push(text.slice(from, i));
			from = i + 1;
		}
	}
	return parts;
}

/** "the state department", "the Russian foreign ministry": lower-case names of specific institutions. */
function lowercaseInstitutions(text: string): Candidate[] {
	const out: Candidate[] = [];
	for (const [head, modifiers] of LOWERCASE_ORG_ENTRIES) {
		for (let at = text.indexOf(head); at >= 0; at = text.indexOf(head, at + head.length)) {
			const end = at + head.length;
			// Most hits are inside longer words ("official", "banks"): tested first, without a slice.
			if (text.charCodeAt(at - 1) !== 32 || letterOrDigitAt(text, end)) continue;
			let start = at - 1;
			while (start > 0 && text.charCodeAt(start - 1) >= 97 && text.charCodeAt(start - 1) <= 122) start--;
			const modifier = text.slice(start, at - 1);
			if (!modifiers.has(modifier) || letterOrDigitAt(text, start - 1)) continue;
			const canonical = `${modifier[0].toUpperCase()}${modifier.slice(1)} ${head[0].toUpperCase()}${head.slice(1)}`.replace('Defence', 'Defense');
			out.push(makeCandidate(start, end, text.slice(start, end), 'ORG', canonical === 'State Department' ? 'United States Department of State' : canonical, Strength.Cue, false));
		}
	}
	return out;
}

function makeCandidate(start: number, end: number, text: string, type: EntityType | null, canonical: string | null, strength: Strength, sentenceStart: boolean, entry?: LexEntry): Candidate {
	const parts = text.indexOf(' ') < 0 && text.indexOf('\n') < 0 ? [text] : splitWords(text);
	return { start, end, text, type, canonical, strength, entry, sentenceStart, words: parts.length, parts };
}

/** Keeps the longest of overlapping candidates (the longest name wins). */
function removeOverlaps(sorted: Candidate[]): Candidate[] {
	const kept: Candidate[] = [];
	for (const c of sorted) {
		const last = kept[kept.length - 1];
		if (last && c.start < last.end) {
			if (c.end - c.start > last.end - last.start) kept[kept.length - 1] = c;
			continue;
		}
		kept.push(c);
	}
	return kept;
}

const ordinaryCache = new Memo<boolean>();

/** An ordinary English word that is not also a first name ("Many", "Top"), memoised: the same words recur in every document. */
function ordinaryWord(lexicon: Lexicon, word: string): boolean {
	let hit = ordinaryCache.get(word);
	if (hit === undefined) {
		const lower = word.toLowerCase();
		hit = lexicon.commonWords.has(lower) && !lexicon.firstNames.has(lower);
		ordinaryCache.set(word, hit);
	}
	return hit;
}

/** Per-document state for the chunking pass. */
class Context {
	/** All-capital words of the document, for acronym-backed names ("Middle East Eye" / "MEE"). */
	readonly acronyms = new Set<string>();
	constructor(
		readonly text: string,
		readonly tokens: Token[],
		readonly lexicon: Lexicon,
	) {
		for (const t of tokens) if (t.allCaps && t.text.length <= 6) this.acronyms.add(t.text.replace(/\./g, ''));
	}

	private isHeadline(i: number): boolean {
		return this.tokens[i].headline;
	}

	private isNameWord(t: Token | undefined): boolean {
		return !!t && t.isWord && t.cap;
	}

	/** A lower-case particle that joins or opens a name ("al-Assad", "de Mistura"). */
	private isParticleBefore(i: number): boolean {
		const t = this.tokens[i];
		const next = this.tokens[i + 1];
		if (!t || !next || !t.isWord || t.cap || !NAME_PARTICLES.has(t.text)) return false;
		if (next.text === '-' && next.start === t.end) return this.isNameWord(this.tokens[i + 2]) && this.tokens[i + 2].start === next.end;
		// Particles that are also English words ("as", "an", "at") join only with a hyphen ("as-Suwayda", "ez-Zor").
		if (HYPHEN_ONLY_PARTICLES.has(t.text)) return false;
		// "von der Leyen": particles may follow each other.
		return next.spaceBefore && (this.isNameWord(next) || (next.isWord && !next.cap && NAME_PARTICLES.has(next.text) && this.isParticleBefore(i + 1)));
	}

	/** The end (exclusive token index) of the name chunk starting at token i, or i when none starts there. */
	chunkEnd(i: number): number {
		const tokens = this.tokens;
		const t = tokens[i];
		if (!t.isWord) return i;
		if (!t.cap) {
			// A chunk may open with a particle only when a name follows ("al-Qaida", "de Mistura").
			if (!LEADING_PARTICLES.has(t.text) || !this.isParticleBefore(i)) return i;
		}
		let j = i + 1;
		let orgMerged = false;
		for (;;) {
			const prev = tokens[j - 1];
			const cur = tokens[j];
			if (!cur) break;
			// Dot of an abbreviation or an initial ("Lt.", "J.").
			if (cur.text === '.' && cur.start === prev.end && prev.isWord && prev.cap && (prev.text.length === 1 || /^[A-Z][a-z]{0,3}$/.test(prev.text)) && this.dotBelongs(prev, j)) {
				j++;
				continue;
			}
			if (cur.lineBefore) break;
			// A name never spans a column gap ("Search  Subscribe" in a menu): two or more spaces end it.
			if (this.isNameWord(cur) && cur.spaceBefore && cur.start - prev.end === 1) {
				j++;
				continue;
			}
			// Hyphenated name parts: "Abdel-Azim", "US-Russia" (split later), "al-Sham".
			if ((cur.text === '-' || cur.text === '‑') && cur.start === prev.end && prev.isWord && tokens[j + 1]?.start === cur.end) {
				const after = tokens[j + 1];
				if (this.isNameWord(after) || this.isParticleBefore(j + 1)) {
					j += 2;
					continue;
				}
				break;
			}
			if (cur.isWord && !cur.cap && cur.spaceBefore && NAME_PARTICLES.has(cur.text) && this.isParticleBefore(j) && prev.isWord) {
				j += 1;
				continue;
			}
			if (cur.isWord && cur.spaceBefore && CONNECTORS.has(cur.text) && prev.isWord) {
				const extended = this.connectorExtension(i, j, orgMerged);
				if (extended > j) {
					orgMerged ||= ORG_HEADS_TAKING_OF.has(tokens[j - 1].text) || lookupSpan(this.lexicon, this.text, tokens[i].start, tokens[j - 1].end)?.type === 'ORG';
					j = extended;
					continue;
				}
			}
			break;
		}
		// A chunk never ends on a particle.
		while (j > i + 1 && !tokens[j - 1].cap && tokens[j - 1].text !== '.') j--;
		return j;
	}

	/** Whether the full stop after `prev` belongs to it (an abbreviation or initial inside a name). */
	private dotBelongs(prev: Token, dotIndex: number): boolean {
		const next = this.tokens[dotIndex + 1];
		if (prev.text.length === 1) return !!next && next.spaceBefore && next.cap;
		return /^(?:Mr|Mrs|Ms|Dr|Lt|Gen|Col|Capt|Maj|Sgt|Adm|Cmdr|Brig|Gov|Sen|Rep|Rev|Prof|Sr|Jr|St|Mt|Ft)$/.test(prev.text);
	}

	/**
	 * How far a connector ("of", "for", "and the") continues a name: through a known multi-word phrase
	 * ("Islamic State of Iraq and the Levant"), a title ("Secretary of State"), or after an organisation
	 * head word ("Ministry of Defense", "Institute for International and Strategic Relations").
	 */
	private connectorExtension(chunkStart: number, connector: number, orgMerged: boolean): number {
		const tokens = this.tokens;
		// Longest known phrase from the chunk start through the connector (up to 8 more tokens).
		let best = connector;
		let k = connector;
		// Such a phrase's key is the key of the chunk through the connector, a space, and more, so the chunk
		// through the connector is one of the phrase prefixes. That holds when white space or a hyphen
		// follows the connector; most chunks ("Kerry and", "Syria of") open no phrase and skip the lookups.
		const follower = this.text.charCodeAt(tokens[connector].end);
		const spaced = follower === 32 || follower === 45 || (follower >= 9 && follower <= 13);
		if (spaced && !startsPhraseSpan(this.lexicon, this.text, tokens[chunkStart].start, tokens[connector].end)) k = tokens.length;
		for (let steps = 0; steps < 8 && k < tokens.length; steps++, k++) {
			const t = tokens[k];
			if (t.lineBefore || (!t.isWord && t.text !== '-')) break;
			if (t.isWord && t.cap && lookupSpan(this.lexicon, this.text, tokens[chunkStart].start, t.end) !== undefined) best = k + 1;
		}
		if (best > connector) return best;
		const prev = tokens[connector - 1];
		const word = tokens[connector].text;
		let next = connector + 1;
		if (tokens[next]?.text === 'the' && word !== 'the') next++;
		const after = tokens[next];
		if (!after || !this.isNameWord(after) || !after.spaceBefore) return connector;
		if (word === 'of' && prev.text === 'Secretary' && after.text === 'State') return next + 1;
		if (word === 'the' || word === 'de' || MONTHS_AND_DAYS.has(after.text)) return connector;
		if (word === 'on' && !/^(?:Council|Committee|Commission|Conference)$/.test(prev.text)) return connector;
		if (word === 'and' || word === '&') {
			// Only inside an organisation's name, and never into a place ("... and Syria").
			if (!orgMerged) {
				// "Armed Conflict Location and Event Data Project": two unknown capitalised parts ending in an organisation head.
				let last = next;
				while (tokens[last + 1] && this.isNameWord(tokens[last + 1]) && tokens[last + 1].spaceBefore) last++;
				// "Fire and Disaster Management Agency": one ordinary capitalised word before "and" also opens such a name.
				const opened = connector - chunkStart >= 2 || (connector - chunkStart === 1 && !tokens[chunkStart].sentenceStart && this.lexicon.commonWords.has(tokens[chunkStart].text.toLowerCase()));
				if (ORG_HEADS.has(tokens[last].text) && last > next && opened && !lookupSpan(this.lexicon, this.text, tokens[chunkStart].start, prev.end) && !lookupPhrase(this.lexicon, tokens[chunkStart].text)) return last + 1;
				return connector;
			}
			if (lookupPhrase(this.lexicon, after.text)) return connector;
			return next + 1;
		}
		if (ORG_HEADS_TAKING_OF.has(prev.text) || (orgMerged && word !== 'on')) return next + 1;
		const sofar = lookupSpan(this.lexicon, this.text, tokens[chunkStart].start, prev.end);
		if (sofar?.type === 'ORG' && word === 'of') return next + 1;
		return connector;
	}

	/** Splits one chunk into entities: titles are dropped, gazetteer entries and unknown runs typed. */
	processChunk(first: number, end: number, out: Candidate[]): void {
		const tokens = this.tokens;
		let i = first;
		// Leading articles are never part of a name ("The Washington Post" → "Washington Post").
		while (i < end - 1 && DETERMINERS.has(tokens[i].text)) i++;
		// "NORTH LOMBOK, Indonesia —": a dateline in capitals is one place, whatever its words.
		if (end - i >= 2 && tokens[i].lineBefore && tokens.slice(i, end).every((t) => !t.isWord || t.allCaps)) {
			const { start, end: stop, text } = this.span(i, end);
			if (/^\s*(?:,|—|–|\(|-\s)/.test(this.text.slice(stop, stop + 3)) && tokens.slice(i, end).every((t) => !t.isWord || !NOT_ACRONYMS.has(t.text))) {
				const titled = text.toLowerCase().replace(WORD_INITIALS, (_m, p: string, c: string) => p + c.toUpperCase());
				const entry = lookupPhrase(this.lexicon, titled);
				if (!entry || entry.type === 'PLACE') {
					out.push(makeCandidate(start, stop, text, 'PLACE', entry && entry.source !== 'city' && entry.source !== 'subdivision' ? entry.canonical : titled, Strength.Lexicon, tokens[i].sentenceStart, entry));
					return;
				}
			}
		}
		if (this.isHeadline(first)) {
			this.processHeadlineChunk(i, end, out);
			return;
		}
		// Most chunks are one word ("Syria", "Assad"): look it up once, or type it as an unknown run.
		if (end - i === 1) {
			const t = tokens[i];
			const entry = lookupPhrase(this.lexicon, t.text);
			if (entry) out.push(this.fromEntry(t.start, t.end, t.text, entry, t.sentenceStart));
			else this.segment(i, end, out, false);
			return;
		}
		// "European Central Bank President Christine Lagarde": an organisation's name before a title is whole.
		for (let t = i + 2; t < end; t++) {
			if (!tokens[t].isWord || this.titleLength(t, end) === 0) continue;
			if (ORG_HEADS.has(tokens[t - 1].text)) {
				const org = this.classifyWhole(i, t);
				if (org) {
					out.push(...org);
					this.segment(t, end, out, false);
					return;
				}
			}
			break;
		}
		const whole = this.classifyWhole(i, end);
		if (whole) {
			out.push(...whole);
			return;
		}
		this.segment(i, end, out, false);
	}

	/** In a headline every word is capitalised: split at ordinary words, keep names and gazetteer entries. */
	private processHeadlineChunk(i: number, end: number, out: Candidate[]): void {
		let runStart = i;
		for (let k = i; k <= end; k++) {
			const t = this.tokens[k];
			const afterName = k < end && k > runStart && (ORG_HEADS.has(t.text) || PLACE_HEADS.has(t.text));
			const nextToken = this.tokens[k + 1];
			const firstNameOfName = k + 1 < end && this.lexicon.firstNames.has(t.text.toLowerCase()) && nextToken.cap && !this.lexicon.commonWords.has(nextToken.text.toLowerCase());
			// "Jonathan Hale": a word after a first name is a surname even if it is also an ordinary word.
			const afterFirstName = k > runStart && this.lexicon.firstNames.has(this.tokens[k - 1].text.toLowerCase()) && t.spaceBefore;
			// "Asia-Pacific": the second part of a hyphenated name is never split off as an ordinary word.
			const hyphenPart = k > runStart && k < end && this.tokens[k - 1].text === '-' && this.tokens[k - 1].end === t.start;
			const ordinary = k < end && t.isWord && !afterName && !firstNameOfName && !afterFirstName && !hyphenPart && this.lexicon.commonWords.has(t.text.toLowerCase()) && !lookupPhrase(this.lexicon, t.text) && !TITLE_HEADS.has(t.text) && !TITLE_MODIFIERS.has(t.text);
			if (k === end || ordinary) {
				if (k > runStart) {
					const whole = this.classifyWhole(runStart, k);
					if (whole) out.push(...whole);
					else this.segment(runStart, k, out, true);
				}
				runStart = k + 1;
			}
		}
	}

	private span(a: number, b: number): { start: number; end: number; text: string } {
		const start = this.tokens[a].start;
		const end = this.tokens[b - 1].end;
		return { start, end, text: this.text.slice(start, end) };
	}

	/** Word texts of tokens a..b (hyphen-joined parts stay together). */
	private words(a: number, b: number): string[] {
		return this.span(a, b).text.split(/\s+/);
	}

	/** Whole-chunk readings that must win over splitting: known phrases, organisation and place heads, acronym-backed names. */
	private classifyWhole(a: number, b: number): Candidate[] | null {
		if (b - a < 1) return null;
		const { start, end, text } = this.span(a, b);
		const sentenceStart = this.tokens[a].sentenceStart;
		const entry = lookupPhrase(this.lexicon, text);
		if (entry) return [this.fromEntry(start, end, text, entry, sentenceStart)];
		// The span starts and ends with a token, so splitting on white space leaves no empty part.
		const words = splitWords(text);
		if (words.length < 2) return null;
		const lastToken = this.tokens[b - 1].text;
		// An organisation head at the end, or before the connector that continues the name ("Ministry of Defense").
		let orgHead = ORG_HEADS.has(lastToken);
		for (let k = a; k < b - 1 && !orgHead; k++) orgHead = ORG_HEADS.has(this.tokens[k].text) && CONNECTORS.has(this.tokens[k + 1].text);
		// "Russian TV" is a nationality and a common noun, not an organisation's name.
		if (orgHead && words.length === 2 && /^(?:TV|Television|Radio|Press|Media)$/.test(lastToken) && lookupPhrase(this.lexicon, words[0])?.type === 'NORP') return null;
		if (orgHead && !words.every((w) => TITLE_HEADS.has(w) || TITLE_MODIFIERS.has(w))) {
			if (words.some((w) => TITLE_HEADS.has(w.replace(/\.$/, '')))) return null;
			// "U.S. Central Intelligence Agency": a country before a full organisation name is its own mention.
			const lead = this.leadingPlace(a, b);
			if (lead && this.words(lead.next, b).length >= 2) {
				return [lead.candidate, makeCandidate(this.tokens[lead.next].start, end, this.text.slice(this.tokens[lead.next].start, end), 'ORG', this.text.slice(this.tokens[lead.next].start, end), Strength.Cue, false)];
			}
			return [makeCandidate(start, end, text, 'ORG', text, Strength.Cue, sentenceStart)];
		}
		if (PLACE_HEADS.has(lastToken) && !words.some((w) => TITLE_HEADS.has(w))) {
			const base = this.text.slice(start, this.tokens[b - 2].end);
			if (/^(?:Province|Governorate)$/.test(lastToken)) return null;
			return [makeCandidate(start, end, text, 'PLACE', base === text ? text : text, Strength.Cue, sentenceStart)];
		}
		const initials = words.length >= 3 && this.acronyms.size > 0 ? acronymOf(words) : '';
		if (initials.length >= 3 && this.acronyms.has(initials) && !words.some((w) => TITLE_HEADS.has(w) || /^[A-Z.]+$/.test(w))) {
			return [makeCandidate(start, end, text, 'ORG', text, Strength.Cue, sentenceStart)];
		}
		return null;
	}

	/** A country or place at the start of tokens a..b, and where the rest begins. */
	private leadingPlace(a: number, b: number): { candidate: Candidate; next: number } | null {
		for (let k = Math.min(b - 1, a + 4); k > a; k--) {
			if (!this.tokens[k].isWord) continue;
			const start = this.tokens[a].start;
			const end = this.tokens[k - 1].end;
			const entry = lookupSpan(this.lexicon, this.text, start, end);
			if (entry && entry.type === 'PLACE' && (entry.source === 'country' || entry.source === 'alias')) {
				return { candidate: this.fromEntry(start, end, this.text.slice(start, end), entry, this.tokens[a].sentenceStart), next: k };
			}
		}
		return null;
	}

	private fromEntry(start: number, end: number, text: string, entry: LexEntry, sentenceStart: boolean): Candidate {
		// A town keeps the spelling of the text ("Raqqa", not the gazetteer's "Ar Raqqah"), in title case if written in capitals.
		// (Most names have a lower-case second letter, which rules the capitals out before the expression runs.)
		const second = text.charCodeAt(1);
		const spelled = !(second >= 97 && second <= 122) && /^[A-Z][A-Z .'-]{3,}$/.test(text) ? text.toLowerCase().replace(/(^|[\s-])([a-z])/g, (_m, p: string, c: string) => p + c.toUpperCase()) : text;
		const canonical = entry.type === 'PLACE' && (entry.source === 'city' || entry.source === 'subdivision') ? spelled : entry.canonical;
		return makeCandidate(start, end, text, entry.type, canonical, Strength.Lexicon, sentenceStart, entry);
	}

	/** Number of title tokens starting at k ("Foreign Minister", "Lt. Gen.", "Secretary of State"), 0 if none. */
	private titleLength(k: number, end: number): number {
		const tokens = this.tokens;
		let j = k;
		let sawHead = false;
		while (j < end) {
			const t = tokens[j];
			const bare = t.text;
			if (t.text === '.' || t.text === 'of' || (t.text === 'State' && tokens[j - 2]?.text === 'Secretary')) {
				if (j === k) break;
				j++;
				continue;
			}
			const afterParticle = j > 0 && (tokens[j - 1].text === '-' || NAME_PARTICLES.has(tokens[j - 1].text));
			if (TITLE_HEADS.has(bare) && !afterParticle) {
				sawHead = true;
				j++;
				continue;
			}
			if (TITLE_MODIFIERS.has(bare) && j + 1 < end && (TITLE_HEADS.has(tokens[j + 1].text) || TITLE_MODIFIERS.has(tokens[j + 1].text))) {
				j++;
				continue;
			}
			if ((t.text === '-' || t.text === 'General') && sawHead) {
				j++;
				continue;
			}
			break;
		}
		return sawHead ? j - k : 0;
	}

	/** Left-to-right split of tokens a..b at titles and gazetteer entries; unknown runs are classified on their own. */
	private segment(a: number, b: number, out: Candidate[], headline: boolean): void {
		const tokens = this.tokens;
		let personCue = false;
		let runStart = -1;
		const flush = (k: number): void => {
			if (runStart >= 0 && k > runStart) this.classifyRun(runStart, k, personCue, headline, out);
			if (runStart >= 0) personCue = false;
			runStart = -1;
		};
		for (let k = a; k < b; ) {
			const t = tokens[k];
			if (!t.isWord && t.text !== '-') {
				k++;
				continue;
			}
			// "Kerry and Assistant Secretary": a lower-case connector ends a run (particles do not).
			if (t.isWord && !t.cap && CONNECTORS.has(t.text) && !NAME_PARTICLES.has(t.text)) {
				flush(k);
				k++;
				continue;
			}
			const title = t.isWord ? this.titleLength(k, b) : 0;
			// "Army Lt. Gen. Sean MacFarland": a single organisation head before a title is an organisation.
			if (title > 0) {
				if (runStart >= 0 && k - runStart === 1 && ORG_HEADS.has(tokens[runStart].text)) {
					const { start, end, text } = this.span(runStart, k);
					out.push(makeCandidate(start, end, text, 'ORG', text, Strength.Cue, tokens[runStart].sentenceStart));
					runStart = -1;
				}
				flush(k);
				personCue = true;
				k += title;
				continue;
			}
			let match = t.isWord ? this.longestEntry(k, b) : null;
			// "West Nusa Tenggara": a compass word right before a known province or town belongs to its name.
			if (COMPASS_WORDS.has(t.text) && runStart < 0 && !personCue && k + 1 < b && tokens[k + 1].spaceBefore && (!match || match.next === k + 1)) {
				const place = this.longestEntry(k + 1, b);
				const source = place?.candidate.entry?.source;
				if (place && place.candidate.type === 'PLACE' && source !== 'country' && source !== 'alias') {
					const { start, end, text } = this.span(k, place.next);
					match = { candidate: makeCandidate(start, end, text, 'PLACE', text, Strength.Lexicon, t.sentenceStart), next: place.next };
				} else if (!place) {
					// Before an unknown name ("West Tenggara"), the compass word opens that name instead of standing alone.
					const nextWord = tokens[k + 1];
					const lower = nextWord.text.toLowerCase();
					if (nextWord.isWord && nextWord.cap && !nextWord.allCaps && !this.lexicon.commonWords.has(lower) && !this.lexicon.firstNames.has(lower) && !this.lexicon.lastNames.has(lower) && !TITLE_HEADS.has(nextWord.text) && !ORG_HEADS.has(nextWord.text)) match = null;
				}
			}
			if (match) {
				const afterParticle = k >= 2 && tokens[k - 1].text === '-' && tokens[k - 2].isWord && !tokens[k - 2].cap && NAME_PARTICLES.has(tokens[k - 2].text) && runStart >= 0;
				const hyphenatedName = afterParticle || match.next < b && tokens[match.next].text === '-' && tokens[match.next].start === tokens[match.next - 1].end && lookupPhrase(this.lexicon, tokens[match.next + 1]?.text ?? '') === undefined && tokens[match.next + 1]?.cap;
				// A first name that is also a town ("Victoria Nuland") or a run that continues as a name keeps its run.
				const minorPlace = match.candidate.entry?.type === 'PLACE' && (match.candidate.entry.source === 'city' || match.candidate.entry.source === 'subdivision' || match.candidate.entry === undefined || match.candidate.strength < Strength.Lexicon);
				// (The tests below are pure and ordered so that the costlier ones run only when they can decide.)
				// "Victoria Nuland", "Marj al-Sultan": a town-named word that runs on into an unknown name is part of that name.
				const firstNameAhead = minorPlace && match.next < b && (this.lexicon.firstNames.has(t.text.toLowerCase()) || this.runsOn(match.next));
				// "John Kerry": a town-named word right after a first name (or a title) is a surname.
				// "Hulusi Akar": the same after an unknown capitalised word that is not an ordinary one.
				const surnameAfterName =
					match.next === b &&
					(minorPlace || (match.candidate.entry !== undefined && lookupPhrase(this.lexicon, match.candidate.text) === undefined)) &&
					(personCue ||
						(runStart >= 0 && k - runStart === 1 && tokens[runStart].cap && !this.lexicon.commonWords.has(tokens[runStart].text.toLowerCase()) && !TITLE_HEADS.has(tokens[runStart].text)) ||
						(runStart >= 0 && tokens.slice(runStart, k).some((x) => this.lexicon.firstNames.has(x.text.toLowerCase()))));
				if (!hyphenatedName && !firstNameAhead && !surnameAfterName) {
					flush(k);
					// "Turkey Unpacked": a place followed only by ordinary capitalised words is a title of a work.
					const rest = !headline && k === a && match.next < b ? tokens.slice(match.next, b).filter((x) => x.isWord) : [];
					if (!headline && rest.length > 0 && k === a && rest.every((x) => this.lexicon.commonWords.has(x.text.toLowerCase())) && !ORG_HEADS.has(rest[rest.length - 1].text) && !PLACE_HEADS.has(rest[rest.length - 1].text)) {
						return;
					}
					out.push(match.candidate);
					k = match.next;
					continue;
				}
			}
			if (runStart < 0) runStart = k;
			k++;
		}
		flush(b);
	}

	/** Whether the name goes on after a gazetteer match, at token `next` (inside the chunk): a particle, or an unknown capitalised word. */
	private runsOn(next: number): boolean {
		const following = this.tokens[next];
		return (
			following !== undefined &&
			((following.isWord && !following.cap && NAME_PARTICLES.has(following.text)) ||
				(following.isWord && following.cap && !following.allCaps && lookupPhrase(this.lexicon, following.text) === undefined && !this.lexicon.commonWords.has(following.text.toLowerCase()) && !TITLE_HEADS.has(following.text) && !ORG_HEADS.has(following.text) && !PLACE_HEADS.has(following.text)))
		);
	}

	/** The longest gazetteer entry starting at token k (ending on a word token before b). */
	private longestEntry(k: number, b: number): { candidate: Candidate; next: number } | null {
		const tokens = this.tokens;
		let words = 0;
		let found: { candidate: Candidate; next: number } | null = null;
		for (let j = k; j < b && words < this.lexicon.maxPhraseWords; j++) {
			if (!tokens[j].isWord) continue;
			if (j > k && !tokens[j].spaceBefore && tokens[j - 1].text !== '-') break;
			words++;
			// Do not stop inside a hyphenated word unless the phrase is known as such.
			// Spans are sliced out only when needed: most lookups of capitalised words fail.
			const start = tokens[k].start;
			const end = tokens[j].end;
			const entry = lookupSpan(this.lexicon, this.text, start, end);
			if (entry) {
				const text = this.text.slice(start, end);
				found = { candidate: this.fromEntry(start, end, text, entry, tokens[k].sentenceStart), next: j + 1 };
			} else if (words === 1 && !tokens[j].allCaps && tokens[j].text.length >= 4) {
				// One word: the span is the word token itself (j === k), whose text is its slice.
				// (The loose look-up's filter rejects most words at once, so it goes before lower-casing for the word lists.)
				const text = tokens[j].text;
				const place = lookupLoosePlace(this.lexicon, text);
				const loose = place && !this.lexicon.commonWords.has(text.toLowerCase()) && !this.lexicon.firstNames.has(text.toLowerCase()) ? place : undefined;
				if (loose) found = { candidate: makeCandidate(start, end, text, 'PLACE', text, Strength.Lexicon, tokens[k].sentenceStart, loose), next: j + 1 };
			}
			// Stop as soon as no longer phrase can start this way ("Syria ..." starts none; "United ..." starts several).
			if (!startsPhraseSpan(this.lexicon, this.text, start, end)) break;
		}
		return found;
	}

	/** Whether a token is an ordinary English word; asked again and again (in each run and reading it belongs to), answered once per token. */
	private isCommon(t: Token): boolean {
		if (t.ordinary === 0) t.ordinary = ordinaryWord(this.lexicon, t.text) ? 1 : 2;
		return t.ordinary === 1;
	}

	/** Types a run of capitalised words that no gazetteer knows, from its shape and context. */
	private classifyRun(a: number, b: number, personCue: boolean, headline: boolean, out: Candidate[]): void {
		const tokens = this.tokens;
		const lexicon = this.lexicon;
		// Skip stray punctuation at the edges.
		while (a < b && !tokens[a].isWord) a++;
		while (b > a && !tokens[b - 1].isWord && tokens[b - 1].text !== '.') b--;
		if (a >= b) return;
		// Ordinary words that open a sentence ("Many", "Top") or precede a first name ("Affairs Victoria Nuland").
		// A facility's name keeps its ordinary words ("Martyr Bassil al-Assad international airport").
		// (Only a run of several tokens can lose a word: a single word, the common case, skips these tests.)
		if (b - a > 1) {
			const facilityAhead = mayBeSpace(this.text.charCodeAt(tokens[b - 1].end)) && FACILITY_AHEAD.test(this.text.slice(tokens[b - 1].end, tokens[b - 1].end + 40));
			const introduced = placePreceded(wordsBefore(this.text, tokens[a].start)) && !tokens[a].sentenceStart;
			while (b - a > 1 && tokens[a].isWord && this.isCommon(tokens[a]) && !ORG_HEADS.has(tokens[b - 1].text) && !(facilityAhead && !tokens[a].sentenceStart) && !COMPASS_WORDS.has(tokens[a].text) && !introduced) {
				// Mid-sentence, an ordinary word before a name is dropped only before a known first name, or when it is a
				// plural noun ending a title ("Affairs Victoria Nuland"); otherwise it is likely a first name ("Tamer Kirolos").
				const nextWord = tokens[a + 1];
				const firstNameLater = nextWord !== undefined && (lexicon.firstNames.has(nextWord.text.toLowerCase()) || (tokens[a].text.endsWith('s') && nextWord.cap && !this.isCommon(nextWord)));
				if (!tokens[a].sentenceStart && !headline && !firstNameLater && !personCue) break;
				a++;
				while (a < b && !tokens[a].isWord) a++;
			}
		}
		if (b > a && tokens[b - 1].text === 'Newsletter') b--;
		if (a >= b) return;
		const { start, end, text } = this.span(a, b);
		const sentenceStart = tokens[a].sentenceStart;
		// Only the number of words and the last one are needed, so the text is not split.
		const wordTotal = wordCount(text);
		const after = this.text.slice(end, end + 80);
		// (Candidates are pushed directly: a helper closure here would be made on every call.)
		// Product names with model numbers ("Tupolev Tu-22M3") are not entities of these types.
		if ((after.charCodeAt(0) === 45 && isDigitCode(after.charCodeAt(1))) || hasDigit(text)) return;
		if (wordTotal === 1 && MONTHS_AND_DAYS.has(text.charCodeAt(text.length - 1) === 46 ? text.slice(0, -1) : text)) return;
		// A lone ordinary word opening a sentence ("Experts said") is a name only if the document names someone so.
		if (wordTotal === 1 && this.isCommon(tokens[a]) && !tokens[a].allCaps) {
			out.push(makeCandidate(start, end, text, null, text, Strength.None, sentenceStart));
			return;
		}
		if (wordTotal === 1 && tokens[a].allCaps && b - a === 1) {
			const bare = text.replace(/\./g, '');
			if (NOT_ACRONYMS.has(bare)) return;
			// A dateline in capitals ("DUBAI (Reuters) -", "BEIRUT —") names a place.
			const asPlace = lookupPhrase(lexicon, text.charAt(0) + text.slice(1).toLowerCase());
			if (asPlace?.type === 'PLACE' && tokens[a].lineBefore && /^\s*(?:\(|—|–|-|,)/.test(after)) {
				out.push(makeCandidate(start, end, text, 'PLACE', asPlace.source === 'city' || asPlace.source === 'subdivision' ? text.charAt(0) + text.slice(1).toLowerCase() : asPlace.canonical, Strength.Lexicon, sentenceStart, asPlace));
				return;
			}
			const bracketed = /^[/)\]]/.test(after) || /[(/[]/.test(this.text.charAt(start - 1));
			if (bare.length >= 3 || bracketed || ORG_FOLLOWER.test(after)) out.push(makeCandidate(start, end, text, 'ORG', text, Strength.Lexicon, sentenceStart));
			return;
		}
		if (wordTotal === 1 && /^[A-Z]{2,}[a-z]/.test(text)) {
			out.push(makeCandidate(start, end, text, 'ORG', text, Strength.Lexicon, sentenceStart));
			return;
		}
		// "Martyr Bassil al-Assad international airport", "Marj al-Sultan airbase": the head belongs to the name.
		const facility = /^\s+((?:international\s+|military\s+)?(?:airport|airbase|air base|airfield))\b/.exec(after);
		if (facility) {
			const e = end + facility[0].length;
			out.push(makeCandidate(start, e, this.text.slice(start, e), 'PLACE', this.text.slice(start, e), Strength.Cue, sentenceStart));
			return;
		}
		if (personCue) {
			out.push(makeCandidate(start, end, text, 'PERSON', text, Strength.Cue, sentenceStart));
			return;
		}
		// "Bavarian", "Sicilians": the demonym of a known region or province is a group of people (NORP).
		if (wordTotal === 1) {
			const region = regionOfDemonym(lexicon, text);
			if (region) {
				out.push(makeCandidate(start, end, text, 'NORP', text.replace(/s$/, ''), Strength.Lexicon, sentenceStart));
				return;
			}
		}
		for (let k = a; k < b; k++) {
			if (ARABIC_ORG_WORDS.has(tokens[k].text)) {
				out.push(makeCandidate(start, end, text, 'ORG', text, Strength.Cue, sentenceStart));
				return;
			}
		}
		const prev = wordsBefore(this.text, start);
		if (SPEECH_VERBS.has(prev[0]) && !ORG_HEADS.has(lastPiece(text))) {
			out.push(makeCandidate(start, end, text, 'PERSON', text, Strength.Cue, sentenceStart));
			return;
		}
		// "S&P Global": an ampersand joins the names of a firm, never of a person or a place.
		if (tokens[a].text.includes('&')) {
			out.push(makeCandidate(start, end, text, 'ORG', text, Strength.Cue, sentenceStart));
			return;
		}
		// "an economist at Nomura": where a professional works is an organisation.
		if (prev[0] === 'at' && EMPLOYER_BEFORE.test(this.text.slice(Math.max(0, start - 40), start))) {
			out.push(makeCandidate(start, end, text, 'ORG', text, Strength.Cue, sentenceStart));
			return;
		}
		const locative = LOCATIVE_PREPOSITIONS.has(prev[0]) || prev[0] === 'on';
		if (wordTotal >= 2) {
			// "Mount Rinjani", "Lake Chad": a place word opens the name.
			if (PLACE_PREFIXES.has(tokens[a].text) && !ORG_HEADS.has(tokens[b - 1].text) && !lexicon.firstNames.has(tokens[b - 1].text.toLowerCase())) {
				out.push(makeCandidate(start, end, text, 'PLACE', text, Strength.Cue, sentenceStart));
				return;
			}
			// "North Lombok, who said ...": a compass word before an unknown name is a place whatever follows.
			if (COMPASS_WORDS.has(tokens[a].text) && !lexicon.firstNames.has(tokens[b - 1].text.toLowerCase()) && !lexicon.lastNames.has(tokens[b - 1].text.toLowerCase())) {
				out.push(makeCandidate(start, end, text, 'PLACE', text, Strength.Lexicon, sentenceStart));
				return;
			}
		}
		// Appositions start with a comma; testing that first keeps the common case cheap.
		const comma = after.charCodeAt(0) === 44;
		// The follower expressions need white space (or a bracket, an apostrophe) first: tested before running them.
		const spaced = mayBeSpace(after.charCodeAt(0));
		if ((comma && ORG_APPOSITIVE.test(after)) || (spaced && ORG_FOLLOWER.test(after))) {
			out.push(makeCandidate(start, end, text, 'ORG', text, Strength.Cue, sentenceStart));
			return;
		}
		if ((comma && PLACE_APPOSITIVE.test(after)) || placePreceded(prev) || ((spaced || after.charCodeAt(0) === 39 || after.charCodeAt(0) === 0x2019) && PLACE_FOLLOWER.test(after))) {
			out.push(makeCandidate(start, end, text, 'PLACE', text, Strength.Cue, sentenceStart));
			return;
		}
		if ((comma && PERSON_APPOSITIVE.test(after)) || ((spaced || after.charCodeAt(0) === 40) && PERSON_FOLLOWER.test(after)) || (personPreceded(prev) && !ORG_HEADS.has(lastPiece(text)))) {
			out.push(makeCandidate(start, end, text, 'PERSON', text, Strength.Cue, sentenceStart));
			return;
		}
		const firstLower = tokens[a].text.toLowerCase();
		if (wordTotal >= 2) {
			if (ORG_HEADS.has(tokens[b - 1].text)) {
				out.push(makeCandidate(start, end, text, 'ORG', text, Strength.Lexicon, sentenceStart));
				return;
			}
			if (lexicon.firstNames.has(firstLower) || lexicon.lastNames.has(tokens[b - 1].text.toLowerCase())) {
				out.push(makeCandidate(start, end, text, 'PERSON', text, Strength.Lexicon, sentenceStart));
				return;
			}
			// "killed in Maaret al-Numan", "a hill on Gili Trawangan": an unknown name with no first name after "in"/"on" is a place.
			if (locative && !sentenceStart && !headline) {
				out.push(makeCandidate(start, end, text, 'PLACE', text, Strength.Default, sentenceStart));
				return;
			}
			const allCommon = tokens.slice(a, b).every((t) => !t.isWord || this.isCommon(t) || NAME_PARTICLES.has(t.text));
			if (allCommon) {
				// "the Morning Brief newsletter": ordinary words naming a publication or a show are a title, not an organisation.
				if (!sentenceStart && !headline && !WORK_FOLLOWER.test(after)) out.push(makeCandidate(start, end, text, 'ORG', text, Strength.Default, sentenceStart));
				return;
			}
			out.push(makeCandidate(start, end, text, 'PERSON', text, Strength.Default, sentenceStart));
			return;
		}
		if (lexicon.lastNames.has(firstLower)) {
			out.push(makeCandidate(start, end, text, 'PERSON', text, Strength.Lexicon, sentenceStart));
			return;
		}
		// "Asia-Pacific", "Bosnia-Herzegovina": a known region or country joined to a capitalised word names a wider place.
		const hyphen = text.indexOf('-');
		if (hyphen > 0 && lookupPhrase(lexicon, text.slice(0, hyphen))?.type === 'PLACE' && STARTS_CAPITAL.test(text.slice(hyphen + 1))) {
			out.push(makeCandidate(start, end, text, 'PLACE', text, Strength.Default, sentenceStart));
			return;
		}
		// One unknown word: left open for the document-level pass (surnames, organisation words, lists).
		if (locative && !this.isCommon(tokens[a])) {
			out.push(makeCandidate(start, end, text, 'PLACE', text, Strength.Default, sentenceStart));
			return;
		}
		out.push(makeCandidate(start, end, text, null, text, Strength.None, sentenceStart));
	}
}

/** The region or province a regional demonym names ("Bavarian" → Bavaria, "Sicilians" → Sicily), if the gazetteer knows it. */
export function regionOfDemonym(lexicon: Lexicon, word: string): string | undefined {
	if (!REGIONAL_DEMONYM.test(word)) return undefined;
	const base = word.replace(/s$/, '');
	if (lexicon.firstNames.has(base.toLowerCase()) || lexicon.commonWords.has(base.toLowerCase())) return undefined;
	const stems = [base.slice(0, -1), base.endsWith('ian') ? `${base.slice(0, -3)}y` : '', base.endsWith('an') ? `${base.slice(0, -2)}as` : ''];
	for (const stem of stems) {
		if (stem.length < 4) continue;
		const entry = lookupPhrase(lexicon, stem);
		if (entry && entry.type === 'PLACE' && (entry.source === 'region' || entry.source === 'subdivision')) return entry.canonical;
	}
	return undefined;
}

/** Initials of a name's content words: "Syrian Arab News Agency" → SANA, "Islamic State of Iraq and the Levant" → ISIL. */
export function acronymOf(words: string[]): string {
	// Connectors ("of", "and", "al") are lower case, so taking capitals that open a word or a hyphenated part skips them.
	let out = '';
	for (const w of words) {
		for (let i = 0; i < w.length; i++) {
			if (i > 0 && w.charCodeAt(i - 1) !== 45) continue;
			const c = w.charCodeAt(i);
			if (c >= 65 && c <= 90) out += w[i];
		}
	}
	return out;
}

/** Key of a name word for surname matching: "al-Assad", "Assad" and "al Assad" all give "assad". */
export function nameWordKey(word: string): string {
	const key = phraseKey(word);
	const space = key.indexOf(' ');
	if (space < 0) return key;
	// A leading particle word is dropped; the other spaces are removed.
	const rest = KEY_PARTICLES.has(key.slice(0, space)) ? key.slice(space + 1) : key;
	return rest.indexOf(' ') < 0 ? rest : rest.replace(/ /g, '');
}

/** Particles dropped from the start of a name word's key ("al-Assad" → "assad"). */
const KEY_PARTICLES = new Set(['al', 'el', 'ad', 'as', 'ash', 'ar', 'at', 'az', 'an', 'de', 'van', 'von', 'bin', 'ibn']);

const partsCache = new Memo<string[]>();

/** Person name parts without titles, particles and initials: "Bashar al-Assad" → ["bashar", "assad"]. */
export function personParts(name: string): string[] {
	let parts = partsCache.get(name);
	if (!parts) {
		parts = uncachedPersonParts(name);
		partsCache.set(name, parts);
	}
	return parts;
}

function uncachedPersonParts(name: string): string[] {
	// The parts are memoised: detached, as they may be words cut from the name, itself cut from a document.
	// (Filtered last, so that every list of parts is the same kind of array to the engine's optimiser.)
	return name
		.split(/\s+/)
		.map((w) => w.replace(/\.$/, ''))
		.filter((w) => w.length > 1 && !NAME_PARTICLES.has(w.toLowerCase()))
		.map((w) => detach(nameWordKey(w)))
		.filter((w) => w.length > 0);
}

const KNOWN_AS = /^,?\s+(?:(?:widely|also|popularly|commonly|better|locally|simply)\s+)?(?:known\s+as|dubbed|nicknamed|called)\s+(?:the\s+)?["“‘']?$/;

/** People of one document who share a surname and given name: the fullest name, and where it was written in full. */
interface PersonCluster {
	canonical: string;
	starts: number[];
}

/** Whether two full names can be one person: the same given name (or a spelling of it: "Sergey"/"Sergei"), or one holds the other's ("Recep Tayyip Erdogan"/"Tayyip Erdogan"). */
function sameGivenName(a: string[], b: string[]): boolean {
	if (a[0] === b[0] || a.includes(b[0]) || b.includes(a[0])) return true;
	// Transliterations differ at the end of the word; a different start is a different name.
	return a[0].length >= 4 && b[0].length >= 4 && a[0].slice(0, 4) === b[0].slice(0, 4);
}

/** A bare surname refers to the person of that surname named most recently before it (or the first one named). */
function nearestCluster(list: PersonCluster[] | undefined, at: number): PersonCluster | undefined {
	if (!list || list.length === 0) return undefined;
	if (list.length === 1) return list[0];
	let best: PersonCluster | undefined;
	let bestStart = -1;
	for (const cluster of list) {
		// Starts are in document order: the last one before `at` is found by bisection (a long document repeats a surname often).
		const starts = cluster.starts;
		let lo = 0;
		let hi = starts.length;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (starts[mid] < at) lo = mid + 1;
			else hi = mid;
		}
		if (lo > 0 && starts[lo - 1] > bestStart) {
			bestStart = starts[lo - 1];
			best = cluster;
		}
	}
	return best ?? list[0];
}

/** Document-level pass: coreference of people, organisations and places, acronyms, lists, metonymy. */
function resolveDocument(text: string, candidates: Candidate[], lexicon: Lexicon): Candidate[] {
	// A town-named word that speaks ("Kerry said") is a person; capitals that speak are governments, handled later.
	for (const c of candidates) {
		const e = c.entry;
		// A town that shares a currency's name ("Lira crisis") is the currency unless the text puts something in it.
		if (c.type === 'PLACE' && c.words === 1 && e && (e.source === 'city' || e.source === 'subdivision') && !e.countryOf && CURRENCY_UNITS.has(c.text.toLowerCase()) && !LOCATIVE_PREPOSITIONS.has(wordsBefore(text, c.start)[0])) {
			c.type = null;
			c.canonical = c.text;
			c.strength = Strength.Default;
			c.entry = undefined;
			continue;
		}
		if (c.type === 'PLACE' && c.words === 1 && e && (e.source === 'city' || e.source === 'subdivision') && !e.countryOf && SPEECH_FOLLOWER.test(text.slice(c.end, c.end + 20)) && !lexicon.capitals.has(phraseKey(c.text)) && !LOCATIVE_PREPOSITIONS.has(wordsBefore(text, c.start)[0]) && !['at', 'to', 'of', 'the'].includes(wordsBefore(text, c.start)[0])) {
			c.type = 'PERSON';
			c.canonical = c.text;
			c.strength = Strength.Default;
			c.entry = undefined;
		}
	}
	// People named with at least two words define clusters; their last and first words refer back to them.
	// Several people may share a surname ("Ayla Demir" and "Inan Demir"): each surname keeps a list of clusters.
	const bySurname = new Map<string, PersonCluster[]>();
	const byFirstName = new Map<string, PersonCluster>();
	const clusterOf = new Map<Candidate, PersonCluster>();
	for (const c of candidates) {
		if (!(c.type === 'PERSON' && c.strength >= Strength.Default)) continue;
		const parts = personParts(c.text);
		if (parts.length < 2) continue;
		const surname = parts[parts.length - 1];
		const list = bySurname.get(surname) ?? [];
		let cluster = list.find((x) => sameGivenName(personParts(x.canonical), parts));
		if (cluster) {
			if (personParts(cluster.canonical).length < parts.length) cluster.canonical = c.text;
		} else {
			cluster = { canonical: c.text, starts: [] };
			list.push(cluster);
			bySurname.set(surname, list);
		}
		cluster.starts.push(c.start);
		clusterOf.set(c, cluster);
		if (!byFirstName.has(parts[0])) byFirstName.set(parts[0], cluster);
		c.canonical = cluster.canonical;
	}
	// A longer form seen later ("Bashar al-Assad" after "Bashar Assad") stays in its own cluster key; make members agree.
	for (const c of candidates) {
		const cluster = clusterOf.get(c);
		if (cluster) c.canonical = cluster.canonical;
	}
	// Organisations with several words: their distinctive words refer back to them ("Nusra" → "Nusra Front").
	const orgWords = new Map<string, string>();
	const orgByInitials = new Map<string, string>();
	for (const c of candidates) {
		if (c.type !== 'ORG' || c.words < 2) continue;
		const canonical = c.canonical ?? c.text;
		orgByInitials.set(acronymOf(c.parts), canonical);
		orgByInitials.set(acronymOf(canonical.split(/\s+/)), canonical);
		for (const w of c.parts) {
			const key = nameWordKey(w);
			if (key.length < 4 || lexicon.commonWords.has(key) || ORG_HEADS.has(w) || lookupPhrase(lexicon, w)) continue;
			if (!orgWords.has(key)) orgWords.set(key, canonical);
		}
	}
	// Aliases defined in the text ("(BNPB)", "known as Jokowi"): every mention of the alias takes the defined name.
	const defined = new Map<string, { type: EntityType; canonical: string }>();
	for (let idx = 0; idx < candidates.length; idx++) {
		const c = candidates[idx];
		// Surnames and first names of known people, unless a stronger reading already holds (a country, an alias).
		// (Without any person named in full, no cluster can take the mention and its name parts are not needed.)
		// (A strong reading that is no person, such as a country, is never weak and needs no name parts.)
		const weakReading = c.strength < Strength.Lexicon || (c.entry !== undefined && (c.entry.source === 'city' || c.entry.source === 'subdivision') && c.strength <= Strength.Lexicon) || (c.type === 'PERSON' && c.strength <= Strength.Lexicon);
		if (c.type !== 'ORG' && bySurname.size > 0 && (weakReading || c.type === 'PERSON')) {
			const parts = personParts(c.text);
			const weak = (c.type === 'PERSON' && parts.length === 1) || weakReading;
			if (weak && parts.length >= 1 && parts.length <= 2) {
				const last = parts[parts.length - 1];
				const full = nearestCluster(bySurname.get(last), c.start)?.canonical ?? (parts.length === 1 ? byFirstName.get(last)?.canonical : undefined);
				if (full && (parts.length === 1 || personParts(full).includes(parts[0]))) {
					c.type = 'PERSON';
					c.canonical = full;
					c.strength = Strength.Cue;
					continue;
				}
			}
		}
		if ((c.type === null || (c.type === 'ORG' && c.canonical === c.text && !/^[A-Z.]+$/.test(c.text))) && c.words === 1) {
			const org = orgWords.get(nameWordKey(c.text));
			if (org && org !== c.text) {
				c.type = 'ORG';
				c.canonical = org;
				c.strength = Strength.Lexicon;
			}
		}
		// Acronyms: "(SANA)" after its name, or the initials of an organisation named in the document.
		if (c.type === 'ORG' && /^[A-Z.]+$/.test(c.text) && (c.entry === undefined || c.entry.source !== 'alias')) {
			const bare = c.text.replace(/\./g, '');
			const previous = candidates[idx - 1];
			// "(SANA)" or ", or BNPB" right after a name of several words defines it, even in another language's initials.
			const between = previous ? text.slice(previous.end, c.start) : '';
			const definedBy = previous && previous.type === 'ORG' && ((/^\s*\($/.test(between) && (acronymOf(previous.parts)[0] === bare[0] || previous.words >= 2)) || (/^,\s+or\s+$/.test(between) && previous.words >= 2));
			if (definedBy) {
				c.canonical = previous.canonical ?? previous.text;
				defined.set(c.text, { type: 'ORG', canonical: c.canonical });
			}
			else if (orgByInitials.has(bare)) c.canonical = orgByInitials.get(bare) ?? c.canonical;
		}
	}
	// "Joko Widodo, widely known as Jokowi", "the Islamic State, dubbed Daesh": a name given in the text is an alias.
	for (let idx = 1; idx < candidates.length; idx++) {
		const c = candidates[idx];
		const previous = candidates[idx - 1];
		if (previous.type === null || c.strength >= Strength.Cue && c.type !== previous.type) continue;
		// KNOWN_AS needs a comma or white space first.
		const gap = text.charCodeAt(previous.end);
		if ((gap !== 44 && !mayBeSpace(gap)) || !KNOWN_AS.test(text.slice(previous.end, c.start))) continue;
		c.type = previous.type;
		c.canonical = previous.canonical ?? previous.text;
		c.strength = Strength.Cue;
		defined.set(c.text, { type: previous.type, canonical: c.canonical });
	}
	for (const c of defined.size > 0 ? candidates : []) {
		const alias = defined.get(c.text);
		if (!alias || (c.type !== null && c.type !== alias.type)) continue;
		c.type = alias.type;
		c.canonical = alias.canonical;
		c.strength = Strength.Cue;
	}
	// Same text, same reading: weaker and open mentions take the type of the strongest one in the document.
	const strongest = new Map<string, Candidate>();
	for (const c of candidates) {
		if (c.type === null) continue;
		const old = strongest.get(c.text);
		if (!old || c.strength > old.strength) strongest.set(c.text, c);
	}
	for (const c of candidates) {
		const best = strongest.get(c.text);
		// An open word also takes a weaker reading the document gives it elsewhere ("on Lombok" → "shook Lombok").
		if (best && best !== c && best.strength > c.strength && (best.strength >= Strength.Lexicon || c.type === null)) {
			c.type = best.type;
			c.canonical = best.canonical;
			c.strength = best.strength;
		}
	}
	// Lists: open words listed with places are places ("Duma, Saqba and Arbeen").
	// (Which open words may be listed is worked out once: the passes repeat until nothing changes.)
	const listable: number[] = [];
	for (let k = 0; k < candidates.length; k++) {
		const c = candidates[k];
		if (c.type === null && !c.sentenceStart && c.text.length >= 3 && !lexicon.commonWords.has(c.text.toLowerCase())) listable.push(k);
	}
	for (let changed = listable.length > 0; changed; ) {
		changed = false;
		for (const k of listable) {
			const c = candidates[k];
			if (c.type !== null) continue;
			const prev = candidates[k - 1];
			const next = candidates[k + 1];
			const joined = (x: Candidate, y: Candidate): boolean => /^\s*(?:,|,?\s*and|,?\s*or)\s*$/.test(text.slice(x.end, y.start));
			// Organisations listed together ("S&P Global and Fitch") work the same way, when the listed one is named as such.
			const listedWith = (x: Candidate | undefined): boolean => !!x && (x.type === 'PLACE' || (x.type === 'ORG' && x.strength >= Strength.Cue && x.words >= 2));
			const neighbour = (prev && joined(prev, c) && listedWith(prev) ? prev : null) ?? (next && joined(c, next) && listedWith(next) ? next : null);
			if (neighbour) {
				c.type = neighbour.type;
				c.canonical = c.text;
				c.strength = Strength.Default;
				changed = true;
			}
		}
	}
	const kept = candidates.filter((c) => c.type !== null);
	qualifyInstitutions(text, kept, lexicon);
	kept.forEach((c, idx) => assignCanonical(text, c, idx, kept));
	bareProvinces(text, kept);
	return kept;
}

const GOVERNMENT_VERB = /^(?:’s|'s|\s+(?:has|have|had|is|was|were|are|will|would|could|can|may|might|must|should|said|says|say|insists|insisted|wants|wanted|sees|saw|denied|denies|rejected|rejects|vetoed|accused|accuses|warned|warns|announced|agreed|claims|claimed|backs|backed|supports|supported|sent|launched|proposed|considers|hopes|believes|views|condemned|urged|called|demanded|signed|refused|responded|retaliated|sought|seeks|did|does|appears|plans|intends|to\s+discuss))\b/;
const GOVERNMENT_OBJECT = /\b(?:with|against|urged|urging|anger|angered|pressure|pressured|pressuring|persuade|convince|told|asked|accused|criticised|criticized|between|and|denied|said|that|by)\s+$/;
const LOCATION_PRECEDER = /\b(?:in|at|to|from|into|near|outside|around|inside|across|toward|towards|visit|visited|visiting|for|of|via|over)\s+(?:the\s+)?$/;

/** Final canonical names: capitals for their governments, provinces, seats of government, "Washington". */
function assignCanonical(text: string, c: Candidate, idx: number, all: Candidate[]): void {
	if (c.type === 'PLACE') {
		const before = text.slice(Math.max(0, c.start - 30), c.start);
		const after = text.slice(c.end, c.end + 40);
		if (c.text === 'Washington' || c.text === 'WASHINGTON') {
			// The capital's name stands for the government, except as a dateline, "Washington, D.C." or the state.
			const dateline = c.text === 'WASHINGTON' && /^\s*(?:\(|—|–|-|,)/.test(after);
			if (!dateline && !/^,?\s*D\.?C\b|^\s+state\b/.test(after)) c.canonical = 'United States';
			return;
		}
		const seat = SEATS_OF_GOVERNMENT[c.text];
		if (seat) {
			c.canonical = seat;
			return;
		}
		// Only a lexicon match of a capital carries its country (a loose match of a town never does).
		const country = c.entry?.countryOf;
		if (country && c.entry?.source === 'city' && governmentReading(text, c, idx, before, after, all)) {
			c.canonical = country;
			return;
		}
		const subdivision = c.entry?.subdivision;
		if (subdivision && (/^\s+(?:province|provinces|governorate|countryside)\b/.test(after) || /\b(?:countryside|province|provinces|governorate)\s+of\s+$/.test(before) || provinceListed(text, idx, all))) {
			c.canonical = subdivision;
			return;
		}
		return;
	}
	if (c.type === 'ORG' && c.text === 'Kremlin') {
		const before = text.slice(Math.max(0, c.start - 30), c.start);
		if (/\b(?:in|at|inside|outside|into|to|from)\s+the\s+$/.test(before)) {
			c.type = 'PLACE';
			c.canonical = SEATS_OF_GOVERNMENT.Kremlin;
		}
	}
}

/** A bare name ("a commander in Hama") that the document otherwise uses only as a province is the province. */
function bareProvinces(text: string, all: Candidate[]): void {
	const asProvince = new Set<string>();
	const asCity = new Set<string>();
	for (const c of all) {
		if (c.type !== 'PLACE' || !c.entry?.subdivision) continue;
		if (c.canonical === c.entry.subdivision) asProvince.add(c.text);
		else if (/\b(?:city|town)\s+of\s+$/.test(text.slice(Math.max(0, c.start - 30), c.start)) || /^\s+city\b/.test(text.slice(c.end, c.end + 10))) asCity.add(c.text);
	}
	for (const c of all) {
		if (c.type === 'PLACE' && c.entry?.source === 'subdivision' && c.entry.subdivision && asProvince.has(c.text) && !asCity.has(c.text)) c.canonical = c.entry.subdivision;
	}
}

/** "Aleppo and Hama provinces": a place listed just before "provinces" is a province too. */
function provinceListed(text: string, idx: number, all: Candidate[]): boolean {
	let k = idx;
	while (k + 1 < all.length && /^\s*(?:,|,?\s*and|,?\s*or)\s*$/.test(text.slice(all[k].end, all[k + 1].start)) && all[k + 1].type === 'PLACE') k++;
	return /^\s+provinces\b/.test(text.slice(all[k].end, all[k].end + 20));
}

/** A capital city stands for its government when it acts or is dealt with ("Moscow said", "talks with Moscow"). */
function governmentReading(text: string, c: Candidate, idx: number, before: string, after: string, all: Candidate[]): boolean {
	if (/(?:^|\s)(?:The|the)\s+$/.test(before)) return false;
	// "in response to Moscow's annexation": a possessive acts, unless it locates ("in Moscow's suburbs").
	if (/^(?:’s|'s)\b/.test(after) && !/\b(?:in|at|near|outside|inside)\s+$/.test(before)) return true;
	if (LOCATION_PRECEDER.test(before)) return false;
	if (/^,\s/.test(after) && /^,\s+(?:the\s+)?capital\b/.test(after)) return false;
	if (GOVERNMENT_VERB.test(after)) return true;
	// "Moscow and Washington to discuss", "Damascus and Moscow were": look past a coordinated government.
	const next = all[idx + 1];
	if (next && next.type === 'PLACE' && /^\s+and\s+$/.test(text.slice(c.end, next.start))) {
		return true;
	}
	const prev = all[idx - 1];
	if (prev && prev.type === 'PLACE' && /^\s+and\s+$/.test(text.slice(prev.end, c.start)) && !LOCATION_PRECEDER.test(text.slice(Math.max(0, prev.start - 30), prev.start))) return true;
	return GOVERNMENT_OBJECT.test(before);
}

const GENERIC_INSTITUTION = /^(?:(?:foreign|defen[cs]e|interior|finance|justice|health|information) ministry|ministry of (?:foreign affairs|defen[cs]e|the interior|finance|justice|health|information)|foreign office)$/i;

/**
 * "Russia's Defence Ministry", "the Russian foreign ministry": a generic institution name takes the
 * country named just before it ("Foreign Ministry (Russia)"), so two countries' ministries stay apart.
 */
function qualifyInstitutions(text: string, all: Candidate[], lexicon: Lexicon): void {
	for (let k = 1; k < all.length; k++) {
		const c = all[k];
		if (c.type !== 'ORG' || !GENERIC_INSTITUTION.test(c.text)) continue;
		const prev = all[k - 1];
		if (!/^(?:['’]s)?\s+$/.test(text.slice(prev.end, c.start))) continue;
		const country = prev.type === 'NORP' ? lexicon.countryOfDemonym.get(prev.canonical ?? '') : prev.type === 'PLACE' && lexicon.countryNames.has(prev.canonical ?? '') ? prev.canonical : undefined;
		if (!country) continue;
		const base = c.text.replace(/\b\w/g, (ch) => ch.toUpperCase()).replace(/Defence/, 'Defense');
		c.canonical = `${base} (${country})`;
	}
}
