import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { findEntities } from '../../src/core/entities';
import type { EntityMention, EntityType } from '../../src/core/types';

/** "text/TYPE" for every mention, in order. */
function tagged(text: string): string[] {
	return findEntities(text).map((e) => `${e.text}/${e.type}`);
}

/** The first mention with this text (and type, if given). */
function mention(text: string, surface: string, type?: EntityType): EntityMention {
	const found = findEntities(text).find((e) => e.text === surface && (!type || e.type === type));
	assert.ok(found, `no ${surface}${type ? `/${type}` : ''} in ${JSON.stringify(tagged(text))}`);
	return found;
}

describe('findEntities: unknown names in context (H3b)', () => {
	it('types an unknown name after a place word or a locative preposition as a place, not a person', () => {
		assert.deepEqual(tagged('Climbers were stranded on Mount Kerinci after the quake.'), ['Mount Kerinci/PLACE']);
		assert.deepEqual(tagged('Tourists slept on a hill on Pulau Weh overnight.'), ['Pulau Weh/PLACE']);
		assert.deepEqual(tagged('The ferry sank near Kepulauan Seribu on Friday.'), ['Kepulauan Seribu/PLACE']);
		assert.deepEqual(tagged('The storm hit the island of Sumbawa hardest.'), ['Sumbawa/PLACE']);
	});

	it('knows oceans, major seas and straits as places, and keeps a hyphenated region whole', () => {
		assert.deepEqual(tagged('Indonesia lies on a belt of fault lines around the Pacific.'), ['Indonesia/PLACE', 'Pacific/PLACE']);
		assert.deepEqual(tagged('Tankers waited in the Strait of Hormuz and the South China Sea.'), ['Strait of Hormuz/PLACE', 'South China Sea/PLACE']);
		assert.deepEqual(tagged('It is the busiest port in the Asia-Pacific region.'), ['Asia-Pacific/PLACE']);
	});

	it('reads a town that shares a currency name as the currency, unless the text puts something in it', () => {
		assert.deepEqual(tagged('Lira crisis: what it means for Turkey’s neighbours'), ['Turkey/PLACE']);
		assert.deepEqual(tagged('Rand slides as investors sell emerging markets.').filter((t) => t.endsWith('/PLACE')), []);
		assert.equal(mention('Aid workers arrived in Lira on Tuesday.', 'Lira').type, 'PLACE');
	});

	it('keeps a compass word with the unknown name it opens, even before a person cue', () => {
		assert.deepEqual(tagged('said Ahmad Sulaiman, the head of North Halmahera, who visited the camps.'), ['Ahmad Sulaiman/PERSON', 'North Halmahera/PLACE']);
		assert.deepEqual(tagged('He became governor of West Kalimantra province last year.'), ['West Kalimantra/PLACE']);
		// A compass word that is a known region on its own stays as it is.
		assert.deepEqual(tagged('The West Bank was calm.'), ['West Bank/PLACE']);
	});

	it('reads a dateline written in capitals as one place', () => {
		assert.deepEqual(tagged('EAST KUTAI, Indonesia — Rescuers searched on Monday.'), ['EAST KUTAI/PLACE', 'Indonesia/PLACE']);
	});

	it('joins ampersand firm names and names the employer of a professional', () => {
		assert.deepEqual(tagged('Analysts at Moody and Standard & Poor differ, and Ernst & Young agreed.').includes('Ernst/PERSON'), false);
		assert.deepEqual(tagged('Ratings firm AB&C Global cut the outlook.'), ['AB&C Global/ORG']);
		assert.deepEqual(tagged('"It helps," said Mira Osei, an economist at Kestrelbank in London.'), ['Mira Osei/PERSON', 'Kestrelbank/ORG', 'London/PLACE']);
	});

	it('takes "X and Y ... Agency" as one organisation when an ordinary word opens it', () => {
		assert.deepEqual(tagged('the Fish and Wildlife Management Agency said.'), ['Fish and Wildlife Management Agency/ORG']);
	});

	it('does not read ", which has 1,300 staff" as a person appositive, but keeps ", 45," as an age', () => {
		assert.deepEqual(tagged('the budget of Borderex, which has 1,300 staff, grew.'), []);
		assert.deepEqual(tagged('Border agency Borderex, the EU’s border agency, said so.'), ['Borderex/ORG', 'EU/ORG']);
		assert.deepEqual(tagged('Kofi Mensah, 45, said so.'), ['Kofi Mensah/PERSON']);
	});

	it('keeps titles out of a name after a hyphenated lower-case word', () => {
		assert.deepEqual(tagged('a one-week rate move that defied President Tayyip Erdoğan, who spoke.'), ['Tayyip Erdoğan/PERSON']);
	});

	it('reads the second byline name, even when its surname is an ordinary word', () => {
		assert.deepEqual(tagged('By Ayla Korkmaz and Simon Bright\n\nISTANBUL — The bank acted.').slice(0, 2), ['Ayla Korkmaz/PERSON', 'Simon Bright/PERSON']);
	});

	it('tags a lower-case "central bank" as an organisation', () => {
		assert.ok(tagged('The central bank raised rates.').includes('central bank/ORG'));
	});
});

