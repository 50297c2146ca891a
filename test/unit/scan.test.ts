import * as assert from 'node:assert/strict';
import { ORDINAL_DIGITS_GROUP, ORDINAL_GROUP, scanText } from '../../src/core/scan';

describe('scanText', () => {
	const text =
		'On Friday, October 21st, 2015, the monitor said a day after the third strike that 12 people died, ' +
		'according to officials. Talks resume next week; Mayday and Fridays are not weekdays.';
	const words = (list: RegExpExecArray[]): string[] => list.map((m) => m[0]);

	it('sorts date anchors, weekdays and claim cues found in one pass', () => {
		const scan = scanText(text);
		assert.deepEqual(words(scan.anchors), ['October', '2015', 'next week']);
		assert.deepEqual(words(scan.weekdays), ['Friday']);
		assert.deepEqual(words(scan.ordinals), ['21st', 'third']);
		assert.deepEqual(words(scan.speech), ['said', 'according to']);
		assert.deepEqual(words(scan.durations), ['a day after']);
	});

	it('keeps the parts of an ordinal apart: the word, or the digits of "21st"', () => {
		const [digits, word] = scanText(text).ordinals;
		assert.equal(digits[ORDINAL_DIGITS_GROUP], '21');
		assert.equal(word[ORDINAL_GROUP], 'third');
		assert.equal(word[ORDINAL_DIGITS_GROUP], undefined);
	});

	it('gives offsets into the text and rescans a different text', () => {
		const first = scanText(text).speech[0];
		assert.equal(text.slice(first.index, first.index + 4), 'said');
		assert.deepEqual(words(scanText('He told reporters in May 1999.').speech), ['told']);
		assert.deepEqual(words(scanText('He told reporters in May 1999.').anchors), ['May', '1999']);
	});
});
