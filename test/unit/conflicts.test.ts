import * as assert from 'node:assert/strict';
import { findConflicts, judgeGroup, relate, roundingUnit, tolerantRange } from '../../src/core/conflicts';
import type { ClaimFeatures, ClaimRef, QuantityGroup } from '../../src/core/quantities';
import type { Claim, Interval } from '../../src/core/types';

const features = (scope: 'running' | 'event'): ClaimFeatures => ({
	head: 'person', event: 'killed', modifiers: [], scope, country: 'Syria', agent: '', eventDate: null, place: '', verb: '', actor: '', anchors: [], line: 1,
});

function figure(document: string, text: string, value: Interval, published: string | null, extra: Partial<Claim> = {}, scope: 'running' | 'event' = 'running'): ClaimRef {
	const claim: Claim = { start: 0, end: text.length, text, kind: 'count', value, approx: false, counts: 'people killed', source: null, ...extra };
	return { document, index: 0, claim, features: features(scope), published };
}

const exact = (n: number): Interval => ({ low: n, high: n, lowInclusive: true, highInclusive: true });
const moreThan = (n: number): Interval => ({ low: n, high: null, lowInclusive: false, highInclusive: false });
const days = (from: string, to: string): Interval => ({ low: from, high: to, lowInclusive: true, highInclusive: true });

function group(members: ClaimRef[], kind: Claim['kind'] = 'count', scope: 'running' | 'event' = 'running'): QuantityGroup {
	return { id: 'g', quantity: 'people killed', kind, scope, members };
}

