// A design's mapping, exported, runs: @openfn/runtime runs the exported
// workflow on the design's own sample records (the folder's
// samples/<workflow>.json) and the records come out mapped, field by field:
// renamed into the target system's names, dates converted, codes mapped
// through the code list, constants set; the rules a person must write left
// undefined and listed; a code or a date the mapping cannot read reported,
// not passed on.
//
// Needs the flowspec binary: FLOWSPEC=/path/to/flowspec, else
// ../../target/debug/flowspec.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { runPlan } from './support.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const flowspec = process.env.FLOWSPEC ?? path.join(root, 'target/debug/flowspec');

const work = mkdtempSync(path.join(tmpdir(), 'flowspec-mapping-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

function flowspecRun(...args) {
  assert.ok(existsSync(flowspec), `no flowspec binary at ${flowspec}: run \`cargo build -p flowspec\` or set FLOWSPEC`);
  return execFileSync(flowspec, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/// The workflow plan of one flow, and the samples the folder export writes
/// for it.
function exported(design, flow) {
  const plan = JSON.parse(flowspecRun('export', 'openfn', design, '-o', '-', '--format', 'workflow-json', '--flow', flow));
  const folder = mkdtempSync(path.join(work, 'workspace-'));
  rmSync(folder, { recursive: true });
  flowspecRun('export', 'openfn', design, '-o', folder);
  const id = plan.workflow.steps.length && flow.replaceAll('_', '-');
  const samples = JSON.parse(readFileSync(path.join(folder, 'samples', `${id}.json`), 'utf8'));
  return { plan, samples };
}

test('the patient journey: ODK registrations become OpenMRS patients', async () => {
  const { plan, samples } = exported(path.join(root, 'examples/patient-journey'), 'register');
  assert.equal(samples.data.length, 2);
  assert.equal(samples.data[0].dob, '24/03/1990', "the sample as ODK keeps it: its names, its date format");
  const { result, completed } = await runPlan(plan, samples);
  assert.deepEqual(completed, ['receive-from-odk', 'transform', 'send-to-openmrs']);
  const [almaz, dawit] = result.data;
  assert.equal(almaz.identifiers.nationalId, 'ET-1001');
  assert.equal(almaz.person.names, 'Almaz Tesfaye');
  assert.equal(almaz.person.birthdate, '1990-03-24', 'DD/MM/YYYY -> YYYY-MM-DD');
  assert.equal(almaz.person.gender, 'F', 'the code list: "1" -> "F"');
  assert.ok('location' in almaz && almaz.location.uuid === undefined, 'the lookup is left to a person');
  assert.equal(almaz.phone, '+251 911 234 567');
  assert.equal(dawit.person.birthdate, '1985-11-05');
  assert.equal(dawit.person.gender, 'M');
  assert.equal(dawit.phone, undefined);
  assert.equal(Object.keys(almaz).sort().join(' '), 'identifiers location person phone', 'only the target names');
  assert.deepEqual(result.mapping, { problems: [], toImplement: ['facility'] });
});

test("Ethiopia: CommCare's MM/DD/YYYY visit dates as the design converts them", async () => {
  const { plan, samples } = exported(path.join(root, 'examples/ethiopia'), 'monthly_indicators');
  assert.equal(samples.data[0].form.visit_date, '12/31/2024', 'nested at the dot of `form.visit_date`');
  const { result } = await runPlan(plan, samples);
  const [first, second] = result.data;
  assert.equal(first.eventDate, '31/12/2024', 'MM/DD/YYYY -> DD/MM/YYYY, as the (flagged) transform says');
  assert.equal(second.eventDate, '07/01/2025');
  assert.equal(first.visit_id, 'f-0001');
  assert.equal(first.head_of_household, 'አበበ ከበደ');
  assert.equal(second.service, 'immunization');
  assert.deepEqual(result.mapping.toImplement, ['indicators']);
  assert.deepEqual(result.mapping.problems, []);
});

// Names and text that JavaScript must escape, all the way through: quotes,
// backslashes, Amharic, emoji, a constant with a line break; a code and a
// date the mapping cannot read; a DHIS2 period and an ISO date.
const tricky = `
record case "Case" {
  case_id: text identifier
  seen: date "MM/DD/YYYY" required
  month: date dhis2-period
  sex: choice ["f", "m"]
  note: text
  count: integer
  ok: boolean
}

tool app {
  kind: collection
  owns case {
    case_id: as "id \\"quoted\\""
    seen: as "form.\\\\back\\\\slash.ቀን"
    sex: as "🧑 sex" ["1", "2"]
  }
  sample case {
    case_id: "c-\\"1\\""
    seen: "02/29/2024"
    sex: "2"
  }
  sample case {
    case_id: "c-2"
    seen: "02/30/2024"
    sex: "9"
  }
}

tool hmis {
  kind: mis
  adaptor: dhis2
  keeps case {
    case_id: as "__proto__"
    seen: as "ቀን.iso" iso-date
    month: as "period"
    note: as "note ✍️"
  }
}

flow send_cases: app -> hmis {
  data: case
  transform {
    seen: "MM/DD/YYYY" -> "iso-date"
    month: seen "MM/DD/YYYY" -> "dhis2-period"
    sex: ["1" -> "f", "2" -> "m"]
    note: const "line one\\nline \\"two\\" \\\\ ክ 🎉"
    count: const "3"
    ok: const "true"
  }
  timing: batch
  frequency: daily
  volume: ~10 cases/day
}
`;

test('escaped names and strings run, and what cannot be read is reported', async () => {
  const design = path.join(work, 'tricky');
  rmSync(design, { recursive: true, force: true });
  execFileSync('mkdir', ['-p', design]);
  writeFileSync(path.join(design, 'case.flow'), tricky);
  const { plan, samples } = exported(design, 'send_cases');
  assert.equal(samples.data[0]['id "quoted"'], 'c-"1"');
  assert.equal(samples.data[0].form['\\back\\slash'].ቀን, '02/29/2024');
  const { result } = await runPlan(plan, samples);
  const [one, two] = result.data;
  assert.ok(Object.prototype.hasOwnProperty.call(one, '__proto__'), 'a field named __proto__ is a field');
  assert.equal(one.__proto__, 'c-"1"');
  assert.equal(Object.getPrototypeOf(one), Object.prototype);
  assert.equal(one.ቀን.iso, '2024-02-29', 'a leap day, to ISO');
  assert.equal(one.period, '202402', 'to a DHIS2 (monthly) period');
  assert.equal(one.sex, 'm');
  assert.equal(one['note ✍️'], 'line one\nline "two" \\ ክ 🎉');
  assert.equal(one.count, 3);
  assert.equal(one.ok, true);
  assert.equal(two.ቀን.iso, undefined, 'no 30 February');
  assert.equal(two.sex, undefined, 'an unmapped code is not passed on');
  assert.deepEqual(result.mapping.problems, [
    { record: 1, field: 'seen', value: '02/30/2024', problem: 'not a date in the format MM/DD/YYYY' },
    { record: 1, field: 'seen', value: '02/30/2024', problem: 'not a date in the format MM/DD/YYYY' },
    { record: 1, field: 'sex', value: '9', problem: 'a code the mapping does not list' },
  ]);
});
