/**
 * Word lists behind the entity recogniser: the generated gazetteer (data/lexicon.ts, built by
 * scripts/build-entity-lexicon.mjs from maintained npm packages) plus small hand-written tables of
 * general vocabulary: titles, organisation and place head words, group words, and the alias sets of
 * well-known international bodies. Nothing here is specific to any one document.
 */
import { LEXICON_JSON } from './data/lexicon';
import type { EntityType } from '../types';
import { Memo, detach } from '../memo';

/** What the gazetteer knows about a phrase. */
export interface LexEntry {
	type: EntityType;
	canonical: string;
	/** The country a capital city belongs to, for metonymy ("Moscow said" → Russia). */
	countryOf?: string;
	/** A first-level subdivision's full name ("Hama Governorate"), when the phrase names one. */
	subdivision?: string;
	/** Which list the entry came from; decides priority when lists disagree. */
	source: 'alias' | 'country' | 'region' | 'norp' | 'subdivision' | 'city' | 'org';
}

/** Personal titles and honorifics: never part of a PERSON span, but a strong cue for the name after them. */
export const TITLE_HEADS = new Set(
	(
		'President Vice-President Premier Minister Secretary Undersecretary Under-Secretary Spokesman Spokeswoman Spokesperson ' +
		'Envoy Ambassador Commissioner Chancellor Senator Sen Governor Gov Mayor General Gen Colonel Col Captain Capt Major Maj ' +
		'Lieutenant Lt Sergeant Sgt Admiral Adm Commander Cmdr Brigadier Brig Marshal Corporal Cpl Private Pvt Director Chairman Chairwoman ' +
		'Chief King Queen Prince Princess Sheikh Sheik Emir Pope Cardinal Archbishop Bishop Rabbi Imam Ayatollah Judge Justice ' +
		'Prosecutor Representative Rep Mr Mrs Ms Miss Mme Dr Prof Professor Sir Dame Lord Lady Speaker Attorney Deputy ' +
		'Vice Assistant Sultan Crown Rev Reverend Father Sister Brother Patriarch Mufti Caliph Dictator Leader Councillor Councilman Congressman Congresswoman'
	).split(' '),
);

/** Words that form a title only together with a following title head ("Foreign Minister", "Prime Minister"). */
export const TITLE_MODIFIERS = new Set(
	'Foreign Defense Defence Interior Prime Finance Justice Health Economy Information Energy Oil Trade Home State Special Supreme First Executive Senior Top Former Acting Interim Deputy Vice Assistant Chief Lieutenant Major Rear Field Sergeant Attorney Crown Grand'.split(
		' ',
	),
);

/** Abbreviations written with a full stop that does not end a sentence. */
export const DOTTED_ABBREVIATIONS = new Set(
	'Mr Mrs Ms Dr Prof Sr Jr St Mt Lt Gen Col Capt Maj Sgt Adm Cmdr Brig Cpl Pvt Gov Sen Rep Rev Hon Pres Sec Dept Gov Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec No Nos Vol Fig Inc Ltd Co Corp vs etc'.split(' '),
);

/** Head words that make a capitalised phrase an organisation ("Syrian Observatory for Human Rights"). */
export const ORG_HEADS = new Set(
	(
		'Agency Ministry Ministries Department Observatory Council Committee Commission Institute Institution Center Centre Organization Organisation ' +
		'Union Association Federation Foundation Fund Bank Authority Office Bureau Service Services Army Navy Force Forces Corps Guard Guards Brigade Brigades ' +
		'Battalion Regiment Militia Front Movement Party Coalition Alliance League Group Network News Post Times Journal Herald Tribune Gazette ' +
		'Telegraph Press Monitor Daily Weekly Review Magazine Television TV Radio Broadcasting Channel Media University College School Academy ' +
		'Court Tribunal Parliament Assembly Congress Senate Cabinet Government Administration Directorate Command Inc Ltd Corp Corporation Company ' +
		'Airlines Airways Industries Holdings Group Project Initiative Watch Society Church Mission Program Programme Council Caucus Board Trust Club Conference Summit ' +
		'Secretariat Commissariat Legion Cartel Brotherhood Jamaat Hezb Hizb Liwa Jaish Harakat Tahrir Chamber House Survey Cross Crescent Capital Partners Securities Insurance Exchange Reserve Bancorp Bankers Motors'
	).split(' '),
);

