import * as assert from 'node:assert/strict';
import { CorpusIndex } from '../../src/core/corpus/corpusIndex';
import type { CorpusFiles } from '../../src/core/corpus/files';
import type { Analysis, EntityMention, EntityType } from '../../src/core/types';

/** A stand-in analyzer: every "[Name|TYPE]" is a mention whose canonical is the name as the document wrote it. */
function bracketAnalyzer(text: string): Analysis {
	const entities: EntityMention[] = [...text.matchAll(/\[([^|\]]+)\|([A-Z]+)\]/g)].map((m) => ({
		start: m.index + 1, end: m.index + 1 + m[1].length, text: m[1], type: m[2] as EntityType, canonical: m[1],
	}));
	return { entities, claims: [], numbers: [], boilerplate: [], published: null };
}

describe('corpus index: entity names across documents', () => {
	const texts: Record<string, string> = {
		'a.txt': 'President [Bashar al-Assad|PERSON] spoke in [Damascus|PLACE].',
		'b.txt': '[Bashar al-Assad|PERSON] met envoys. [Bashar al-Assad|PERSON] left.',
		'c.txt': 'Forces loyal to [Bashar al-Assad|PERSON] advanced.',
		'd.txt': '[Bashar Assad|PERSON] said on Monday.',
		'e.txt': 'Rebels fought [Assad|PERSON] in [Damascus|PLACE].',
	};
	const build = () => {
		const index = new CorpusIndex({ analyzer: bracketAnalyzer });
		for (const [path, text] of Object.entries(texts)) index.setText(path, text);
		return index;
	};

	it('shows "Assad", "Bashar Assad" and "Bashar al-Assad" as one entity in the Entities tree', () => {
		const people = build().entityTree().find((t) => t.type === 'PERSON')!.entities;
		assert.deepEqual(people, [{ canonical: 'Bashar al-Assad', total: 6, documentCount: 5 }]);
	});

	it('answers a hover for any of the names with the whole corpus: every document, count and alias', () => {
		const index = build();
		for (const name of ['Assad', 'Bashar Assad', 'Bashar al-Assad']) {
			const summary = index.entity(name)!;
			assert.equal(summary.canonical, 'Bashar al-Assad', name);
			assert.equal(summary.total, 6);
			assert.deepEqual(summary.documents.map((d) => [d.document, d.count]), [['a.txt', 1], ['b.txt', 2], ['c.txt', 1], ['d.txt', 1], ['e.txt', 1]]);
			assert.deepEqual([...summary.aliases].sort(), ['Assad', 'Bashar Assad', 'Bashar al-Assad']);
		}
		assert.equal(index.entity('Damascus')!.documents.length, 2);
		assert.equal(index.entity('Nobody'), undefined);
	});

	it('lists a document\u2019s mentions under the corpus name, and follows documents coming and going', async () => {
		const index = build();
		const files: CorpusFiles = { read: async (path) => new TextEncoder().encode(texts[path]) };
		const mentions = await index.entityMentionsIn('Bashar al-Assad', 'e.txt', files);
		assert.deepEqual(mentions.map((m) => m.text), ['Assad']);
		index.remove('d.txt');
		index.remove('e.txt');
		index.setText('f.txt', 'Protesters chanted against [Assad|PERSON].');
		assert.deepEqual(index.entity('Assad')!.documents.map((d) => d.document), ['a.txt', 'b.txt', 'c.txt', 'f.txt']);
		index.remove('a.txt');
		index.remove('b.txt');
		index.remove('c.txt');
		// With no full name left in the corpus, the surname stands for itself.
		assert.equal(index.entity('Assad')!.canonical, 'Assad');
		assert.equal(index.entity('Bashar al-Assad'), undefined);
	});
});

describe('corpus index: nicknames across documents', () => {
	/** "[Text|TYPE|Canonical]" is a mention whose canonical the document resolved (a nickname it defined, say). */
	const resolvingAnalyzer = (text: string): Analysis => ({
		entities: [...text.matchAll(/\[([^|\]]+)\|([A-Z]+)(?:\|([^\]]+))?\]/g)].map((m) => ({
			start: m.index + 1, end: m.index + 1 + m[1].length, text: m[1], type: m[2] as EntityType, canonical: m[3] ?? m[1],
		})),
		claims: [], numbers: [], boilerplate: [], published: null,
	});

	it('joins a nickname used alone in one document to the person another document defined it for', () => {
		const index = new CorpusIndex({ analyzer: resolvingAnalyzer });
		index.setText('a.txt', 'President [Joko Widodo|PERSON], known as [Jokowi|PERSON|Joko Widodo], visited.');
		index.setText('b.txt', '[Jokowi|PERSON], who faces re-election, visited again.');
		assert.equal(index.corpusCanonical('Jokowi'), 'Joko Widodo');
		const summary = index.entity('Jokowi')!;
		assert.equal(summary.canonical, 'Joko Widodo');
		assert.deepEqual(summary.documents.map((d) => d.document), ['a.txt', 'b.txt']);
	});

	it('leaves a nickname alone when no document defines it', () => {
		const index = new CorpusIndex({ analyzer: resolvingAnalyzer });
		index.setText('a.txt', 'President [Joko Widodo|PERSON] visited.');
		index.setText('b.txt', '[Jokowi|PERSON] visited again.');
		assert.equal(index.corpusCanonical('Jokowi'), 'Jokowi');
	});
});
