import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { findNumbers, outermost, parseNumber, parseOrdinal } from '../../src/core/numbers';
import type { NumberKind, NumberMention } from '../../src/core/types';

/** [text, low, high, lowInclusive, highInclusive] of the mentions of one kind, in order. */
function of(text: string, kind: NumberKind): [string, number | string | null, number | string | null, boolean, boolean][] {
	return findNumbers(text)
		.filter((m) => m.kind === kind)
		.map((m) => [m.text, m.value.low, m.value.high, m.value.lowInclusive, m.value.highInclusive]);
}

/** The texts and point values of the plain numbers. */
function numbers(text: string): [string, number | string | null][] {
	return findNumbers(text).filter((m) => m.kind === 'number').map((m) => [m.text, m.value.low]);
}

function only(text: string, kind: NumberKind): NumberMention {
	const found = findNumbers(text).filter((m) => m.kind === kind);
	assert.equal(found.length, 1, `${JSON.stringify(text)} gave ${JSON.stringify(found)}`);
	return found[0];
}

const approxOf = (text: string, kind: NumberKind = 'number'): boolean => Boolean(only(text, kind).approx);

describe('numbers: digits', () => {
	it('reads thousands separators, decimals and signs', () => {
		assert.deepEqual(numbers('It cost 240,000 lives.'), [['240,000', 240000]]);
		assert.deepEqual(numbers('A rate of 4.5 and a sum of 1,234.56.'), [['4.5', 4.5], ['1,234.56', 1234.56]]);
		assert.deepEqual(numbers('The low was -3 at night.'), [['-3', -3]]);
		assert.deepEqual(numbers('Population 1 414 021 100 people'), [['1 414 021 100', 1414021100]]);
		assert.deepEqual(numbers('Indian style 12,34,567 rupees'), [['12,34,567', 1234567]]);
	});

	it('keeps a hyphen between a word and digits out of the sign', () => {
		assert.deepEqual(numbers('the SCP-173 file'), [['173', 173]]);
		assert.deepEqual(numbers('in mid-2014'), [['2014', 2014]]);
	});

	it('splits lists and dotted chains into separate numbers', () => {
		assert.deepEqual(numbers('items 22,24,26'), [['22', 22], ['24', 24], ['26', 26]]);
		assert.deepEqual(numbers('host 10.0.0.1'), [['10', 10], ['0', 0], ['0', 0], ['1', 1]]);
		assert.deepEqual(numbers('dates 5/17/2018'), [['5', 5], ['17', 17], ['2018', 2018]]);
	});

	it('yields nothing for codes, times, units glued to digits and URLs', () => {
		assert.deepEqual(findNumbers('a Tupolev Tu-22M3 bomber'), []);
		assert.deepEqual(findNumbers('met at 10:30 on the G20 summit'), []);
		assert.deepEqual(findNumbers('180ml of liquid and a 29km road'), []);
		assert.deepEqual(findNumbers('see https://example.org/a?q=30%25%2020 now'), []);
	});

	it('does not treat digit ordinals as numbers', () => {
		assert.deepEqual(findNumbers('on May 4th'), []);
	});

	it('parses decimals exactly and skips version numbers', () => {
		assert.deepEqual(numbers('±1.66% of runs'), [['1.66', 1.66]]);
		assert.deepEqual(findNumbers('needs v2.0.0 or above'), []);
	});

	it('reads exponents and powers', () => {
		assert.equal(parseNumber('1.3e6'), 1300000);
		assert.equal(parseNumber('2.5^-1'), 0.4);
	});

	it('reports UTF-16 offsets', () => {
		const text = '😀 killed 46 people';
		const m = only(text, 'number');
		assert.equal(text.slice(m.start, m.end), '46');
		assert.equal(m.start, 10);
	});
});

describe('numbers: scales', () => {
	it('multiplies by scale words and abbreviations', () => {
		assert.deepEqual(numbers('more than 4 million refugees'), [['4 million', 4e6]]);
		assert.equal(parseNumber('1.2bn'), 1.2e9);
		assert.equal(parseNumber('3k'), 3000);
		assert.equal(parseNumber('2.33 k'), 2330);
		assert.equal(parseNumber('10 bln'), 1e10);
		assert.equal(parseNumber('1,674.5 million'), 1674500000);
		assert.equal(parseNumber('13 lakh'), 1300000);
		// Exact in decimal, not 4099999.9999999995.
		assert.equal(parseNumber('4.1 million'), 4100000);
		assert.equal(parseNumber('6.23x10^-4'), 0.000623);
	});

	it('reads a lower-case m as millions after a currency sign or before a counted plural, else as metres', () => {
		assert.deepEqual(numbers('a $5m grant'), [['5m', 5e6]]);
		assert.deepEqual(numbers('almost 4m refugees and 1.5m people'), [['4m', 4e6], ['1.5m', 1.5e6]]);
		assert.deepEqual(findNumbers('a 1m drop, a 10m wall, the 100m hurdles'), []);
	});

	it('does not read mobile-network generations as billions', () => {
		assert.deepEqual(findNumbers('a 5G network'), []);
	});
});

