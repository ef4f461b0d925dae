/**
 * Summarises a `node --cpu-prof` profile (used by `npm run bench:slack -- --profile DIR`): self time within a window,
 * idle excluded, by module (a package, a node internal, or one of our source files, found through the `// src/…`
 * markers esbuild leaves in the bundle) and by function, per request.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

/** `// src/…` markers esbuild leaves in a bundle file: which source file a line of it came from. */
const bundleSources = new Map<string, Array<[number, string]>>();
function sourceOf(url: string, line: number): string {
  let markers = bundleSources.get(url);
  if (!markers) {
    markers = [];
    try {
      readFileSync(fileURLToPath(url), 'utf8')
        .split('\n')
        .forEach((text, i) => text.startsWith('// src/') && markers?.push([i, text.slice(3)]));
    } catch {
      // not a file: leave it unnamed
    }
    bundleSources.set(url, markers);
  }
  let found = 'dist';
  for (const [at, name] of markers) if (at <= line) found = name;
  return found;
}

function moduleOf(url: string, line: number): string {
  if (url === '') return '(native: syscalls, GC, idle)';
  if (url.startsWith('node:'))
    return url
      .replace(/^node:internal\//, 'node:')
      .split('/')
      .slice(0, 2)
      .join('/');
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1] as string;
  return /\/dist\//.test(url) ? sourceOf(url, line) : url;
}

/**
 * Self time in the child's `--cpu-prof` profile during the run (samples in the window `fromEndMs` before the end),
 * idle excluded, by module (a package, a node internal, or our source file via the bundle's markers) and by function.
 */
export function printProfile(dir: string, { fromEndMs, requests }: { fromEndMs: [number, number]; requests: number }): void {
  const file = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .sort()
    .pop();
  if (!file) return void console.log(`no .cpuprofile in ${dir}`);
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
    nodes: ProfileNode[];
    samples: number[];
    timeDeltas: number[];
    endTime: number;
  };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const [from, to] = [profile.endTime - fromEndMs[0] * 1000, profile.endTime - fromEndMs[1] * 1000];
  const functions = new Map<string, number>();
  const modules = new Map<string, number>();
  let at = profile.endTime - profile.timeDeltas.reduce((a, b) => a + b, 0);
  let total = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    const { callFrame } = byId.get(id) as ProfileNode;
    if (at < from || at > to || callFrame.functionName === '(idle)') return;
    const ms = delta / 1000;
    const where = moduleOf(callFrame.url, callFrame.lineNumber);
    const fn = `${callFrame.functionName || '(anonymous)'}  ${where}`;
    functions.set(fn, (functions.get(fn) ?? 0) + ms);
    modules.set(where, (modules.get(where) ?? 0) + ms);
    total += ms;
  });
  const top = (m: Map<string, number>, n: number) =>
    [...m]
      .sort(([, a], [, b]) => b - a)
      .slice(0, n)
      .map(
        ([k, ms]) =>
          `  ${((ms / total) * 100).toFixed(1).padStart(5)}%  ${((ms / requests) * 1000).toFixed(0).padStart(5)} µs/request  ${k}`,
      )
      .join('\n');
  console.log(
    `\nprofile ${join(dir, file)}: ${total.toFixed(0)} ms of CPU during the run (idle excluded), ${((total / requests) * 1000).toFixed(0)} µs per request`,
  );
  console.log(`self time by module:\n${top(modules, 20)}\nself time by function:\n${top(functions, 25)}`);
}
