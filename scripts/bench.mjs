#!/usr/bin/env node
// `npm run bench`: runs every scripts/bench-*.mjs, extraction first, each in its own process so that one
// benchmark's memory and JIT state do not colour the next. Arguments are passed to each script.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const scripts = readdirSync(here)
	.filter((f) => /^bench-.+\.mjs$/.test(f))
	.sort((a, b) => (a === 'bench-extract.mjs' ? -1 : b === 'bench-extract.mjs' ? 1 : a.localeCompare(b)));
let failed = 0;
for (const script of scripts) {
	console.log(`\n== ${script}`);
	const result = spawnSync(process.execPath, [join(here, script), ...process.argv.slice(2)], { stdio: 'inherit' });
	if (result.status !== 0) {
		failed++;
		console.log(`${script} exited with ${result.status ?? result.signal}`);
	}
}
process.exit(failed ? 1 : 0);
