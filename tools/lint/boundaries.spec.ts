import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// The boundaries of eslint.config.mjs, proven by linting probe files placed inside the projects.
// ESLint runs in a child process: its flat config is an ES module, which Jest's CommonJS
// runtime cannot load. Only the probe files are linted, so a run takes seconds, not minutes.

const ROOT = join(__dirname, '..', '..');
const PROBE_SUFFIX = '.lint-probe.ts';
const BOUNDARY_RULE = '@nx/enforce-module-boundaries';

interface Probe {
  what: string;
  /** Folder (inside a project's src) the probe file is written to. */
  dir: string;
  source: string;
  /** The boundary error expected, or null: the file must lint clean. */
  error: RegExp | null;
}

const probes: Probe[] = [
  {
    what: 'the rule engine importing the typed config',
    dir: 'libs/routing/rule-engine/src',
    source: "import { loadConfig } from '@axiom/platform-config';\nexport const probe = loadConfig;\n",
    error: /"scope:rule-engine" can only depend on libs tagged with "scope:dicom-io", "type:domain"/,
  },
  {
    what: 'the rule engine importing TypeORM',
    dir: 'libs/routing/rule-engine/src',
    source: "import { DataSource } from 'typeorm';\nexport const probe = DataSource;\n",
    error: /\(\?!persistence\$\).* is not allowed to import "typeorm"/,
  },
  {
    what: 'a feature lib importing dcmjs',
    dir: 'libs/feature/ingest/src',
    source: "import * as dcmjs from 'dcmjs';\nexport const probe = dcmjs;\n",
    error: /\(\?!dicom-io\$\).* is not allowed to import "dcmjs"/,
  },
  {
    what: 'a feature lib importing TypeORM outside its test code',
    dir: 'libs/feature/ingest/src',
    source: "import { Repository } from 'typeorm';\nexport const probe = Repository;\n",
    error: /\(\?!persistence\$\).* is not allowed to import "typeorm"/,
  },
  {
    what: 'the domain importing Nest',
    dir: 'libs/core/domain/src',
    source: "import { Injectable } from '@nestjs/common';\nexport const probe = Injectable;\n",
    error: /"type:domain" is not allowed to import "@nestjs\/common"/,
  },
  {
    what: 'a DICOM lib other than dicom/dimse importing dcmjs-dimse',
    dir: 'libs/dicom/dicomweb/src',
    source: "import * as dimse from 'dcmjs-dimse';\nexport const probe = dimse;\n",
    error: /\(\?!dicom-dimse\$\).* is not allowed to import "dcmjs-dimse"/,
  },
  {
    what: 'the rule engine importing dicom/io and the domain (allowed)',
    dir: 'libs/routing/rule-engine/src',
    source:
      "import { parseTagPath } from '@axiom/dicom-io';\nimport { SourceType } from '@axiom/domain';\nexport const probe = [parseTagPath, SourceType];\n",
    error: null,
  },
  {
    what: 'dicom/io importing dcmjs (allowed)',
    dir: 'libs/dicom/io/src',
    source: "import * as dcmjs from 'dcmjs';\nexport const probe = dcmjs;\n",
    error: null,
  },
  {
    what: "a feature lib's test code importing TypeORM to inspect rows (allowed)",
    dir: 'libs/feature/ingest/src/testing',
    source: "import { DataSource } from 'typeorm';\nexport const probe = DataSource;\n",
    error: null,
  },
];

interface LintResult {
  filePath: string;
  messages: { ruleId: string | null; severity: number; message: string }[];
}

/** Probes of runs that were killed before their cleanup: their process is gone. */
function removeAbandonedProbes(): void {
  for (const dir of new Set(probes.map((p) => join(ROOT, p.dir)))) {
    for (const name of readdirSync(dir)) {
      const pid = /^boundary-probe-(\d+)-[0-9a-f]+\.lint-probe\.ts$/.exec(name)?.[1];
      if (pid && !isRunning(Number(pid))) rmSync(join(dir, name), { force: true });
    }
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Runs a tool of the workspace (its script under node_modules) from the repository root. */
function run(bin: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', bin), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 240_000,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' },
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('module boundaries (eslint.config.mjs)', () => {
  const files = new Map<Probe, string>();
  let results: Map<string, LintResult>;

  beforeAll(() => {
    removeAbandonedProbes();
    // the boundary rule reads the cached project graph: refresh it, tags included
    const graph = run('nx/dist/bin/nx.js', ['show', 'projects']);
    if (graph.status !== 0) throw new Error(`nx show projects failed: ${graph.stderr}`);
    try {
      for (const probe of probes) {
        const file = join(
          ROOT,
          probe.dir,
          `boundary-probe-${process.pid}-${randomBytes(4).toString('hex')}${PROBE_SUFFIX}`,
        );
        writeFileSync(file, probe.source, { flag: 'wx' });
        files.set(probe, file);
      }
      const lint = run('eslint/bin/eslint.js', ['--format', 'json', ...files.values()]);
      if (lint.status !== 0 && lint.status !== 1) throw new Error(`eslint failed (${lint.status}): ${lint.stderr}`);
      results = new Map((JSON.parse(lint.stdout) as LintResult[]).map((r) => [r.filePath, r]));
    } finally {
      for (const file of files.values()) rmSync(file, { force: true });
    }
  }, 300_000);

  it('leaves no probe file behind', () => {
    expect(files.size).toBe(probes.length);
    expect([...files.values()].filter((f) => existsSync(f))).toEqual([]);
  });

  it.each(probes.filter((p) => p.error).map((p) => [p.what, p] as const))('refuses %s', (_what, probe) => {
    const messages = results.get(files.get(probe) as string)?.messages ?? [];
    const boundary = messages.filter((m) => m.ruleId === BOUNDARY_RULE && m.severity === 2).map((m) => m.message);
    expect(boundary).toEqual([expect.stringMatching(probe.error as RegExp)]);
  });

  it.each(probes.filter((p) => !p.error).map((p) => [p.what, p] as const))('lets pass %s', (_what, probe) => {
    const result = results.get(files.get(probe) as string);
    expect(result?.messages).toEqual([]);
  });

  it('knows every project: each carries one type tag and its own scope tag, which the constraints rely on', () => {
    const projects = ['apps', 'libs', 'tools'].flatMap((d) => projectFiles(join(ROOT, d), 0));
    expect(projects.length).toBeGreaterThan(20);
    for (const file of projects) {
      const { name, tags = [] } = JSON.parse(readFileSync(file, 'utf8')) as { name: string; tags?: string[] };
      expect({
        name,
        types: tags.filter((t) => t.startsWith('type:')).length,
        scopes: tags.filter((t) => t.startsWith('scope:')),
      }).toEqual({ name, types: 1, scopes: [`scope:${name}`] });
    }
  });
});

function projectFiles(dir: string, depth: number): string[] {
  if (depth > 3) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (!e.isDirectory() || e.name === 'node_modules' || e.name === 'src') return [];
    const path = join(dir, e.name);
    return existsSync(join(path, 'project.json')) ? [join(path, 'project.json')] : projectFiles(path, depth + 1);
  });
}
