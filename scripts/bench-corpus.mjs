#!/usr/bin/env node
// Corpus benchmark (issue 5): generates a corpus from the seeds with varied figures, names and dates into a
// temporary directory, then measures, each phase in a fresh process:
//   cold index (worker threads, one per core) and cache write, warm reopen from the persisted cache,
//   Find Conflicting Figures on the reopened index, peak memory (whole process, workers included),
//   and keystroke-to-analysis for a 10 KB document (analyse + claim features + index update).
// Prints medians. Run after `npm run build`:
//   node scripts/bench-corpus.mjs [--docs 10000] [--cold-runs 1] [--warm-runs 3] [--keep]
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { setInterval, clearInterval } from 'node:timers';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const args = process.argv.slice(2);
const option = (name, fallback) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : fallback; };

/** CPU time (user + system, all threads of the process) since `start`, in ms: what the work costs on a busy machine. */
const cpuMs = (start) => { const d = process.cpuUsage(start); return (d.user + d.system) / 1000; };
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const mb = (bytes) => (bytes / 1048576).toFixed(1);

/** What the phase is doing now, for the memory trace (`--trace-memory`). */
let stage = 'start';
const traceMemory = args.includes('--trace-memory');

/** Enters a stage of a phase; with `--trace-memory`, prints the process's peak so far (samples miss blocking work). */
function enter(next) {
	if (traceMemory) console.error(`mem enter ${next} after ${stage}: rss ${mb(process.memoryUsage().rss)} MB, peak so far ${mb(process.resourceUsage().maxRSS * 1024)} MB`);
	stage = next;
}

/**
 * Tracks the process's peak resident memory (main thread and worker threads together). With `--trace-memory`,
 * also prints to stderr a timeline (every 250 ms) and the moment of the peak: its stage and the main thread's share.
 */
function memoryWatch() {
	let peak = process.memoryUsage().rss;
	let peakAt = null;
	const t0 = performance.now();
	let lastLine = -Infinity;
	const timer = setInterval(() => {
		const m = process.memoryUsage();
		const row = { t: performance.now() - t0, stage, rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers };
		if (m.rss > peak || !peakAt) { peak = Math.max(peak, m.rss); peakAt = row; }
		if (traceMemory && row.t - lastLine >= 250) {
			lastLine = row.t;
			console.error(`mem ${(row.t / 1000).toFixed(2)}s ${stage.padEnd(10)} rss ${mb(m.rss)} main heap ${mb(m.heapUsed)}/${mb(m.heapTotal)} external ${mb(m.external)} buffers ${mb(m.arrayBuffers)}`);
		}
	}, 25);
	return () => {
		clearInterval(timer);
		if (traceMemory && peakAt) console.error(`mem peak ${mb(peak)} MB at ${(peakAt.t / 1000).toFixed(2)}s during ${peakAt.stage}: main heap ${mb(peakAt.heapUsed)}/${mb(peakAt.heapTotal)} MB, external ${mb(peakAt.external)} MB (maxRSS ${mb(process.resourceUsage().maxRSS * 1024)} MB)`);
		return Math.max(peak, process.resourceUsage().maxRSS * 1024);
	};
}

function load() {
	return {
		CorpusIndex: require(join(root, 'out/src/core/corpus/corpusIndex.js')).CorpusIndex,
		files: require(join(root, 'out/src/core/corpus/files.js')),
		cache: require(join(root, 'out/src/core/corpus/cache.js')),
		WorkerPool: require(join(root, 'out/src/core/corpus/workerPool.js')).WorkerPool,
		analyze: require(join(root, 'out/src/core/analyze.js')).analyze,
		record: require(join(root, 'out/src/core/corpus/record.js')),
	};
}

// ---- phases, each run in its own process ---------------------------------------------------------------------

