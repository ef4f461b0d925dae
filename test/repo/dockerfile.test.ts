/**
 * `docker build` cannot run on the CI machines, so the Dockerfile is checked as text: dockerfile-utils (the linter
 * behind the Dockerfile language server) with every rule an error, and the image policy the README's Docker section
 * promises, as rules of our own. `npm run lint:docker` runs this file alone.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validate, ValidationSeverity } from 'dockerfile-utils';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers.ts';

const dockerfile = readFileSync(join(repoRoot, 'Dockerfile'), 'utf8');

function lint(text: string): string[] {
  const error = ValidationSeverity.ERROR;
  const settings = {
    deprecatedMaintainer: error,
    directiveCasing: error,
    emptyContinuationLine: error,
    instructionCasing: error,
    instructionCmdMultiple: error,
    instructionEntrypointMultiple: error,
    instructionHealthcheckMultiple: error,
    instructionJSONInSingleQuotes: error,
    instructionWorkdirRelative: error,
  };
  return validate(text, settings).map((d) => `line ${d.range.start.line + 1}: ${d.message}`);
}

interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

/** Instructions with continuation lines joined, grouped by stage (each FROM starts one). */
function stages(text: string): Instruction[][] {
  const out: Instruction[][] = [];
  let pending = '';
  let start = 0;
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (pending === '' && (line === '' || line.startsWith('#'))) return;
    if (pending === '') start = i + 1;
    pending += ` ${line.replace(/\\$/, '')}`;
    if (line.endsWith('\\')) return;
    const [keyword = '', ...rest] = pending.trim().split(/\s+/);
    pending = '';
    const instruction = { keyword: keyword.toUpperCase(), args: rest.join(' '), line: start };
    if (instruction.keyword === 'FROM') out.push([]);
    out.at(-1)?.push(instruction);
  });
  return out;
}

/** What a COPY copies: its arguments without flags and without the destination. */
function copySources(i: Instruction): string[] {
  return i.args
    .split(/\s+/)
    .filter((a) => !a.startsWith('--'))
    .slice(0, -1);
}

