// Bundles the extension and the CLI with esbuild, and transpiles the tests to out/ for mocha.
import { build } from 'esbuild';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every .ts file under `dir`, recursively. */
function tsFiles(dir) {
	const found = [];
	for (const name of readdirSync(dir)) {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) found.push(...tsFiles(path));
		else if (name.endsWith('.ts')) found.push(path);
	}
	return found;
}

const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: true, logLevel: 'warning' };

await Promise.all([
	build({ ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }),
	build({ ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
	// Worker-thread entry of the corpus index (issue 5); the extension and the CLI find it beside their bundle.
	build({ ...common, entryPoints: ['src/core/corpus/worker.ts'], outfile: 'dist/corpusWorker.js' }),
	// Tests and sources are transpiled file by file (not bundled) so mocha sees one module per file.
	build({ entryPoints: [...tsFiles('src'), ...tsFiles('test')], outdir: 'out', outbase: '.', platform: 'node', format: 'cjs', target: 'node20', sourcemap: true, logLevel: 'warning' }),
]);
