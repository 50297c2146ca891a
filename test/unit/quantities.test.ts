import * as assert from 'node:assert/strict';
import { applyCorrections, describeClaims, groupClaims, quantityKey, sentenceStarts, type ClaimRef } from '../../src/core/quantities';
import type { Analysis, Claim, EntityMention, EntityType } from '../../src/core/types';

/** A hand-made document: claims and entities are located by their text, as the extraction stages would report them. */
function doc(name: string, text: string, published: string | null, claims: Partial<Claim>[], entities: [string, EntityType, string?][] = []): ClaimRef[] {
	const findSpan = (needle: string) => {
		const start = text.indexOf(needle);
		assert.ok(start >= 0, `${needle} not in text`);
		return { start, end: start + needle.length };
	};
	const mentions: EntityMention[] = [];
	for (const [t, type, canonical] of entities) {
		for (let at = text.indexOf(t); at >= 0; at = text.indexOf(t, at + 1)) mentions.push({ start: at, end: at + t.length, text: t, type, canonical: canonical ?? t });
	}
	const fullClaims: Claim[] = claims.map((c) => ({
		...findSpan(c.text!), text: c.text!, kind: c.kind ?? 'count', value: c.value ?? { low: 1, high: 1, lowInclusive: true, highInclusive: true },
		approx: c.approx ?? false, counts: c.counts ?? null, source: c.source ?? null,
	}));
	const analysis: Analysis = { entities: mentions, claims: fullClaims, numbers: [], boilerplate: [], published };
	const features = describeClaims(text, analysis);
	return fullClaims.map((claim, index) => ({ document: name, index, claim, features: features[index], published }));
}

const exact = (n: number) => ({ low: n, high: n, lowInclusive: true, highInclusive: true });
const moreThan = (n: number) => ({ low: n, high: null, lowInclusive: false, highInclusive: false });

function groupOf(groups: ReturnType<typeof groupClaims>, ref: ClaimRef) {
	return groups.find((g) => g.members.includes(ref));
}

