import * as assert from 'node:assert/strict';
import { applyRegistry, markAsEntity, mergeEntities, parseRegistry, suppressEntity, type Registry } from '../../src/core/registry';
import type { EntityMention } from '../../src/core/types';

const TEXT = 'President Barack Obama met Putin. Obama said Keep Reading was not news. Later, Obama and the Kremlin spoke; Obamacare was not discussed.';

function mention(text: string, type: EntityMention['type'], nth = 0, canonical = text): EntityMention {
	let start = -1;
	for (let i = 0; i <= nth; i++) start = TEXT.indexOf(text, start + 1);
	assert.ok(start >= 0, text);
	return { start, end: start + text.length, text, type, canonical };
}

function registry(yaml: string): Registry {
	const parsed = parseRegistry(yaml, 'corroborate.entities.yaml');
	if (!parsed.ok) assert.fail(JSON.stringify(parsed.problems));
	return parsed.registry;
}

describe('entity registry: parsing', () => {
	it('reads entities with aliases and types, and suppressions as text or mapping', () => {
		const r = registry(`# corrections by the desk
version: 1
entities:
  - canonical: Barack Obama
    type: PERSON
    aliases: [Obama, President Obama]
  - canonical: Kremlin
suppress:
  - Keep Reading
  - text: Friday
    type: PERSON
`);
		assert.deepEqual(r.entities, [
			{ canonical: 'Barack Obama', type: 'PERSON', aliases: ['Obama', 'President Obama'] },
			{ canonical: 'Kremlin', aliases: [] },
		]);
		assert.deepEqual(r.suppress, [{ text: 'Keep Reading' }, { text: 'Friday', type: 'PERSON' }]);
	});

	it('reports a bad type, a name claimed by two entities and a syntax error with positions', () => {
		const badType = parseRegistry('entities:\n  - canonical: Obama\n    type: HUMAN\n', 'r.yaml');
		assert.ok(!badType.ok && badType.problems[0].line === 3 && /type must be one of/.test(badType.problems[0].message));
		const twice = parseRegistry('entities:\n  - canonical: A\n    aliases: [X]\n  - canonical: B\n    aliases: [X]\n', 'r.yaml');
		assert.ok(!twice.ok && /"X" belongs to two entities/.test(twice.problems[0].message) && twice.problems[0].line === 4);
		const syntax = parseRegistry('entities: [\n', 'r.yaml');
		assert.ok(!syntax.ok && syntax.problems[0].file === 'r.yaml');
		const tagged = parseRegistry('entities: !!python/object {}\n', 'r.yaml');
		assert.equal(tagged.ok, false);
	});

	it('treats an empty file as an empty registry', () => {
		assert.deepEqual(registry(''), { entities: [], suppress: [] });
	});
});