describe('findEntities: menus, hyphens and repeated open words (H3b)', () => {
	it('never joins words across a column gap, so menu items are not one organisation', () => {
		assert.deepEqual(tagged('Markets  Opinion\nSearch  Subscribe\n'), []);
	});

	it('keeps a hyphenated place whole, in a breadcrumb too', () => {
		assert.deepEqual(tagged('Home › World › Asia-Pacific\n'), ['Asia-Pacific/PLACE']);
		assert.deepEqual(tagged('A US-Russia deal was signed.'), ['US/PLACE', 'Russia/PLACE']);
	});

	it('gives an open word the reading the document gives it elsewhere', () => {
		assert.deepEqual(tagged('Aid reached families on Halmahera. The quakes shook Halmahera for weeks.'), ['Halmahera/PLACE', 'Halmahera/PLACE']);
		assert.deepEqual(tagged('Rescuers worked in the hills above Tanjara overnight.'), ['Tanjara/PLACE']);
	});

	it('does not tag the ordinary-word title of a newsletter or podcast, but keeps an ordinary-word group name', () => {
		assert.deepEqual(tagged('Sign up for the Morning Brief newsletter today.'), []);
		assert.deepEqual(tagged('Rescuers from the White Helmets arrived.'), ['White Helmets/ORG']);
	});

	it('types a named bazaar as a place', () => {
		assert.deepEqual(tagged('Traders at the Grand Bazaar were worried.'), ['Grand Bazaar/PLACE']);
	});
});

describe('findEntities: regional demonyms and listed organisations (H3b)', () => {
	it('tags the demonym of a known region or province as NORP, but not a first name', () => {
		assert.deepEqual(tagged('Her Bavarian allies met Tuscan farmers and Californians.').filter((x) => x.endsWith('/NORP')), ['Bavarian/NORP', 'Californians/NORP']);
		assert.deepEqual(tagged('Julian Assange spoke.'), ['Julian Assange/PERSON']);
	});

	it('types an open word listed with a named organisation as an organisation', () => {
		assert.deepEqual(tagged('Rating agencies R&Q Global and Harbin cut ratings.'), ['R&Q Global/ORG', 'Harbin/PLACE']);
		assert.deepEqual(tagged('Rating agencies R&Q Global and Fitch cut ratings.'), ['R&Q Global/ORG', 'Fitch/ORG']);
	});
});

describe('findEntities: aliases defined in the text and shared surnames (H3b)', () => {
	const canonicals = (text: string): string[] => findEntities(text).map((e) => `${e.text}=${e.canonical}`);

	it('links "(ACRONYM)" and ", or ACRONYM" to the name before them, whatever language the initials come from, and every later use', () => {
		assert.deepEqual(canonicals('The Badan Pusat Statistik (BPS) said. BPS added.'), [
			'Badan Pusat Statistik=Badan Pusat Statistik',
			'BPS=Badan Pusat Statistik',
			'BPS=Badan Pusat Statistik',
		]);
		assert.deepEqual(canonicals('the National Relief Agency, or BNPX, said so. Officials at BNPX agreed.').filter((x) => x.startsWith('BNPX')), ['BNPX=National Relief Agency', 'BNPX=National Relief Agency']);
	});

	it('links a name given with "known as" or "dubbed" to the entity before it', () => {
		assert.deepEqual(canonicals('President Jose Ramos, widely known as Joram, visited. Joram said more.'), ['Jose Ramos=Jose Ramos', 'Joram=Jose Ramos', 'Joram=Jose Ramos']);
	});

	it('keeps two people who share a surname apart, and gives a bare surname to the one named last', () => {
		assert.deepEqual(canonicals('By Ayla Korkmaz. The move helps, said Inan Korkmaz, an economist. Korkmaz added that rates would rise.'), [
			'Ayla Korkmaz=Ayla Korkmaz',
			'Inan Korkmaz=Inan Korkmaz',
			'Korkmaz=Inan Korkmaz',
		]);
		// Spellings of one given name are one person.
		assert.deepEqual(canonicals('Sergey Lavrov met Sergei Lavrov.'), ['Sergey Lavrov=Sergey Lavrov', 'Sergei Lavrov=Sergey Lavrov']);
	});
});