async function phaseCold(dir, cacheDir) {
	const { CorpusIndex, files, cache, WorkerPool } = load();
	const stop = memoryWatch();
	const started = performance.now();
	const cpu = process.cpuUsage();
	const paths = await files.listDocuments(dir);
	const pool = new WorkerPool(join(root, 'dist/corpusWorker.js'), availableParallelism());
	const index = new CorpusIndex({ runner: pool, cache: new cache.SnapshotCache(cache.fileStore(join(cacheDir, 'corpus-cache.json')), 'bench') });
	enter('indexing');
	const report = await index.indexFiles(paths, files.nodeFiles);
	const indexed = performance.now() - started;
	const indexedCpu = cpuMs(cpu);
	// As the CLI does: the workers are stopped before the cache is written.
	enter('dispose');
	await pool.dispose();
	enter('save');
	await index.saveCache();
	enter('saved');
	const withSave = performance.now() - started;
	const totals = index.totals();
	return { indexedMs: indexed, indexedCpuMs: indexedCpu, withSaveMs: withSave, analysed: report.analysed, problems: report.problems.length, peakBytes: stop(), ...totals };
}

async function phaseWarm(dir, cacheDir) {
	const { CorpusIndex, files, cache } = load();
	const stop = memoryWatch();
	const started = performance.now();
	let cpu = process.cpuUsage();
	const paths = await files.listDocuments(dir);
	const index = new CorpusIndex({ cache: new cache.SnapshotCache(cache.fileStore(join(cacheDir, 'corpus-cache.json')), 'bench') });
	enter('reopen');
	const report = await index.indexFiles(paths, files.nodeFiles);
	enter('conflicts');
	const reopenMs = performance.now() - started;
	const reopenCpuMs = cpuMs(cpu);
	let t = performance.now();
	cpu = process.cpuUsage();
	const conflicts = index.conflicts();
	const conflictsMs = performance.now() - t;
	const conflictsCpuMs = cpuMs(cpu);
	t = performance.now();
	index.conflicts();
	const conflictsAgainMs = performance.now() - t;
	// After one document changes, only its quantities are regrouped and re-judged.
	const first = paths[0];
	index.setText(first, readFileSync(first, 'utf8') + '\nThe war in Syria has killed 1,000 people.\n');
	t = performance.now();
	index.conflicts();
	const conflictsAfterEditMs = performance.now() - t;
	return {
		reopenMs, reopenCpuMs, conflictsCpuMs, fromCache: report.fromCache, analysed: report.analysed, conflictsMs, conflictsAgainMs, conflictsAfterEditMs,
		conflicts: conflicts.filter((c) => c.verdict === 'conflict').length, timeShifted: conflicts.filter((c) => c.verdict === 'time-shifted').length,
		groups: index.crossDocumentGroups().length, peakBytes: stop(),
	};
}

// ---- corpus generation -----------------------------------------------------------------------------------------