describe('entity registry: applyRegistry', () => {
	it('merges aliases into one canonical entity and overrides the type', () => {
		const engine = [mention('Barack Obama', 'PERSON'), mention('Putin', 'PERSON'), mention('Obama', 'ORG', 1), mention('Kremlin', 'PLACE')];
		const out = applyRegistry(engine, TEXT, registry('entities:\n  - canonical: Barack Obama\n    type: PERSON\n    aliases: [Obama]\n  - canonical: Kremlin\n    type: ORG\n'));
		const byText = out.map((m) => `${m.start}:${m.text}:${m.type}:${m.canonical}`);
		assert.ok(byText.includes(`${TEXT.indexOf('Obama said')}:Obama:PERSON:Barack Obama`));
		assert.ok(byText.includes(`${TEXT.indexOf('Kremlin')}:Kremlin:ORG:Kremlin`));
		assert.ok(byText.includes(`${TEXT.indexOf('Putin')}:Putin:PERSON:Putin`));
	});

	it('adds whole-word mentions the engine missed, never inside a longer word or over another mention', () => {
		const engine = [mention('Barack Obama', 'PERSON')];
		const out = applyRegistry(engine, TEXT, registry('entities:\n  - canonical: Barack Obama\n    type: PERSON\n    aliases: [Obama]\n'));
		const obamas = out.filter((m) => m.canonical === 'Barack Obama').map((m) => TEXT.slice(m.start, m.end));
		// "Barack Obama" (engine), two added "Obama"s; not the "Obama" inside "Barack Obama", not "Obamacare".
		assert.deepEqual(obamas, ['Barack Obama', 'Obama', 'Obama']);
		assert.ok(out.every((m, i) => i === 0 || out[i - 1].end <= m.start), 'mentions overlap');
	});

	it('suppresses false entities, by type when given, unless an entity entry names them', () => {
		const engine = [mention('Keep Reading', 'ORG'), mention('Putin', 'PERSON'), mention('Kremlin', 'ORG')];
		const out = applyRegistry(engine, TEXT, registry('suppress:\n  - Keep Reading\n  - text: Kremlin\n    type: PLACE\n'));
		assert.deepEqual(out.map((m) => m.text), ['Putin', 'Kremlin']);
		const named = applyRegistry(engine, TEXT, registry('entities:\n  - canonical: Keep Reading\nsuppress: [Keep Reading]\n'));
		assert.ok(named.some((m) => m.text === 'Keep Reading'));
	});

	it('leaves the engine output unchanged with an empty registry and does not mutate its input', () => {
		const engine = [mention('Putin', 'PERSON')];
		const copy = structuredClone(engine);
		assert.deepEqual(applyRegistry(engine, TEXT, { entities: [], suppress: [] }), engine);
		applyRegistry(engine, TEXT, registry('entities:\n  - canonical: Vladimir Putin\n    aliases: [Putin]\n'));
		assert.deepEqual(engine, copy);
	});
});

describe('entity registry: commands', () => {
	it('"Mark as Entity…" creates the file and the engine then finds the entity', () => {
		const edit = markAsEntity(undefined, 'Kremlin', 'ORG');
		assert.ok(edit.ok);
		if (!edit.ok) return;
		const out = applyRegistry([], TEXT, registry(edit.text));
		assert.deepEqual(out.map((m) => [m.text, m.type]), [['Kremlin', 'ORG']]);
	});

	it('"Not an Entity" keeps the comments already in the file and removes the name from aliases', () => {
		const start = '# Desk corrections, do not delete this line\nversion: 1\nentities:\n  - canonical: Keep Reading # oops\n    type: ORG\n    aliases: [Keep Reading now]\n';
		const edit = suppressEntity(start, 'Keep Reading now');
		assert.ok(edit.ok);
		if (!edit.ok) return;
		assert.ok(edit.text.startsWith('# Desk corrections, do not delete this line\n'));
		assert.ok(edit.text.includes('# oops'));
		const r = registry(edit.text);
		assert.deepEqual(r.entities[0].aliases, []);
		assert.deepEqual(r.suppress, [{ text: 'Keep Reading now' }]);
		const again = suppressEntity(edit.text, 'Keep Reading now');
		assert.ok(again.ok && registry(again.text).suppress.length === 1);
	});

	it('"Merge with…" moves an entity and its aliases under another canonical name', () => {
		let text = '';
		for (const step of [
			() => markAsEntity(text, 'Obama', 'PERSON'),
			() => mergeEntities(text, 'President Obama', 'Obama'),
			() => mergeEntities(text, 'Obama', 'Barack Obama'),
		]) {
			const edit = step();
			assert.ok(edit.ok);
			if (edit.ok) text = edit.text;
		}
		assert.deepEqual(registry(text).entities, [{ canonical: 'Barack Obama', type: 'PERSON', aliases: ['Obama', 'President Obama'] }]);
		const engine = [mention('Obama', 'PERSON', 1)];
		assert.ok(applyRegistry(engine, TEXT, registry(text)).every((m) => m.canonical === 'Barack Obama'));
	});

	it('refuses to edit a broken registry', () => {
		const edit = markAsEntity('entities: [\n', 'Kremlin', 'ORG');
		assert.equal(edit.ok, false);
	});
});
