/**
 * Which quantity a claim measures, and grouping claims that measure the same quantity across documents.
 *
 * A claim's quantity is described by plain features computed once per document (and cached with its
 * analysis): the counted thing (lemmatised head noun with synonyms folded, the event it counts such as
 * killed or displaced, remaining modifiers), whether it is a running total ("the war has killed ...") or
 * one event ("on Tuesday, shelling killed ..."), and the event's date, place and agent from the claim's
 * sentence and the document's date. Grouping keys on those features, never on the sentence's wording.
 */
import pluralize from 'pluralize';
import countries from 'world-countries';
import type { Analysis, Claim, ClaimKind, EntityMention } from './types';
import { Memo, detach } from './memo';

/** Whether a figure is a total that grows over time or describes one event. */
export type ClaimScope = 'running' | 'event';

/** A date range (ISO, inclusive). */
export interface DateRange {
	from: string;
	to: string;
}

/** What one claim measures, in plain data (cached with the document's analysis). */
export interface ClaimFeatures {
	/** Lemmatised head noun of the counted thing, synonyms folded ("lives", "dead" → "person"); '' if none. */
	head: string;
	/** The event counted ("killed", "displaced", "injured", ...), '' when none is stated. */
	event: string;
	/** Other words of the counted phrase that narrow it ("government" in "government troops"). */
	modifiers: string[];
	scope: ClaimScope;
	/** Country the figure is about (from the sentence, else the document's main country); '' if unknown. */
	country: string;
	/** Who or what caused it: attack class and actor ("air:Russia"), '' for none. */
	agent: string;
	/** Day or period of the event, resolved against the document date; null when unknown. */
	eventDate: DateRange | null;
	/** First specific (non-country) place of the sentence, '' if none. */
	place: string;
	/** Event verb class for dates ("visit", "meet", "start"), '' if none. */
	verb: string;
	/** Who did or owns what is counted: the country or organisation named nearest before the claim, '' if none. */
	actor: string;
	/** Canonical PERSON and PLACE names of the sentence, sorted (dates are grouped on these). */
	anchors: string[];
	/** 1-based line of the claim. */
	line: number;
}

// ---- lexicons (general English; never names or figures of any particular document) -------------------

const STOP = new Set(('a an the of and or more than less fewer at least most about around some nearly almost over under up to ' +
	'roughly approximately approx estimated estimate est just only another other others additional further new total ' +
	'including among them those these this that its their his her our your my been have has had were was are is be being ' +
	'by into from in on for with as per some any all both each several many few number numbers dozen dozens hundred hundreds ' +
	'thousand thousands million millions billion billions minimum maximum upwards nearly well than').split(/\s+/));

/**
 * A word table looked up with arbitrary tokens. A Map rather than an object: "constructor" or "toString" find
 * nothing, and a look-up with a freshly cut word costs half as much (an object key must first be internalised).
 */
function wordTable(entries: Record<string, string>): ReadonlyMap<string, string> {
	return new Map(Object.entries(entries));
}

/** Nouns folded onto one head: different words for the same counted thing. */
const HEAD_SYNONYMS = wordTable({
	people: 'person', person: 'person', individual: 'person', life: 'person', dead: 'person', death: 'person',
	fatality: 'person', victim: 'person', soul: 'person', human: 'person', body: 'person',
	child: 'child', kid: 'child', minor: 'child', boy: 'child', girl: 'child',
	woman: 'woman', man: 'man', civilian: 'civilian', noncombatant: 'civilian',
	soldier: 'soldier', troop: 'soldier', serviceman: 'soldier', servicemen: 'soldier', personnel: 'soldier',
	militant: 'militant', fighter: 'militant', combatant: 'militant', insurgent: 'militant', jihadist: 'militant',
	refugee: 'refugee', 'asylum-seeker': 'refugee', asylum: 'refugee', seeker: 'refugee', exile: 'refugee',
	jet: 'aircraft', warplane: 'aircraft', plane: 'aircraft', aircraft: 'aircraft', bomber: 'aircraft', helicopter: 'helicopter',
	sortie: 'sortie', mission: 'sortie', flight: 'sortie',
	airstrike: 'strike', strike: 'strike', raid: 'strike', bombing: 'strike',
	dollar: 'dollar', usd: 'dollar', euro: 'euro', pound: 'pound',
});

/** Words naming the event a figure counts, folded to a class. */
const EVENT_WORDS = wordTable({
	kill: 'killed', killed: 'killed', killing: 'killed', killings: 'killed', dead: 'killed', death: 'killed', deaths: 'killed',
	died: 'killed', die: 'killed', dying: 'killed', lives: 'killed', fatalities: 'killed', toll: 'killed', slain: 'killed',
	massacred: 'killed', executed: 'killed',
	wounded: 'injured', injured: 'injured', injuries: 'injured', injuring: 'injured', wounding: 'injured', hurt: 'injured',
	displaced: 'displaced', displacement: 'displaced', displacing: 'displaced', flee: 'displaced', fled: 'displaced',
	fleeing: 'displaced', uprooted: 'displaced', homeless: 'displaced',
	exile: 'exiled', exiled: 'exiled', abroad: 'exiled', refugees: 'exiled', refugee: 'exiled', 'asylum-seekers': 'exiled',
	arrested: 'detained', detained: 'detained', captured: 'detained', jailed: 'detained', imprisoned: 'detained', abducted: 'detained', kidnapped: 'detained',
	missing: 'missing', disappeared: 'missing',
});