describe('quantities: grouping claims that measure the same thing', () => {
	it('groups a war death toll worded as people killed, lives and dead across documents', () => {
		const [a] = doc('a.txt', 'The civil war in Syria has killed 240,000 people and displaced millions.', '2015-09-18',
			[{ text: 'killed 240,000 people', counts: 'people killed', value: exact(240000) }], [['Syria', 'PLACE']]);
		const [b] = doc('b.txt', 'The Syrian war, which has cost more than 200,000 lives, goes on.', '2015-10-21',
			[{ text: 'more than 200,000 lives', counts: 'lives', value: moreThan(200000) }], [['Syrian', 'NORP']]);
		const [c] = doc('c.txt', 'The conflict in Syria has left more than 470,000 dead according to a research centre.', '2016-07-15',
			[{ text: 'more than 470,000 dead', counts: 'dead', value: moreThan(470000) }], [['Syria', 'PLACE']]);
		const groups = groupClaims([a, b, c]);
		const group = groupOf(groups, a)!;
		assert.deepEqual(group.members.map((m) => m.document).sort(), ['a.txt', 'b.txt', 'c.txt']);
		assert.equal(group.scope, 'running');
		assert.match(group.quantity, /people killed/);
	});

	it('keeps the displaced apart from the killed in the same sentence', () => {
		const refs = doc('a.txt', 'The war in Syria has killed 240,000 people and displaced 4 million people.', '2015-09-18', [
			{ text: 'killed 240,000 people', counts: 'people killed', value: exact(240000) },
			{ text: 'displaced 4 million people', counts: 'people displaced', value: exact(4e6) },
		], [['Syria', 'PLACE']]);
		const groups = groupClaims(refs);
		assert.notEqual(groupOf(groups, refs[0]), groupOf(groups, refs[1]));
	});

	it('does not group a running total of one country with that of another', () => {
		const [a] = doc('a.txt', 'The war in Syria has killed 240,000 people.', '2015-09-18', [{ text: 'killed 240,000 people', counts: 'people killed' }], [['Syria', 'PLACE']]);
		const [b] = doc('b.txt', 'The war in Yemen has killed 6,000 people.', '2015-09-18', [{ text: 'killed 6,000 people', counts: 'people killed' }], [['Yemen', 'PLACE']]);
		const groups = groupClaims([a, b]);
		assert.notEqual(groupOf(groups, a), groupOf(groups, b));
	});

	it('separates one day\u2019s toll in one city from another day\u2019s toll elsewhere', () => {
		const text = 'On Thursday, airstrikes on Raqqa killed 18 people, the monitor said. On Tuesday, rocket fire into Aleppo killed at least 38 people.';
		const refs = doc('a.txt', text, '2015-09-18', [
			{ text: 'killed 18 people', counts: 'people killed', value: exact(18) },
			{ text: 'at least 38 people', counts: 'people killed', value: { low: 38, high: null, lowInclusive: true, highInclusive: false } },
		], [['Raqqa', 'PLACE'], ['Aleppo', 'PLACE']]);
		assert.deepEqual(refs[0].features.eventDate, { from: '2015-09-17', to: '2015-09-17' });
		assert.deepEqual(refs[1].features.eventDate, { from: '2015-09-15', to: '2015-09-15' });
		const groups = groupClaims(refs);
		assert.notEqual(groupOf(groups, refs[0]), groupOf(groups, refs[1]));
	});

	it('matches the same event reported by two documents: same day and place, different wording', () => {
		const [a] = doc('a.txt', 'Barrel bombs dropped on Busra al-Sham on Thursday killed 21 civilians.', '2015-09-18',
			[{ text: 'killed 21 civilians', counts: 'civilians killed', value: exact(21) }], [['Busra al-Sham', 'PLACE']]);
		const [b] = doc('b.txt', 'At least 30 civilians died in barrel bomb attacks on Busra al-Sham yesterday.', '2015-09-18',
			[{ text: 'At least 30 civilians', counts: 'civilians', value: { low: 30, high: null, lowInclusive: true, highInclusive: false } }], [['Busra al-Sham', 'PLACE']]);
		const [c] = doc('c.txt', 'Barrel bombs dropped on Busra al-Sham on Wednesday killed 9 civilians.', '2015-09-18',
			[{ text: 'killed 9 civilians', counts: 'civilians killed', value: exact(9) }], [['Busra al-Sham', 'PLACE']]);
		const groups = groupClaims([a, b, c]);
		assert.equal(groupOf(groups, a), groupOf(groups, b));
		assert.notEqual(groupOf(groups, a), groupOf(groups, c), 'a different day is a different event');
	});

	it('never groups undated event figures across documents', () => {
		const [a] = doc('a.txt', 'Shelling of Homs killed 12 people.', null, [{ text: 'killed 12 people', counts: 'people killed' }], [['Homs', 'PLACE']]);
		const [b] = doc('b.txt', 'Shelling of Homs killed 40 people.', null, [{ text: 'killed 40 people', counts: 'people killed' }], [['Homs', 'PLACE']]);
		assert.equal(quantityKey(a).crossDocument, false);
		assert.notEqual(groupOf(groupClaims([a, b]), a), groupOf(groupClaims([a, b]), b));
	});

	it('folds nationality and plural: "four fighter jets" and "four Russian jets" count one thing, government and rebel troops do not', () => {
		const text = 'Russia deployed four fighter jets to Latakia on Friday. Officials saw four Russian jets at Latakia on Friday.';
		const refs = doc('a.txt', text, '2015-09-18', [
			{ text: 'four fighter jets', counts: 'fighter jets', value: exact(4) },
			{ text: 'four Russian jets', counts: 'Russian jets', value: exact(4) },
		], [['Russia', 'PLACE'], ['Latakia', 'PLACE'], ['Russian', 'NORP']]);
		assert.equal(refs[0].features.head, 'aircraft');
		const groups = groupClaims(refs);
		assert.equal(groupOf(groups, refs[0]), groupOf(groups, refs[1]));

		const troops = doc('b.txt', 'On Monday in Hama, 300 government troops and 200 rebel troops fought.', '2015-09-18', [
			{ text: '300 government troops', counts: 'government troops' },
			{ text: '200 rebel troops', counts: 'rebel troops' },
		], [['Hama', 'PLACE']]);
		const troopGroups = groupClaims(troops);
		assert.notEqual(groupOf(troopGroups, troops[0]), groupOf(troopGroups, troops[1]));
	});

	it('keeps one country\u2019s jets apart from another\u2019s, and ignores the cited source when finding the owner', () => {
		const [a] = doc('a.txt', 'A US official said Russia has deployed 28 fighter jets to Syria.', '2015-09-18',
			[{ text: '28 fighter jets', counts: 'fighter jets', source: 'A US official' }], [['US', 'PLACE', 'United States'], ['Russia', 'PLACE'], ['Syria', 'PLACE']]);
		const [b] = doc('b.txt', 'Russia has deployed 12 fighter jets to Syria, officials said.', '2015-09-19',
			[{ text: '12 fighter jets', counts: 'fighter jets' }], [['Russia', 'PLACE'], ['Syria', 'PLACE']]);
		const [c] = doc('c.txt', 'The United States has deployed 40 fighter jets to Syria.', '2015-09-19',
			[{ text: '40 fighter jets', counts: 'fighter jets' }], [['United States', 'PLACE'], ['Syria', 'PLACE']]);
		assert.equal(a.features.actor, 'Russia');
		const [ownerless] = doc('d.txt', 'So far 40 fighter jets have been deployed to Syria.', '2015-09-19', [{ text: '40 fighter jets', counts: 'fighter jets' }], [['Syria', 'PLACE']]);
		assert.equal(quantityKey(ownerless).crossDocument, false, 'nobody\u2019s jets are not matched with anybody\u2019s');
		const groups = groupClaims([a, b, c]);
		assert.equal(groupOf(groups, a), groupOf(groups, b));
		assert.notEqual(groupOf(groups, a), groupOf(groups, c));
	});

	it('matches the dates of one-off events across documents but not of meetings, which recur', () => {
		const date = (from: string) => ({ low: from, high: from, lowInclusive: true, highInclusive: true });
		const start = (name: string, text: string, when: string) => doc(name, text, '2015-10-21', [{ text: when, kind: 'date', value: date('2015-09-30') }], [['Russia', 'PLACE'], ['Syria', 'PLACE'], ['John Kerry', 'PERSON'], ['Sergei Lavrov', 'PERSON']])[0];
		const a = start('a.txt', 'Russia began air strikes in Syria on Sept. 30.', 'Sept. 30');
		const b = start('b.txt', 'Russia began its air campaign in Syria on Sept. 29.', 'Sept. 29');
		assert.equal(quantityKey(a).key, quantityKey(b).key);
		const dated = (name: string, text: string, counts: string) => doc(name, text, '2015-10-21', [{ text: '2011', kind: 'date', counts, value: { low: '2011-01-01', high: '2011-12-31', lowInclusive: true, highInclusive: true } }], [['Russia', 'PLACE'], ['Syria', 'PLACE']])[0];
		const campaign = dated('e.txt', 'Russia began air strikes in Syria in 2011.', 'date of air strikes');
		const war = dated('f.txt', 'Russia has backed Syria since the war began in 2011.', 'date of war');
		assert.notEqual(quantityKey(campaign).key, quantityKey(war).key, 'the start of a campaign is not the start of the war');
		const m1 = start('c.txt', 'John Kerry met Sergei Lavrov on Oct. 2.', 'Oct. 2');
		const m2 = start('d.txt', 'John Kerry met Sergei Lavrov on Oct. 9.', 'Oct. 9');
		assert.equal(quantityKey(m1).crossDocument, false);
		assert.notEqual(quantityKey(m1).key, quantityKey(m2).key);
	});

	it('splits sentences at full stops but not after abbreviations such as U.S. and Sept.', () => {
		const text = 'The U.S. said so on Sept. 30 in Vienna. Mr. Kerry left. Then he came back.';
		const starts = sentenceStarts(text);
		assert.deepEqual(starts.map((s) => text.slice(s, s + 4)), ['The ', 'Mr. ', 'Then']);
	});

	it('applies analysts\u2019 corrections: a merge of two groups and a split of one claim', () => {
		const [a] = doc('dir/a.txt', 'The war in Syria has killed 240,000 people.', '2015-09-18', [{ text: 'killed 240,000 people', counts: 'people killed' }], [['Syria', 'PLACE']]);
		const [b] = doc('dir/b.txt', 'The war in Syria has killed 250,000 people.', '2015-09-19', [{ text: 'killed 250,000 people', counts: 'people killed' }], [['Syria', 'PLACE']]);
		const [c] = doc('dir/c.txt', 'The war in Syria has displaced 4 million people.', '2015-09-19', [{ text: 'displaced 4 million people', counts: 'people displaced' }], [['Syria', 'PLACE']]);
		const automatic = groupClaims([a, b, c]);
		assert.equal(groupOf(automatic, a), groupOf(automatic, b));
		const split = applyCorrections(automatic, { groups: [], separate: [{ document: 'b.txt', text: 'killed 250,000 people' }] });
		assert.notEqual(groupOf(split, a), groupOf(split, b));
		const merged = applyCorrections(automatic, { groups: [{ quantity: 'war victims', members: [{ document: 'dir/a.txt', text: 'killed 240,000 people' }, { document: 'c.txt', text: 'displaced 4 million people' }] }], separate: [] });
		const g = groupOf(merged, a)!;
		assert.equal(g.quantity, 'war victims');
		assert.equal(g.corrected, true);
		assert.ok(g.members.includes(c));
		assert.ok(!g.members.includes(b));
	});

	it('gives the same group id on every run for the same claims', () => {
		const make = () => doc('a.txt', 'The war in Syria has killed 240,000 people.', '2015-09-18', [{ text: 'killed 240,000 people', counts: 'people killed' }], [['Syria', 'PLACE']]);
		assert.equal(groupClaims(make())[0].id, groupClaims(make())[0].id);
	});
});