describe('numbers: number words', () => {
	it('composes cardinals with hyphens, "and" and scales', () => {
		assert.equal(parseNumber('twenty-one'), 21);
		assert.equal(parseNumber('one hundred and five'), 105);
		assert.equal(parseNumber('fifty - two'), 52);
		assert.equal(parseNumber('two hundred and two thousand'), 202000);
		assert.equal(parseNumber('twenty-one trillion and three hundred'), 21000000000300);
		assert.equal(parseNumber('ninety-five hundred'), 9500);
		assert.equal(parseNumber('3 hundred and 21'), 321);
	});

	it('reads dozens, couples and halves of scales', () => {
		assert.equal(parseNumber('a dozen'), 12);
		assert.equal(parseNumber('three dozens'), 36);
		assert.equal(parseNumber('half a dozen'), 6);
		assert.equal(parseNumber('a couple'), 2);
		assert.equal(parseNumber('half a million'), 500000);
		assert.equal(parseNumber('a hundred thousand'), 100000);
	});

	it('splits sequences that do not form one number', () => {
		assert.deepEqual(numbers('three-nought-four'), [['three', 3], ['nought', 0], ['four', 4]]);
		assert.deepEqual(numbers('3 hundred and 2 hundred'), [['3 hundred', 300], ['2 hundred', 200]]);
		assert.deepEqual(numbers('4000 3 hundred'), [['4000', 4000], ['3 hundred', 300]]);
	});

	it('reads decimals and negatives in words', () => {
		assert.equal(parseNumber('five point five'), 5.5);
		assert.equal(parseNumber('two hundred point zero three'), 200.03);
		assert.equal(parseNumber('minus five'), -5);
	});

	it('does not read "one" used as a pronoun', () => {
		assert.deepEqual(findNumbers('Which one do you prefer? The one you mentioned.'), []);
		assert.deepEqual(numbers('Russia is one of Assad’s allies'), [['one', 1]]);
	});

	it('does not read ordinals or articles as numbers', () => {
		assert.deepEqual(findNumbers('his first trip in the twenty-first century'), []);
		assert.deepEqual(findNumbers('a next of kin and a last resort'), []);
	});
});

describe('numbers: fractions', () => {
	it('reads fractions in words and digits', () => {
		assert.equal(parseNumber('two thirds'), 2 / 3);
		assert.equal(parseNumber('3/4'), 0.75);
		assert.equal(parseNumber('2 1/4'), 2.25);
		assert.equal(parseNumber('three quarters'), 0.75);
		assert.equal(parseNumber('one and a half'), 1.5);
		assert.equal(parseNumber('five and a half million'), 5500000);
		assert.equal(parseNumber('one hundred and three quarters'), 100.75);
		assert.equal(parseNumber('½'), 0.5);
	});

	it('reads ratios with over, out of and in', () => {
		assert.equal(parseNumber('one in five'), 0.2);
		assert.equal(parseNumber('3 out of 4'), 0.75);
		assert.deepEqual(numbers('earn $2000 over 3 years'), [['2000', 2000], ['3', 3]]);
		assert.deepEqual(numbers('killed 300 in 2008'), [['300', 300], ['2008', 2008]]);
		assert.deepEqual(numbers('12 in 30 days'), [['12', 12], ['30', 30]]);
	});

	it('reads slash fractions only with usual denominators', () => {
		assert.deepEqual(numbers('after the 9/11 attacks'), [['9', 9], ['11', 11]]);
		assert.deepEqual(numbers('news 24/7'), [['24', 24], ['7', 7]]);
		assert.deepEqual(numbers('1/100 of them'), [['1/100', 0.01]]);
	});

	it('reads "one in five" even after a determiner-like word', () => {
		assert.deepEqual(numbers('Only one in five Syrians'), [['one in five', 0.2]]);
	});

	it('does not read "half" as a number when it names a part', () => {
		assert.deepEqual(findNumbers('in the second half of the year, his half-brother'), []);
		assert.deepEqual(findNumbers('a quarter-century of war'), []);
	});

	it('reads "a third" as a fraction only where it is not an ordinal', () => {
		assert.deepEqual(numbers('a third of the city'), [['a third', 1 / 3]]);
		assert.deepEqual(findNumbers('for a third time'), []);
	});

	it('reads a bare "half" but not a bare "quarter"', () => {
		assert.deepEqual(numbers('more than half of them'), [['half', 0.5]]);
		assert.deepEqual(findNumbers('in the first quarter'), []);
	});
});

