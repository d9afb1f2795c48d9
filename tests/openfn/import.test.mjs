// `flowspec import openfn` on projects OpenFn's own package wrote
// (fixtures/, see fixtures/README.md), checked with that package:
//
// - the fixtures are exactly what @openfn/project writes (make-fixtures.mjs
//   run again), and @openfn/project reads the hand-written v1 file;
// - export(import(P)) in every project format is, as @openfn/project reads
//   it, the same project as P: every workflow, trigger (type, cron,
//   enabled), job (adaptor, code, credential) and edge (source, target,
//   condition, label, disabled).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Project from '@openfn/project';
import { fixtureFiles } from './make-fixtures.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.join(here, 'fixtures');
const flowspec = process.env.FLOWSPEC ?? path.join(here, '../../target/debug/flowspec');
const work = mkdtempSync(path.join(tmpdir(), 'flowspec-import-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

function run(...args) {
  assert.ok(existsSync(flowspec), `no flowspec binary at ${flowspec}: run \`cargo build -p flowspec\` or set FLOWSPEC`);
  return execFileSync(flowspec, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

async function load(p) {
  return statSync(p).isDirectory() ? Project.from('fs', { root: p }) : Project.from('path', p);
}

/// A project as @openfn/project holds it, in a shape every format shares.
function essence(project) {
  const edge = (e) => ({
    condition: e === true || e?.condition === undefined || e?.condition === true ? 'always' : e.condition,
    label: e?.label,
    disabled: !!e?.disabled,
  });
  return [...project.workflows]
    .map((wf) => ({
      id: wf.id,
      name: wf.name,
      steps: wf.steps
        .map((s) => ({
          id: s.id,
          type: s.type,
          cron_expression: s.cron_expression,
          enabled: s.type ? s.enabled !== false : undefined,
          name: s.type ? undefined : s.name,
          adaptor: s.adaptor,
          expression: s.expression,
          configuration: s.configuration,
          next: Object.fromEntries(Object.entries(s.next ?? {}).map(([to, e]) => [to, edge(e)])),
        }))
        .sort((a, b) => a.id.localeCompare(b.id)),
    }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

const names = ['referrals.project.yaml', 'referrals.state.json', 'referrals.workspace',
  'from-state.project.yaml', 'from-state.state.json', 'from-state.workspace', 'clinic.project-v1.yaml'];

test('the fixtures are what @openfn/project writes', async () => {
  for (const [p, text] of Object.entries(await fixtureFiles())) {
    assert.equal(readFileSync(path.join(fixtures, p), 'utf8'), text, `${p}: run \`node make-fixtures.mjs\``);
  }
});

test('@openfn/project reads the hand-written v1 project.yaml', async () => {
  const project = await load(path.join(fixtures, 'clinic.project-v1.yaml'));
  const [wf] = essence(project);
  assert.equal(wf.id, 'referrals');
  const get = wf.steps.find((s) => s.id === 'get-referrals');
  assert.equal(get.configuration, 'admin@example.org|OpenMRS');
  assert.deepEqual(get.next['send-to-hospital'], { condition: 'state.data.length > 0', label: 'has referrals', disabled: false });
  assert.deepEqual(get.next['log-failure'], { condition: 'on_job_failure', label: undefined, disabled: true });
});

for (const name of names) {
  test(`export(import(${name})) is the same project to @openfn/project, in every format`, async () => {
    const original = await load(path.join(fixtures, name));
    const expected = essence(original);
    assert.ok(expected.length > 0);
    const dir = mkdtempSync(path.join(work, 'import-'));
    const design = path.join(dir, 'design.flow');
    run('import', 'openfn', path.join(fixtures, name), '-o', design);
    assert.ok(existsSync(path.join(dir, 'design.openfn.yaml')));
    // The design checks with no error (open questions are information).
    run('check', design);
    for (const format of ['workspace', 'project', 'project-v1']) {
      const out = path.join(dir, `out-${format}`);
      run('export', 'openfn', design, '--format', format, '-o', out);
      const back = await load(out);
      assert.deepEqual(essence(back), expected, `${name} as ${format}`);
      assert.equal(back.name, original.name, `${name} as ${format}`);
    }
  });
}