describe('conflicts: which figures cannot all be true', () => {
	it('reads qualifiers as interval bounds: "more than 200,000" agrees with 240,000', () => {
		assert.equal(relate(figure('a', 'more than 200,000 lives', moreThan(200000), '2015-10-21'), figure('b', 'killed 240,000 people', exact(240000), '2015-09-18')), 'agree');
	});

	it('treats a round figure as a range: "240,000" agrees with "more than 240,000"', () => {
		assert.equal(roundingUnit(240000), 10000);
		assert.equal(roundingUnit(127), 0);
		assert.equal(roundingUnit(20), 0);
		assert.equal(relate(figure('a', 'killed 240,000 people', exact(240000), '2015-09-18'), figure('b', 'more than 240,000 people', moreThan(240000), '2015-09-18')), 'agree');
	});

	it('finds figures from two documents of the same week that cannot both be true', () => {
		const a = figure('a.txt', 'killed 240,000 people', exact(240000), '2015-09-18', { source: 'SOHR' });
		const b = figure('b.txt', 'killed 150,000 people', exact(150000), '2015-09-20');
		const conflict = judgeGroup(group([a, b]))!;
		assert.equal(conflict.verdict, 'conflict');
		assert.deepEqual(conflict.members.map((m) => m.document), ['a.txt', 'b.txt']);
		assert.deepEqual(conflict.pairs, [{ a: 0, b: 1, relation: 'conflict' }]);
	});

	it('marks running totals from reports months apart as time-shifted, not conflicting', () => {
		const a = figure('2015.txt', 'killed 240,000 people', exact(240000), '2015-09-18');
		const b = figure('2015b.txt', 'more than 200,000 lives', moreThan(200000), '2015-10-21');
		const c = figure('2016.txt', 'more than 470,000 dead', moreThan(470000), '2016-07-15');
		const conflict = judgeGroup(group([a, b, c]))!;
		assert.equal(conflict.verdict, 'time-shifted');
		assert.deepEqual(conflict.members.map((m) => m.document).sort(), ['2015.txt', '2016.txt']);
	});

	it('reports a contemporaneous disagreement even when the group also spans months', () => {
		const members = [
			figure('a.txt', 'killed 240,000 people', exact(240000), '2015-09-18'),
			figure('b.txt', 'more than 470,000 dead', moreThan(470000), '2016-07-15'),
			figure('c.txt', 'killed 90,000 people', exact(90000), '2015-09-19'),
		];
		const conflict = judgeGroup(group(members))!;
		assert.equal(conflict.verdict, 'conflict');
		assert.ok(conflict.pairs.some((p) => p.relation === 'conflict' && [conflict.members[p.a].document, conflict.members[p.b].document].sort().join() === 'a.txt,c.txt'));
	});

	it('gives the same verdicts for large groups (range tables) as for small ones (pair by pair)', () => {
		const many: ClaimRef[] = [];
		for (let i = 0; i < 20; i++) many.push(figure(`a${i}.txt`, 'killed 240,000 people', exact(240000), `2015-09-${String(10 + i).padStart(2, '0')}`));
		for (let i = 0; i < 20; i++) many.push(figure(`b${i}.txt`, 'more than 470,000 dead', moreThan(470000), `2016-07-${String(1 + i).padStart(2, '0')}`));
		const shifted = judgeGroup(group(many))!;
		assert.equal(shifted.verdict, 'time-shifted');
		assert.equal(shifted.members.length, 40);
		many.push(figure('planted.txt', 'killed 100,000 people', exact(100000), '2015-09-15'));
		const conflict = judgeGroup(group(many))!;
		assert.equal(conflict.verdict, 'conflict');
		const conflicting = conflict.pairs.filter((p) => p.relation === 'conflict').map((p) => [conflict.members[p.a].document, conflict.members[p.b].document]);
		assert.ok(conflicting.length > 0 && conflicting.every((docs) => docs.includes('planted.txt')));
	});

	it('judges a group the same whether its members come in document order (as grouping gives them) or not', () => {
		for (const documents of [5, 30]) {
			const members: ClaimRef[] = [];
			for (let d = 0; d < documents; d++) {
				// Two figures per document, a few far off, dates spread over two months.
				for (const [start, value] of [[10, d % 7 === 3 ? 90000 : 240000], [200, d % 11 === 5 ? 470000 : 250000]]) {
					const ref = figure(`doc${String(d).padStart(2, '0')}.txt`, `killed ${value} people`, exact(value), `2015-${d % 2 ? '09' : '11'}-${String(1 + (d % 28)).padStart(2, '0')}`);
					ref.claim = { ...ref.claim, start, end: start + 20 };
					members.push(ref);
				}
			}
			const inOrder = judgeGroup(group(members));
			const shuffled = judgeGroup(group([...members].reverse().sort((a, b) => (a.claim.start % 3) - (b.claim.start % 3) || a.document.length - b.document.length)));
			assert.ok(inOrder && shuffled && inOrder.pairs.length > 0, `${documents} documents: some figures disagree`);
			// Pair by pair, every disagreeing pair is listed: the same whatever the order. A large group lists one
			// witness per figure, and which of several equal witnesses depends on the order, so there the verdict,
			// the order of the members and the pairs' documents are compared.
			if (members.length <= 24) assert.deepEqual(shuffled, inOrder, `${documents} documents`);
			for (const result of [inOrder, shuffled]) {
				assert.equal(result.verdict, inOrder.verdict);
				const keys = result.members.map((m) => `${m.document}#${String(m.claim.start).padStart(4, '0')}`);
				assert.deepEqual(keys, [...keys].sort(), 'members by document, then offset');
				assert.ok(result.pairs.every((p) => result.members[p.a].document !== result.members[p.b].document), 'no pair inside one document');
			}
		}
	});

	it('compares dates as ranges: "late September" agrees with "Sept. 30", not with "early August"', () => {
		const date = (doc: string, text: string, v: Interval) => figure(doc, text, v, '2015-10-01', { kind: 'date', counts: null });
		const late = date('a.txt', 'late September', days('2015-09-21', '2015-09-30'));
		const sept30 = date('b.txt', 'Sept. 30', days('2015-09-30', '2015-09-30'));
		const august = date('c.txt', 'early August', days('2015-08-01', '2015-08-10'));
		assert.equal(judgeGroup(group([late, sept30], 'date')), null);
		assert.equal(judgeGroup(group([late, august], 'date'))?.verdict, 'conflict');
	});

	it('does not report disagreements inside one document', () => {
		const a = figure('a.txt', 'killed 18 people', exact(18), '2015-09-18');
		const b = figure('a.txt', 'killed 53 people', exact(53), '2015-09-18');
		assert.equal(judgeGroup(group([a, b])), null);
	});

	it('leaves undated running totals alone rather than guess', () => {
		const a = figure('a.txt', 'killed 240,000 people', exact(240000), null);
		const b = figure('b.txt', 'killed 150,000 people', exact(150000), '2015-09-18');
		assert.equal(judgeGroup(group([a, b])), null);
	});

	it('gives hedged figures a margin: "about 100" agrees with 110 but not with 200', () => {
		const about = figure('a.txt', 'about 100 people', exact(100), '2015-09-18', { approx: true }, 'event');
		assert.deepEqual(tolerantRange(about.claim), { low: 50, high: 150, lowInclusive: true, highInclusive: true });
		assert.equal(judgeGroup(group([about, figure('b.txt', '110 people', exact(110), '2015-09-18', {}, 'event')], 'count', 'event')), null);
		assert.equal(judgeGroup(group([about, figure('b.txt', '230 people', exact(230), '2015-09-18', {}, 'event')], 'count', 'event'))?.verdict, 'conflict');
	});

	it('judges a group of 20,000 reports in near-linear time and finds the one planted outlier', function () {
		this.timeout(60000);
		const reports = (n: number) => {
			const members: ClaimRef[] = [];
			for (let i = 0; i < n; i++) {
				const day = new Date(Date.UTC(2015, 0, 1) + (i % 700) * 86400000).toISOString().slice(0, 10);
				members.push(figure(`d${i}.txt`, 'more than 200,000 people', moreThan(200000 + (i % 700) * 100), day));
			}
			members.push(figure('planted.txt', 'killed 90,000 people', exact(90000), '2015-06-01'));
			return members;
		};
		// CPU time of this process (not wall-clock time), so a loaded machine does not make the test fail.
		const timed = (members: ClaimRef[]) => {
			const before = process.cpuUsage();
			const conflict = judgeGroup(group(members))!;
			const used = process.cpuUsage(before);
			return { conflict, ms: (used.user + used.system) / 1000 };
		};
		timed(reports(2000)); // warm-up
		const small = [timed(reports(2000)), timed(reports(2000))].sort((a, b) => a.ms - b.ms)[0];
		const large = timed(reports(20000));
		assert.equal(large.conflict.verdict, 'conflict');
		assert.ok(large.conflict.members.some((m) => m.document === 'planted.txt'));
		assert.ok(large.conflict.pairs.filter((p) => p.relation === 'conflict').every((p) => large.conflict.members[p.a].document === 'planted.txt' || large.conflict.members[p.b].document === 'planted.txt'));
		// Ten times the reports: a pairwise (n²) check would take about a hundred times longer; this must not.
		assert.ok(large.ms < Math.max(40 * small.ms, 500), `2,000 reports ${small.ms.toFixed(0)} ms, 20,000 reports ${large.ms.toFixed(0)} ms`);
	});

	it('lists conflicts before time-shifted groups', () => {
		const shifted = group([figure('a', 'x', exact(240000), '2015-01-01'), figure('b', 'y', exact(470000), '2016-07-01')]);
		const conflicting = { ...group([figure('c', 'x', exact(240000), '2015-01-01'), figure('d', 'y', exact(100000), '2015-01-02')]), id: 'h', quantity: 'zz' };
		assert.deepEqual(findConflicts([shifted, conflicting]).map((c) => c.verdict), ['conflict', 'time-shifted']);
	});
});