/** Head words after which "of"/"for"/"on" continue an organisation's name ("Ministry of Defense"). */
export const ORG_HEADS_TAKING_OF = new Set(
	'Agency Ministry Department Observatory Council Committee Commission Institute Center Centre Organization Organisation Union Association Federation Foundation Fund Bank Authority Office Bureau Court Tribunal League Army Front Party Movement University College School Academy Society Church Assembly Brigade Brigades Directorate Command Secretariat Alliance Coalition House Chamber'.split(
		' ',
	),
);

/** Arabic words for front, army, brigade, movement, party, liberation and the like, which make a transliterated name an organisation ("Hayat Tahrir al-Sham"). */
export const ARABIC_ORG_WORDS = new Set(
	'Jabhat Jabhet Jebhat Hayat Hayat Harakat Harakat Haraka Jaish Jaysh Jeish Liwa Liwaa Ahrar Ansar Hizb Hezb Tahrir Katibat Kataib Kata\'ib Saraya Faylaq Failaq Jund Junud Tanzim Majlis Ittihad Tayyar Jamaat Jamiat Jamaa Fatah Fateh Fath Asaib Asa\'ib Quwat'.split(' '),
);

/** Head words that make a capitalised phrase a place ("Marj al-Sultan airbase", "Damascus International Airport"). */
export const PLACE_HEADS = new Set(
	(
		'Airport Airbase Airfield Base Port Harbour Harbor Province Governorate Region District County Island Islands Sea Ocean River Lake Mountains Mountain ' +
		'Valley Desert Peninsula Strait Straits Gulf Bay Canal Square Street Avenue Road Bridge Dam Camp Crossing Heights Plain Plains Coast Border Hills Forest Park Palace Mosque Cathedral Citadel Plateau Oasis Bazaar Souk'
	).split(' '),
);

/** Compass and position words that start a place name with an unknown head ("Eastern Ghouta", "Northern Ireland"). */
/** Words that open a place name before an unknown word ("Mount Kenya", "Lake Chad", "Cape Horn"). */
export const PLACE_PREFIXES = new Set('Mount Mt Lake Cape Fort Isle Mont Gunung Pulau Jebel Jabal Wadi'.split(' '));

export const COMPASS_WORDS = new Set('North South East West Northern Southern Eastern Western Central Upper Lower Greater Inner Outer Old New'.split(' '));

/** Words that join parts of a multi-word name (lower case). */
export const NAME_PARTICLES = new Set('al el de da di du van von der den bin ibn ben bint abu ez es ash as ad an at az ul la le dos das del della'.split(' '));

/** Particles that may start a name on their own ("al-Qaida", "de Mistura"). */
export const LEADING_PARTICLES = new Set('al el de van von bin ibn'.split(' '));

/** Groups of people that are not nationalities: religions, sects, ethnic and political groups (NORP). Singular → canonical. */
const GROUP_WORDS: Record<string, string> = {};
for (const entry of (
	'Muslim Muslims|Christian Christians|Jew Jews|Jewish|Sunni Sunnis|Shia Shias Shiite Shiites Shi’ite Shi’ites Shi\'ite Shi\'ites|Alawite Alawites|Druze|Sufi Sufis|Salafi Salafis Salafist Salafists|' +
	'Wahhabi Wahhabis|Islamist Islamists|Jihadist Jihadists Jihadi Jihadis|Catholic Catholics|Protestant Protestants|Orthodox|Evangelical Evangelicals|Hindu Hindus|Buddhist Buddhists|' +
	'Sikh Sikhs|Kurd Kurds Kurdish|Arab Arabs Arabic|Turkmen Turkmens|Yazidi Yazidis|Assyrian Assyrians|Pashtun Pashtuns|Baloch|Uighur Uighurs Uyghur Uyghurs|Tatar Tatars|' +
	'Chechen Chechens|Circassian Circassians|Berber Berbers|Bedouin Bedouins|Persian Persians|Latino Latinos Latina Latinas|Hispanic Hispanics|Republican Republicans|' +
	'Democrat Democrats|Communist Communists|Socialist Socialists|Marxist Marxists|Leninist Leninists|Maoist Maoists|Nazi Nazis|Fascist Fascists|Zionist Zionists|Baathist Baathists|' +
	'Western Westerners|European Europeans|Eurasian Eurasians|Asian Asians|African Africans|Middle Eastern|Latin American Latin Americans|Scandinavian Scandinavians|Balkan|' +
	'Caucasian Caucasians|Slavic|Soviet Soviets|Gulf Arab Gulf Arabs|Palestinian Palestinians|Israeli Israelis|Copt Copts Coptic|Maronite Maronites|Houthi Houthis|Rohingya|Hazara|Tamil Tamils'
).split('|')) {
	const forms = entry.match(/Latin Americans?|Middle Eastern|Gulf Arabs?|[^ ]+/g) ?? [];
	for (const form of forms) GROUP_WORDS[form] = forms[0] ?? form;
}

