import * as assert from 'node:assert/strict';
import { findClaims, inferPublished, sentenceSpans } from '../../src/core/claims';
import type { Claim, EntityMention, Interval, NumberMention, Span } from '../../src/core/types';

const closed = (n: number): Interval => ({ low: n, high: n, lowInclusive: true, highInclusive: true });
const atLeast = (n: number): Interval => ({ low: n, high: null, lowInclusive: true, highInclusive: false });
const moreThan = (n: number): Interval => ({ low: n, high: null, lowInclusive: false, highInclusive: false });

/** A number mention for the first occurrence of `needle` in `text` (the number finder is tested on its own). */
function num(text: string, needle: string, value: Interval, extra: Partial<NumberMention> = {}): NumberMention {
	const start = text.indexOf(needle);
	assert.ok(start >= 0, needle);
	return { start, end: start + needle.length, text: needle, kind: 'number', value, ...extra };
}

function claims(text: string, numbers: NumberMention[] = [], options: { published?: string | null; entities?: EntityMention[]; boilerplate?: Span[] } = {}): Claim[] {
	return findClaims({ text, numbers, entities: options.entities ?? [], boilerplate: options.boilerplate ?? [], published: options.published ?? null });
}

const brief = (c: Claim): string => `${c.kind}|${c.text}|${c.counts ?? ''}`;

describe('sentenceSpans', () => {
	it('does not split after titles, initials and month abbreviations', () => {
		const text = 'Mr. Kerry met U.S. officials on Sept. 30 in Vienna. They talked.';
		assert.deepEqual(sentenceSpans(text).map((s) => text.slice(s.start, s.end)), ['Mr. Kerry met U.S. officials on Sept. 30 in Vienna.', 'They talked.']);
	});
});