/**
 * EVENT_WORDS as a search, for the words of a sentence: every sentence in which a word equals one of them holds
 * that word, or the part after its last hyphen (removing a possessive "'s" may join "asylum's-seekers").
 */
const EVENT_STEMS = new RegExp([...EVENT_WORDS.keys()].map((w) => w.split('-').pop()!).join('|'));

/** Heads that name the event themselves ("470,000 dead", "200,000 lives"). */
const HEAD_IMPLIES_EVENT = wordTable({ dead: 'killed', death: 'killed', life: 'killed', fatality: 'killed', refugee: 'exiled', exile: 'exiled' });

/** Attack and violence nouns, folded to a class: the agent of an event-specific toll. */
const ATTACK_WORDS = wordTable({
	airstrike: 'air', airstrikes: 'air', strike: 'air', strikes: 'air', raid: 'air', raids: 'air', bombing: 'air', bombings: 'air',
	bomb: 'air', bombs: 'air', warplanes: 'air', bombardment: 'air', sorties: 'air',
	shelling: 'shelling', artillery: 'shelling', rocket: 'shelling', rockets: 'shelling', mortar: 'shelling', mortars: 'shelling', missile: 'shelling', missiles: 'shelling',
	attack: 'attack', attacks: 'attack', explosion: 'attack', explosions: 'attack', blast: 'attack', blasts: 'attack', suicide: 'attack', ambush: 'attack',
	clashes: 'clash', clash: 'clash', battle: 'clash', battles: 'clash',
});

/** ATTACK_WORDS as a search: it finds every sentence where the words test can find one, and some more. */
const ATTACK_STEMS = new RegExp([...ATTACK_WORDS.keys()].join('|'));

/** Words marking a cumulative figure: a war's toll rather than one day's. */
const RUNNING_WORDS = new Set(['war', 'conflict', 'uprising', 'revolution', 'crisis', 'insurgency', 'since', 'overall', 'altogether', 'so-far', 'to-date', 'cumulative', 'campaign']);
/** RUNNING_WORDS as a search, in the same way (by the part after a hyphen, as for EVENT_STEMS). */
const RUNNING_STEMS = new RegExp([...RUNNING_WORDS].map((w) => w.split('-').pop()!).join('|'));