describe('findEntities: spans', () => {
	it('leaves titles and honorifics outside a person span', () => {
		assert.deepEqual(tagged('Secretary of State Antony Blinken met Mr. Lapid on Monday.'), ['Antony Blinken/PERSON', 'Lapid/PERSON']);
		assert.deepEqual(tagged('Army Lt. Gen. Mark Milley spoke.'), ['Army/ORG', 'Mark Milley/PERSON']);
	});

	it('tags a nationality or country inside a title on its own', () => {
		assert.deepEqual(tagged('German Chancellor Olaf Scholz spoke to US Secretary of State Antony Blinken.'), [
			'German/NORP',
			'Olaf Scholz/PERSON',
			'US/PLACE',
			'Antony Blinken/PERSON',
		]);
	});

	it('never includes a possessive', () => {
		const m = mention('Turkey’s foreign policy changed, and France\'s did not.', 'Turkey');
		assert.equal(m.end - m.start, 6);
		assert.ok(findEntities("France's").some((e) => e.text === 'France'));
	});

	it('lets the longest name win: organisation names with of/for/on', () => {
		assert.deepEqual(tagged('A report by the European Council on Foreign Relations was cited.'), ['European Council on Foreign Relations/ORG']);
		assert.deepEqual(tagged('Analysts at the Institute for the Study of War disagreed.'), ['Institute for the Study of War/ORG']);
		assert.deepEqual(tagged('The Turkish Ministry of Foreign Affairs said so.'), ['Turkish Ministry of Foreign Affairs/ORG']);
	});

	it('keeps the entity part of hyphenated compounds', () => {
		assert.deepEqual(tagged('a U.S.-led coalition and a Kurdish-led force with anti-NATO slogans'), ['U.S./PLACE', 'Kurdish/NORP', 'NATO/ORG']);
		assert.deepEqual(tagged('The France-Germany summit began.'), ['France/PLACE', 'Germany/PLACE']);
	});

	it('keeps an organisation whole before a title, with its nationality', () => {
		assert.deepEqual(tagged('European Central Bank President Christine Lagarde spoke.'), ['European Central Bank/ORG', 'Christine Lagarde/PERSON']);
	});

	it('splits a country off an organisation that is named in full after it', () => {
		assert.deepEqual(tagged('the U.S. Federal Bureau of Investigation said'), ['U.S./PLACE', 'Federal Bureau of Investigation/ORG']);
	});

	it('handles em dashes without spaces, curly quotes and CRLF line ends', () => {
		const text = 'Leader Recep Tayyip Erdogan—his first visit—met “Erdogan’s critics”.\r\nANKARA — Turkish officials said.\r\n';
		const found = findEntities(text);
		for (const e of found) assert.equal(text.slice(e.start, e.end), e.text);
		assert.deepEqual(
			found.map((e) => `${e.text}/${e.type}`),
			['Recep Tayyip Erdogan/PERSON', 'Erdogan/PERSON', 'ANKARA/PLACE', 'Turkish/NORP'],
		);
		assert.equal(mention('BEIRUT — Officials in Beirut said.', 'BEIRUT').canonical, mention('BEIRUT — Officials in Beirut said.', 'Beirut').canonical);
	});

	it('joins name particles and initials into the name', () => {
		assert.deepEqual(tagged('He met Abu Mohammad al-Julani, a commander, and Ursula von der Leyen.'), ['Abu Mohammad al-Julani/PERSON', 'Ursula von der Leyen/PERSON']);
		assert.deepEqual(tagged('By George W. Bush, former president'), ['George W. Bush/PERSON']);
	});

	it('keeps apostrophes inside names but not possessives', () => {
		assert.deepEqual(tagged("Sean O'Brien met Sa'ad Hariri's aides."), ["Sean O'Brien/PERSON", "Sa'ad Hariri/PERSON"]);
	});

	it('joins particles that are also English words only with a hyphen', () => {
		assert.deepEqual(tagged('Fighting in Idlib as Turkish troops near Deir ez-Zor and As-Suwayda'), ['Idlib/PLACE', 'Turkish/NORP', 'Deir ez-Zor/PLACE', 'As-Suwayda/PLACE']);
	});

	it('reads a town-named word after an unknown name word as a surname, and a particle name after "in" as a place', () => {
		assert.equal(mention('The minister, Hulusi Akar, said so.', 'Hulusi Akar').type, 'PERSON');
		assert.equal(mention('Ten were killed in Maaret al-Numan.', 'Maaret al-Numan').type, 'PLACE');
	});

	it('skips capitalised ordinary words that open sentences, months and weekdays', () => {
		assert.deepEqual(tagged('Meanwhile, Officials said on Monday. However, Experts disagreed in September.'), []);
	});

	it('splits headlines at ordinary words', () => {
		assert.deepEqual(tagged('Turkish President Meets With Vladimir Putin In Sochi To Discuss Grain Deal'), ['Turkish/NORP', 'Vladimir Putin/PERSON', 'Sochi/PLACE']);
	});

	it('does not tag product names with model numbers', () => {
		assert.deepEqual(tagged('a Russian Sukhoi Su-24 jet'), ['Russian/NORP']);
	});

	it('splits a name broken by an editorial bracket into two mentions of one person', () => {
		const found = findEntities('Officials praised (Turkish President Recep) Erdogan and Recep Tayyip Erdogan.');
		assert.deepEqual(
			found.map((e) => `${e.text}/${e.type}/${e.canonical}`),
			['Turkish/NORP/Turkish', 'Recep/PERSON/Recep Tayyip Erdogan', 'Erdogan/PERSON/Recep Tayyip Erdogan', 'Recep Tayyip Erdogan/PERSON/Recep Tayyip Erdogan'],
		);
	});
});

