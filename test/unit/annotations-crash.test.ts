import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sidecarPathFor } from '../../src/core/annotations/model';
import { parseSidecar, renderSidecar } from '../../src/core/annotations/sidecar';
import { versionOf } from '../fixtures/sidecars/save-loop';

const SAVE_LOOP = resolve(__dirname, '../fixtures/sidecars/save-loop.js');

describe('sidecar saves under SIGKILL (fault injection)', function () {
	this.timeout(120000);

	it('a process killed at random moments while saving never leaves a truncated or mixed sidecar', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'corroborate-crash-'));
		const doc = join(dir, 'victim doc.txt');
		let lastVersion = 0;
		let killsWithTempLeft = 0;
		const rounds = 15;
		for (let round = 0; round < rounds; round++) {
			const child = spawn(process.execPath, [SAVE_LOOP, doc], { stdio: ['ignore', 'pipe', 'inherit'] });
			// Wait until the child has saved at least once in this round, then kill it after a random delay.
			await new Promise<void>((resolveStarted) => child.stdout.once('data', () => resolveStarted()));
			await new Promise((r) => setTimeout(r, Math.random() * 40));
			child.kill('SIGKILL');
			await new Promise((r) => child.once('exit', r));

			assert.ok(existsSync(sidecarPathFor(doc)));
			const text = readFileSync(sidecarPathFor(doc), 'utf8');
			const parsed = parseSidecar(text, 'victim');
			assert.ok(parsed.ok, `round ${round}: sidecar does not parse after SIGKILL:\n${text.slice(-200)}`);
			if (!parsed.ok) return;
			const version = parsed.sidecar.annotations.length;
			assert.deepEqual(parsed.sidecar, versionOf(version), `round ${round}: content is not one of the versions written`);
			assert.equal(text, renderSidecar(versionOf(version)));
			assert.ok(version >= lastVersion, 'a save went backwards');
			lastVersion = version;
			if (readdirSync(dir).some((name) => name.endsWith('.tmp'))) killsWithTempLeft++;
		}
		assert.ok(lastVersion > rounds, `too few saves happened (${lastVersion})`);
		console.log(`      ${rounds} kills, ${lastVersion} versions saved, ${killsWithTempLeft} kills left an unfinished temporary file behind`);
	});
});
