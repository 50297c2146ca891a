import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildStamp } from '../../src/core/buildStamp';

describe('buildStamp (record-cache identity of the engine build)', () => {
	const dir = mkdtempSync(join(tmpdir(), 'corroborate-stamp-'));
	after(() => rmSync(dir, { recursive: true, force: true }));

	it('changes when the bundle is rebuilt, so cached records from an older engine are not trusted', () => {
		const bundle = join(dir, 'extension.js');
		writeFileSync(bundle, '// build 1');
		utimesSync(bundle, new Date(2026, 0, 1), new Date(2026, 0, 1));
		const before = buildStamp('1.2.3', bundle);
		utimesSync(bundle, new Date(2026, 0, 2), new Date(2026, 0, 2));
		const after = buildStamp('1.2.3', bundle);
		assert.notEqual(before, after);
		assert.ok(before.startsWith('1.2.3:'));
		assert.equal(buildStamp('1.2.3', bundle), after, 'stable while the bundle is unchanged');
	});

	it('differs between versions of the same build', () => {
		const bundle = join(dir, 'cli.js');
		writeFileSync(bundle, '// build');
		assert.notEqual(buildStamp('1.0.0', bundle), buildStamp('1.0.1', bundle));
	});

	it('falls back to the version alone when the bundle cannot be read', () => {
		assert.equal(buildStamp('1.2.3', join(dir, 'missing.js')), '1.2.3');
	});
});
