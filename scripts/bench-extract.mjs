#!/usr/bin/env node
// Extraction benchmark (issue 3). Run after `npm run build` (uses the transpiled modules in out/):
//   node scripts/bench-extract.mjs [--mb 10] [--runs 3] [--peer-mb 0.5] [--no-peer]
// Builds, in memory and on one core, a corpus of at least --mb MiB of documents generated from the seeds
// (paragraphs shuffled across articles, figures varied) plus one 1 MiB document and one 10 KiB document,
// then prints medians over --runs runs of:
//   - the whole engine, analyze(): throughput in MiB/s over the corpus, time for the 1 MiB and 10 KiB documents;
//   - each stage on its own (findEntities, findNumbers, findBoilerplate), so a slow stage is visible;
//   - the peer: compromise's raw nlp(text) with .people(), .places(), .organizations() and .numbers(), on a
//     --peer-mb MiB prefix of the same corpus (it runs at roughly 0.05 MiB/s) and on the same 10 KiB and
//     1 MiB documents (the 1 MiB one once, as it takes minutes), and the ratio between the two.
// Goals: >= 5 MiB/s, the 1 MiB document <= 0.3 s (linear scaling), the 10 KiB document <= 5 ms.
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const args = process.argv.slice(2);
const option = (name, fallback) => {
	const i = args.indexOf(`--${name}`);
	return i >= 0 ? Number(args[i + 1]) : fallback;
};
const corpusMiB = option('mb', 10);
const runs = option('runs', 3);
const peerMiB = option('peer-mb', 0.5);
const withPeer = !args.includes('--no-peer');

const { analyze } = require(join(root, 'out/src/core/analyze.js'));
const { findEntities } = require(join(root, 'out/src/core/entities/index.js'));
const { findNumbers } = require(join(root, 'out/src/core/numbers.js'));
const { findBoilerplate } = require(join(root, 'out/src/core/chrome.js'));