describe('findClaims: counts', () => {
	it('takes the counted noun phrase after the figure', () => {
		const text = 'Its warplanes had flown 46 combat sorties in the previous day, attacking 83 ground targets.';
		const out = claims(text, [num(text, '46', closed(46)), num(text, '83', closed(83))]);
		assert.deepEqual(out.map(brief), ['count|46 combat sorties|combat sorties', 'count|83 ground targets|ground targets']);
	});

	it('reads the noun after "of" for plural number words and keeps its complement in counts', () => {
		const text = 'The Kremlin says thousands of citizens of the former Soviet Union have gone to Syria.';
		const [c] = claims(text, [num(text, 'thousands', atLeast(2000))]);
		assert.equal(c.text, 'thousands of citizens');
		assert.equal(c.counts, 'citizens of the former Soviet Union');
		assert.deepEqual(c.value, atLeast(2000));
	});

	it('splits sub-claims and adds the casualty verb to what people-nouns count', () => {
		const text = 'At least 127 civilians, including 36 children and 34 women, have been killed by airstrikes.';
		const out = claims(text, [num(text, 'At least 127', atLeast(127)), num(text, '36', closed(36)), num(text, '34', closed(34))]);
		assert.deepEqual(out.map(brief), ['count|At least 127 civilians|civilians killed', 'count|36 children|children killed', 'count|34 women|women killed']);
		assert.deepEqual(out[0].value, atLeast(127));
	});

	it('implies "people" for a figure with no noun and takes the verb right before it', () => {
		const text = 'The war has killed 240,000 people and displaced millions.';
		const out = claims(text, [num(text, '240,000', closed(240000)), num(text, 'millions', atLeast(2000000))]);
		assert.deepEqual(out.map(brief), ['count|killed 240,000 people|people killed', 'count|displaced millions|people displaced']);
	});

	it('carries the noun of the previous figure to "N more"', () => {
		const text = 'They moved dozens of personnel and housing for hundreds more.';
		const out = claims(text, [num(text, 'dozens', atLeast(24)), num(text, 'hundreds', atLeast(200))]);
		assert.deepEqual(out.map(brief), ['count|dozens of personnel|personnel', 'count|hundreds more|personnel']);
	});

	it('applies a qualifier the number finder left outside its mention', () => {
		const text = 'Rockets killed more than 38 people.';
		const [c] = claims(text, [num(text, '38', closed(38))]);
		assert.deepEqual(c.value, moreThan(38));
	});

	it('marks hedged figures approximate but not round ones', () => {
		const text = 'A minimum of around 4,000 people joined. The war killed 240,000 people.';
		const out = claims(text, [num(text, '4,000', closed(4000), { approx: true }), num(text, '240,000', closed(240000), { approx: true })]);
		assert.deepEqual(out.map((c) => c.approx), [true, false]);
		assert.deepEqual(out[0].value, atLeast(4000));
	});

	it('ends the counted noun phrase before a verb', () => {
		const text = 'Then 3 rockets hit the town and 10 aid trucks arrived while 2 soldiers died.';
		const out = claims(text, [num(text, '3', closed(3)), num(text, '10', closed(10)), num(text, '2', closed(2))]);
		assert.deepEqual(out.map((c) => c.counts), ['rockets', 'aid trucks', 'soldiers killed']);
	});

	it('reads partitives: "three of his men", "2 of them", "half the population"', () => {
		const text = 'Aid reached 4 besieged towns, 2 of them near Damascus. At least three of his men died. Half the population fled.';
		const out = claims(text, [num(text, '4', closed(4)), num(text, '2', closed(2)), num(text, 'At least three', atLeast(3)), num(text, 'Half', closed(0.5))]);
		assert.deepEqual(out.map((c) => c.counts), ['besieged towns', 'besieged towns', 'men killed', 'population']);
	});

	it('reads the noun after "of" for fractions', () => {
		const text = 'Two-thirds of Syrians live in poverty.';
		const [c] = claims(text, [num(text, 'Two-thirds', { low: 2 / 3, high: 2 / 3, lowInclusive: true, highInclusive: true })]);
		assert.equal(c.counts, 'Syrians');
	});

	it('reads an age as "other", not as a duration', () => {
		const text = 'The 46-year-old commander was killed.';
		const [c] = claims(text, [num(text, '46', closed(46))]);
		assert.deepEqual([c.kind, c.text, c.counts], ['other', '46-year-old', 'years old']);
	});

	it('reads compound modifiers', () => {
		const text = 'They discussed the 60-page peace plan with the 22-nation contact group.';
		const out = claims(text, [num(text, '60', closed(60)), num(text, '22', closed(22))]);
		assert.deepEqual(out.map(brief), ['count|60-page peace plan|pages', 'count|22-nation contact group|nations']);
	});

	it('reads money and percentages', () => {
		const text = 'The plan costs $4 million, about 12% of the budget.';
		const out = claims(text, [num(text, '$4 million', closed(4000000)), num(text, '12%', closed(12), { kind: 'percent' })]);
		assert.deepEqual(out.map((c) => [c.kind, c.counts, c.approx]), [['money', 'dollars', false], ['percent', 'budget', true]]);
	});
});