/** Regions and areas larger or other than a country (PLACE). */
const REGIONS =
	'Middle East|Near East|Far East|North Africa|East Africa|West Africa|Southern Africa|Sub-Saharan Africa|Horn of Africa|Sahel|Maghreb|Levant|Gulf|Persian Gulf|Arabian Peninsula|' +
	'Caucasus|North Caucasus|Balkans|Baltics|Scandinavia|Central Asia|South Asia|Southeast Asia|East Asia|Asia|Europe|Eastern Europe|Western Europe|Central Europe|Africa|' +
	'North America|South America|Latin America|Central America|Caribbean|Americas|Antarctica|Arctic|Oceania|Eurasia|Mediterranean|Black Sea|Red Sea|Caspian Sea|Golan Heights|' +
	'West Bank|Gaza|Gaza Strip|Sinai|Kurdistan|Crimea|Donbas|Chechnya|Dagestan|Kashmir|Tibet|Xinjiang|Siberia|Anatolia|Mesopotamia|Transnistria|Abkhazia|South Ossetia|Darfur|Silicon Valley|Wall Street|' +
	// The oceans and the major seas, gulfs and straits (none of the gazetteers above lists bodies of water).
	'Asia-Pacific|Asia Pacific|Pacific|Pacific Ocean|Atlantic Ocean|Indian Ocean|Arctic Ocean|Southern Ocean|South China Sea|East China Sea|Yellow Sea|Sea of Japan|Philippine Sea|' +
	'Coral Sea|Tasman Sea|Arabian Sea|Bay of Bengal|Andaman Sea|Java Sea|Baltic Sea|North Sea|Norwegian Sea|Barents Sea|Aegean Sea|Adriatic Sea|Ionian Sea|' +
	'Sea of Azov|Gulf of Aden|Gulf of Oman|Gulf of Mexico|Gulf of Guinea|Strait of Hormuz|Strait of Malacca|Bosphorus|Bosporus|Dardanelles|English Channel|Suez Canal|Panama Canal';

/** Former and informal names of states (PLACE), with their canonical name. */
const PLACE_ALIASES: Array<[string, string[]]> = [
	['United States', ['US', 'U.S.', 'USA', 'U.S.A.', 'America', 'United States of America', 'the States']],
	['United Kingdom', ['UK', 'U.K.', 'Britain', 'Great Britain']],
	['United Arab Emirates', ['UAE', 'U.A.E.', 'Emirates']],
	['Russia', ['Russian Federation']],
	['Soviet Union', ['USSR', 'U.S.S.R.']],
	['Yugoslavia', []],
	['Czechoslovakia', []],
	['East Germany', []],
	['West Germany', []],
	['Ottoman Empire', []],
	['Democratic Republic of the Congo', ['DRC', 'DR Congo']],
	['North Korea', ['DPRK']],
	['Western world', ['West']],
];