const MiB = 1048576;
const median = (xs) => {
	const s = [...xs].sort((a, b) => a - b);
	return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const bytes = (s) => Buffer.byteLength(s, 'utf8');

// ---- generated text ---------------------------------------------------------------------------
const seedsDir = join(root, 'seeds');
const seeds = readdirSync(seedsDir)
	.filter((f) => f.endsWith('.txt'))
	.sort()
	.map((f) => readFileSync(join(seedsDir, f), 'utf8').replace(/^\uFEFF/, ''));
const paragraphs = seeds.flatMap((s) => s.split(/\n\s*\n/)).filter((p) => p.trim().length > 0);

/** A deterministic pseudo-random generator, so every run measures the same text. */
function random(seed) {
	let x = seed >>> 0 || 1;
	return () => {
		x ^= x << 13;
		x ^= x >>> 17;
		x ^= x << 5;
		return (x >>> 0) / 4294967296;
	};
}

/** One article-like document of about `size` characters: the opening of a seed, then shuffled paragraphs with varied figures. */
function makeDocument(rand, size) {
	const parts = [seeds[Math.floor(rand() * seeds.length)].split('\n').slice(0, 3).join('\n')];
	let length = parts[0].length;
	while (length < size) {
		const p = paragraphs[Math.floor(rand() * paragraphs.length)].replace(/\d+/g, (d) => String(Math.max(1, Math.round(Number(d) * (0.5 + rand())))));
		parts.push(p);
		length += p.length + 2;
	}
	return parts.join('\n\n');
}

const rand = random(42);
const corpus = [];
let corpusBytes = 0;
while (corpusBytes < corpusMiB * MiB) {
	const doc = makeDocument(rand, 4000 + Math.floor(rand() * 8000));
	corpus.push(doc);
	corpusBytes += bytes(doc);
}
const bigDoc = makeDocument(random(7), MiB);
const smallDoc = makeDocument(random(11), 10 * 1024);

// ---- measurements -----------------------------------------------------------------------------
/** Wall-clock milliseconds of fn; CPU milliseconds of this process go to `cpuLog` (a fairer figure on a busy machine). */
let cpuLog = [];
function time(fn) {
	const c0 = process.cpuUsage();
	const t0 = performance.now();
	fn();
	const wall = performance.now() - t0;
	const c = process.cpuUsage(c0);
	cpuLog.push((c.user + c.system) / 1000);
	return wall;
}

function measure(label, fn) {
	fn(smallDoc); // warm-up (JIT, lexicon load)
	const throughput = [];
	cpuLog = [];
	for (let r = 0; r < runs; r++) throughput.push(corpusBytes / MiB / (time(() => corpus.forEach((d) => fn(d))) / 1000));
	const cpuThroughput = corpusBytes / MiB / (median(cpuLog) / 1000);
	const big = [];
	cpuLog = [];
	for (let r = 0; r < runs; r++) big.push(time(() => fn(bigDoc)));
	const bigCpu = median(cpuLog);
	const small = [];
	cpuLog = [];
	for (let r = 0; r < Math.max(runs, 21); r++) small.push(time(() => fn(smallDoc)));
	const smallCpu = median(cpuLog);
	const result = { label, mibPerS: median(throughput), bigMs: median(big), smallMs: median(small) };
	console.log(
		`${label.padEnd(34)} ${result.mibPerS.toFixed(2).padStart(7)} MiB/s   1 MiB doc ${(result.bigMs / 1000).toFixed(3)} s   10 KiB doc ${result.smallMs.toFixed(2)} ms` +
			`   (CPU time: ${cpuThroughput.toFixed(2)} MiB/s, ${(bigCpu / 1000).toFixed(3)} s, ${smallCpu.toFixed(2)} ms)`,
	);
	return result;
}

console.log(`corpus: ${corpus.length} documents, ${(corpusBytes / MiB).toFixed(1)} MiB generated from ${seeds.length} seeds; 1 MiB and 10 KiB documents; medians of ${runs} runs, one core`);
const engine = measure('analyze() (whole engine)', (t) => analyze(t));
measure('  findEntities (entities stage)', (t) => findEntities(t));
measure('  findNumbers (numbers stage)', (t) => findNumbers(t));
measure('  findBoilerplate (chrome stage)', (t) => findBoilerplate(t));
const goals = [
	[engine.mibPerS >= 5, `throughput ${engine.mibPerS.toFixed(2)} MiB/s (goal >= 5)`],
	[engine.bigMs <= 300, `1 MiB document ${(engine.bigMs / 1000).toFixed(3)} s (goal <= 0.3)`],
	[engine.smallMs <= 5, `10 KiB document ${engine.smallMs.toFixed(2)} ms (goal <= 5)`],
];
for (const [ok, text] of goals) console.log(`  ${ok ? 'meets' : 'MISSES'}: ${text}`);

if (withPeer) {
	const nlp = require('compromise');
	const peer = (t) => {
		const doc = nlp(t);
		doc.people().out('array');
		doc.places().out('array');
		doc.organizations().out('array');
		doc.numbers().out('array');
	};
	peer(smallDoc);
	const sample = [];
	let sampleBytes = 0;
	for (const d of corpus) {
		if (sampleBytes >= peerMiB * MiB) break;
		sample.push(d);
		sampleBytes += bytes(d);
	}
	const through = [];
	const peerRuns = Math.min(runs, 2);
	cpuLog = [];
	for (let r = 0; r < peerRuns; r++) through.push(sampleBytes / MiB / (time(() => sample.forEach(peer)) / 1000));
	const peerCpuThroughput = sampleBytes / MiB / (median(cpuLog) / 1000);
	const small = [];
	for (let r = 0; r < 5; r++) small.push(time(() => peer(smallDoc)));
	const peerSmall = median(small);
	const peerThroughput = median(through);
	console.log(`compromise nlp() + people/places/organizations/numbers: ${peerThroughput.toFixed(3)} MiB/s (CPU time: ${peerCpuThroughput.toFixed(3)}) on ${(sampleBytes / MiB).toFixed(2)} MiB, 10 KiB doc ${peerSmall.toFixed(1)} ms`);
	const peerBig = time(() => peer(bigDoc));
	console.log(`compromise 1 MiB document (one run): ${(peerBig / 1000).toFixed(1)} s`);
	console.log(`ratio (engine / compromise): throughput x${(engine.mibPerS / peerThroughput).toFixed(0)}, 10 KiB doc x${(peerSmall / engine.smallMs).toFixed(0)} faster, 1 MiB doc x${(peerBig / engine.bigMs).toFixed(0)} faster`);
}
