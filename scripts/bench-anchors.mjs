// Benchmarks for annotation anchoring and sidecar saves; prints medians. Run after `npm run build`
// (uses the transpiled modules in out/). Standalone (`node scripts/bench-anchors.mjs`) or imported by bench.mjs.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const anchor = require(join(root, 'out/src/core/annotations/anchor.js'));
const edit = require(join(root, 'out/src/core/annotations/edit.js'));
const model = require(join(root, 'out/src/core/annotations/model.js'));
const store = require(join(root, 'out/src/core/annotations/store.js'));
const { nodeFileSystem } = require(join(root, 'out/src/core/annotations/node-fs.js'));

/** Budgets from the issue, in milliseconds. */
export const BUDGETS = { reanchor1000: 20, saveOne: 10 };

function median(values) {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}

function ms(start) {
	return Number(process.hrtime.bigint() - start) / 1e6;
}

/** A deterministic pseudo-random generator, so runs are comparable. */
function rng(seed) {
	let s = seed >>> 0;
	return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

/** Runs the benchmarks and returns their medians (ms). */
export async function runAnchorBenchmarks({ runs = 31 } = {}) {
	const seeds = readdirSync(join(root, 'seeds')).filter((f) => f.endsWith('.txt')).sort();
	const text = seeds.map((f) => readFileSync(join(root, 'seeds', f), 'utf8').replace(/^\ufeff/, '')).join('\n\n');
	const random = rng(42);
	const words = [...text.matchAll(/\S+/g)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
	const targets = Array.from({ length: 1000 }, () => {
		const w = Math.floor(random() * (words.length - 4));
		return anchor.makeTarget(text, words[w].start, words[w + 1 + Math.floor(random() * 3)].end);
	});
	const tracked = targets.map((target) => ({ target, anchor: anchor.resolveAnchor(text, target) }));

	// An edit near the start shifts nearly every annotation: the worst case for a full re-anchor.
	const full = [];
	const live = [];
	for (let i = 0; i < runs; i++) {
		const at = Math.floor(random() * 200);
		const inserted = `Editor's note ${i}: this paragraph was added later. `;
		const edited = text.slice(0, at) + inserted + text.slice(at);
		let start = process.hrtime.bigint();
		anchor.resolveAnchors(edited, targets);
		full.push(ms(start));
		start = process.hrtime.bigint();
		anchor.followEdits(edited, tracked, [{ offset: at, length: 0, text: inserted }]);
		live.push(ms(start));
	}

	const results = { reanchor1000Full: median(full), reanchor1000Live: median(live) };
	for (const existing of [20, 100]) {
		const dir = mkdtempSync(join(tmpdir(), 'corroborate-bench-'));
		const doc = join(dir, 'article.txt');
		let sidecar = model.emptySidecar(doc);
		for (let i = 0; i < existing; i++) {
			const w = Math.floor(random() * (words.length - 2));
			sidecar = edit.addAnnotation(sidecar, text, words[w].start, words[w + 1].end, { note: `Note ${i}: checked against the wire copy.` }).sidecar;
		}
		let saved = await store.saveSidecar(nodeFileSystem, doc, sidecar, undefined);
		// Measure the steady state: warm up, then keep the sidecar's size constant (add one, drop the oldest).
		const saveOne = async (i) => {
			const w = Math.floor(random() * (words.length - 2));
			const added = edit.addAnnotation(saved.sidecar, text, words[w].start, words[w + 1].end, { note: `Added in the benchmark (${i}).` }).sidecar;
			saved = await store.saveSidecar(nodeFileSystem, doc, edit.deleteAnnotation(added, saved.sidecar.annotations[0].id), saved.text);
		};
		for (let i = 0; i < 20; i++) await saveOne(i);
		const saves = [];
		const cpu = [];
		for (let i = 0; i < runs; i++) {
			const start = process.hrtime.bigint();
			const cpuStart = process.cpuUsage();
			await saveOne(i);
			const used = process.cpuUsage(cpuStart);
			saves.push(ms(start));
			cpu.push((used.user + used.system) / 1000);
		}
		results[`saveOneWith${existing}`] = median(saves);
		// CPU time excludes waiting for the disk and for other processes on a busy machine.
		results[`saveOneWith${existing}Cpu`] = median(cpu);
		rmSync(dir, { recursive: true, force: true });
	}
	return results;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
	const r = await runAnchorBenchmarks();
	const line = (name, value, budget) => console.log(`${name.padEnd(58)} median ${value.toFixed(2).padStart(7)} ms${budget ? `  (budget ${budget} ms: ${value <= budget ? 'ok' : 'OVER'})` : ''}`);
	line('re-anchor 1,000 annotations after an edit (full resolve)', r.reanchor1000Full, BUDGETS.reanchor1000);
	line('re-anchor 1,000 annotations after an edit (live, followEdits)', r.reanchor1000Live, BUDGETS.reanchor1000);
	line('save one annotation into a sidecar of 20 (atomic, fsync)', r.saveOneWith20, BUDGETS.saveOne);
	line('save one annotation into a sidecar of 100 (atomic, fsync)', r.saveOneWith100, BUDGETS.saveOne);
	line('  the same, CPU time only (20 / excluding fsync wait)', r.saveOneWith20Cpu);
	line('  the same, CPU time only (100 / excluding fsync wait)', r.saveOneWith100Cpu);
	console.log(`load average while measuring: ${(await import('node:os')).loadavg().map((l) => l.toFixed(2)).join(' ')}`);
}