/** Well-known international organisations, agencies, media and armed groups, with their acronyms and spellings. */
const ORG_ALIASES: Array<[string, string[]]> = [
	['United Nations', ['UN', 'U.N.']],
	['United Nations Security Council', ['UN Security Council', 'UNSC', 'Security Council']],
	['United Nations General Assembly', ['UN General Assembly', 'UNGA', 'General Assembly']],
	['UNHCR', ['UN refugee agency', 'United Nations High Commissioner for Refugees']],
	['UNICEF', []],
	['World Health Organization', ['WHO']],
	['European Union', ['EU', 'E.U.']],
	['European Commission', []],
	['NATO', ['North Atlantic Treaty Organization', 'Nato']],
	['Arab League', ['League of Arab States']],
	['African Union', ['AU']],
	['OPEC', []],
	['International Monetary Fund', ['IMF']],
	['World Bank', []],
	['International Criminal Court', ['ICC']],
	['Red Cross', ['International Committee of the Red Cross', 'ICRC', 'Red Crescent']],
	['Amnesty International', []],
	['Human Rights Watch', ['HRW']],
	['Doctors Without Borders', ['MSF', 'Medecins Sans Frontieres']],
	['Central Intelligence Agency', ['CIA']],
	['Federal Bureau of Investigation', ['FBI']],
	['National Security Agency', ['NSA']],
	['Pentagon', ['Department of Defense', 'Defense Department']],
	['United States Department of State', ['State Department', 'Department of State']],
	['White House', []],
	['Kremlin', []],
	['Congress', ['US Congress']],
	['Islamic State', ['IS', 'ISIS', 'ISIL', 'Isis', 'Isil', 'Daesh', 'DAESH', 'Islamic State of Iraq and the Levant', 'Islamic State of Iraq and Syria', 'Islamic State of Iraq and al-Sham', 'Islamic State group']],
	['al-Qaeda', ['al-Qaida', 'al Qaeda', 'al Qaida', 'Al Qaeda', 'Al-Qaeda', 'Al Qaida', 'Al-Qaida', 'Qaeda', 'Qaida']],
	['Hezbollah', ['Hizbollah', 'Hizballah', 'Hizbullah']],
	['Hamas', []],
	['Taliban', []],
	['Boko Haram', []],
	['al-Shabaab', ['al-Shabab', 'Al-Shabaab', 'Al Shabaab']],
	['Muslim Brotherhood', []],
	['Agence France-Presse', ['AFP', 'Agence France Presse']],
	['Reuters', ['REUTERS', 'Thomson Reuters']],
	['Associated Press', ['AP']],
	['BBC', ['British Broadcasting Corporation']],
	['CNN', []],
	['Al Jazeera', ['Al-Jazeera', 'Aljazeera']],
	['Al Arabiya', ['Al-Arabiya']],
	['RIA Novosti', ['RIA']],
	['TASS', ['Tass', 'ITAR-TASS']],
	['Interfax', []],
	['Xinhua', []],
	['European Pressphoto Agency', ['EPA']],
	['Getty Images', ['Getty']],
	['RT', ['Russia Today']],
];

/** All-capital tokens that are ordinary abbreviations, not organisations. */
export const NOT_ACRONYMS = new Set('R&D M&A Q&A B&B TV OK AM PM CEO CFO GDP UTC GMT ID PDF HTML URL FAQ PS PPS NB HQ HO DIY VIP RIP ASAP FYI LOL AD BC BCE CE AKA KM KG MM CM USD EUR GBP SMS GPS DNA HIV AIDS COVID IED IEDs RPG MP MPs PM UAV UAVs SUV ATM LGBT NGO NGOs WMD OR AND THE OF IN ON TO FOR BY AT A I II III IV'.split(' '));

/** Lower-case references to a specific institution that are still ORG ("the state department"): head word → modifiers. */
export const LOWERCASE_ORGS: Record<string, Set<string>> = {
	ministry: new Set(['foreign', 'defense', 'defence', 'interior']),
	// "the country's central bank": a country has one, so the lower-case phrase names it.
	bank: new Set(['central']),
	department: new Set(['state', 'justice', 'treasury', 'defense', 'defence']),
	office: new Set(['foreign']),
};

/** Seats of government named after their building: ORG when they act, PLACE when they are a location. */
export const SEATS_OF_GOVERNMENT: Record<string, string> = { Kremlin: 'Moscow Kremlin', 'White House': 'White House (building)', Pentagon: 'Pentagon (building)' };

const keyCache = new Memo<string>();

/** Whether s is ASCII words separated by single spaces (/^[A-Za-z]+(?: [A-Za-z]+)*$/), whose key is just its lower case. */
function isPlain(s: string): boolean {
	let afterSpace = true;
	for (let i = 0; i < s.length; i++) {
		const c = s.charCodeAt(i);
		if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) afterSpace = false;
		else if (c === 32 && !afterSpace) afterSpace = true;
		else return false;
	}
	return !afterSpace;
}