describe('findEntities: types from context', () => {
	it('types unknown names from appositions', () => {
		assert.equal(mention('fighters with Suqour Halab, a rebel faction, advanced', 'Suqour Halab').type, 'ORG');
		assert.equal(mention('He was born in Kafr Zeita, a small town in the north.', 'Kafr Zeita').type, 'PLACE');
		assert.equal(mention('said Yasmin Haddad, a spokeswoman for the group.', 'Yasmin Haddad').type, 'PERSON');
	});

	it('types unknown names from "city of", "province" and "said"', () => {
		assert.equal(mention('the southern town of Tell Rifaat was shelled', 'Tell Rifaat').type, 'PLACE');
		assert.equal(mention('“We will stay,” said Omar Kassab.', 'Omar Kassab').type, 'PERSON');
		assert.equal(mention('Asked about it, Kerry said no.', 'Kerry').type, 'PERSON');
		assert.equal(mention('foes of the Maduro regime and the Bolsonaro administration', 'Maduro').type, 'PERSON');
		assert.equal(mention('foes of the Maduro regime and the Bolsonaro administration', 'Bolsonaro').type, 'PERSON');
	});

	it('types organisations from head words and the outlet that follows', () => {
		assert.equal(mention('the Popular Mobilisation Forces advanced', 'Popular Mobilisation Forces').type, 'ORG');
		assert.equal(mention('the Al-Akhbar newspaper reported', 'Al-Akhbar').type, 'ORG');
		assert.equal(mention('photo: AFP/Getty Images', 'AFP').type, 'ORG');
	});

	it('types transliterated Arabic organisation names from their words for front, army, liberation', () => {
		assert.equal(mention('fighters of Hayat Tahrir al-Sham and Jaish al-Islam', 'Hayat Tahrir al-Sham').type, 'ORG');
		assert.equal(mention('fighters of Hayat Tahrir al-Sham and Jaish al-Islam', 'Jaish al-Islam').type, 'ORG');
	});

	it('joins "X and Y Project" names and parliaments with "of"', () => {
		assert.deepEqual(tagged('data from the Armed Conflict Location and Event Data Project'), ['Armed Conflict Location and Event Data Project/ORG']);
		assert.deepEqual(tagged('He told the House of Commons on Monday.'), ['House of Commons/ORG']);
	});

	it('reads datelines in capitals as places, and a demonym that is also a country nickname as NORP', () => {
		assert.deepEqual(
			findEntities('DUBAI (Reuters) - The Saudi-led coalition said.').map((e) => `${e.text}/${e.type}/${e.canonical}`),
			['DUBAI/PLACE/Dubai', 'Reuters/ORG/Reuters', 'Saudi/NORP/Saudi'],
		);
	});

	it('types places named after a facility head, but not a city that merely locates it', () => {
		assert.deepEqual(tagged('jets at the Shayrat airbase'), ['Shayrat airbase/PLACE']);
		assert.deepEqual(tagged('jets at the Hama air base'), ['Hama/PLACE']);
		assert.deepEqual(tagged('flights from Ataturk International Airport'), ['Ataturk International Airport/PLACE']);
	});

	it('types places listed with known places', () => {
		const found = findEntities('Shelling hit Zabadani, Madaya and Homs.');
		assert.deepEqual(found.map((e) => `${e.text}/${e.type}`), ['Zabadani/PLACE', 'Madaya/PLACE', 'Homs/PLACE']);
	});

	it('tags NORP: nationalities, religions and political groups, with a singular canonical', () => {
		const found = findEntities('Sunni and Shia Muslims, Islamist fighters, Republicans and the Iranians.');
		assert.deepEqual(found.map((e) => `${e.text}/${e.type}/${e.canonical}`), [
			'Sunni/NORP/Sunni',
			'Shia/NORP/Shia',
			'Muslims/NORP/Muslim',
			'Islamist/NORP/Islamist',
			'Republicans/NORP/Republican',
			'Iranians/NORP/Iranian',
		]);
	});

	it('tags lower-case references to a specific ministry as ORG, with a nationality beside it', () => {
		assert.deepEqual(tagged('the French foreign ministry and the state department said'), ['French/NORP', 'foreign ministry/ORG', 'state department/ORG']);
	});

	it('qualifies a generic ministry with the country named just before it', () => {
		assert.equal(mention("Russia's Defence Ministry said", 'Defence Ministry').canonical, 'Defense Ministry (Russia)');
		assert.equal(mention('the Turkish foreign ministry said', 'foreign ministry').canonical, 'Foreign Ministry (Turkey)');
	});

	it('tags "the West" as a place and "Western" as NORP', () => {
		assert.equal(mention('a sign of defiance to the West', 'West').canonical, 'Western world');
		assert.equal(mention('Western diplomats said', 'Western').type, 'NORP');
	});
});