describe('numbers: qualifiers and ranges', () => {
	it('turns comparatives into open intervals', () => {
		assert.deepEqual(of('more than 200,000 lives', 'range'), [['more than 200,000', 200000, null, false, false]]);
		assert.deepEqual(of('at least 127 civilians', 'range'), [['at least 127', 127, null, true, false]]);
		assert.deepEqual(of('fewer than 50 people', 'range'), [['fewer than 50', null, 50, false, false]]);
		assert.deepEqual(of('less than a thousand', 'range'), [['less than a thousand', null, 1000, false, false]]);
		assert.deepEqual(of('cut up to 700 jobs', 'range'), [['up to 700', null, 700, false, true]]);
		assert.deepEqual(of('no more than 12 seats', 'range'), [['no more than 12', null, 12, false, true]]);
		assert.deepEqual(of('x >= 30', 'range'), [['>= 30', 30, null, true, false]]);
	});

	it('reads postfix qualifiers', () => {
		assert.deepEqual(of('500 or more people', 'range'), [['500 or more', 500, null, true, false]]);
		assert.deepEqual(of('five hundred or less', 'range'), [['five hundred or less', null, 500, false, true]]);
		assert.deepEqual(of('less than 5000 or equal', 'range'), [['less than 5000 or equal', null, 5000, false, true]]);
	});

	it('reads two-number ranges as [low, high)', () => {
		assert.deepEqual(of('between 20 and 35 people', 'range'), [['between 20 and 35', 20, 35, true, false]]);
		assert.deepEqual(of('from 20 to 35', 'range'), [['from 20 to 35', 20, 35, true, false]]);
		assert.deepEqual(of('aged 20-35', 'range'), [['20-35', 20, 35, true, false]]);
		assert.deepEqual(of('5 to 10 million', 'range'), [['5 to 10 million', 5e6, 1e7, true, false]]);
		assert.deepEqual(of('between the tenth and the fifteenth', 'range'), [['between the tenth and the fifteenth', 10, 15, true, false]]);
	});

	it('joins a lower and an upper bound, but only when they make an interval', () => {
		assert.deepEqual(of('more than 10 and less than 20', 'range'), [['more than 10 and less than 20', 10, 20, false, false]]);
		assert.deepEqual(of('more than 40 and less than 10', 'range'), [['more than 40', 40, null, false, false], ['less than 10', null, 10, false, false]]);
	});

	it('does not read phone numbers, years or inverted pairs as ranges', () => {
		assert.deepEqual(of('call +1-222-2222-2222', 'range'), []);
		assert.deepEqual(of('in 1995-01', 'range'), []);
		assert.deepEqual(of('a 3-2 vote', 'range'), []);
	});

	it('keeps hedges outside the span but marks the value approximate', () => {
		const m = only('a minimum of around 4,000 people', 'range');
		assert.equal(m.text, 'a minimum of around 4,000');
		assert.deepEqual(m.value, { low: 4000, high: null, lowInclusive: true, highInclusive: false });
		assert.equal(m.approx, true);
		assert.equal(only('around 4,000 people', 'number').text, '4,000');
		for (const hedge of ['about', 'around', 'some', 'roughly', 'nearly', 'almost', 'approximately']) {
			assert.equal(approxOf(`${hedge} 300 people`), true, hedge);
		}
		assert.equal(approxOf('killed 300 people'), false);
		assert.equal(approxOf('4,000 or so people'), true);
		assert.equal(approxOf('his 40-odd ministers'), true);
	});

	it('reads "several hundred" and "a few thousand" as at least two of the unit, never as 100', () => {
		assert.deepEqual(of('several hundred people', 'range'), [['several hundred', 200, null, true, false]]);
		assert.deepEqual(of('a few thousand troops', 'range'), [['a few thousand', 2000, null, true, false]]);
		assert.deepEqual(numbers('several hundred people'), []);
	});

	it('counts vague plurals as at least two of the unit', () => {
		assert.deepEqual(of('thousands of citizens', 'range'), [['thousands', 2000, null, true, false]]);
		assert.deepEqual(of('tens of thousands fled', 'range'), [['tens of thousands', 20000, null, true, false]]);
		assert.deepEqual(of('dozens of personnel', 'range'), [['dozens', 24, null, true, false]]);
	});
});

