import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { getLexicon, lookupLoosePlace, lookupPhrase, lookupSpan, looseKey, phraseKey, startsPhrase, startsPhraseSpan, type LexEntry } from '../../src/core/entities/lexicon';

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

	it('finds transliterations of places by their loose key, and agrees with the loose table for any word', () => {
		const hama = lookupLoosePlace(lexicon, 'Hamah');
		assert.equal(hama?.type, 'PLACE');
		assert.equal(lookupLoosePlace(lexicon, 'Hama'), hama);
		assert.equal(lookupLoosePlace(lexicon, 'Zorblaxian'), undefined);
		const letter = fc.constantFrom('a', 'e', 'h', 'o', 'u', 'r', 'q', 'd', 'm', 'A', 'H', 'O', 'E', "'", '`', '-', ' ', 'é', 'ʿ');
		fc.assert(
			fc.property(fc.array(letter, { minLength: 1, maxLength: 9 }), (letters) => {
				const word = letters.join('');
				assert.equal(lookupLoosePlace(lexicon, word), lexicon.loosePlaces.get(looseKey(word)), JSON.stringify(word));
			}),
			{ numRuns: 3000 },
		);
		// Real place words (keys of the table, often found again from themselves) agree too.
		let refound = 0;
		for (const key of [...lexicon.loosePlaces.keys()].slice(0, 3000)) {
			const expected = lexicon.loosePlaces.get(looseKey(key));
			assert.equal(lookupLoosePlace(lexicon, key), expected, key);
			if (expected) refound++;
		}
		assert.ok(refound > 1000, `${refound} keys found again`);
	});
});
