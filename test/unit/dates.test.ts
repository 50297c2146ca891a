import * as assert from 'node:assert/strict';
import { findDates, findWeekdays, inferPublishedDate, resolveDate } from '../../src/core/dates';

/** "[low,high]" of the one date found in `text`, resolved against `published`. */
function one(text: string, published: string | null = null): string {
	const found = findDates(text, published);
	assert.equal(found.length, 1, `one date expected in ${JSON.stringify(text)}, got ${JSON.stringify(found.map((d) => d.text))}`);
	const v = found[0].value;
	return v ? `${found[0].text} [${v.low},${v.high}]` : `${found[0].text} null`;
}

describe('findDates', () => {
	it('reads full dates in both orders, with abbreviations', () => {
		assert.equal(one('a meeting in Moscow, Russia, October 20, 2015.'), 'October 20, 2015 [2015-10-20,2015-10-20]');
		assert.equal(one('on 12 September 2015 (AFP)'), '12 September 2015 [2015-09-12,2015-09-12]');
		assert.equal(one('began Sept. 30, 2015, officials said'), 'Sept. 30, 2015 [2015-09-30,2015-09-30]');
	});

	it('gives a year-less day the publication year, or the previous one when it would be far ahead', () => {
		assert.equal(one('began Sept. 30, officials', '2015-10-21'), 'Sept. 30 [2015-09-30,2015-09-30]');
		assert.equal(one('began Sept. 30, officials', null), 'Sept. 30 null');
		assert.equal(one('seized the town in March.', '2015-09-18'), 'March [2015-03-01,2015-03-31]');
		assert.equal(one('a target date of August', '2016-07-14'), 'August [2016-08-01,2016-08-31]');
	});

	it('resolves a year-less month by the direction of its clause', () => {
		assert.equal(one('The mayor, who faces a recount in May, spoke.', '2020-11-03'), 'May [2021-05-01,2021-05-31]');
		assert.equal(one('The curfew runs until February under the order.', '2021-09-10'), 'February [2022-02-01,2022-02-28]');
		assert.equal(one('The ferry will resume in July, the operator says.', '2019-03-15'), 'July [2019-07-01,2019-07-31]');
		assert.equal(one('Exports have fallen since November, data show.', '2019-10-02'), 'since November [2018-11-01,2018-11-30]');
		assert.equal(one('The contract was signed in December by both firms.', '2017-11-20'), 'December [2016-12-01,2016-12-31]');
		// Past and forward words together: the default rule (at most two months ahead) decides.
		assert.equal(one('The vote was scheduled for December by the board.', '2017-11-20'), 'December [2017-12-01,2017-12-31]');
		assert.equal(one('The vote was scheduled for June by the board.', '2017-11-20'), 'June [2017-06-01,2017-06-30]');
	});

	it('resolves month and year, and parts of months and years', () => {
		assert.equal(one('In September 2013, the administration'), 'September 2013 [2013-09-01,2013-09-30]');
		assert.equal(one('airstrikes in late September, a move', '2015-10-21'), 'late September [2015-09-21,2015-09-30]');
		assert.equal(one('in early February', '2016-07-14'), 'early February [2016-02-01,2016-02-10]');
		const mid = findDates('large parts of Iraq in mid-2014.')[0];
		assert.equal(mid.text, 'mid-2014');
		assert.deepEqual([mid.value?.low, mid.value?.high, mid.approx], ['2014-05-01', '2014-08-31', true]);
	});

	it('reads halves and quarters of a year', () => {
		assert.equal(one('In the first half of 2015, prices rose'), 'the first half of 2015 [2015-01-01,2015-06-30]');
		assert.equal(one('in the third quarter of 2016.'), 'the third quarter of 2016 [2016-07-01,2016-09-30]');
	});

	it('keeps "since" in the span of a year and reads decades', () => {
		assert.equal(one('suspended since 2014 in response'), 'since 2014 [2014-01-01,2014-12-31]');
		assert.equal(one('erupted in 2011 when'), '2011 [2011-01-01,2011-12-31]');
		assert.equal(one('since the 1990s.'), '1990s [1990-01-01,1999-12-31]');
	});

	it('does not take digits of large numbers or money for years', () => {
		assert.deepEqual(findDates('about 2,015 people and $2015 and 2015%').map((d) => d.text), []);
	});

	it('does not read the verb "may" or a name as a month', () => {
		assert.deepEqual(findDates('Officials may meet. May said so.').map((d) => d.text), []);
		assert.equal(one('elections in May.', '2016-07-14'), 'May [2016-05-01,2016-05-31]');
	});

	it('resolves relative weeks, months and years against the publication date', () => {
		assert.equal(one('a visit this week by', '2015-10-21'), 'this week [2015-10-19,2015-10-25]');
		assert.equal(one('a meeting last week in Riyadh', '2015-10-21'), 'last week [2015-10-12,2015-10-18]');
		assert.equal(one('Last month, Iran helped', '2015-10-21'), 'Last month [2015-09-01,2015-09-30]');
		assert.equal(one('a speech later this month to', '2015-09-18'), 'later this month [2015-09-18,2015-09-30]');
		assert.equal(one('losses earlier this year to', '2015-10-21'), 'earlier this year [2015-01-01,2015-10-21]');
		assert.equal(one('talks next month.', '2016-12-14'), 'next month [2017-01-01,2017-01-31]');
		assert.equal(one('a visit this week by', null), 'this week null');
	});
});