describe('findClaims: units, currencies and measurements', () => {
	it('keeps the whole hyphenated compound unit', () => {
		const text = 'A 150-basis-point cut and a 3-lane-mile road were approved.';
		const out = claims(text, [num(text, '150', closed(150)), num(text, '3', closed(3))]);
		assert.deepEqual(out.map(brief), ['count|150-basis-point cut|basis points', 'count|3-lane-mile road|lane miles']);
	});

	it('puts a hedge or qualifier written before a currency sign or code into the span', () => {
		const text = 'Repairs cost roughly €40 million, and more than Rp 9 billion went to schools.';
		const out = claims(text, [num(text, '40 million', closed(40e6)), num(text, '9 billion', closed(9e9))]);
		assert.deepEqual(
			out.map((c) => [c.text, c.kind, c.counts, c.approx, c.value.low, c.value.lowInclusive]),
			[
				['roughly €40 million', 'money', 'euros', true, 40e6, true],
				['more than Rp 9 billion', 'money', 'rupiah', false, 9e9, false],
			],
		);
	});

	it('reads money in any currency: names after the figure, signs and codes before it', () => {
		const text = 'Fines of 500 million won, 20 billion naira, ₺3 million, US$2 million and 80,000 zlotys were paid.';
		const out = claims(text, ['500 million', '20 billion', '3 million', '2 million', '80,000'].map((n) => num(text, n, closed(1))));
		assert.deepEqual(out.map((c) => [c.kind, c.counts]), [['money', 'won'], ['money', 'naira'], ['money', 'lira'], ['money', 'dollars'], ['money', 'zlotys']]);
	});

	it('reads a rate straight after a figure as a measurement', () => {
		const text = 'The peso weakened to 19.8 per dollar, while rents rose.';
		const [c] = claims(text, [num(text, '19.8', closed(19.8))]);
		assert.deepEqual([c.text, c.kind, c.counts], ['19.8 per dollar', 'other', 'per dollar']);
	});

	it('reads earthquake magnitudes as measurements, not counts', () => {
		const text = 'A magnitude 5.8 tremor followed the 7.1-magnitude quake.';
		const out = claims(text, [num(text, '5.8', closed(5.8)), num(text, '7.1', closed(7.1))]);
		assert.deepEqual(out.map(brief), ['other|magnitude 5.8|magnitude', 'other|7.1-magnitude|magnitude']);
	});
});

describe('findClaims: what a percentage is of', () => {
	it('reads the rate a percentage is the level of, before a linking verb or preposition', () => {
		const text = 'Youth unemployment climbed to 31% in May. The central bank set its deposit rate at 4.5% from 3.25%.';
		const out = claims(text, ['31%', '4.5%', '3.25%'].map((n) => num(text, n, closed(Number(n.slice(0, -1))), { kind: 'percent' })));
		assert.deepEqual(out.filter((c) => c.kind === 'percent').map((c) => c.counts), ['Youth unemployment', 'deposit rate', 'deposit rate']);
	});

	it('skips modal verbs before the linking verb', () => {
		const text = 'Officials warn that unemployment could exceed 12% next year.';
		const [c] = claims(text, [num(text, '12%', closed(12), { kind: 'percent' })]);
		assert.equal(c.counts, 'unemployment');
	});

	it('leaves the noun unset when the sentence does not say what the percentage is of', () => {
		const text = 'Shares gained, closing up 3% after the announcement.';
		const [c] = claims(text, [num(text, '3%', closed(3), { kind: 'percent' })]);
		assert.equal(c.counts, null);
	});
});

describe('findClaims: context for grouping', () => {
	it('gives each claim the span of its sentence', () => {
		const text = 'Talks began. Raids killed 18 people in Raqqa. More later.';
		const [c] = claims(text, [num(text, '18', closed(18))]);
		assert.equal(text.slice(c.sentence!.start, c.sentence!.end), 'Raids killed 18 people in Raqqa.');
	});
});

describe('findClaims: what is not a claim', () => {
	it('skips anaphoric small numbers, "one of" idioms and digits inside names', () => {
		const text = 'The two had discussed it. It is one of the allies. A Tu-22M3 bomber flew. Those two problems remain.';
		const out = claims(text, [num(text, 'two', closed(2)), num(text, 'one', closed(1)), num(text, '22', closed(22)), num(text, 'two problems'.slice(0, 3), closed(2))]);
		assert.deepEqual(out, []);
	});

	it('skips clock times and numbered identifiers', () => {
		const text = 'At 10:30 a.m. the council passed Resolution 2254 under Article 5.';
		const five = { ...num(text, '5.', closed(5)), end: text.indexOf('5.') + 1, text: '5' };
		const out = claims(text, [num(text, '10', closed(10)), num(text, '30', closed(30)), num(text, '2254', closed(2254)), five]);
		assert.deepEqual(out, []);
	});

	it('extracts nothing inside page chrome', () => {
		const text = 'Sign up for 3 newsletters\nThe town saw 5 strikes.';
		const out = claims(text, [num(text, '3', closed(3)), num(text, '5', closed(5))], { boilerplate: [{ start: 0, end: 25 }] });
		assert.deepEqual(out.map((c) => c.text), ['5 strikes']);
	});
});