describe('findEntities: canonical names within a document', () => {
	it('gives surnames and first names the full name of the person named earlier', () => {
		const found = findEntities('Recep Tayyip Erdogan arrived. Later Erdogan said that Recep was tired. Mr. Erdogan left.');
		assert.deepEqual(new Set(found.filter((e) => e.type === 'PERSON').map((e) => e.canonical)), new Set(['Recep Tayyip Erdogan']));
	});

	it('resolves acronyms defined in brackets or by the initials of a name in the document', () => {
		const text = 'The Syrian Democratic Forces (SDF) advanced. The Organisation for the Prohibition of Chemical Weapons met. SDF fighters and OPCW inspectors';
		assert.equal(findEntities(text).filter((e) => e.text === 'SDF').every((e) => e.canonical === 'Syrian Democratic Forces'), true);
		assert.equal(mention(text, 'OPCW').canonical, 'Organisation for the Prohibition of Chemical Weapons');
	});

	it('maps well-known acronyms and aliases to one name', () => {
		const text = 'The Islamic State (IS), also called ISIL or Daesh, and the UN and United Nations; the US, U.S. and America.';
		const canon = (s: string): string => mention(text, s).canonical;
		assert.equal(canon('IS'), canon('Islamic State'));
		assert.equal(canon('ISIL'), canon('Daesh'));
		assert.equal(canon('UN'), canon('United Nations'));
		assert.equal(canon('US'), 'United States');
		assert.equal(canon('U.S.'), 'United States');
		assert.equal(canon('America'), 'United States');
	});

	it('gives a word of a named organisation its name ("Nusra" after "Nusra Front")', () => {
		assert.equal(mention('Jabhat Fateh Front fighters. Talks did not include Fateh.', 'Fateh').canonical, 'Jabhat Fateh Front');
	});

	it('reads "Washington" as the US government, except the newspaper', () => {
		assert.equal(mention('Washington has warned Ankara.', 'Washington').canonical, 'United States');
		assert.equal(mention('a report in The Washington Post said', 'Washington Post').type, 'ORG');
	});

	it('reads a capital as its government when it acts or is dealt with, and as the city otherwise', () => {
		assert.equal(mention('Ankara has rejected the plan.', 'Ankara').canonical, 'Turkey');
		assert.equal(mention('talks with Ankara resumed', 'Ankara').canonical, 'Turkey');
		assert.equal(mention("Ankara's offensive began", 'Ankara').canonical, 'Turkey');
		assert.equal(mention('He flew to Ankara on Monday.', 'Ankara').canonical, 'Ankara');
		assert.equal(mention('Officials in Ankara said', 'Ankara').canonical, 'Ankara');
	});

	it('reads a name followed by "province(s)" as the province, and "the city of" as the city', () => {
		const found = findEntities('Fighting spread in Idlib and Hama provinces. In the city of Idlib, shops shut. A commander in Hama said.');
		assert.deepEqual(found.map((e) => `${e.text}/${e.canonical}`), ['Idlib/Idlib Governorate', 'Hama/Hama Governorate', 'Idlib/Idlib', 'Hama/Hama Governorate']);
	});

	it('reads the Kremlin as a place when something happens in it, and as an organisation when it acts', () => {
		assert.deepEqual(
			findEntities('The Kremlin said talks at the Kremlin went well.').map((e) => `${e.text}/${e.type}`),
			['Kremlin/ORG', 'Kremlin/PLACE'],
		);
	});
});