describe('resolveDate', () => {
	it('rejects impossible days', () => {
		assert.equal(resolveDate({ year: 2015, month: 2, day: 30 }, null), null);
	});
});

describe('findWeekdays', () => {
	it('marks weekdays in clauses about the future', () => {
		const w = findWeekdays('He met Putin on Thursday. Kerry is also to meet Lavrov on Friday. A meeting scheduled for Friday will go ahead.');
		assert.deepEqual(w.map((x) => [x.weekday, x.future]), [[4, false], [5, true], [5, true]]);
	});
});

describe('inferPublishedDate', () => {
	it('moves a caption date forward to the latest past weekday the article names', () => {
		const text = 'A plane at the airport on 12 September 2015 (AFP)\nThe White House said on Thursday it was open to talks.\nLater on Friday, an official said jets had landed.';
		assert.equal(inferPublishedDate(text), '2015-09-18');
	});

	it('takes a publication line or a dated dateline at the top as the date, without weekday shifting', () => {
		const stamped = 'Floods cut off valley towns\n\nPosted: March 3, 2021 09:15 GMT\n\nRain that began on Friday washed away two bridges, officials said on Saturday.';
		assert.equal(inferPublishedDate(stamped), '2021-03-03');
		const dateline = 'Port strike ends\n\nLAGOS, Nigeria, 14 May 2019 — Dockers returned on Thursday after talks on Sunday.';
		assert.equal(inferPublishedDate(dateline), '2019-05-14');
		const alone = 'By A. Writer\nJune 2, 2022\n\nThe vote held on Tuesday passed. A photo taken May 30, 2022 shows the hall.';
		assert.equal(inferPublishedDate(alone), '2022-06-02');
	});

	it('prefers a "Published" stamp to an "Updated" one', () => {
		const text = 'Updated April 9, 2020\nPublished April 7, 2020\n\nThe council met on Monday.';
		assert.equal(inferPublishedDate(text), '2020-04-07');
	});

	it('keeps the caption day when the article names no later weekday, ignoring future ones', () => {
		const text = 'Putin meets Kerry in Moscow, Russia, on July 14, 2016.\nKerry met Putin on Thursday. Kerry is also to meet Lavrov on Friday.';
		assert.equal(inferPublishedDate(text), '2016-07-14');
	});

	it('reads ISO dates and ignores dates in clauses about the future', () => {
		assert.equal(one('Published 2015-10-21 08:00'), '2015-10-21 [2015-10-21,2015-10-21]');
		const text = 'Photo taken on March 1, 2016.\nTalks are scheduled to resume on March 14, 2016, officials said.';
		assert.equal(inferPublishedDate(text), '2016-03-01');
	});

	it('leaves out excluded spans such as an appended story', () => {
		const article = 'Photo: a meeting in Moscow, October 20, 2015.\nThe press reported Wednesday that talks were held.\n';
		const tail = 'Drones seen on April 13, 2024 near the coast.';
		assert.equal(inferPublishedDate(article + tail, [{ start: article.length, end: article.length + tail.length }]), '2015-10-21');
	});

	it('returns null without a full date, or when a later year makes the full date history', () => {
		assert.equal(inferPublishedDate('Assad met Putin on Tuesday. Airstrikes began in late September.'), null);
		assert.equal(inferPublishedDate('The attacks of September 11, 2001 changed policy; in 2016 troops remain.'), null);
	});
});
