import * as assert from 'node:assert/strict';
import { findBoilerplate } from '../../src/core/chrome';

/** The 1-based numbers of the lines findBoilerplate covers. */
function chromeLines(text: string): number[] {
	const spans = findBoilerplate(text);
	const out: number[] = [];
	let offset = 0;
	text.split('\n').forEach((line, i) => {
		const start = offset;
		const end = offset + line.length;
		offset = end + 1;
		if (line.trim() && spans.some((s) => s.start < end && start < s.end)) out.push(i + 1);
	});
	return out;
}

const para = (n: number): string =>
	Array.from({ length: n }, (_, i) => `Officials said on Monday that talks over the ceasefire plan had made progress in round ${i + 1}, according to the ministry.`).join('\n\n');

describe('findBoilerplate', () => {
	it('marks a skip link at the top and nothing in plain prose', () => {
		assert.deepEqual(chromeLines(`Skip to main content\n\nHeadline about talks\n\n${para(3)}`), [1]);
		assert.deepEqual(chromeLines(`Headline about talks\n${para(4)}`), []);
	});

	it('marks template residue and teaser toggles', () => {
		assert.deepEqual(chromeLines(`${para(3)}\nKeep reading...Show less\n{{ }}`), [6, 7]);
	});

	it('marks short section headers of link lists but not a long sentence that starts alike', () => {
		const text = `${para(2)}\n\nMore from News\nMost Read`;
		assert.deepEqual(chromeLines(text), [5, 6]);
		const prose = `Related talks were held in Geneva last year between the parties, and officials said more meetings would follow soon after.\n${para(2)}`;
		assert.deepEqual(chromeLines(prose), []);
	});

	it('marks newsletter prompts but not reported speech that mentions a newsletter', () => {
		assert.deepEqual(chromeLines(`${para(2)}\n\nSign up to get the latest alerts in your inbox`), [5]);
		assert.deepEqual(chromeLines(`The editor said the newsletter would close after the vote.\n${para(2)}`), []);
	});

	it('marks copyright notices but not photo credits', () => {
		assert.deepEqual(chromeLines(`Image copyright AFP\n${para(2)}\n\n© 2024 Example News. All rights reserved.`), [6]);
	});

	it('takes a short line sandwiched between prompts as part of the promo box', () => {
		assert.deepEqual(chromeLines(`${para(3)}\n\nStart your day with our Newsletter\n\nKnow first.\n\nDelivered to your inbox every morning`), [7, 9, 11]);
	});

	it('marks a different story appended after the article (teaser markers and a second headline)', () => {
		const text = `${para(4)}\n\nSubscribe to our newsletter\n\nA Different Story About The Economy Entirely\n\nPrices rose sharply this spring across the region.\n\nKeep reading...Show less`;
		assert.deepEqual(chromeLines(text), [9, 11, 13, 15]);
	});

	it('marks an appended tail dated years after the article', () => {
		const text = `${para(4)} It happened in 2015.\n\nSubscribe to our newsletter\n\nOn April 13, 2024 another event happened far away and was reported in detail by many.`;
		assert.deepEqual(chromeLines(text), [9, 11]);
	});

	it('keeps a long article part after a mid-article "Read more" link and a title-case subhead', () => {
		const text = `${para(3)}\n\nRead more: background on the talks\n\nThe Road Ahead For The Peace Talks\n\n${para(4)}\n\nRead more`;
		assert.deepEqual(chromeLines(text), [7, 19]);
	});

	it('marks a trailing list of related links and dates after a section header', () => {
		const text = `${para(3)}\nSource: Reuters\nRelated Topics\nSyria\nRussia\nMore on this story\nWhat is left of Aleppo?\n2 March 2016`;
		assert.deepEqual(chromeLines(text), [7, 8, 9, 10, 11, 12]);
	});

	it('keeps short closing lines of an article that end as sentences', () => {
		const text = `${para(3)}\nAdvertisement\nThe talks resume on Monday.\nSource: Reuters\nTRT World and agencies`;
		assert.deepEqual(chromeLines(text), [6]);
	});

	it('marks a second story appended without chrome: a headline with a byline, dated years later', () => {
		const text = `${para(4)} It happened in 2015.\n\nHistory And Terror In The Skies Over Israel\nBy Jane Doe\nApril 13, 2024\nDrones were launched on Saturday night.`;
		assert.deepEqual(chromeLines(text), [9, 10, 11, 12]);
	});

	it('keeps a title-case subhead followed by later years when no byline or date line follows it', () => {
		const text = `${para(4)} It began in 2001.\n\nThe Road To A New Deal\nIn 2016 the talks resumed.`;
		assert.deepEqual(chromeLines(text), []);
	});

	it('marks a related-story link set between paragraphs, but not sub-heads, pull quotes or run-on paragraphs', () => {
		const long = para(1).replace(/\n/g, ' ') + ' ' + para(1).replace(/\n/g, ' ');
		const text = [long, '', 'Obama tells ISIL leaders they have “nowhere to hide”', '', long, '', 'Syria airbase', '', long, '', "'Fighting terrorism demands first the end of the conflict'", '', long, '', 'Meanwhile the envoy on Thursday discussed his peace proposals with the foreign minister in Damascus at length', '', long].join('\n');
		assert.deepEqual(chromeLines(text), [3]);
	});

	it('keeps article text that follows a mid-article promo', () => {
		const text = `${para(3)}\n\nSign up for our newsletter\n\n${para(3)}`;
		assert.deepEqual(chromeLines(text), [7]);
	});

	it('marks breadcrumbs but not prose that compares with ">"', () => {
		const text = `Home › Sport › Tennis\n\n${para(2)}\n\nNews » Europe\n\nThe ratio of imports > exports held for a third year, the office said.`;
		assert.deepEqual(chromeLines(text), [1, 7]);
	});

	it('keeps reporting credits and unpunctuated captions between paragraphs', () => {
		const long = para(1).replace(/\n/g, ' ') + ' ' + para(1).replace(/\n/g, ' ');
		const text = [long, '', 'Firefighters standing beside the burnt-out depot at dawn on Sunday', '', long, '', 'Additional reporting by Lena Park in Seoul and Omar Haddad', '', long].join('\n');
		assert.deepEqual(chromeLines(text), []);
	});

	it('marks a story appended after the end-of-article chrome: a sentence-case headline and a dateline', () => {
		const text = `${para(4)}\n\nShare this story\n\nKeep reading...Show less\n\nStorm batters northern coast as thousands lose power\n\nOSLO — Winds of more than 150 km/h tore roofs from 40 homes on Saturday, police said.\n\nKeep reading...Show less`;
		assert.deepEqual(chromeLines(text), [9, 11, 13, 15, 17]);
	});

	it('marks a story appended after a share prompt with a headline and a byline, no teaser needed', () => {
		const text = `${para(4)}\n\nShare this article\n\nCity council approves new tram line after long debate\n\nBy Jane Roe\n\nThe council voted 31 to 12 on Tuesday to fund the line.`;
		assert.deepEqual(chromeLines(text), [9, 11, 13, 15]);
	});

	it('keeps the article after a mid-article promo, a sub-head and a photo credit', () => {
		const text = `${para(6)}\n\nAdvertisement\n\nRebuilding the harbour front\n\nPhoto: Harbour Authority\n\n${para(2)}`;
		assert.deepEqual(chromeLines(text), [13]);
	});

	it('keeps closing credits after a share prompt instead of reading them as a link list', () => {
		const text = `${para(3)}\nShare this\nReporting by Lena Park\nEditing by Tom Black\nAdditional reporting by wires`;
		assert.deepEqual(chromeLines(text), [6]);
	});

	it('handles CRLF line ends', () => {
		const text = `Skip to content\r\n${para(2).replace(/\n/g, '\r\n')}`;
		const spans = findBoilerplate(text);
		assert.deepEqual(spans, [{ start: 0, end: 15 }]);
	});
});