/** The image policy: what issue #9 asked of the image, as checks that name the line. */
function policy(text: string): string[] {
  const problems: string[] = [];
  const all = stages(text);
  const final = all.at(-1) ?? [];
  const at = (i: Instruction) => `line ${i.line}: ${i.keyword} ${i.args}`;
  for (const from of all.map((s) => s[0]).filter((i): i is Instruction => i !== undefined)) {
    if (!/^node:(22|24)([.-]|$)/.test(from.args.split(/\s+/)[0] ?? ''))
      problems.push(`${at(from)}: base must be a current LTS Node (22 or 24)`);
  }
  for (const stage of all) {
    const install = stage.findIndex((i) => i.keyword === 'RUN' && /\bnpm ci\b/.test(i.args));
    const sources = stage.findIndex((i) => i.keyword === 'COPY' && copySources(i).some((p) => /^(\.\/)?(src\/?|\.\/?)$/.test(p)));
    const manifest = stage.findIndex((i) => i.keyword === 'COPY' && /package-lock\.json/.test(i.args));
    if (install >= 0 && sources >= 0 && sources < install)
      problems.push(`${at(stage[sources]!)}: copy the sources after the dependency layer (npm ci)`);
    if (install >= 0 && (manifest < 0 || manifest > install))
      problems.push(`${at(stage[install]!)}: copy package.json and package-lock.json alone before npm ci`);
  }
  // The one exception to root-owned files: a data directory the process writes, declared as a VOLUME.
  const volumes = final
    .filter((i) => i.keyword === 'VOLUME')
    .flatMap((i) =>
      i.args
        .replace(/[[\]",]/g, ' ')
        .split(/\s+/)
        .filter(Boolean),
    );
  const chownsOnlyVolumes = (i: Instruction) => {
    const targets = i.args
      .split(/&&|;/)
      .filter((part) => /\bch(own|mod)\b/.test(part))
      .flatMap((part) => part.trim().split(/\s+/).slice(2));
    return targets.length > 0 && targets.every((t) => volumes.includes(t));
  };
  for (const i of final) {
    if (/--chown|--chmod/.test(i.args) || (i.keyword === 'RUN' && /\bch(own|mod)\b/.test(i.args) && !chownsOnlyVolumes(i))) {
      problems.push(`${at(i)}: app files stay owned by root, read-only to the runtime user (only a VOLUME may be chowned)`);
    }
    if (i.keyword === 'COPY' && copySources(i).some((p) => /^(\.\/)?src\/?$|^\.\/?$/.test(p)))
      problems.push(`${at(i)}: the image runs the bundle, src/ stays out`);
    if (/\btsx\b|\besbuild\b/.test(i.args)) problems.push(`${at(i)}: no tsx or esbuild in the image`);
  }
  const user = final.filter((i) => i.keyword === 'USER').at(-1);
  if (!user || /^(root|0)(:|$)/.test(user.args)) problems.push('final stage: run as an unprivileged USER');
  const lastCopy = final.map((i) => i.keyword).lastIndexOf('COPY');
  if (user && final.indexOf(user) < lastCopy) problems.push(`${at(user)}: switch USER after the last COPY (files stay root's)`);
  const build = all.slice(0, -1).flat();
  if (
    final.some((i) => i.keyword === 'COPY' && /--from=\S+ \S*node_modules/.test(i.args)) &&
    !build.some((i) => i.keyword === 'RUN' && /npm prune --omit=dev|npm ci --omit=dev/.test(i.args))
  ) {
    problems.push('node_modules is copied from a stage that keeps devDependencies: prune them first');
  }
  const cmd = final.filter((i) => i.keyword === 'CMD').at(-1);
  if (!cmd || !cmd.args.startsWith('[')) problems.push('final stage: CMD in exec form, so node is PID 1 and gets SIGTERM');
  const health = final.filter((i) => i.keyword === 'HEALTHCHECK').at(-1);
  if (health && !/^NONE$/i.test(health.args)) {
    if (!/\/healthz|\/readyz/.test(health.args)) problems.push(`${at(health)}: the health check must probe /healthz or /readyz`);
    if (/exit\(0\)\s*;|\|\|\s*(true|exit 0)/.test(health.args))
      problems.push(`${at(health)}: a health check that can pass without probing is not one`);
    if (!final.some((i) => i.keyword === 'ENV' && /\bPORT=\d+/.test(i.args)))
      problems.push(`${at(health)}: set PORT in the image so the probed routes are always served`);
  }
  return problems;
}

describe('Dockerfile', () => {
  it('passes the Dockerfile linter with every rule as an error', () => {
    expect(lint(dockerfile)).toEqual([]);
  });

  it('follows the image policy: LTS base, dependency layer first, root-owned files, no sources or build tools', () => {
    expect(policy(dockerfile)).toEqual([]);
  });

  it('keeps build tools out of the production dependencies the image installs', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    for (const tool of ['tsx', 'esbuild', 'typescript', 'prettier']) {
      expect(pkg.dependencies[tool], tool).toBeUndefined();
      if (tool !== 'typescript' && tool !== 'prettier') expect(pkg.devDependencies[tool], tool).toBeDefined();
    }
  });

  it('keeps secrets, local builds and dependencies out of the build context', () => {
    const ignored = readFileSync(join(repoRoot, '.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim());
    for (const entry of ['node_modules', 'dist', '.env', '.git']) expect(ignored, entry).toContain(entry);
  });

  it('catches what the old image did wrong (the checks can fail)', () => {
    const old = [
      'FROM node:20-bookworm-slim AS build',
      'WORKDIR /app',
      'COPY package.json package-lock.json ./',
      'COPY src src',
      'RUN npm ci && npm prune --omit=dev',
      'FROM node:20-bookworm-slim',
      'WORKDIR /app',
      'COPY --from=build --chown=node:node /app/node_modules node_modules',
      'COPY --chown=node:node src src',
      'USER node',
      "HEALTHCHECK CMD node -e \"const p=process.env.PORT;if(!p)process.exit(0);fetch('http://127.0.0.1:'+p+'/healthz')\"",
      'CMD node bin/career-advisor.js start',
    ].join('\n');
    const problems = policy(old).join('\n');
    expect(problems).toMatch(/current LTS Node/);
    expect(problems).toMatch(/after the dependency layer/);
    expect(problems).toMatch(/owned by root/);
    expect(problems).toMatch(/src\/ stays out/);
    expect(problems).toMatch(/exec form/);
    expect(problems).toMatch(/pass without probing/);
    expect(lint('from node:22\nCMD node a\nCMD node b\n').length).toBeGreaterThanOrEqual(2);
    // A data volume may belong to the runtime user; the app itself may not.
    const base = 'FROM node:22-slim\nWORKDIR /app\nENV PORT=3000\nCOPY bin bin\n';
    const tail = 'USER node\nCMD ["node", "bin/career-advisor.js", "start"]\n';
    expect(policy(`${base}RUN mkdir -p /app/data && chown node:node /app/data\nVOLUME /app/data\n${tail}`)).toEqual([]);
    expect(policy(`${base}RUN chown -R node:node /app\nVOLUME /app/data\n${tail}`).join()).toMatch(/owned by root/);
  });
});