describe('findClaims: pronouns and verbs after plural number words', () => {
	it('skips "one" used as a pronoun but keeps "at least one" and "only one"', () => {
		const text = 'The city refused to build one. At least one was damaged, and only one remains open.';
		const out = claims(text, ['one', 'one was', 'one remains'].map((n) => num(text, n, closed(1), { end: text.indexOf(n) + 3, text: 'one' })));
		assert.deepEqual(out.map((c) => [c.text, c.value.low, c.value.high]), [['At least one', 1, null], ['one', 1, 1]]);
	});

	it('does not take a verb for the counted noun after a plural number word', () => {
		const text = 'Hundreds queued for water while thousands slept in cars.';
		const out = claims(text, [num(text, 'Hundreds', atLeast(200)), num(text, 'thousands', atLeast(2000))]);
		assert.deepEqual(out.map(brief), ['count|Hundreds|people', 'count|thousands|people']);
	});
});

describe('findClaims: adjacent figures', () => {
	it('reads "N of the M nouns" as two figures that count the same noun', () => {
		const text = 'Only 120 of the 800 registered voters turned out.';
		const out = claims(text, [num(text, '120', closed(120)), num(text, '800', closed(800))]);
		assert.deepEqual(out.map(brief), ['count|120|registered voters', 'count|800 registered voters|registered voters']);
	});

	it('ends a counted noun phrase at the number word of the next figure', () => {
		const text = 'The team scored 40 points three weeks after the injury.';
		const out = claims(text, [num(text, '40', closed(40)), num(text, 'three', closed(3))]);
		assert.deepEqual(out.map(brief), ['count|40 points|points', 'duration|three weeks after|weeks']);
	});
});

describe('findClaims: durations, ordinals, dates', () => {
	it('reads durations with their unit, lead-in and "ago"', () => {
		const text = 'The conflict began more than four years ago. Raids in the last 24 hours, and a day after that, the past three years.';
		const out = claims(text, [num(text, 'more than four', moreThan(4)), num(text, '24', closed(24)), num(text, 'three', closed(3))]);
		assert.deepEqual(out.map(brief), ['duration|more than four years ago|years', 'duration|the last 24 hours|hours', 'duration|a day after|days', 'duration|the past three years|years']);
	});

	it('reads "one day after" like "a day after", though "one" alone before "day" is an idiom', () => {
		const text = 'The raid came one day after the vote.';
		const out = claims(text, [num(text, 'one', closed(1))]);
		assert.deepEqual(out.map(brief), ['duration|one day after|days']);
	});

	it('takes ordinal adjectives and predicates but not adverbial "first"', () => {
		const text = 'Talks will be first since May. Their first face-to-face talks. It is not the first time Moscow helped. Protesters first rose up. A third round of talks.';
		const out = claims(text).filter((c) => c.kind === 'ordinal');
		assert.deepEqual(out.map(brief), ['ordinal|will be first|Talks', 'ordinal|first face-to-face talks|face-to-face talks', 'ordinal|not the first time|time', 'ordinal|third round|round']);
		assert.deepEqual(out[2].value, moreThan(1));
	});

	it('takes an ordinal after a possessive even without a noun', () => {
		const out = claims("Kerry's trip, his second to Moscow this year, comes amid tension.").filter((c) => c.kind === 'ordinal');
		assert.deepEqual(out.map((c) => [c.text, c.value.low]), [['second', 2]]);
	});

	it('says what a date dates: the event noun before it, or after it when the date opens the sentence', () => {
		const out = claims('The meeting follows a visit to Moscow this week by the president. Last month, Iran helped broker a local cease-fire deal. In 2013 it rained.', [], { published: '2015-10-21' });
		assert.deepEqual(out.map((c) => [c.text, c.counts]), [['this week', 'date of visit'], ['Last month', 'date of cease-fire deal'], ['2013', null]]);
	});

	it('turns dates into claims that win over the numbers inside them', () => {
		const text = 'Strikes began Sept. 30 and the war began in March 2011.';
		const out = claims(text, [num(text, '30', closed(30)), num(text, '2011', closed(2011))], { published: '2015-10-21' });
		assert.deepEqual(out.map((c) => [c.kind, c.text, c.value.low, c.value.high]), [['date', 'Sept. 30', '2015-09-30', '2015-09-30'], ['date', 'March 2011', '2011-03-01', '2011-03-31']]);
	});

	it('keeps a relative date as a claim even when the publication date is unknown', () => {
		const out = claims('Iran brokered a deal last month.');
		assert.deepEqual(out.map((c) => [c.text, c.value.low, c.value.high]), [['last month', null, null]]);
	});
});