/** A deterministic pseudo-random generator, so every run benchmarks the same corpus. */
function random(seed) {
	let s = seed >>> 0;
	return () => { s = (s + 0x6d2b79f5) >>> 0; let t = s; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}

const SYLLABLES = ['ka', 'ro', 'mi', 'dan', 'sel', 'vo', 'ta', 'rin', 'bel', 'zu', 'no', 'har', 'li', 'ves', 'ot', 'mar', 'qa', 'den'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function inventName(rand) {
	const n = 2 + Math.floor(rand() * 2);
	let s = '';
	for (let i = 0; i < n; i++) s += SYLLABLES[Math.floor(rand() * SYLLABLES.length)];
	return s[0].toUpperCase() + s.slice(1);
}

/** One generated document: a seed with figures scaled, some capitalised names replaced, dates moved, padded to ~8 KB. */
function makeDocument(seeds, i) {
	const rand = random(i + 1);
	const base = seeds[i % seeds.length];
	const names = new Map();
	const yearShift = Math.floor(rand() * 3) - 1;
	let text = base
		.replace(/\b(\d{1,3}(?:,\d{3})+|\d+)\b(?!-)/g, (m) => {
			const n = Number(m.replace(/,/g, ''));
			if (n >= 1900 && n <= 2100) return String(n + yearShift);
			if (rand() < 0.5) return m;
			const v = Math.max(1, Math.round(n * (0.5 + rand())));
			return m.includes(',') ? v.toLocaleString('en-US') : String(v);
		})
		.replace(/\b(January|February|March|April|May|June|July|August|September|October|November|December)\b/g, () => MONTHS[Math.floor(rand() * 12)])
		.replace(/(?<=[a-z,] )([A-Z][a-z]{3,})\b/g, (m) => {
			if (rand() < 0.7) return m;
			if (!names.has(m)) names.set(m, inventName(rand));
			return names.get(m);
		});
	while (text.length < 8000) {
		const other = seeds[Math.floor(rand() * seeds.length)].split('\n').filter((l) => l.length > 200);
		text += '\n' + other[Math.floor(rand() * other.length)] + '\n';
	}
	return text;
}

function generate(dir, count) {
	const seeds = readdirSync(join(root, 'seeds')).filter((f) => f.endsWith('.txt')).sort().map((f) => readFileSync(join(root, 'seeds', f), 'utf8'));
	let bytes = 0;
	for (let i = 0; i < count; i++) {
		const sub = join(dir, `batch${String(Math.floor(i / 1000)).padStart(2, '0')}`);
		if (i % 1000 === 0) mkdirSync(sub, { recursive: true });
		const text = makeDocument(seeds, i);
		writeFileSync(join(sub, `doc${String(i).padStart(5, '0')}.txt`), text);
		bytes += Buffer.byteLength(text);
	}
	return bytes;
}

// ---- keystroke ----------------------------------------------------------------------------------------------------

function keystroke() {
	const { CorpusIndex, analyze, record } = load();
	const seeds = readdirSync(join(root, 'seeds')).filter((f) => f.endsWith('.txt')).sort().map((f) => readFileSync(join(root, 'seeds', f), 'utf8'));
	let text = seeds[1];
	for (let i = 0; text.length < 10240; i++) text += '\n' + seeds[i % seeds.length];
	text = text.slice(0, 10240);
	const index = new CorpusIndex();
	for (let i = 0; i < 20; i++) index.setText(`warm${i}.txt`, text + ' '.repeat(i));
	const analyseOnly = [];
	const full = [];
	for (let i = 0; i < 60; i++) {
		// One typed character at a different place each time: a new content hash, so nothing comes from a cache.
		const at = 100 + ((i * 997) % (text.length - 200));
		const edited = text.slice(0, at) + 'x' + text.slice(at);
		let t = performance.now();
		analyze(edited);
		analyseOnly.push(performance.now() - t);
		t = performance.now();
		index.setText('open.txt', edited + String(i));
		full.push(performance.now() - t);
	}
	void record;
	return { bytes: text.length, analyseMs: median(analyseOnly), withIndexMs: median(full) };
}

// ---- orchestration ---------------------------------------------------------------------------------------------------

async function main() {
	const phase = option('phase');
	if (phase === 'cold') return console.log(JSON.stringify(await phaseCold(option('dir'), option('cache'))));
	if (phase === 'warm') return console.log(JSON.stringify(await phaseWarm(option('dir'), option('cache'))));

	const count = Number(option('docs', '10000'));
	const coldRuns = Number(option('cold-runs', '1'));
	const warmRuns = Number(option('warm-runs', '3'));
	const work = mkdtempSync(join(tmpdir(), 'corroborate-bench-'));
	const dir = join(work, 'corpus');
	console.log(`generating ${count} documents in ${dir} ...`);
	const bytes = generate(dir, count);
	console.log(`corpus: ${count} documents, ${mb(bytes)} MB; ${availableParallelism()} cores`);
	const self = fileURLToPath(import.meta.url);
	const run = (p, cacheDir) => JSON.parse(execFileSync(process.execPath, [self, '--phase', p, '--dir', dir, '--cache', cacheDir], { encoding: 'utf8', maxBuffer: 1 << 26 }).trim().split('\n').pop());
	try {
		const colds = [];
		let cacheDir = '';
		for (let r = 0; r < coldRuns; r++) {
			cacheDir = join(work, `cache${r}`);
			const c = run('cold', cacheDir);
			colds.push(c);
			console.log(`  cold run ${r + 1}: index ${(c.indexedMs / 1000).toFixed(2)} s wall, ${(c.indexedCpuMs / 1000).toFixed(2)} s CPU on all threads (+ cache write ${((c.withSaveMs - c.indexedMs) / 1000).toFixed(2)} s), ${c.claims} claims, ${c.mentions} mentions, peak ${mb(c.peakBytes)} MB`);
		}
		const warms = [];
		for (let r = 0; r < warmRuns; r++) {
			const w = run('warm', cacheDir);
			warms.push(w);
			console.log(`  warm run ${r + 1}: reopen ${w.reopenMs.toFixed(0)} ms wall / ${w.reopenCpuMs.toFixed(0)} ms CPU (${w.fromCache} from cache, ${w.analysed} analysed), conflicts ${w.conflictsMs.toFixed(0)} ms wall / ${w.conflictsCpuMs.toFixed(0)} ms CPU (again ${w.conflictsAgainMs.toFixed(1)} ms, after one edit ${w.conflictsAfterEditMs.toFixed(1)} ms): ${w.conflicts} conflicts, ${w.timeShifted} time-shifted in ${w.groups} groups, peak ${mb(w.peakBytes)} MB`);
		}
		const k = keystroke();
		const peak = Math.max(...colds.map((c) => c.peakBytes), ...warms.map((w) => w.peakBytes));
		const { loadavg } = await import('node:os');
	// A fixed CPU-bound workload, to compare machines and moments: on a busy machine it takes longer too.
	const calibration = (() => { const c = process.cpuUsage(); const t = performance.now(); let x = 0; for (let i = 0; i < 1e8; i++) x += i % 7; return { wall: performance.now() - t, cpu: cpuMs(c), x }; })();
	console.log(`\nmedians (load average now ${loadavg().map((x) => x.toFixed(1)).join(' ')}; wall times include waiting for other processes):`);
		console.log(`  calibration loop      ${calibration.wall.toFixed(0)} ms wall, ${calibration.cpu.toFixed(0)} ms CPU (1e8 additions; compare between runs and machines)`);
		console.log(`  cold index            ${(median(colds.map((c) => c.indexedMs)) / 1000).toFixed(2)} s   (goal <= 20 s; ${(bytes / 1048576 / (median(colds.map((c) => c.indexedMs)) / 1000)).toFixed(2)} MB/s on ${availableParallelism()} workers)`);
		console.log(`  cold index CPU        ${(median(colds.map((c) => c.indexedCpuMs)) / 1000).toFixed(2)} s on all threads (${(median(colds.map((c) => c.indexedCpuMs)) / 1000 / availableParallelism()).toFixed(2)} s per core if spread evenly)`);
		console.log(`  warm reopen           ${median(warms.map((w) => w.reopenMs)).toFixed(0)} ms wall, ${median(warms.map((w) => w.reopenCpuMs)).toFixed(0)} ms CPU  (goal <= 1000 ms)`);
		console.log(`  find conflicts        ${median(warms.map((w) => w.conflictsMs)).toFixed(0)} ms wall, ${median(warms.map((w) => w.conflictsCpuMs)).toFixed(0)} ms CPU  (goal <= 500 ms; first call on a reopened index, grouping included)`);
		console.log(`  peak memory           ${mb(peak)} MB (goal <= 400 MB; whole process, worker threads included)`);
		console.log(`  keystroke, 10 KB doc  ${k.analyseMs.toFixed(2)} ms analyse, ${k.withIndexMs.toFixed(2)} ms with claim features and index update (goal <= 5 ms)`);
	} finally {
		if (args.includes('--keep')) console.log(`kept ${work}`);
		else rmSync(work, { recursive: true, force: true });
	}
}

main().catch((error) => { console.error(error); process.exitCode = 1; });