/** A war word right after a country ("Syrian war", "Syria's civil war") or right before it ("war in Syria"). */
const WAR_AFTER = /^(?:['’]s)?\s+(?:[a-z-]+\s+)?(?:war|conflict|uprising|revolution|crisis|insurgency)\b/;
const WAR_BEFORE = /\b(?:war|conflict|uprising|revolution|crisis|insurgency|fighting) (?:in|over) (?:the )?$/;

/** An upper-case place and optional date, then a dash, at the start of a sentence. */
const DATELINE = /^\s*[A-Z][A-Z .'’-]{2,40}(?:\([^)]{1,30}\))?(?:,[^—–\n]{1,40})?\s*[—–-]{1,2}\s*/;

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const WEEKDAY_WORDS = WEEKDAYS.map((day) => new RegExp(`\\b${day}\\b`));
/** Whatever relativeEventDate reads a day from (its tests below, together). */
const ANY_RELATIVE_DAY = /\b(?:sunday|monday|tuesday|wednesday|thursday|friday|saturday|yesterday|last night|today|this morning|tonight|(?:last|past|previous) (?:24|48) hours)\b/;
/** Sides named before an attack word that are not countries ("government air raids"); demonyms come from the country table. */
const SIDE_WORDS = new Set(['government', 'regime', 'rebel', 'opposition', 'coalition', 'allied']);

/** Event verbs for dated events, folded to a class. */
const DATE_VERBS = wordTable({
	visit: 'visit', visited: 'visit', visits: 'visit', visiting: 'visit', trip: 'visit', travelled: 'visit', traveled: 'visit',
	meet: 'meet', met: 'meet', meeting: 'meet', meets: 'meet', talks: 'meet', summit: 'meet',
	arrive: 'arrive', arrived: 'arrive', arrives: 'arrive', arrival: 'arrive',
	begin: 'start', began: 'start', begun: 'start', start: 'start', started: 'start', launch: 'start', launched: 'start',
	erupted: 'start', broke: 'start', outbreak: 'start',
	sign: 'sign', signed: 'sign', agreement: 'sign', deal: 'sign',
	announce: 'announce', announced: 'announce',
	elected: 'elect', election: 'elect', vote: 'elect', voted: 'elect',
	die: 'die', died: 'die', killed: 'die', death: 'die',
});

/** DATE_VERBS' words as whole runs of letters, as /[a-z]+/ would cut them: one search instead of a look-up per word. */
const DATE_VERB_RE = new RegExp(`(?<![a-z])(?:${[...DATE_VERBS.keys()].sort((a, b) => b.length - a.length).join('|')})(?![a-z])`, 'g');

/** Country names, long alternative spellings and demonyms (world-countries), lower-cased, to the common name. */
const COUNTRY_BY_NAME: Map<string, string> = new Map();
/** Country codes and short upper-case spellings ("US", "UK", "UAE"), matched case-sensitively so "IN" is never "in". */
const COUNTRY_BY_CODE: Map<string, string> = new Map();
// Independent countries first, so a shared demonym ("Norwegian") names the country, not a dependency.
for (const country of [...countries].sort((a, b) => Number(b.independent) - Number(a.independent))) {
	const name = country.name.common;
	const names = [name, country.name.official, ...country.altSpellings.filter((s) => s.length > 3 && s !== s.toUpperCase())];
	const demonyms = (country as { demonyms?: Record<string, { f: string; m: string }> }).demonyms?.eng;
	if (demonyms?.m) names.push(demonyms.m, demonyms.f, demonyms.m + 's');
	for (const n of names) if (n && n.length > 2 && !COUNTRY_BY_NAME.has(n.toLowerCase())) COUNTRY_BY_NAME.set(n.toLowerCase(), name);
	for (const code of country.altSpellings.filter((s) => s.length <= 3 && s === s.toUpperCase())) if (!COUNTRY_BY_CODE.has(code)) COUNTRY_BY_CODE.set(code, name);
}

/** The country an entity names or is the demonym of, or null. */
export function countryOf(entity: Pick<EntityMention, 'type' | 'canonical' | 'text'>): string | null {
	if (entity.type !== 'PLACE' && entity.type !== 'NORP') return null;
	const bare = (s: string) => s.replace(/\./g, '');
	return COUNTRY_BY_NAME.get(entity.canonical.toLowerCase()) ?? COUNTRY_BY_CODE.get(bare(entity.canonical)) ??
		COUNTRY_BY_NAME.get(entity.text.toLowerCase()) ?? COUNTRY_BY_CODE.get(bare(entity.text)) ?? null;
}

// ---- sentences ------------------------------------------------------------------------------------------

const ABBREVIATIONS = new Set(['mr', 'mrs', 'ms', 'dr', 'st', 'gen', 'lt', 'col', 'sgt', 'capt', 'maj', 'gov', 'sen', 'rep', 'rev', 'prof',
	'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'no', 'vs', 'etc', 'inc', 'co', 'corp', 'jr', 'sr']);

/** Sentence start offsets: breaks at line ends and at . ! ? followed by a capital, not after abbreviations or initials. */
export function sentenceStarts(text: string): number[] {
	const starts = [0];
	const re = /\n+|[.!?]["”’)\]]*\s+(?=["“‘(]?[A-Z0-9])/g;
	for (let m = re.exec(text); m; m = re.exec(text)) {
		if (m[0][0] === '.') {
			const before = /([A-Za-z]+)\.?$/.exec(text.slice(Math.max(0, m.index - 12), m.index + 1).replace(/\.$/, ''));
			const word = before?.[1] ?? '';
			if (ABBREVIATIONS.has(word.toLowerCase()) || /^[A-Z]$/.test(word) || /(?:^|[^A-Za-z])[A-Z]\.[A-Z]$/.test(text.slice(m.index - 4, m.index))) continue;
		}
		starts.push(m.index + m[0].length);
	}
	return starts;
}

/** The [start, end) of the sentence holding `offset`, given sentence starts. */
function sentenceAt(starts: number[], textLength: number, offset: number): [number, number] {
	let lo = 0;
	let hi = starts.length - 1;
	while (lo < hi) {
		const mid = (lo + hi + 1) >> 1;
		if (starts[mid] <= offset) lo = mid; else hi = mid - 1;
	}
	return [starts[lo], lo + 1 < starts.length ? starts[lo + 1] : textLength];
}

function words(s: string): string[] {
	let lower = s.toLowerCase();
	if (lower.includes('’') || lower.includes("'")) lower = lower.replace(/[’']s\b/g, '');
	return lower.match(/[a-z][a-z-]*/g) ?? [];
}

/**
 * The last `n` words of s.slice(0, end), as words() reads them, from a window of the text before `end` when
 * it holds more than n + 1 words (only the window's first word can be cut short), so a long sentence is not
 * tokenised once per figure in it.
 */
function wordsBefore(s: string, end: number, n: number): string[] {
	if (end > WORD_WINDOW) {
		const near = words(s.slice(end - WORD_WINDOW, end));
		if (near.length > n + 1) return near.slice(-n);
	}
	return words(s.slice(0, end)).slice(-n);
}

/** The first `n` words of s.slice(start), from a window after `start` when it holds more than n + 1 words. */
function wordsAfter(s: string, start: number, n: number): string[] {
	if (s.length - start > WORD_WINDOW) {
		const near = words(s.slice(start, start + WORD_WINDOW));
		if (near.length > n + 1) return near.slice(0, n);
	}
	return words(s.slice(start)).slice(0, n);
}

/** Characters read around a figure for its nearest words: enough for a dozen words of news prose. */
const WORD_WINDOW = 120;

const singulars = new Memo<string>();
const plurals = new Memo<string>();
/** pluralize's rules are a long list of regular expressions: memoise, a corpus has few distinct nouns. */
function singular(word: string): string {
	let s = singulars.get(word);
	if (s === undefined) { s = detach(pluralize.singular(word)); singulars.set(word, s); }
	return s;
}
function plural(word: string): string {
	let p = plurals.get(word);
	if (p === undefined) { p = detach(pluralize.plural(word)); plurals.set(word, p); }
	return p;
}

function lemma(word: string): string {
	const w = word.toLowerCase();
	const folded = HEAD_SYNONYMS.get(w);
	if (folded) return folded;
	const one = singular(w);
	return HEAD_SYNONYMS.get(one) ?? one;
}

// ---- dates ------------------------------------------------------------------------------------------------

function isoDay(date: Date): string {
	return date.toISOString().slice(0, 10);
}

function addDays(iso: string, days: number): string {
	const d = new Date(iso + 'T00:00:00Z');
	d.setUTCDate(d.getUTCDate() + days);
	return isoDay(d);
}

/** Days between two ISO dates (b − a). */
export function daysBetween(a: string, b: string): number {
	return Math.round((Date.parse(b.slice(0, 10) + 'T00:00:00Z') - Date.parse(a.slice(0, 10) + 'T00:00:00Z')) / 86400000);
}

/** The event day a sentence names relative to the publication date ("on Tuesday", "yesterday", "in the last 24 hours"). */
function relativeEventDate(sentence: string, published: string | null): DateRange | null {
	if (!published || !/^\d{4}-\d{2}-\d{2}/.test(published)) return null;
	const lower = sentence.toLowerCase();
	// Most sentences name no day at all: one test before the ten particular ones.
	if (!ANY_RELATIVE_DAY.test(lower)) return null;
	const pub = published.slice(0, 10);
	const dayOfWeek = new Date(pub + 'T00:00:00Z').getUTCDay();
	for (let i = 0; i < 7; i++) {
		if (WEEKDAY_WORDS[i].test(lower)) {
			const back = (dayOfWeek - i + 7) % 7;
			const day = addDays(pub, -back);
			return { from: day, to: day };
		}
	}
	if (/\byesterday\b|\blast night\b/.test(lower)) { const d = addDays(pub, -1); return { from: d, to: d }; }
	if (/\btoday\b|\bthis morning\b|\btonight\b/.test(lower)) return { from: pub, to: pub };
	if (/\b(?:last|past|previous) (?:24|48) hours\b/.test(lower)) return { from: addDays(pub, -2), to: pub };
	return null;
}

/** A date claim's value as a day range, or null when it is open-ended or not a date. */
export function dateRangeOf(claim: Pick<Claim, 'kind' | 'value'>): DateRange | null {
	if (claim.kind !== 'date') return null;
	const { low, high } = claim.value;
	if (typeof low !== 'string' || typeof high !== 'string') return null;
	return { from: low.slice(0, 10), to: high.slice(0, 10) };
}

// ---- features ---------------------------------------------------------------------------------------------

/** Finds the counted head noun, its modifiers and any event word in the counted phrase. */
function parseCounted(claim: Claim): { head: string; modifiers: string[]; event: string } {
	// A date's own words ("Sept.", "late") say when, not what: only a stated "date of ..." names the event.
	if ((claim.kind === 'date' || claim.kind === 'duration') && !claim.counts) return { head: '', modifiers: [], event: '' };
	const phrase = claim.counts ?? claim.text.replace(/[\d.,]+/g, ' ');
	const tokens = words(phrase).filter((w) => !STOP.has(w) && !WEEKDAYS.includes(w));
	let event = '';
	const nouns: string[] = [];
	const plain: string[] = [];
	for (const t of tokens) {
		const lem = lemma(t);
		const implied = HEAD_IMPLIES_EVENT.get(singular(t));
		if (implied && !event) event = implied;
		const eventWord = EVENT_WORDS.get(t);
		if (eventWord && !implied && !HEAD_SYNONYMS.get(singular(t))) {
			if (!event) event = eventWord;
			continue;
		}
		if (COUNTRY_BY_NAME.has(t) && tokens.length > 1) continue; // "Syrian refugees": the nationality does not change the thing
		nouns.push(lem);
		plain.push(singular(t));
	}
	// The head is the last noun ("combat sorties" → sortie); event-only phrases ("dead") count people.
	const head = nouns.length > 0 ? nouns[nouns.length - 1] : event ? 'person' : '';
	// Modifiers stay as written (singular): "fighter" in "fighter jets" is not a militant.
	const modifiers = [...new Set(plain.slice(0, -1).filter((m) => m !== head))].sort();
	return { head, modifiers, event };
}

/** The nearest event word within a few words of the claim in its sentence. */
function nearbyEvent(sentence: string, claimStart: number, claimEnd: number): string {
	const before = wordsBefore(sentence, claimStart, 6).reverse();
	const after = wordsAfter(sentence, claimEnd, 6);
	for (let i = 0; i < 6; i++) {
		const candidates = [after[i], before[i]];
		for (const w of candidates) {
			const cls = w && EVENT_WORDS.get(w);
			if (cls) return cls;
		}
	}
	return '';
}

/** A war word; case-insensitive, so the text around a mention is searched as written. */
const WAR_WORD = /\b(?:civil war|war|conflict|uprising|revolution|crisis)\b/i;

/** The most frequent country tied to war words in the document ("Syrian war", "conflict in Syria"), else the most mentioned. */
function documentCountry(text: string, entities: EntityMention[], body: (e: EntityMention) => boolean, country: (e: EntityMention) => string | null): string {
	const war = new Map<string, number>();
	const all = new Map<string, number>();
	for (const e of entities) {
		if (!body(e)) continue;
		const c = country(e);
		if (!c) continue;
		all.set(c, (all.get(c) ?? 0) + 1);
		if (WAR_WORD.test(text.slice(Math.max(0, e.start - 30), Math.min(text.length, e.end + 30)))) war.set(c, (war.get(c) ?? 0) + 1);
	}
	const best = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? '';
	return best(war) || best(all);
}

/** What describeClaims reads from one sentence, the same for every claim in it (a sentence often has several). */
interface SentenceFacts {
	sentence: string;
	/** Entities inside the sentence, in text order. */
	inSentence: EntityMention[];
	agent: string;
	/** A weekday or "yesterday" in the sentence, resolved against the document date. */
	relativeDate: DateRange | null;
	/** Day-precise (at most a week) date claims inside the sentence, in claim order: a dated event. */
	datedClaims: { claim: Claim; range: DateRange }[];
	perfect: boolean;
	runningCue: boolean;
	/** Whether an event word may be in the sentence (see EVENT_STEMS): without one, no claim of it has a nearby event. */
	eventStem: boolean;
	/** Date-event verbs of the sentence: offset in the sentence and class, in text order. */
	verbs: { at: number; cls: string }[];
	anchors: string[];
}

/** Describes what each claim of a document measures; the result lines up with `analysis.claims`. */
export function describeClaims(text: string, analysis: Analysis): ClaimFeatures[] {
	// Our own sentence splitting is needed only for claims the claim finder gave no sentence.
	let starts: number[] | undefined;
	const inChrome = (s: number) => analysis.boilerplate.some((b) => b.start <= s && s < b.end);
	// Per entity name and spelling: its country (read for most mentions, and again for every claim of their sentences).
	const countries = new Map<string, Map<string, string | null>>();
	const country = (m: EntityMention): string | null => {
		if (m.type !== 'PLACE' && m.type !== 'NORP') return null;
		let bySpelling = countries.get(m.canonical);
		if (!bySpelling) countries.set(m.canonical, (bySpelling = new Map()));
		let c = bySpelling.get(m.text);
		if (c === undefined) bySpelling.set(m.text, (c = countryOf(m)));
		return c;
	};
	const mainCountry = documentCountry(text, analysis.entities, (e) => !inChrome(e.start), country);
	const lineStarts: number[] = [0];
	for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
	const lineOf = (offset: number) => {
		let lo = 0, hi = lineStarts.length - 1;
		while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (lineStarts[mid] <= offset) lo = mid; else hi = mid - 1; }
		return lo + 1;
	};
	const entities = [...analysis.entities].sort((a, b) => a.start - b.start);
	// Per entity: whether a war word is tied to it (read for every claim of its sentence).
	const warTies = new Map<EntityMention, boolean>();
	const warTied = (m: EntityMention): boolean => {
		let tied = warTies.get(m);
		if (tied === undefined) {
			const after = text.slice(m.end, m.end + 24).toLowerCase();
			const before = text.slice(Math.max(0, m.start - 16), m.start).toLowerCase();
			warTies.set(m, (tied = WAR_AFTER.test(after) || WAR_BEFORE.test(before)));
		}
		return tied;
	};
	// Date claims precise to a week at most, in claim order: a sentence with one is about a dated event.
	const dayPrecise: { claim: Claim; range: DateRange }[] = [];
	for (const claim of analysis.claims) {
		const range = dateRangeOf(claim);
		if (range && daysBetween(range.from, range.to) <= 7) dayPrecise.push({ claim, range });
	}
	const sentences = new Map<string, SentenceFacts>();
	const factsOf = (s: number, e: number): SentenceFacts => {
		const key = `${s}:${e}`;
		let facts = sentences.get(key);
		if (facts) return facts;
		const sentence = text.slice(s, e);
		const lower = sentence.toLowerCase();
		// Entities are sorted by start: find the first at or after s, then take those ending inside.
		let lo = 0, hi = entities.length;
		while (lo < hi) { const mid = (lo + hi) >> 1; if (entities[mid].start < s) lo = mid + 1; else hi = mid; }
		const inSentence: EntityMention[] = [];
		for (let k = lo; k < entities.length && entities[k].start <= e; k++) if (entities[k].end <= e) inSentence.push(entities[k]);
		// Agent: attack class, and the country or side named right before it ("Russian airstrikes", "government air raids").
		let agent = '';
		// Most sentences hold no attack or running-total word: a search for their stems spares cutting the words.
		const attackStem = ATTACK_STEMS.test(lower);
		const tokens = attackStem || RUNNING_STEMS.test(lower) ? words(sentence) : [];
		for (let i = 0; attackStem && i < tokens.length; i++) {
			const cls = ATTACK_WORDS.get(tokens[i]);
			if (!cls) continue;
			let actor = '';
			for (let j = Math.max(0, i - 3); j < i; j++) {
				const c = COUNTRY_BY_NAME.get(tokens[j]);
				if (c) actor = c;
				else if (SIDE_WORDS.has(tokens[j])) actor = tokens[j];
			}
			agent = actor ? `${cls}:${actor}` : cls;
			break;
		}
		const datedClaims = dayPrecise.filter((d) => d.claim.start >= s && d.claim.end <= e);
		const verbs: { at: number; cls: string }[] = [];
		DATE_VERB_RE.lastIndex = 0;
		for (let m = DATE_VERB_RE.exec(lower); m; m = DATE_VERB_RE.exec(lower)) verbs.push({ at: m.index, cls: DATE_VERBS.get(m[0])! });
		facts = {
			sentence,
			inSentence,
			agent,
			relativeDate: relativeEventDate(sentence, analysis.published),
			datedClaims,
			perfect: /\b(?:has|have|had)\s+(?:now\s+|so far\s+|since\s+)?(?:been\s+)?\w+(?:ed|en|ft|t)\b/.test(lower) || /\b(?:so far|to date|in total)\b/.test(lower),
			runningCue: tokens.some((t) => RUNNING_WORDS.has(t)),
			eventStem: EVENT_STEMS.test(lower),
			verbs,
			anchors: [...new Set(inSentence.filter((m) => m.type === 'PERSON' || m.type === 'PLACE' || (m.type === 'NORP' && country(m)))
				.map((m) => (m.type === 'NORP' ? country(m)! : m.canonical)))].sort(),
		};
		sentences.set(key, facts);
		return facts;
	};
	const datelines = new Map<string, number>();
	return analysis.claims.map((claim) => {
		// The claim finder's own sentence when it gives one; otherwise ours.
		const sentenceSpan = claim.sentence && claim.sentence.start <= claim.start && claim.end <= claim.sentence.end
			? [claim.sentence.start, claim.sentence.end] : sentenceAt((starts ??= sentenceStarts(text)), text.length, claim.start);
		let s = sentenceSpan[0];
		const e = sentenceSpan[1];
		// A dateline ("BEIRUT, Sept. 18 —") says where the report was filed, not where the event happened.
		let datelineLength = datelines.get(`${s}:${e}`);
		if (datelineLength === undefined) datelines.set(`${s}:${e}`, (datelineLength = DATELINE.exec(text.slice(s, e))?.[0].length ?? -1));
		if (datelineLength >= 0 && s + datelineLength <= claim.start) s += datelineLength;
		const facts = factsOf(s, e);
		const { sentence, inSentence, agent } = facts;
		const counted = parseCounted(claim);
		const event = counted.event || (facts.eventStem ? nearbyEvent(sentence, claim.start - s, claim.end - s) : '');
		const head = counted.head || (event ? 'person' : '');

		// The country of the figure: one tied to a war word ("the Syrian war", "conflict in Syria"), else the
		// nearest one to the claim, else the document's; never the agent's own ("Russian airstrikes in Syria").
		let where = '';
		let nearest = Infinity;
		for (const m of inSentence) {
			const c = country(m);
			if (!c || agent.endsWith(':' + c)) continue;
			if (warTied(m)) { where = c; break; }
			const distance = Math.min(Math.abs(m.start - claim.end), Math.abs(claim.start - m.end));
			if (distance < nearest) { nearest = distance; where = c; }
		}
		where ||= mainCountry;
		const place = inSentence.find((m) => m.type === 'PLACE' && !country(m))?.canonical ?? '';

		// A dated event: a weekday or "yesterday" in the sentence, or a day-precise date claim in it.
		let eventDate = facts.relativeDate ?? facts.datedClaims.find((d) => d.claim !== claim)?.range ?? null;
		// One day's strikes are an event even in a sentence about the war; a war's toll "said on Thursday" is not.
		const scope: ClaimScope = eventDate && agent ? 'event' : facts.perfect || facts.runningCue ? 'running' : 'event';
		if (scope === 'running') eventDate = null;

		let verb = '';
		let best = Infinity;
		const claimMid = claim.start - s;
		for (const v of facts.verbs) {
			if (Math.abs(v.at - claimMid) < best) { best = Math.abs(v.at - claimMid); verb = v.cls; }
		}
		// The actor: the nearest country or organisation before the figure ("Russia has deployed four jets"),
		// skipping the cited source ("a US official said ...").
		let actor = '';
		for (const m of inSentence) {
			if (m.end > claim.start) break;
			if (m.type !== 'ORG' && !country(m)) continue;
			if (claim.source && claim.source.includes(m.text)) continue;
			actor = m.type === 'ORG' ? m.canonical : country(m)!;
		}
		return { head, event, modifiers: counted.modifiers, scope, country: where, agent, eventDate, place, verb, actor, anchors: [...facts.anchors], line: lineOf(claim.start) };
	});
}

// ---- grouping ---------------------------------------------------------------------------------------------

/** A claim of one document, with what it measures: the unit that groups and conflicts are made of. */
export interface ClaimRef {
	/** Document path or URI string, as the index knows it. */
	document: string;
	/** Index of the claim in the document's analysis. */
	index: number;
	claim: Claim;
	features: ClaimFeatures;
	/** The document's publication date, if known. */
	published: string | null;
}

/** Claims measuring one quantity, from one or more documents. */
export interface QuantityGroup {
	/** Stable id: derived from the grouping key, or from the correction that made the group. */
	id: string;
	/** Readable name of the quantity ("people killed (running total, Syria)"). */
	quantity: string;
	kind: ClaimKind;
	scope: ClaimScope;
	members: ClaimRef[];
	/** True when the group comes from an analyst's correction. */
	corrected?: boolean;
}

const GROUPED_KINDS = new Set<ClaimKind>(['count', 'percent', 'money', 'date']);

/** Heads that count people a violent event happened to. */
const VICTIM_HEADS = new Set(['person', 'civilian', 'child', 'woman', 'man', 'refugee', 'soldier', 'militant']);

/** Nouns for dated events folded to a class: the many words for one military campaign, or for a war. */
const DATED_EVENT_CLASS = wordTable({
	strike: 'campaign', airstrike: 'campaign', campaign: 'campaign', bombing: 'campaign', bombardment: 'campaign', raid: 'campaign',
	offensive: 'campaign', operation: 'campaign', intervention: 'campaign', sortie: 'campaign',
	war: 'war', conflict: 'war', uprising: 'war', revolution: 'war', crisis: 'war', rebellion: 'war', insurgency: 'war',
});

/** Date events that happen once, so two dates for one cannot both be right. */
const ONE_OFF_VERBS = new Set(['start', 'die']);

/**
 * The key of a claim's quantity, or null when the claim cannot be matched across documents with confidence
 * (then it is grouped only with claims of its own document). Modifiers are compared separately.
 */
export function quantityKey(ref: ClaimRef): { key: string; crossDocument: boolean } {
	const { claim, features: f } = ref;
	const local = (why: string) => ({ key: `${ref.document}\u0000${claim.kind}|${f.head}|${f.event}|${why}|${f.eventDate?.from ?? ''}|${f.place}|${f.agent}`, crossDocument: false });
	if (!GROUPED_KINDS.has(claim.kind)) return local('kind');
	if (claim.kind === 'date') {
		// Unmatched dates stand alone: two dates in one article rarely date the same event.
		if (!f.verb || f.anchors.length < 2) return { key: `${ref.document}\u0000date@${claim.start}`, crossDocument: false };
		// A dated event is matched by its verb and the people and places it involves; at least two, so that
		// "Kerry arrived in Moscow" never matches "Kerry arrived in Geneva".
		if (!f.verb || f.anchors.length < 2) return local('date');
		// Visits, meetings and signings recur; only one-off events (a war's start, a death) are matched.
		if (!ONE_OFF_VERBS.has(f.verb)) return local('recurring');
		// What is dated ("date of air strikes", "date of war"), folded: a campaign's start is not the war's start.
		const what = DATED_EVENT_CLASS.get(f.head) ?? f.head;
		return { key: `date|${f.verb}|${what}|${f.anchors.join('+')}`, crossDocument: true };
	}
	if (!f.head) return local('nohead');
	const thing = `${claim.kind}|${f.head}|${f.event}`;
	if (f.scope === 'running') {
		if (!f.country) return local('nocountry');
		// Victims are counted whoever caused them (the agent says that); anything else is someone's: Russia's
		// jets and the coalition's jets are different quantities.
		if (!VICTIM_HEADS.has(f.head) && !f.actor) return local('noowner');
		const owner = VICTIM_HEADS.has(f.head) ? '' : `|${f.actor}`;
		return { key: `${thing}|R|${f.country}|${f.agent}${owner}`, crossDocument: true };
	}
	// One event: the same day (or period) and the same specific place, or the same country when neither names one.
	if (!f.eventDate || !(f.place || f.country)) return local('undated');
	// The agent is compared in splitBucket instead: one report may name the weapon and another not.
	return { key: `${thing}|E|${f.eventDate.from}..${f.eventDate.to}|${f.place || f.country}`, crossDocument: true };
}

/** Whether two modifier sets can describe the same thing: one includes the other. */
function modifiersCompatible(a: string[], b: string[]): boolean {
	const [small, large] = a.length <= b.length ? [a, b] : [b, a];
	return small.every((m) => large.includes(m));
}

const EVENT_LABEL = wordTable({ killed: 'killed', injured: 'injured', displaced: 'displaced', exiled: 'in exile', detained: 'detained', missing: 'missing' });

/** A readable name for a group's quantity. */
export function describeQuantity(ref: ClaimRef): string {
	const { claim, features: f } = ref;
	if (claim.kind === 'date') {
		const what = DATED_EVENT_CLASS.get(f.head) ?? f.head;
		return `date of ${f.verb || 'event'}${what ? ' of ' + what : ''}${f.anchors.length ? ' (' + f.anchors.join(', ') + ')' : ''}`;
	}
	const head = f.head === 'person' ? 'people' : f.head ? plural(f.head) : claim.kind;
	const thing = [...f.modifiers, head, EVENT_LABEL.get(f.event) ?? f.event].filter(Boolean).join(' ');
	const agent = f.agent ? ` by ${f.agent.replace(/^(\w+):(.+)$/, '$2 $1').replace(/\bair\b/, 'air strikes')}` : '';
	if (f.scope === 'running') return `${thing}${agent} (running total${f.country ? ', ' + f.country : ''})`;
	const when = f.eventDate ? (f.eventDate.from === f.eventDate.to ? f.eventDate.from : `${f.eventDate.from} to ${f.eventDate.to}`) : '';
	return `${thing}${agent}${f.place || f.country ? ' in ' + (f.place || f.country) : ''}${when ? ' on ' + when : ''}`;
}

/** Short stable hash (FNV-1a) for ids. */
export function stableId(s: string): string {
	let h = 0x811c9dc5;
	for (let i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 0x01000193); }
	return (h >>> 0).toString(36);
}

/** Groups claims into quantities: by key, then split where the counted phrases' modifiers disagree. */
export function groupClaims(refs: Iterable<ClaimRef>, corrections?: GroupCorrections): QuantityGroup[] {
	const buckets = new Map<string, ClaimRef[]>();
	for (const ref of refs) {
		const { key } = quantityKey(ref);
		let bucket = buckets.get(key);
		if (!bucket) buckets.set(key, (bucket = []));
		bucket.push(ref);
	}
	const groups: QuantityGroup[] = [];
	for (const [key, bucket] of buckets) groups.push(...splitBucket(key, bucket));
	return corrections ? applyCorrections(groups, corrections) : groups;
}

/** Splits one key's claims by modifier compatibility ("government troops" never joins "rebel troops"). */
export function splitBucket(key: string, bucket: ClaimRef[]): QuantityGroup[] {
	// Claims are clustered by their distinct (modifiers, agent) signatures, which are few even when claims are many.
	const bySignature = new Map<string, { modifiers: string[]; agent: string; members: ClaimRef[] }>();
	// Dated events are already keyed by their verb and everyone involved: wording and weapon do not split them.
	const isDate = key.startsWith('date|');
	// Most keys have one claim: its group is made directly (what the clustering below gives for one claim).
	if (bucket.length === 1) {
		const ref = bucket[0];
		const modifiers = isDate ? '' : ref.features.modifiers.join(' ');
		const agent = isDate ? '' : ref.features.agent;
		return [{ id: 'q' + stableId(key + '|' + modifiers + '|' + agent), quantity: describeQuantity(ref), kind: ref.claim.kind, scope: ref.features.scope, members: [ref] }];
	}
	for (const ref of bucket) {
		const signature = isDate ? '' : ref.features.modifiers.join(' ') + '|' + ref.features.agent;
		let entry = bySignature.get(signature);
		if (!entry) bySignature.set(signature, (entry = { modifiers: isDate ? [] : ref.features.modifiers, agent: isDate ? '' : ref.features.agent, members: [] }));
		entry.members.push(ref);
	}
	// Most specific first, so that a general phrase joins a compatible specific one deterministically.
	const signatures = [...bySignature.entries()].sort((a, b) => b[1].modifiers.length - a[1].modifiers.length || (b[1].agent ? 1 : 0) - (a[1].agent ? 1 : 0) || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
	const clusters: { modifiers: string[]; agent: string; members: ClaimRef[] }[] = [];
	for (const [, entry] of signatures) {
		const home = clusters.find((c) => modifiersCompatible(c.modifiers, entry.modifiers) && (!entry.agent || !c.agent || c.agent === entry.agent));
		if (home) {
			for (const m of entry.members) home.members.push(m);
			if (!home.agent) home.agent = entry.agent;
		} else clusters.push({ modifiers: entry.modifiers, agent: entry.agent, members: [...entry.members] });
	}
	return clusters.map((c) => {
		c.members.sort((a, b) => (a.document < b.document ? -1 : a.document > b.document ? 1 : a.claim.start - b.claim.start));
		const first = c.members.find((m) => m.features.modifiers.length === c.modifiers.length) ?? c.members[0];
		return {
			id: 'q' + stableId(key + '|' + c.modifiers.join(' ') + '|' + c.agent),
			quantity: describeQuantity(first),
			kind: first.claim.kind,
			scope: first.features.scope,
			members: c.members,
		};
	});
}

// ---- analysts' corrections ----------------------------------------------------------------------------------

/** A claim named in a corrections file: document (as the index knows it, or relative to the root) and claim text. */
export interface MemberSelector {
	document: string;
	text: string;
	/** 1-based among the document's claims with this text; 1 when absent. */
	occurrence?: number;
}

/** Analysts' corrections of the grouping, as stored in `corroborate.groups.yaml`. */
export interface GroupCorrections {
	/** Explicit groups: their members leave their automatic groups and form one group (a merge or a split). */
	groups: { quantity?: string; members: MemberSelector[] }[];
	/** Claims that must stand alone, in no group. */
	separate: MemberSelector[];
}

/** Whether a claim reference is the one a selector names (document paths match on their trailing segments). */
export function selects(selector: MemberSelector, ref: ClaimRef, occurrenceOf: (ref: ClaimRef) => number): boolean {
	if (ref.claim.text !== selector.text) return false;
	const doc = ref.document.replace(/\\/g, '/');
	const want = selector.document.replace(/\\/g, '/').replace(/^\.\//, '');
	if (doc !== want && !doc.endsWith('/' + want)) return false;
	return occurrenceOf(ref) === (selector.occurrence ?? 1);
}

/** Applies corrections: explicit groups take their members out of automatic groups; separated claims stand alone. */
export function applyCorrections(groups: QuantityGroup[], corrections: GroupCorrections): QuantityGroup[] {
	if (corrections.groups.length === 0 && corrections.separate.length === 0) return groups;
	const all = groups.flatMap((g) => g.members);
	const occurrence = new Map<ClaimRef, number>();
	const seen = new Map<string, number>();
	for (const ref of [...all].sort((a, b) => a.claim.start - b.claim.start)) {
		const k = ref.document + '\u0000' + ref.claim.text;
		const n = (seen.get(k) ?? 0) + 1;
		seen.set(k, n);
		occurrence.set(ref, n);
	}
	const occurrenceOf = (ref: ClaimRef) => occurrence.get(ref) ?? 1;
	const taken = new Set<ClaimRef>();
	const explicit: QuantityGroup[] = [];
	for (const [i, spec] of corrections.groups.entries()) {
		const members = all.filter((ref) => !taken.has(ref) && spec.members.some((s) => selects(s, ref, occurrenceOf)));
		if (members.length === 0) continue;
		for (const m of members) taken.add(m);
		explicit.push({
			id: 'c' + stableId(`${i}|${spec.quantity ?? ''}|${spec.members.map((m) => m.document + m.text).join('|')}`),
			quantity: spec.quantity ?? describeQuantity(members[0]),
			kind: members[0].claim.kind,
			scope: members[0].features.scope,
			members,
			corrected: true,
		});
	}
	const alone: QuantityGroup[] = [];
	for (const ref of all) {
		if (taken.has(ref) || !corrections.separate.some((s) => selects(s, ref, occurrenceOf))) continue;
		taken.add(ref);
		alone.push({ id: 's' + stableId(`${ref.document}|${ref.claim.start}`), quantity: describeQuantity(ref), kind: ref.claim.kind, scope: ref.features.scope, members: [ref], corrected: true });
	}
	const rest = groups.map((g) => ({ ...g, members: g.members.filter((m) => !taken.has(m)) })).filter((g) => g.members.length > 0);
	return [...rest, ...explicit, ...alone];
}
