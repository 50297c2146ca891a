import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { addAnnotation } from '../../src/core/annotations/edit';
import { emptySidecar } from '../../src/core/annotations/model';
import { renderSidecar } from '../../src/core/annotations/sidecar';
import { markAsEntity, mergeEntities, suppressEntity } from '../../src/core/registry';

const ROOT = resolve(__dirname, '../../..');
const FIXTURES = join(ROOT, 'test/fixtures/sidecars');

type Validate = ((data: unknown) => boolean) & { errors?: unknown };

/** Compiles a schema with ajv if it is installed (it comes with the dev tooling); otherwise the test is skipped. */
function validator(schemaFile: string): Validate | null {
	let Ajv: new (options: object) => { compile(schema: object): Validate };
	try {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		Ajv = require('ajv').default;
	} catch {
		return null;
	}
	return new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(join(ROOT, 'schemas', schemaFile), 'utf8')));
}

describe('published JSON Schemas agree with the parsers', () => {
	it('the sidecar schema accepts what we write and the hand-written fixture, and rejects the broken fixture', function () {
		const validate = validator('annotations.schema.json');
		if (!validate) this.skip();
		const text = 'The ministry reported 46 combat sorties.';
		const written = renderSidecar(addAnnotation(emptySidecar('d.txt'), text, 22, 39, { kind: 'claim', verdict: 'disputed', tags: ['x'], note: 'n' }).sidecar);
		assert.ok(validate(parse(written)), JSON.stringify(validate.errors));
		assert.ok(validate(parse(readFileSync(join(FIXTURES, 'press release.txt.annotations.yaml'), 'utf8'))), JSON.stringify(validate.errors));
		assert.equal(validate(parse(readFileSync(join(FIXTURES, 'broken-schema.annotations.yaml'), 'utf8'))), false);
		assert.equal(validate(parse(readFileSync(join(FIXTURES, 'wrong-version.annotations.yaml'), 'utf8'))), false);
	});

	it('the registry schema accepts what the commands write', function () {
		const validate = validator('entities.schema.json');
		if (!validate) this.skip();
		let text = '';
		for (const edit of [() => markAsEntity(text, 'Obama', 'PERSON'), () => mergeEntities(text, 'President Obama', 'Obama'), () => suppressEntity(text, 'Friday', 'PERSON'), () => suppressEntity(text, 'Keep Reading')]) {
			const result = edit();
			assert.ok(result.ok);
			if (result.ok) text = result.text;
		}
		assert.ok(validate(parse(text)), JSON.stringify(validate.errors));
		assert.equal(validate(parse('entities:\n  - canonical: X\n    type: HUMAN\n')), false);
	});
});