describe('findEntities: robustness', () => {
	it('returns in-bounds, non-overlapping mentions whose text matches the document, for any input', () => {
		const alphabet = fc.constantFrom(...'Aa Bb Ss Uu. U.S. al- de of the Mr. , — ’s ( ) \r\n New York Syria Ministry of Defense ISIL “ ” 12 - '.split(' '));
		fc.assert(
			fc.property(fc.array(alphabet, { maxLength: 60 }), (parts) => {
				const text = parts.join(parts.length % 2 ? ' ' : '');
				const found = findEntities(text);
				let last = 0;
				for (const e of found) {
					assert.ok(e.start >= last && e.end > e.start && e.end <= text.length);
					assert.equal(text.slice(e.start, e.end), e.text);
					last = e.end;
				}
			}),
			{ numRuns: 300 },
		);
	});

	it('does work linear in the length of the text (CPU time, load-independent; wall-clock timing lives in npm run bench)', () => {
		const paragraph = 'Turkish President Recep Tayyip Erdogan met Vladimir Putin in Sochi, the Kremlin said, as the Syrian Observatory for Human Rights reported clashes in Idlib province. ';
		const small = paragraph.repeat(60);
		const large = paragraph.repeat(1200);
		findEntities(small);
		// CPU time of this process, not wall-clock time, so other processes on a loaded machine do not count.
		const cpuMs = (t: string): number => {
			const before = process.cpuUsage();
			findEntities(t);
			const used = process.cpuUsage(before);
			return (used.user + used.system) / 1000;
		};
		const smallMs = Math.min(cpuMs(small), cpuMs(small), cpuMs(small));
		const largeMs = Math.min(cpuMs(large), cpuMs(large));
		// 20 times the text: a quadratic pass would take about 400 times as long; allow 100 times plus a fixed slack.
		assert.ok(largeMs < smallMs * 100 + 250, `small ${smallMs.toFixed(1)} ms, large ${largeMs.toFixed(1)} ms`);
		// The output itself scales exactly: every repetition yields the same mentions.
		assert.strictEqual(findEntities(large).length, findEntities(small).length * 20);
	});
});