describe('findClaims: sources', () => {
	it('takes "according to" and prefers the name inside the phrase', () => {
		const text = '127 civilians were killed, according to the opposition Syrian Observatory for Human Rights.';
		assert.equal(claims(text, [num(text, '127', closed(127))])[0].source, 'Syrian Observatory for Human Rights');
	});

	it('takes the subject of a speech verb, without titles or articles', () => {
		const text = 'Mr. Putin added that 4,000 people fight there. Later, a US official said four jets landed.';
		const out = claims(text, [num(text, '4,000', closed(4000)), num(text, 'four', closed(4))]);
		assert.deepEqual(out.map((c) => c.source), ['Putin', 'US official']);
	});

	it('uses an entity canonical name when the subject is an entity', () => {
		const text = 'Putin said 4,000 people fight there.';
		const entities: EntityMention[] = [{ start: 0, end: 5, text: 'Putin', type: 'PERSON', canonical: 'Vladimir Putin' }];
		assert.equal(claims(text, [num(text, '4,000', closed(4000))], { entities })[0].source, 'Vladimir Putin');
	});

	it('resolves "the monitor said" and an appositive subject to the last source', () => {
		const text = 'Raids killed 18 people, the Syrian Observatory for Human Rights said. Raids left 53 people dead, the monitor said. The official, speaking anonymously, confirmed 4 jets.';
		const out = claims(text, [num(text, '18', closed(18)), num(text, '53', closed(53)), num(text, '4', closed(4))]);
		assert.deepEqual(out.map((c) => c.source), ['Syrian Observatory for Human Rights', 'Syrian Observatory for Human Rights', 'Syrian Observatory for Human Rights']);
	});

	it('resolves "he said" to a person cited before, and leaves "they said" uncited', () => {
		const text = 'Josh Earnest said talks were useful. He said 4 jets landed. The ministry said so. They said 5 jets left.';
		const out = claims(text, [num(text, '4', closed(4)), num(text, '5', closed(5))]);
		assert.deepEqual(out.map((c) => c.source), ['Josh Earnest', null]);
	});

	it('does not take a verb or object for a source', () => {
		const text = 'The official confirmed reports that four jets landed.';
		assert.equal(claims(text, [num(text, 'four', closed(4))])[0].source, 'official');
	});
});

describe('inferPublished', () => {
	it('leaves page chrome out when it infers the date', () => {
		const text = 'Photo: Putin meets Assad in Moscow, October 20, 2015.\nThe press reported Wednesday that they met.\n\nSubscribe to our newsletter\n\nDrones seen on April 13, 2024.\nKeep reading...Show less';
		assert.equal(inferPublished(text), '2015-10-21');
	});
});