describe('numbers: percentages', () => {
	it('reads percent signs and words in percent units', () => {
		assert.deepEqual(of('rose 12%', 'percent'), [['12%', 12, 12, true, true]]);
		assert.deepEqual(of('twelve percent of voters', 'percent'), [['twelve percent', 12, 12, true, true]]);
		assert.deepEqual(of('12 per cent', 'percent'), [['12 per cent', 12, 12, true, true]]);
		assert.deepEqual(of('per cent of twenty-two', 'percent'), [['per cent of twenty-two', 22, 22, true, true]]);
	});

	it('reads qualified percentages and percentage ranges', () => {
		assert.deepEqual(of('more than 50% of', 'percent'), [['more than 50%', 50, null, false, false]]);
		assert.deepEqual(of('between 10 and 20 percent', 'percent'), [['between 10 and 20 percent', 10, 20, true, false]]);
		assert.deepEqual(of('10-20%', 'percent'), [['10-20%', 10, 20, true, false]]);
		assert.deepEqual(of('between 10 and 20 percent', 'range'), []);
	});
});

describe('numbers: API', () => {
	it('parseNumber rejects phrases that are not exactly one number', () => {
		assert.equal(parseNumber('four people'), null);
		assert.equal(parseNumber('people'), null);
		assert.equal(parseNumber(''), null);
	});

	it('parseOrdinal reads ordinal words and digits', () => {
		assert.equal(parseOrdinal('first'), 1);
		assert.equal(parseOrdinal('twenty-first'), 21);
		assert.equal(parseOrdinal('4th'), 4);
		assert.equal(parseOrdinal('hundredth'), 100);
		assert.equal(parseOrdinal('thirds'), null);
		assert.equal(parseOrdinal('four'), null);
	});

	it('outermost keeps ranges and drops the numbers inside them', () => {
		const all = findNumbers('at least 21 civilians and 4 women');
		assert.deepEqual(outermost(all).map((m) => [m.kind, m.text]), [['range', 'at least 21'], ['number', '4']]);
	});

	it('drops values that overflow a double', () => {
		assert.deepEqual(findNumbers('a 1e510 value'), []);
	});

	it('gives spans that match the text, finite values and non-overlapping plain numbers on any input', () => {
		const parts = ['one', 'two', 'hundred', 'and', 'a', 'half', 'thirds', '-', '–', ' ', '\n', '1', '22', '3,000', '4.5', '%', 'percent',
			'per cent', 'more than', 'at least', 'between', 'from', 'to', 'or', 'equal', 'less', 'k', 'M', 'bn', '/', '^', '1e5', '+', '=',
			'<', '>', '~', 'the tenth', 'twenty', 'point', 'zero', 'minus', 'dozen', 'of', 'million', 'over', 'in', 'out', '$', '½', ',',
			'.', 'thousands', 'tens', 'several', 'around', '10:30', 'Tu-22M3', 'é'];
		const texts = fc.array(fc.constantFrom(...parts), { maxLength: 16 }).map((a) => a.join(' '));
		fc.assert(fc.property(texts, (text) => {
			const found = findNumbers(text);
			let reach = -1;
			for (const m of found) {
				assert.ok(m.start < m.end && text.slice(m.start, m.end) === m.text, JSON.stringify(m));
				for (const b of [m.value.low, m.value.high]) assert.ok(b === null || Number.isFinite(b));
				if (m.kind === 'number') {
					assert.ok(m.start >= reach, `overlap in ${JSON.stringify(text)}`);
					reach = m.end;
				}
			}
		}), { numRuns: 500 });
	});

	it('finds the same mentions in a long text as in its parts', () => {
		const part = 'At least 127 civilians, including 36 children, and some 4,000 people; between 20 and 35 percent. ';
		const one = findNumbers(part).map((m) => [m.kind, m.text]);
		const many = findNumbers(part.repeat(50));
		assert.equal(many.length, one.length * 50);
		assert.deepEqual(many.slice(-one.length).map((m) => [m.kind, m.text]), one);
	});
});
