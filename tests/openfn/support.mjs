// What the tests share: the OpenFn compiler's work on an exported body, and
// running a workflow plan with @openfn/runtime.
//
// The OpenFn compiler is not published on the registry this project can
// reach, so `compile` does its work for these bodies: import the adaptor's
// `fn`, and export the body's operation (the last top-level statement,
// `fn(state => …);`, which starts its line) as the job's only operation.
// @openfn/language-common stands in for every adaptor: each one re-exports
// common's `fn`, the only operation the exported bodies call.

import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import path from 'node:path';

import run from '@openfn/runtime';

const require = createRequire(import.meta.url);
export const commonDir = path.dirname(require.resolve('@openfn/language-common/package.json'));

export function compile(step) {
  const adaptor = step.adaptor.replace(/@[^@/]*$/, '');
  const body = step.expression;
  const at = body.startsWith('fn(state => ') ? 0 : body.lastIndexOf('\nfn(state => ') + 1;
  assert.ok(at > 0 || body.startsWith('fn('), `${step.id}: a body ends with its operation`);
  const operation = body.slice(at).replace(/;\n$/, '');
  assert.ok(!operation.endsWith(';'), `${step.id}: one operation`);
  return {
    ...step,
    adaptor: undefined,
    adaptors: [step.adaptor],
    expression: `import { fn } from '${adaptor}';\n${body.slice(0, at)}export default [${operation}];\n`,
  };
}

/// Runs a workflow plan (`{ workflow: { steps }, options }`) on `input`;
/// gives the final state and the ids of the jobs that completed, in order.
export async function runPlan(plan, input) {
  const modules = {};
  for (const step of plan.workflow.steps) {
    modules[step.adaptor.replace(/@[^@/]*$/, '')] = { path: commonDir };
  }
  const compiled = { ...plan, workflow: { ...plan.workflow, steps: plan.workflow.steps.map(compile) } };
  const completed = [];
  const result = await run(compiled, input, {
    linker: { modules },
    callbacks: {
      notify: (event, payload) => {
        if (event === 'job-complete') completed.push(payload.jobId);
      },
    },
  });
  return { result, completed };
}

/// Whether a body performs a design's mapping (rather than the placeholder).
export const mapsRecords = (step) => step.expression.includes('The code below performs the mapping');