/** Normalises a phrase for lookup: ASCII letters, lower case, hyphens and apostrophes as spaces. */
export function phraseKey(s: string): string {
	if (isPlain(s)) return s.toLowerCase();
	let key = keyCache.get(s);
	if (key !== undefined) return key;
	key = slowPhraseKey(s);
	// Names repeat within and across documents; the cache is bounded so long runs do not grow it forever.
	// (The key may be the name itself, cut from a document.)
	key = detach(key);
	keyCache.set(s, key);
	return key;
}

function slowPhraseKey(s: string): string {
	return s
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[‘’ʻʿʾ`']/g, '')
		.toLowerCase()
		.replace(/[-–]/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
}

const LOOSE_PARTICLES = new Set(['al', 'ar', 'as', 'ash', 'ad', 'an', 'at', 'az', 'el', 'es', 'ez']);

/** A looser key for transliterated place names: "Ar Raqqah" and "Raqqa", "Douma" and "Duma", "Hamah" and "Hama". */
export function looseKey(s: string): string {
	const words = phraseKey(s).split(' ');
	let out = '';
	for (let w = 0; w < words.length; w++) {
		let word = words[w];
		// Arabic article particles: dropped at the start, unified inside ("ash Sham" ~ "al-Sham").
		if (LOOSE_PARTICLES.has(word) && words.length > 1) {
			if (w === 0) continue;
			word = 'al';
		}
		let last = '';
		for (let i = 0; i < word.length; i++) {
			let ch = word[i];
			if (ch === 'o' && word[i + 1] === 'u') continue; // "ou" → "u"
			if (ch === 'e' && word[i + 1] === 'e') ch = 'i'; // "ee" → "i"
			if (ch === 'h' && i === word.length - 1 && i > 0) continue; // "Hamah" → "Hama"
			if (ch === last) continue; // doubled letters
			out += ch;
			last = ch;
		}
	}
	return out;
}

interface GeneratedLexicon {
	countries: Array<{ canonical: string; names: string[]; demonym: string; demonymF: string; capital: string }>;
	subdivisions: Array<[string, string, string]>;
	cities: string[];
	regions: string[];
	/** [form, canonical] pairs: "Saudis" → "Saudi". */
	demonyms: Array<[string, string]>;
	firstNames: string[];
	lastNames: string[];
	organisations: string[];
	commonWords: string[];
}

/** The indexed lexicon. */
export interface Lexicon {
	/** Exact phrases (by phraseKey), longest first when several could apply. */
	phrases: Map<string, LexEntry>;
	/** Hash bits of the phrases' keys (see keyFilterBit): a clear bit proves a phrase unknown without building its key. */
	phraseFilter: Uint32Array;
	/** The same for phrasePrefixes. */
	prefixFilter: Uint32Array;
	/** The same for the keys of loosePlaces (see looseFilterBit). */
	looseFilter: Uint32Array;
	/** Place names by looseKey, for transliteration variants of cities and subdivisions. */
	loosePlaces: Map<string, LexEntry>;
	/** The longest phrase, in words, so lookups can stop early. */
	maxPhraseWords: number;
	/** Every proper word-prefix of a multi-word phrase key ("united", "united states"), so lookups stop early. */
	phrasePrefixes: Set<string>;
	firstNames: Set<string>;
	lastNames: Set<string>;
	commonWords: Set<string>;
	/** Capital city (phraseKey) → country canonical. */
	capitals: Map<string, string>;
	/** Canonical names of countries, for deciding when a bare acronym is a place. */
	countryNames: Set<string>;
	/** Demonym ("Russian") → country canonical ("Russia"). */
	countryOfDemonym: Map<string, string>;
}

let cached: Lexicon | undefined;

/** The lexicon, built on first use (about 20 ms) and shared afterwards. */
export function getLexicon(): Lexicon {
	if (cached) return cached;
	const data = JSON.parse(LEXICON_JSON) as GeneratedLexicon;
	const phrases = new Map<string, LexEntry>();
	const loosePlaces = new Map<string, LexEntry>();
	const capitals = new Map<string, string>();
	const countryNames = new Set<string>();
	const countryOfDemonym = new Map<string, string>();
	const rank: Record<LexEntry['source'], number> = { alias: 7, country: 6, norp: 5, region: 4, org: 3, subdivision: 2, city: 1 };
	// Words that the gazetteers list but that are far more often ordinary capitalised words in English text.
	const add = (phrase: string, entry: LexEntry, caseSensitive = false): void => {
		const key = caseSensitive ? `=${phrase}` : phraseKey(phrase);
		const old = phrases.get(key);
		if (!old || rank[entry.source] > rank[old.source]) phrases.set(key, entry);
	};
	const addLoose = (phrase: string, entry: LexEntry): void => {
		const key = looseKey(phrase);
		if (key.length < 4) return;
		const old = loosePlaces.get(key);
		if (!old || rank[entry.source] > rank[old.source]) loosePlaces.set(key, entry);
	};
	for (const city of data.cities) {
		const entry: LexEntry = { type: 'PLACE', canonical: city, source: 'city' };
		add(city, entry);
		addLoose(city, entry);
	}
	for (const [base, full] of data.subdivisions) {
		const entry: LexEntry = { type: 'PLACE', canonical: base, subdivision: full === base ? `${base} Province` : full, source: 'subdivision' };
		add(base, entry);
		addLoose(base, entry);
		const existing = phrases.get(phraseKey(base));
		if (existing && existing.source === 'city' && !existing.subdivision) existing.subdivision = entry.subdivision;
	}
	for (const region of data.regions) add(region, { type: 'PLACE', canonical: region, source: 'region' });
	for (const region of REGIONS.split('|')) add(region, { type: 'PLACE', canonical: region, source: 'region' });
	const commonWords = new Set(data.commonWords);
	for (const org of data.organisations) {
		// Short names are acronyms ("cia" → CIA) and match only in capitals; one-word names that are also
		// ordinary words ("apple", "visa") would fire on every sentence opener, so they are left out.
		if (!org.includes(' ') && org.length <= 5) add(org.toUpperCase(), { type: 'ORG', canonical: org.toUpperCase(), source: 'org' }, true);
		else if (org.includes(' ') || !commonWords.has(org)) {
			add(org, { type: 'ORG', canonical: org.replace(/(^|[\s-])([a-z])/g, (_m, p: string, c: string) => p + c.toUpperCase()), source: 'org' });
		}
	}
	// A word that is both a country's alternative name and a demonym ("Saudi") is read as the demonym.
	const demonyms = new Set(data.countries.flatMap((c) => [c.demonym, c.demonymF]).filter(Boolean));
	for (const [form] of data.demonyms) demonyms.add(form);
	for (const c of data.countries) {
		countryNames.add(c.canonical);
		if (c.demonym) countryOfDemonym.set(c.demonym, c.canonical);
		for (const name of c.names) if (!demonyms.has(name)) add(name, { type: 'PLACE', canonical: c.canonical, source: 'country' });
		if (c.capital) {
			capitals.set(phraseKey(c.capital), c.canonical);
			const existing = phrases.get(phraseKey(c.capital));
			const entry: LexEntry = { type: 'PLACE', canonical: c.capital, countryOf: c.canonical, source: 'city', subdivision: existing?.subdivision };
			if (!existing || existing.source === 'city' || existing.source === 'subdivision') phrases.set(phraseKey(c.capital), entry);
		}
		for (const demonym of new Set([c.demonym, c.demonymF])) {
			if (!demonym || /\s/.test(demonym)) continue;
			add(demonym, { type: 'NORP', canonical: c.demonym, source: 'norp' });
			const plural = /(?:ese|ss|sh|ch|i|Thai|Swiss)$/.test(demonym) ? demonym : `${demonym}s`;
			add(plural, { type: 'NORP', canonical: c.demonym, source: 'norp' });
		}
	}
	for (const [form, canonical] of data.demonyms) add(form, { type: 'NORP', canonical, source: 'norp' });
	for (const [form, canonical] of Object.entries(GROUP_WORDS)) add(form, { type: 'NORP', canonical, source: 'norp' });
	for (const [canonical, aliases] of PLACE_ALIASES) {
		countryNames.add(canonical);
		for (const alias of [canonical, ...aliases]) add(alias, { type: 'PLACE', canonical, source: 'alias' }, /^[A-Z.]+$/.test(alias) && alias.replace(/\./g, '').length <= 5);
	}
	for (const [canonical, aliases] of ORG_ALIASES) {
		for (const alias of [canonical, ...aliases]) add(alias, { type: 'ORG', canonical, source: 'alias' }, /^[A-Z.]+$/.test(alias) && alias.replace(/\./g, '').length <= 5);
	}
	let maxPhraseWords = 1;
	const phrasePrefixes = new Set<string>();
	for (const key of phrases.keys()) {
		let words = 1;
		for (let i = key.indexOf(' '); i >= 0; i = key.indexOf(' ', i + 1)) {
			words++;
			phrasePrefixes.add(key.slice(key.startsWith('=') ? 1 : 0, i).toLowerCase());
		}
		if (words > maxPhraseWords) maxPhraseWords = words;
	}
	const phraseFilter = new Uint32Array(1 << (FILTER_BITS - 5));
	for (const key of phrases.keys()) if (!key.startsWith('=')) setFilterBit(phraseFilter, key);
	const prefixFilter = new Uint32Array(1 << (FILTER_BITS - 5));
	for (const prefix of phrasePrefixes) setFilterBit(prefixFilter, prefix);
	const looseFilter = new Uint32Array(1 << (FILTER_BITS - 5));
	for (const key of loosePlaces.keys()) setFilterBit(looseFilter, key);
	cached = {
		phrases,
		phraseFilter,
		prefixFilter,
		looseFilter,
		loosePlaces,
		maxPhraseWords: Math.min(maxPhraseWords, 8),
		phrasePrefixes,
		firstNames: new Set(data.firstNames),
		lastNames: new Set(data.lastNames),
		commonWords,
		capitals,
		countryNames,
		countryOfDemonym,
	};
	return cached;
}

/**
 * Most capitalised words and word sequences of a text are in no gazetteer (names of people, ordinary words).
 * A bit set over hashes of all keys (2^FILTER_BITS bits, 128 KiB; about 30,000 keys set about 3% of them)
 * rejects such a phrase by hashing its key as it would be built, straight from the text: no slice, no key
 * string, no memo entry. A set bit proves nothing and the lookup proceeds as before.
 */
const FILTER_BITS = 20;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
/** keyFilterBit's answer for a span it cannot hash (a character outside ASCII): look it up. */
const UNFILTERED = -1;

/** Final mix of an FNV-1a hash, reduced to a bit index. */
function filterIndex(h: number): number {
	h ^= h >>> 16;
	h = Math.imul(h, 0x85ebca6b);
	h ^= h >>> 13;
	return h >>> (32 - FILTER_BITS);
}

function setFilterBit(filter: Uint32Array, key: string): void {
	let h = FNV_OFFSET;
	for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), FNV_PRIME);
	const bit = filterIndex(h);
	filter[bit >>> 5] |= 1 << (bit & 31);
}

/** Whether a bit index from keyFilterBit may stand for a key of the filter. */
function mayHold(filter: Uint32Array, bit: number): boolean {
	return bit < 0 || (filter[bit >>> 5] & (1 << (bit & 31))) !== 0;
}

/** Set by keyFilterBit: the span is written like an acronym (/^[A-Z.]+$/, at most five letters), which is looked up as written. */
let spanIsAcronym = false;

/**
 * The filter bit of phraseKey(text.slice(start, end)), hashed while the key is built in the same way as
 * slowPhraseKey does for ASCII (apostrophes dropped, lower case, hyphens and white space as one space,
 * trimmed), or UNFILTERED when the span has a non-ASCII character.
 */
function keyFilterBit(text: string, start: number, end: number): number {
	let h = FNV_OFFSET;
	let space = false;
	let empty = true;
	let acronym = true;
	let capitals = 0;
	for (let i = start; i < end; i++) {
		const c = text.charCodeAt(i);
		if (c >= 128) return UNFILTERED;
		if (c >= 65 && c <= 90) capitals++;
		else if (c !== 46) acronym = false;
		if (c === 39 || c === 96) continue;
		if (c === 45 || c === 32 || (c >= 9 && c <= 13)) {
			space = !empty;
			continue;
		}
		if (space) {
			h = Math.imul(h ^ 32, FNV_PRIME);
			space = false;
		}
		h = Math.imul(h ^ (c >= 65 && c <= 90 ? c + 32 : c), FNV_PRIME);
		empty = false;
	}
	spanIsAcronym = acronym && capitals <= 5 && end > start;
	return filterIndex(h);
}

/** lookupPhrase of text.slice(start, end); the span is sliced out only when its key may be a gazetteer phrase. */
export function lookupSpan(lexicon: Lexicon, text: string, start: number, end: number): LexEntry | undefined {
	const bit = keyFilterBit(text, start, end);
	// Acronyms are looked up as written ("=US"), which the filter does not hold.
	if (bit !== UNFILTERED && !spanIsAcronym && !mayHold(lexicon.phraseFilter, bit)) return undefined;
	return cachedLookup(lexicon, start === 0 && end === text.length ? text : text.slice(start, end));
}

/** startsPhrase of text.slice(start, end), sliced out only when the filter cannot rule it out. */
export function startsPhraseSpan(lexicon: Lexicon, text: string, start: number, end: number): boolean {
	if (!mayHold(lexicon.prefixFilter, keyFilterBit(text, start, end))) return false;
	return cachedStartsPhrase(lexicon, start === 0 && end === text.length ? text : text.slice(start, end));
}

const lookupCache = new Memo<LexEntry | null>();

/** Looks a phrase up: short all-capital acronyms match case-sensitively ("US" but not "us"), everything else by phraseKey. */
export function lookupPhrase(lexicon: Lexicon, text: string): LexEntry | undefined {
	return lookupSpan(lexicon, text, 0, text.length);
}

function cachedLookup(lexicon: Lexicon, text: string): LexEntry | undefined {
	let hit = lookupCache.get(text);
	if (hit === undefined) {
		hit = uncachedLookup(lexicon, text) ?? null;
		// Names repeat across a corpus; a bounded memo keeps lookups cheap without growing forever.
		lookupCache.set(text, hit);
	}
	return hit ?? undefined;
}

const prefixCache = new Memo<boolean>();

/** Whether some longer gazetteer phrase starts with this text ("United" starts "United States"); memoised like lookups. */
export function startsPhrase(lexicon: Lexicon, text: string): boolean {
	return startsPhraseSpan(lexicon, text, 0, text.length);
}

function cachedStartsPhrase(lexicon: Lexicon, text: string): boolean {
	let hit = prefixCache.get(text);
	if (hit === undefined) {
		hit = lexicon.phrasePrefixes.has(phraseKey(text));
		prefixCache.set(text, hit);
	}
	return hit;
}

const looseCache = new Memo<LexEntry | null>();

/** Key characters of the word looseFilterBit reads, reused from call to call. */
let looseLetters = new Uint16Array(64);

/**
 * The filter bit of looseKey(text) for one ASCII word (no white space or hyphen), hashed while the key is
 * built as looseKey builds it, or UNFILTERED for any other text.
 */
function looseFilterBit(text: string): number {
	if (looseLetters.length < text.length) looseLetters = new Uint16Array(text.length * 2);
	// phraseKey of one word: apostrophes dropped, lower case.
	let m = 0;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c >= 128 || c === 45 || c === 32 || (c >= 9 && c <= 13)) return UNFILTERED;
		if (c === 39 || c === 96) continue;
		looseLetters[m++] = c >= 65 && c <= 90 ? c + 32 : c;
	}
	// looseKey's letter rules for a single word ("ou" → "u", "ee" → "ie", final "h" dropped, doubled letters once).
	let h = FNV_OFFSET;
	let last = -1;
	for (let i = 0; i < m; i++) {
		let ch = looseLetters[i];
		const next = i + 1 < m ? looseLetters[i + 1] : -1;
		if (ch === 111 && next === 117) continue;
		if (ch === 101 && next === 101) ch = 105;
		if (ch === 104 && i === m - 1 && i > 0) continue;
		if (ch === last) continue;
		h = Math.imul(h ^ ch, FNV_PRIME);
		last = ch;
	}
	return filterIndex(h);
}

/** Looks a single word up among place names by its loose (transliteration-tolerant) key. */
export function lookupLoosePlace(lexicon: Lexicon, text: string): LexEntry | undefined {
	// Most unknown words are no place: the filter answers without the memo or the key.
	if (!mayHold(lexicon.looseFilter, looseFilterBit(text))) return undefined;
	let hit = looseCache.get(text);
	if (hit === undefined) {
		hit = lexicon.loosePlaces.get(looseKey(text)) ?? null;
		looseCache.set(text, hit);
	}
	return hit ?? undefined;
}

function uncachedLookup(lexicon: Lexicon, text: string): LexEntry | undefined {
	// Acronyms match only as written: "SANA" is not the city of Sana, "US" is not "us".
	if (/^[A-Z.]+$/.test(text) && text.replace(/\./g, '').length <= 5) return lexicon.phrases.get(`=${text}`);
	return lexicon.phrases.get(phraseKey(text));
}
