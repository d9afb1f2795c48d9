// Writes tests/openfn/fixtures/: OpenFn projects made by OpenFn's own
// package, @openfn/project (the version in package.json), so that the
// importer is tested on files OpenFn writes, not only on files Flowspec
// writes. Each project is built with @openfn/project's own generator
// (`generateWorkflow`, the text syntax its tests use) or parsed from
// Lightning's state by `Project.from('state')`, then serialised by
// @openfn/project itself into each format it writes:
//
//   NAME.state.json       Lightning's state (serialize('state'))
//   NAME.project.yaml     the 4.0 project file (serialize('project'))
//   NAME.workspace/       the 4.0 workspace folder (serialize('fs'))
//
// The v1 project.yaml is written by @openfn/deploy, which the registry this
// project reaches does not carry; its fixture (v1/) is hand-written in the
// shape of Lightning's export and says so.
//
// Run: node make-fixtures.mjs (openfn.test.mjs checks the files are what
// this writes).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Project, { generateWorkflow } from '@openfn/project';

const here = path.dirname(fileURLToPath(import.meta.url));

// Fixed UUIDs: the same files every run.
let seed = 1;
const uuid = () => `00000000-0000-4000-8000-${String(seed++).padStart(12, '0')}`;

/// The projects, each a builder (fresh objects every call).
export const projects = {
  // Two workflows, a branch on failure, a JavaScript condition, credentials.
  referrals: () => {
    seed = 1;
    const intake = generateWorkflow(
      `@id intake
       @name Intake
       webhook-receive(adaptor="@openfn/language-http@7.2.10",expression="fn(state => state);")
       receive-upsert(adaptor="@openfn/language-dhis2@8.0.7",expression="upsert('trackedEntities', {}, state => state.data);",configuration="admin@example.org|DHIS2 production")
       receive-alert(adaptor="@openfn/language-twilio@1.0.0",expression="sendSMS(state => ({ to: state.data.phone }));")`,
      { uuidSeed: 100, openfnUuid: true },
    );
    const daily = generateWorkflow(
      `@id daily-sync
       @name "Daily sync"
       cron-fetch(adaptor="@openfn/language-commcare@3.2.0",expression="get('/a/demo/api/v0.5/case/');\neach('$.data[*]', fn(s => s));",configuration="admin@example.org|CommCare")
       fetch-load(adaptor="@openfn/language-postgresql@5.0.0",expression="sql('insert into cases values (1)');")`,
      { uuidSeed: 200, openfnUuid: true },
    );
    const project = new Project({
      name: 'referrals',
      description: 'Referrals between clinics, as OpenFn runs them.',
      workflows: [intake, daily],
      credentials: [
        { name: 'DHIS2 production', owner: 'admin@example.org', uuid: '00000000-0000-4000-8000-000000000051' },
        { name: 'CommCare', owner: 'admin@example.org', uuid: '00000000-0000-4000-8000-000000000052' },
      ],
      openfn: { uuid: uuid() },
    });
    // Conditions the generator's syntax cannot quote: set them on the steps.
    const wf = project.getWorkflow('intake');
    const receive = wf.steps.find((s) => s.id === 'receive');
    receive.next['upsert'].condition = 'state.data.is_new === true';
    receive.next['upsert'].label = 'new cases';
    receive.next['alert'].condition = 'on_job_failure';
    // Trigger fields the generator's syntax does not take.
    const webhook = wf.steps.find((s) => s.id === 'webhook');
    webhook.enabled = true;
    const cron = project.getWorkflow('daily-sync').steps.find((s) => s.id === 'cron');
    cron.cron_expression = '0 6 * * *';
    cron.enabled = true;
    return project;
  },
  // Lightning's state as the provisioner API answers it: parsed by OpenFn.
  'from-state': async () =>
    Project.from('state', {
      id: '00000000-0000-4000-8000-000000000900',
      name: 'Malaria reporting',
      description: null,
      project_credentials: [{ id: '00000000-0000-4000-8000-000000000901', name: 'OpenMRS', owner: 'ops@example.org' }],
      workflows: {
        'weekly-cases': {
          id: '00000000-0000-4000-8000-000000000910',
          name: 'Weekly cases',
          lock_version: 3,
          deleted_at: null,
          jobs: {
            'Get encounters': {
              id: '00000000-0000-4000-8000-000000000911',
              name: 'Get encounters',
              adaptor: '@openfn/language-openmrs@5.5.0',
              body: "searchPatient({ q: 'Sarah' });\n",
              project_credential_id: '00000000-0000-4000-8000-000000000901',
              keychain_credential_id: null,
            },
            'Report to DHIS2': {
              id: '00000000-0000-4000-8000-000000000912',
              name: 'Report to DHIS2',
              adaptor: '@openfn/language-dhis2@8.0.7',
              body: "create('dataValueSets', state => state.data);\n",
              project_credential_id: null,
              keychain_credential_id: null,
            },
            'Notify on failure': {
              id: '00000000-0000-4000-8000-000000000913',
              name: 'Notify on failure',
              adaptor: '@openfn/language-common@3.3.4',
              body: 'fn(state => { console.log("failed"); return state; });\n',
              project_credential_id: null,
              keychain_credential_id: null,
            },
          },
          triggers: {
            cron: {
              id: '00000000-0000-4000-8000-000000000920',
              type: 'cron',
              cron_expression: '0 2 * * 1',
              enabled: false,
            },
          },
          edges: {
            'cron->get-encounters': {
              id: '00000000-0000-4000-8000-000000000930',
              source_trigger_id: '00000000-0000-4000-8000-000000000920',
              target_job_id: '00000000-0000-4000-8000-000000000911',
              condition_type: 'always',
              enabled: true,
            },
            'get-encounters->report-to-dhis2': {
              id: '00000000-0000-4000-8000-000000000931',
              source_job_id: '00000000-0000-4000-8000-000000000911',
              target_job_id: '00000000-0000-4000-8000-000000000912',
              condition_type: 'on_job_success',
              enabled: true,
            },
            'get-encounters->notify-on-failure': {
              id: '00000000-0000-4000-8000-000000000932',
              source_job_id: '00000000-0000-4000-8000-000000000911',
              target_job_id: '00000000-0000-4000-8000-000000000913',
              condition_type: 'on_job_failure',
              enabled: false,
            },
          },
        },
      },
    }),
};

/// Every fixture's files: relative path -> text.
export async function fixtureFiles() {
  const files = {};
  for (const [name, build] of Object.entries(projects)) {
    const project = await build();
    files[`${name}.state.json`] = JSON.stringify(project.serialize('state', { format: 'json' }), null, 2) + '\n';
    files[`${name}.project.yaml`] = project.serialize('project', { format: 'yaml' });
    for (const [p, text] of Object.entries(project.serialize('fs'))) {
      files[path.join(`${name}.workspace`, p)] = text;
    }
  }
  return files;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = path.join(here, 'fixtures');
  for (const name of Object.keys(projects)) {
    rmSync(path.join(out, `${name}.workspace`), { recursive: true, force: true });
  }
  for (const [p, text] of Object.entries(await fixtureFiles())) {
    mkdirSync(path.dirname(path.join(out, p)), { recursive: true });
    writeFileSync(path.join(out, p), text);
  }
}
