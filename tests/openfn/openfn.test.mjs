// OpenFn's own packages read what `flowspec export openfn` writes.
//
// - @openfn/project (the library the OpenFn CLI uses to read projects)
//   loads each exported v1 project.yaml: every workflow, trigger, job and
//   edge must come out as exported, and it must serialise to Lightning's
//   state. It also loads the 4.0 project file and the 4.0 workspace folder
//   (as `openfn project deploy` does, from the folder): both must give the
//   same project as the v1 file, job code included.
// - @openfn/runtime (the engine that runs workflows) validates and runs each
//   exported workflow.json, compiled as support.mjs says. A placeholder
//   passes state through; a transform job that performs a mapping (see
//   mapping.test.mjs) gives records.
//
// Needs the flowspec binary: FLOWSPEC=/path/to/flowspec, else
// ../../target/debug/flowspec (run `cargo build -p flowspec` first).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import Project, { yamlToJson } from '@openfn/project';
import { mapsRecords, runPlan } from './support.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const flowspec = process.env.FLOWSPEC ?? path.join(root, 'target/debug/flowspec');
const examples = ['examples/ethiopia', 'examples/patient-journey', 'examples/complete', 'examples/open-questions.flow'];

const work = mkdtempSync(path.join(tmpdir(), 'flowspec-openfn-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

function flowspecRun(...args) {
  assert.ok(existsSync(flowspec), `no flowspec binary at ${flowspec}: run \`cargo build -p flowspec\` or set FLOWSPEC`);
  return execFileSync(flowspec, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/// The export on stdout: the v1 project.yaml unless `--format` says otherwise.
function exportOpenfn(example, ...args) {
  const format = args.includes('--format') ? [] : ['--format', 'project-v1'];
  return flowspecRun('export', 'openfn', path.join(root, example), '-o', '-', ...format, ...args);
}

/// The default export, a 4.0 workspace folder, written to a new folder.
function exportWorkspace(example) {
  const folder = mkdtempSync(path.join(work, 'workspace-'));
  rmSync(folder, { recursive: true });
  flowspecRun('export', 'openfn', path.join(root, example), '-o', folder);
  return folder;
}

/// What a project says, in a shape every format shares: workflows with
/// their trigger and job steps (adaptor, code) and edges (condition).
function essence(project) {
  return project.workflows.map((wf) => ({
    id: wf.id,
    name: wf.name,
    start: wf.start,
    steps: wf.steps.map((s) => ({
      id: s.id,
      name: s.name,
      type: s.type,
      cron_expression: s.cron_expression,
      enabled: s.enabled,
      adaptor: s.adaptor,
      expression: s.expression,
      next: Object.fromEntries(
        Object.entries(s.next ?? {}).map(([to, e]) => [to, { condition: e.condition, disabled: !!e.disabled }]),
      ),
    })).sort((a, b) => a.id.localeCompare(b.id)),
  }));
}

for (const example of examples) {
  test(`@openfn/project loads the project exported from ${example}`, async () => {
    const text = exportOpenfn(example);
    const spec = yamlToJson(text);
    const project = await Project.from('project', text);

    assert.equal(project.name, spec.name);
    assert.deepEqual(
      project.workflows.map((w) => w.id),
      Object.keys(spec.workflows),
      "OpenFn derives each workflow's id from its name: the same ids as the file's keys",
    );
    for (const workflow of project.workflows) {
      const wf = spec.workflows[workflow.id];
      assert.equal(workflow.name, wf.name);
      const [triggerKey, trigger] = Object.entries(wf.triggers)[0];
      assert.equal(workflow.start, trigger.type);

      const steps = Object.fromEntries(workflow.steps.map((s) => [s.id, s]));
      const start = steps[triggerKey];
      assert.equal(start.type, trigger.type);
      assert.equal(start.enabled, trigger.enabled);
      assert.equal(start.cron_expression, trigger.cron_expression);

      for (const [jobKey, job] of Object.entries(wf.jobs)) {
        const step = steps[jobKey];
        assert.ok(step, `${workflow.id}: OpenFn's id for job "${job.name}" is its key ${jobKey}`);
        assert.equal(step.adaptor, job.adaptor);
        assert.match(step.adaptor, /^@openfn\/language-[a-z0-9-]+@latest$/);
        assert.equal(step.expression, job.body);
        assert.match(step.expression, /^\/\/ /);
        assert.match(step.expression, mapsRecords(step) ? /\nfn\(state => \{\n[^]*\n\}\);\n$/ : /fn\(state => state\);\n$/);
      }

      // One chain from the trigger through every job: always, then on success.
      const visited = [];
      let at = start;
      let condition = 'always';
      while (at.next && Object.keys(at.next).length > 0) {
        const entries = Object.entries(at.next);
        assert.equal(entries.length, 1, `${workflow.id}: one way on from ${at.id}`);
        const [to, edge] = entries[0];
        assert.equal(edge.condition, condition, `${workflow.id}: ${at.id}->${to}`);
        assert.equal(edge.disabled, false);
        visited.push(to);
        at = steps[to];
        condition = 'on_job_success';
      }
      assert.deepEqual(visited, Object.keys(wf.jobs));
    }

    // And on to Lightning's state, as `openfn deploy` would send it.
    const state = project.serialize('state', { format: 'json' });
    assert.deepEqual(Object.keys(state.workflows), Object.keys(spec.workflows));
    for (const [id, wf] of Object.entries(state.workflows)) {
      assert.equal(Object.keys(wf.jobs).length, Object.keys(spec.workflows[id].jobs).length);
      assert.equal(Object.keys(wf.edges).length, Object.keys(spec.workflows[id].edges).length);
    }
  });
}

for (const example of examples) {
  test(`@openfn/runtime runs each workflow.json exported from ${example}`, async () => {
    const spec = yamlToJson(exportOpenfn(example));
    for (const id of Object.keys(spec.workflows)) {
      const plan = JSON.parse(exportOpenfn(example, '--format', 'workflow-json', '--flow', id));
      assert.deepEqual(Object.keys(plan).sort(), ['options', 'workflow']);
      for (const step of plan.workflow.steps) {
        for (const key of Object.keys(step)) {
          assert.ok(['id', 'name', 'adaptor', 'expression', 'next'].includes(key), `${id}: step key ${key}`);
        }
      }
      const input = { data: { from: 'the test' } };
      const { result, completed } = await runPlan(plan, input);
      assert.deepEqual(completed, plan.workflow.steps.map((s) => s.id), `${id}: every step ran, in order`);
      if (!plan.workflow.steps.some(mapsRecords)) {
        assert.deepEqual(result.data, input.data, `${id}: the placeholder passes state through`);
      }
    }
  });
}

for (const example of examples) {
  test(`@openfn/project loads the 4.0 project file and workspace folder exported from ${example}`, async () => {
    const v1 = await Project.from('project', exportOpenfn(example));
    const expected = essence(v1);
    assert.ok(expected.length > 0);

    const text = exportOpenfn(example, '--format', 'project');
    assert.equal(yamlToJson(text).schema_version, '4.0');
    const file = await Project.from('project', text);
    assert.equal(file.id, v1.name);
    assert.equal(file.name, v1.name);
    assert.equal(file.description, v1.description);
    assert.deepEqual(essence(file), expected);

    const folder = exportWorkspace(example);
    const files = readdirSync(folder, { recursive: true }).sort();
    assert.ok(files.includes('openfn.yaml'), files.join(', '));
    const fromFolder = await Project.from('fs', { root: folder });
    assert.equal(fromFolder.id, v1.name);
    // The folder's workflows come in file order: compare by id.
    const byId = (list) => [...list].sort((a, b) => a.id.localeCompare(b.id));
    assert.deepEqual(byId(essence(fromFolder)), byId(expected));
    for (const wf of expected) {
      for (const step of wf.steps.filter((s) => s.adaptor)) {
        const js = path.join('workflows', wf.id, `${step.id}.js`);
        assert.ok(files.includes(js), `${js} in ${files.join(', ')}`);
        assert.equal(readFileSync(path.join(folder, js), 'utf8'), step.expression);
      }
    }
  });

  test(`@openfn/runtime runs each workflow of the workspace folder exported from ${example}`, async () => {
    const project = await Project.from('fs', { root: exportWorkspace(example) });
    for (const wf of project.workflows) {
      const trigger = wf.steps.find((s) => s.type);
      const jobs = wf.steps.filter((s) => !s.type);
      const [first] = Object.keys(trigger.next);
      const plan = {
        workflow: {
          name: wf.name,
          steps: jobs.map((s) => ({
            id: s.id,
            name: s.name,
            adaptor: s.adaptor,
            expression: s.expression,
            next: Object.fromEntries(Object.entries(s.next ?? {}).map(([to, e]) => [to, { condition: e.condition }])),
          })),
        },
        options: { start: first },
      };
      const input = { data: { from: 'the test' } };
      const { result, completed } = await runPlan(plan, input);
      // The chain from the trigger's first job, in edge order.
      const order = [];
      for (let at = first; at; at = Object.keys(jobs.find((s) => s.id === at).next ?? {})[0]) order.push(at);
      assert.deepEqual(completed, order, `${wf.id}: every job ran, in order`);
      assert.equal(order.length, jobs.length);
      if (!plan.workflow.steps.some(mapsRecords)) assert.deepEqual(result.data, input.data);
    }
  });
}
