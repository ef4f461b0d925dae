/**
 * The deployment examples in deploy/, checked without a container engine: the YAML parses, the structure is what
 * the README promises, and every service's environment is a configuration the bot accepts (parseConfig), with the
 * gateway exactly where it should be. (`docker compose -f deploy/compose.yaml config` checks the compose file
 * further where Docker is installed.)
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { parseConfig } from '../src/config.ts';

const read = (name: string) => readFileSync(new URL(`../deploy/${name}`, import.meta.url), 'utf8');

/** Values an operator would put in .env, for `${VAR:?…}` / `${VAR:-default}` interpolation. */
const operatorEnv: Record<string, string> = {
  SLACK_BOT_TOKEN: 'xoxb-1-2-deploytest',
  SLACK_SIGNING_SECRET: 'deploy-signing-secret',
  DISCORD_TOKEN: 'deploy.discord.token',
  DISCORD_APPLICATION_ID: '123456789012345678',
  DISCORD_PUBLIC_KEY: 'ab'.repeat(32),
};

function interpolate(value: string): string {
  return value.replace(
    /\$\{(\w+)(?::?[?-]([^}]*))?\}/g,
    (_m, name: string, fallback: string | undefined) => operatorEnv[name] ?? fallback ?? '',
  );
}

interface ComposeService {
  image?: string;
  build?: string;
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
  depends_on?: unknown;
  ports?: string[];
}

describe('deploy/compose.yaml', () => {
  const compose = parse(read('compose.yaml'), { merge: true }) as {
    services: Record<string, ComposeService>;
    configs: Record<string, { content: string }>;
  };
  const services = compose.services;
  const configOf = (name: string) =>
    parseConfig(Object.fromEntries(Object.entries(services[name]?.environment ?? {}).map(([k, v]) => [k, interpolate(String(v))])));

  it('has Redis from its official image, two HTTP replicas, one gateway process and a load balancer', () => {
    expect(Object.keys(services).sort()).toEqual(['gateway', 'http-1', 'http-2', 'lb', 'redis']);
    expect(services.redis?.image).toMatch(/^redis:7/);
    for (const name of ['http-1', 'http-2', 'gateway']) {
      expect(services[name]?.build).toBe('..');
      expect(services[name]?.healthcheck?.test.join(' ')).toContain('/readyz');
      expect(services[name]?.depends_on).toMatchObject({ redis: { condition: 'service_healthy' } });
    }
    const nginx = compose.configs.nginx?.content ?? '';
    expect(nginx).toMatch(/server http-1:3000;\s*server http-2:3000;/);
    expect(nginx).toContain('location = /slack/events');
    expect(nginx).toContain('location = /discord/interactions');
  });

  it('gives every process a configuration the bot accepts, all on one Redis, the gateway only in one', () => {
    for (const name of ['http-1', 'http-2']) {
      const config = configOf(name);
      expect(config.slack?.mode).toBe('http');
      expect(config.discord).toMatchObject({ gateway: false, publicKey: 'ab'.repeat(32) });
      expect(config.port).toBe(3000);
      expect(services[name]?.environment?.REDIS_URL).toBe('redis://redis:6379');
    }
    const gateway = configOf('gateway');
    expect(gateway.slack).toBeUndefined();
    expect(gateway.discord).toMatchObject({ gateway: true, shards: 'auto' });
    expect(services.gateway?.environment?.REDIS_URL).toBe('redis://redis:6379');
  });
});

describe('deploy/kubernetes.yaml', () => {
  const docs = parseAllDocuments(read('kubernetes.yaml')).map(
    (d) => d.toJS() as { kind: string; metadata: { name: string }; spec: Record<string, unknown> },
  );
  const byName = (kind: string, name: string) =>
    docs.find((d) => d.kind === kind && d.metadata.name === name) as { spec: Record<string, unknown> } | undefined;
  type Container = {
    image: string;
    env?: Array<{ name: string; value?: string }>;
    ports: Array<{ name: string; containerPort: number }>;
    readinessProbe?: { httpGet?: { path: string; port: string } };
    livenessProbe?: { httpGet?: { path: string; port: string } };
  };
  const containerOf = (name: string) =>
    (byName('Deployment', name)?.spec.template as { spec: { containers: Container[] } }).spec.containers[0] as Container;

  it('has the HTTP and gateway Deployments with readiness on /readyz and liveness on /healthz, Services, and Redis', () => {
    expect(docs.map((d) => `${d.kind}/${d.metadata.name}`).sort()).toEqual([
      'Deployment/career-advisor-gateway',
      'Deployment/career-advisor-http',
      'Deployment/career-advisor-redis',
      'Service/career-advisor-http',
      'Service/career-advisor-redis',
    ]);
    expect(byName('Deployment', 'career-advisor-http')?.spec.replicas).toBe(2);
    expect(byName('Deployment', 'career-advisor-gateway')?.spec.replicas).toBe(1);
    for (const name of ['career-advisor-http', 'career-advisor-gateway']) {
      const container = containerOf(name);
      expect(container.readinessProbe?.httpGet).toEqual({ path: '/readyz', port: 'http' });
      expect(container.livenessProbe?.httpGet).toEqual({ path: '/healthz', port: 'http' });
      expect(container.ports).toContainEqual({ name: 'http', containerPort: 3000 });
      expect(container.env).toContainEqual({ name: 'PORT', value: '3000' });
      expect(container.env).toContainEqual({ name: 'REDIS_URL', value: 'redis://career-advisor-redis:6379' });
    }
    expect(containerOf('career-advisor-http').env).toContainEqual({ name: 'DISCORD_GATEWAY', value: 'off' });
    expect(containerOf('career-advisor-gateway').env).toContainEqual({ name: 'DISCORD_GATEWAY', value: 'on' });
    expect(containerOf('career-advisor-redis').image).toMatch(/^redis:7/);
    const service = byName('Service', 'career-advisor-http')?.spec as {
      selector: Record<string, string>;
      ports: Array<{ targetPort: string }>;
    };
    expect(service.selector).toEqual({ app: 'career-advisor', role: 'http' });
    expect(service.ports[0]?.targetPort).toBe('http');
  });
});
