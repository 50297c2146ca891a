// Runs `npm ci` when node_modules is missing or older than package-lock.json, so that the README's
// two quick-start commands (`npm start`, `npm test`) work on a fresh clone. Uses only Node built-ins.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const installed = 'node_modules/.package-lock.json';
const stale = !existsSync(installed) || statSync(installed).mtimeMs < statSync('package-lock.json').mtimeMs;
if (stale) {
	console.log('corroborate: installing npm dependencies (npm ci) ...');
	const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit' });
	if (result.status !== 0) process.exit(result.status ?? 1);
}
