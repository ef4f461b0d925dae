import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'libsql';
import { createStore, StoreError } from '../../src/store/index.ts';
import { databaseFileName, migrations, openSqliteStore, type Migration } from '../../src/store/sqlite.ts';
import { fakeClock, runStoreContract } from './contract.ts';

const temps: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'career-advisor-sqlite-'));
  temps.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

runStoreContract('sqlite', async () => {
  const clock = fakeClock();
  const dataDir = tempDir();
  const store = openSqliteStore({ dataDir, now: clock.now, sweepIntervalMs: 0 });
  return {
    store,
    sweep: () => store.sweep(),
    clock,
    realTtl: false,
    // A second connection to the same file, as a second process would open it.
    another: async () => createStore({ kind: 'sqlite', dataDir }, { now: clock.now }),
    sharesRateLimits: false,
    cleanup: async () => {},
  };
});

function peek(dir: string, sql: string): unknown {
  const db = new Database(join(dir, databaseFileName));
  try {
    return db.prepare(sql).get([]);
  } finally {
    db.close();
  }
}

async function openError(run: () => unknown): Promise<StoreError> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(StoreError);
    return error as StoreError;
  }
  throw new Error('expected the store to refuse to open');
}

describe('sqlite store', () => {
  it('creates DATA_DIR when missing and keeps everything across close and reopen', async () => {
    const dataDir = join(tempDir(), 'nested', 'data');
    const first = await createStore({ kind: 'sqlite', dataDir });
    await first.set('vote:U1:A1', { value: 'up' });
    await first.set('ctx:slack:T1:C1:U1', { role: 'lead' }, 60_000);
    await first.increment('votes:A1:up');
    await first.rank('gaps', 'how do I become a lead?', 2);
    await first.append('feedback', { vote: 'down', comment: 'too vague' });
    await first.close();
    expect(existsSync(join(dataDir, databaseFileName))).toBe(true);

    const second = await createStore({ kind: 'sqlite', dataDir });
    expect(await second.get('vote:U1:A1')).toEqual({ value: 'up' });
    expect(await second.get('ctx:slack:T1:C1:U1')).toEqual({ role: 'lead' });
    expect(await second.get('votes:A1:up')).toBe(1);
    expect(await second.top('gaps', 5)).toMatchObject([{ member: 'how do I become a lead?', score: 2 }]);
    expect(await second.recent('feedback', 5)).toEqual([{ vote: 'down', comment: 'too vague' }]);
    await second.close();
  });

  it('uses WAL and checkpoints it on close', async () => {
    const dataDir = tempDir();
    const store = openSqliteStore({ dataDir });
    await store.set('k', 'v');
    expect(peek(dataDir, 'PRAGMA journal_mode')).toMatchObject({ journal_mode: 'wal' });
    await store.close();
    const wal = join(dataDir, `${databaseFileName}-wal`);
    // After the checkpoint the WAL is empty or gone: everything is in the main file.
    expect(!existsSync(wal) || statSync(wal).size === 0).toBe(true);
  });

  it('loses nothing when the process is killed with SIGTERM without closing the store', async () => {
    const dataDir = tempDir();
    const script = fileURLToPath(new URL('./fixtures/sqlite-writer.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('written')) resolve();
      });
      child.on('exit', (code) => reject(new Error(`writer exited early (${code}): ${stderr}`)));
    });
    expect(existsSync(join(dataDir, `${databaseFileName}-wal`))).toBe(true);
    const exited = new Promise((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    child.kill('SIGTERM');
    expect(await exited).toBe('SIGTERM');

    const store = openSqliteStore({ dataDir });
    for (let i = 0; i < 50; i++) expect(await store.get(`vote:U${i}:A1`)).toEqual({ value: i % 2 ? 'up' : 'down' });
    expect(await store.score('gaps', 'what does a lead earn?')).toBe(3);
    expect(await store.recent('feedback', 1)).toEqual([{ answer: 'role staff-ml-architect salary', vote: 'down' }]);
    await store.close();
  });

  it('runs each migration once, in order, and keeps the data across an upgrade', async () => {
    const dataDir = tempDir();
    const v1 = openSqliteStore({ dataDir });
    await v1.set('kept', 'from v1');
    await v1.close();
    expect(peek(dataDir, 'PRAGMA user_version')).toMatchObject({ user_version: migrations.length });

    const next = migrations.length + 1;
    const v2: Migration[] = [
      ...migrations,
      {
        version: next,
        description: 'a table that counts its own runs',
        sql: 'CREATE TABLE migration_runs (n INTEGER); INSERT INTO migration_runs VALUES (1);',
      },
    ];
    for (let i = 0; i < 3; i++) await openSqliteStore({ dataDir, migrations: v2 }).close();
    expect(peek(dataDir, 'PRAGMA user_version')).toMatchObject({ user_version: next });
    expect(peek(dataDir, 'SELECT count(*) AS runs FROM migration_runs')).toMatchObject({ runs: 1 });
    const upgraded = openSqliteStore({ dataDir, migrations: v2 });
    expect(await upgraded.get('kept')).toBe('from v1');
    await upgraded.close();
  });

  it('upgrades a database made by the first release to the current schema', async () => {
    const dataDir = tempDir();
    const first = openSqliteStore({ dataDir, migrations: migrations.slice(0, 1) });
    await first.rank('gaps', 'old question', 4);
    await first.close();
    const current = openSqliteStore({ dataDir });
    expect(await current.top('gaps', 5)).toMatchObject([{ member: 'old question', score: 4 }]);
    await current.close();
    expect(peek(dataDir, 'PRAGMA user_version')).toMatchObject({ user_version: migrations.length });
    expect(peek(dataDir, "SELECT count(*) AS n FROM sqlite_master WHERE type = 'index' AND name = 'ranked_recent'")).toMatchObject({
      n: 1,
    });
  });

  it('rolls back a failing migration as a whole', async () => {
    const dataDir = tempDir();
    const broken: Migration[] = [
      ...migrations,
      { version: migrations.length + 1, description: 'broken', sql: 'CREATE TABLE half (n INTEGER); THIS IS NOT SQL;' },
    ];
    const error = await openError(() => openSqliteStore({ dataDir, migrations: broken }));
    expect(error.message).toContain(join(dataDir, databaseFileName));
    // Nothing of the failed run stayed, not even the good migrations before it: the next open starts from scratch.
    expect(peek(dataDir, 'PRAGMA user_version')).toMatchObject({ user_version: 0 });
    const store = openSqliteStore({ dataDir });
    await store.set('k', 1);
    await store.close();
  });

  it('refuses a database written by a newer version, naming the path', async () => {
    const dataDir = tempDir();
    await openSqliteStore({ dataDir }).close();
    const db = new Database(join(dataDir, databaseFileName));
    db.exec('PRAGMA user_version = 99');
    db.close();
    const error = await openError(() => openSqliteStore({ dataDir }));
    expect(error.message).toBe(
      `store: the database ${join(dataDir, databaseFileName)} has schema version 99, newer than this career-advisor knows (${migrations.length}): upgrade career-advisor or set DATA_DIR to another folder`,
    );
  });

  it('gives one clear error naming the file when it is not a database', async () => {
    const dataDir = tempDir();
    const path = join(dataDir, databaseFileName);
    writeFileSync(path, 'these are notes, not a database\n'.repeat(100));
    const error = await openError(() => createStore({ kind: 'sqlite', dataDir }));
    expect(error.message).toBe(
      `store: cannot use the database ${path}: the file is not a SQLite database (move it away or set DATA_DIR to another folder)`,
    );
    expect(error.code).toBe('store_failed');
  });

  it('gives one clear error naming DATA_DIR when it cannot be created', async () => {
    const blocker = join(tempDir(), 'a-file');
    writeFileSync(blocker, 'in the way');
    const dataDir = join(blocker, 'data');
    const error = await openError(() => createStore({ kind: 'sqlite', dataDir }));
    expect(error.message).toBe(
      `store: cannot use DATA_DIR ${dataDir}: a part of the path is a file, not a folder (set DATA_DIR to a folder this process can write)`,
    );
  });

  it('turns a write lock held too long by another process into a store_unavailable StoreError', async () => {
    const dataDir = tempDir();
    const store = openSqliteStore({ dataDir, busyTimeoutMs: 50 });
    await store.set('k', 'before');
    const other = new Database(join(dataDir, databaseFileName));
    other.exec('BEGIN IMMEDIATE');
    try {
      await expect(store.set('k', 'during')).rejects.toMatchObject({ name: 'StoreError', code: 'store_unavailable' });
      expect(await store.get('k')).toBe('before');
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    await store.set('k', 'after');
    expect(await store.get('k')).toBe('after');
    await store.close();
  });
});
