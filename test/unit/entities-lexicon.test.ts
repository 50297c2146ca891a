import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { getLexicon, lookupPhrase, lookupSpan, phraseKey, startsPhrase, startsPhraseSpan, type LexEntry } from '../../src/core/entities/lexicon';

const lexicon = getLexicon();

/** The gazetteer entry of a phrase read straight from the phrase table, with no filter or memo in between. */
function reference(text: string): LexEntry | undefined {
	if (/^[A-Z.]+$/.test(text) && text.replace(/\./g, '').length <= 5) return lexicon.phrases.get(`=${text}`);
	return lexicon.phrases.get(phraseKey(text));
}

describe('entity lexicon: look-ups of spans of a text', () => {
	it('finds a known phrase inside a text whatever its case, hyphens, apostrophes and line breaks', () => {
		const text = 'Talks in united-states\nof America, with al-Qaeda and São Paulo officials.';
		const at = (s: string): [number, number] => [text.indexOf(s), text.indexOf(s) + s.length];
		assert.equal(lookupSpan(lexicon, text, ...at('united-states\nof America'))?.canonical, 'United States');
		assert.equal(lookupSpan(lexicon, text, ...at('al-Qaeda'))?.canonical, 'al-Qaeda');
		assert.equal(lookupSpan(lexicon, text, ...at('São Paulo'))?.type, 'PLACE');
		assert.equal(lookupSpan(lexicon, text, ...at('Talks')), undefined);
		assert.equal(startsPhraseSpan(lexicon, text, ...at('united')), true);
		assert.equal(startsPhraseSpan(lexicon, text, ...at('officials')), false);
	});

	it('matches short acronyms only as written', () => {
		const text = 'the US and us';
		assert.equal(lookupSpan(lexicon, text, 4, 6)?.canonical, 'United States');
		assert.equal(lookupSpan(lexicon, text, 11, 13), undefined);
	});

	it('agrees with the phrase table for any span of text made of gazetteer words, unknown words and marks', () => {
		const piece = fc.constantFrom('United', 'States', 'states', 'of', 'America', 'Islamic', 'State', 'Iraq', 'and', 'the', 'Levant', 'al', 'Qaeda', 'US', 'U.S.', 'UN', 'Kurdistan', 'Zorblax', 'Zürich', 'New', 'York', 'Red', 'Cross');
		const mark = fc.constantFrom(' ', ' ', '-', '  ', '\n', "'", '’', '.', ', ', '`', '–', '\t');
		const text = fc.array(fc.tuple(piece, mark), { minLength: 1, maxLength: 6 }).map((parts) => parts.map(([p, m]) => p + m).join(''));
		fc.assert(
			fc.property(text, fc.nat(), fc.nat(), (s, x, y) => {
				const start = x % s.length;
				const end = start + 1 + (y % (s.length - start));
				const slice = s.slice(start, end);
				assert.equal(lookupSpan(lexicon, s, start, end), reference(slice), JSON.stringify(slice));
				assert.equal(lookupPhrase(lexicon, slice), reference(slice), JSON.stringify(slice));
				const prefix = lexicon.phrasePrefixes.has(phraseKey(slice));
				assert.equal(startsPhraseSpan(lexicon, s, start, end), prefix, JSON.stringify(slice));
				assert.equal(startsPhrase(lexicon, slice), prefix, JSON.stringify(slice));
			}),
			{ numRuns: 3000 },
		);
	});
});
